package io.github.freethread.collections.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.github.freethread.collections.CollectionsRuntime;
import io.github.freethread.collections.ThreadContext;
import io.github.freethread.collections.dict.ObjectDict;
import io.github.freethread.collections.list.ObjectList;
import io.github.freethread.collections.object.IntObject;
import io.github.freethread.collections.object.ObjectSpace;
import io.github.freethread.refcount.CountersSnapshot;
import io.github.freethread.refcount.ObjectRuntime;
import io.github.freethread.refcount.RuntimeConfig;
import io.github.freethread.refcount.ThreadState;

/**
 * Values counted per thread (refcount's {@code makePerThreadCounted}) in the dict and the list:
 * the lock-free get counts them in the reader's own slot (no shared-word operation, no failure),
 * they are freed only by a stop-the-world collection, and under concurrent readers, a replacing
 * writer and collections every value read is intact and nothing leaks after the final collection.
 */
class PerThreadValuesTest {

    private static long perThreadInt(CollectionsRuntime c, ThreadContext t, long value) {
        long v = IntObject.create(c.space(), t, value);
        c.objectRuntime().makePerThreadCounted((ThreadState) t.objectThread(), v);
        return v;
    }

    @Test
    void shouldGetPerThreadValuesWithoutAnySharedCountOperation() throws Exception {
        CollectionsRuntime c = CollectionsRuntime.create(RuntimeConfig.defaults().withChecked(true));
        ObjectRuntime rt = c.objectRuntime();
        ObjectSpace space = c.space();
        ThreadState ts = rt.attach();
        ThreadContext t = CollectionsRuntime.context(ts);
        ObjectDict dict = ObjectDict.create(t);
        ObjectList list = ObjectList.create(t);
        long[] keys = new long[16];
        long[] values = new long[16];
        for (int i = 0; i < 16; i++) {
            keys[i] = IntObject.create(space, t, i);
            values[i] = perThreadInt(c, t, 1000 + i);
            dict.put(t, keys[i], values[i]);
            list.append(t, values[i]);
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        ts.offline(); // main waits for the reader
        Thread reader = new Thread(() -> {
            try {
                ThreadState rs = rt.attach();
                ThreadContext r = CollectionsRuntime.context(rs);
                CountersSnapshot before = rs.counters();
                for (int round = 0; round < 100; round++) {
                    for (int i = 0; i < 16; i++) {
                        long v = dict.get(r, keys[i]);
                        assertThat(v).isEqualTo(values[i]);
                        space.decref(r, v);
                        long u = list.get(r, i);
                        assertThat(u).isEqualTo(values[i]);
                        space.decref(r, u);
                    }
                }
                CountersSnapshot after = rs.counters();
                assertThat(after.sharedOps() - before.sharedOps()).as("no atomic on a shared word").isZero();
                assertThat(after.tryIncrefFailures() - before.tryIncrefFailures()).isZero();
                assertThat(after.ownerOps() - before.ownerOps()).as("4 plain slot operations per round and key")
                    .isEqualTo(100 * 16 * 4);
                rt.detach();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        reader.start();
        reader.join();
        ts.online();
        assertThat(failure.get()).isNull();
        dict.assertInvariants(t);
        list.assertInvariants(t);
        for (int i = 0; i < 16; i++) {
            assertThat(rt.refcount(values[i])).isEqualTo(3); // ours, the dict's, the list's
        }
        dict.dispose(t);
        list.dispose(t);
        for (int i = 0; i < 16; i++) {
            space.decref(t, keys[i]);
            space.decref(t, values[i]);
        }
        assertThat(rt.collect(ts)).isEqualTo(16);
        rt.assertInvariants();
        ts.poll();
        rt.detach();
        assertThat(rt.allocator().leaks().blockCount()).as("leaks: %s", rt.allocator().leaks()).isZero();
        c.close();
    }

    /**
     * A per-thread counted value's slot carries its index tag (the lock-free get counts from the
     * slot word alone); every other reader sees the plain address: getUse (a counted reference),
     * pop, the dict cursor, sort's comparator; the tag survives a slice, a sort and a resize.
     */
    @Test
    void shouldTagPerThreadValuesWithTheirIndexAndStripTheTagEverywhere() {
        CollectionsRuntime c = CollectionsRuntime.create(RuntimeConfig.defaults().withChecked(true));
        ObjectRuntime rt = c.objectRuntime();
        ObjectSpace space = c.space();
        ThreadState ts = rt.attach();
        ThreadContext t = CollectionsRuntime.context(ts);
        ObjectDict dict = ObjectDict.create(t);
        ObjectList list = ObjectList.create(t);
        long[] values = new long[40];
        for (int i = 0; i < values.length; i++) {
            values[i] = perThreadInt(c, t, 500 - i);
            assertThat(space.slotTag(values[i])).isEqualTo((long) (rt.perThreadIndex(values[i]) + 1) << ObjectSpace.SLOT_INDEX_SHIFT);
            long k = IntObject.create(space, t, i);
            dict.put(t, k, values[i]); // 40 entries: resizes on the way
            space.decref(t, k);
            list.append(t, values[i]);
        }
        list.sort(t, (a, b) -> {
            assertThat(a & ObjectSpace.SLOT_TAGS).isZero();
            return Long.compare(IntObject.value(space, a), IntObject.value(space, b));
        });
        ObjectList copy = list.slice(t, 0, 40);
        dict.assertInvariants(t);
        list.assertInvariants(t);
        copy.assertInvariants(t);
        assertThat(list.get(t, 0)).isEqualTo(values[39]);
        space.decref(t, values[39]);
        long use = list.getUse(t, 1);
        assertThat(use).as("a counted reference, untagged").isEqualTo(values[38]);
        space.releaseUse(t, use);
        try (var cursor = dict.cursor(t)) {
            int n = 0;
            while (cursor.next()) {
                assertThat(cursor.value()).isEqualTo(values[n++]);
            }
            assertThat(n).isEqualTo(40);
        }
        long popped = copy.pop(t);
        assertThat(popped).isEqualTo(values[0]);
        space.decref(t, popped);
        dict.dispose(t);
        list.dispose(t);
        copy.dispose(t);
        for (long v : values) {
            space.decref(t, v);
        }
        assertThat(rt.collect(ts)).isEqualTo(40);
        rt.assertInvariants();
        ts.poll();
        rt.detach();
        assertThat(rt.allocator().leaks().blockCount()).as("leaks: %s", rt.allocator().leaks()).isZero();
        c.close();
    }

    /**
     * Two readers take counted references with the lock-free gets (dict and list), hold some and
     * hand some to the other reader; a writer replaces values with new per-thread counted ones and
     * collects now and then (the readers park at their safe points, or are offline and barred).
     */
    @Test
    void shouldNeverFreeAReadValueAndLeakNothingUnderConcurrentReplaceAndCollections() throws Exception {
        CollectionsRuntime c = CollectionsRuntime.create(RuntimeConfig.defaults().withChecked(true));
        ObjectRuntime rt = c.objectRuntime();
        rt.setCollectionThreshold(64);
        ObjectSpace space = c.space();
        ThreadState ts = rt.attach();
        ThreadContext t = CollectionsRuntime.context(ts);
        int n = 32;
        ObjectDict dict = ObjectDict.create(t);
        ObjectList list = ObjectList.create(t);
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = IntObject.create(space, t, i);
            long v = perThreadInt(c, t, i);
            dict.put(t, keys[i], v);
            list.append(t, v);
            space.decref(t, v);
        }
        List<ConcurrentLinkedQueue<Long>> inboxes = List.of(new ConcurrentLinkedQueue<>(), new ConcurrentLinkedQueue<>());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        ts.offline();
        List<Thread> threads = new ArrayList<>();
        for (int who = 0; who < 3; who++) {
            int me = who;
            threads.add(new Thread(() -> {
                try {
                    ThreadState s = rt.attach();
                    ThreadContext x = CollectionsRuntime.context(s);
                    SplittableRandom rnd = new SplittableRandom(42 + me);
                    if (me == 2) {
                        write(c, x, dict, list, keys, rnd);
                    } else {
                        read(space, x, dict, list, keys, inboxes, me, rnd);
                    }
                    rt.detach();
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "perthread-" + who));
        }
        threads.forEach(Thread::start);
        for (Thread th : threads) {
            th.join();
        }
        ts.online();
        assertThat(failure.get()).isNull();
        for (ConcurrentLinkedQueue<Long> inbox : inboxes) {
            Long v;
            while ((v = inbox.poll()) != null) {
                space.decref(t, v);
            }
        }
        assertThat(rt.perThreadCollections()).isGreaterThan(3);
        rt.collect(ts);
        dict.assertInvariants(t);
        list.assertInvariants(t);
        rt.assertInvariants();
        dict.dispose(t);
        list.dispose(t);
        for (long k : keys) {
            space.decref(t, k);
        }
        rt.collect(ts);
        assertThat(rt.perThreadCountedLive()).isZero();
        ts.poll();
        rt.detach();
        assertThat(rt.allocator().leaks().blockCount()).as("leaks: %s", rt.allocator().leaks()).isZero();
        c.close();
    }

    private static void write(CollectionsRuntime c, ThreadContext x, ObjectDict dict, ObjectList list, long[] keys,
                              SplittableRandom rnd) {
        ThreadState s = (ThreadState) x.objectThread();
        for (int step = 0; step < 6_000; step++) {
            int i = rnd.nextInt(keys.length);
            long v = perThreadInt(c, x, step);
            dict.put(x, keys[i], v);
            list.set(x, i, v); // the list takes its own reference and drops the old item
            c.space().decref(x, v);
            if (rnd.nextInt(100) == 0) {
                c.objectRuntime().collect(s);
            } else if (rnd.nextInt(8) == 0) {
                s.poll();
            }
        }
    }

    private static void read(ObjectSpace space, ThreadContext x, ObjectDict dict, ObjectList list, long[] keys,
                             List<ConcurrentLinkedQueue<Long>> inboxes, int me, SplittableRandom rnd) {
        ThreadState s = (ThreadState) x.objectThread();
        List<Long> held = new ArrayList<>();
        for (int step = 0; step < 20_000; step++) {
            int i = rnd.nextInt(keys.length);
            long v = rnd.nextBoolean() ? dict.get(x, keys[i]) : list.get(x, i);
            assertThat(v).isNotZero();
            check(v);
            held.add(v);
            Long handed = inboxes.get(me).poll();
            if (handed != null) {
                check(handed);
                space.decref(x, handed);
            }
            if (held.size() > 8) {
                long h = held.remove(rnd.nextInt(held.size()));
                check(h);
                if (rnd.nextInt(4) == 0) {
                    inboxes.get(1 - me).add(h);
                } else {
                    space.decref(x, h);
                }
            }
            int op = rnd.nextInt(64);
            if (op < 4) {
                s.poll();
            } else if (op == 4) {
                s.offline();
                Thread.onSpinWait();
                s.online();
            }
        }
        for (long h : held) {
            check(h);
            space.decref(x, h);
        }
    }

    /** An int made by {@link #perThreadInt} holds a value below 1 << 20; a freed one is poisoned. */
    private static void check(long v) {
        int type = org.agrona.UnsafeApi.getInt(v + io.github.freethread.refcount.ObjectHeader.TYPE_ID_OFFSET);
        if ((type & io.github.freethread.refcount.ObjectHeader.TYPE_FREED_BIT) != 0) {
            throw new AssertionError("a counted value was freed: " + io.github.freethread.refcount.ObjectHeader.describe(v));
        }
    }
}
