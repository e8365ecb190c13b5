package io.github.freethread.refcount;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

import org.agrona.UnsafeApi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Per-thread counted objects under random concurrent use: a shared container of slots (locked
 * writers, lock-free readers confirming with {@code tryIncrefCompare}), references held, dropped,
 * and handed to other threads across collections, collections started by random threads (explicit
 * and by threshold), offline stretches. Checked mode turns any count on a freed object into an
 * exception; every held reference is checked intact (payload magic) whenever it is used; at the
 * end, after the final collection, every object was freed exactly once and the allocator holds
 * no block.
 */
class PerThreadRandomizedTest {
    static final int THREADS = 3;
    static final int SLOTS = 32;
    static final int STEPS = 20_000;

    @ParameterizedTest
    @EnumSource(value = RefcountMode.class, names = {"BIASED", "ATOMIC"})
    void shouldNeverFreeACountedObjectAndLeakNothingAfterTheFinalCollection(RefcountMode mode) throws Exception {
        for (long seed = 1; seed <= 2; seed++) {
            runOnce(mode, seed);
        }
    }

    private void runOnce(RefcountMode mode, long seed) throws Exception {
        try (ObjectRuntime rt = ObjectRuntime.create(RuntimeConfig.defaults().withMode(mode).withChecked(true))) {
            TestTypes types = new TestTypes(rt);
            rt.setCollectionThreshold(200);
            ThreadState main = rt.attach();
            long slots = main.heap().malloc(8L * SLOTS);
            for (int i = 0; i < SLOTS; i++) {
                UnsafeApi.putLongVolatile(null, slots + 8L * i, newValue(rt, types, main));
            }
            List<Queue<Long>> inboxes = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                inboxes.add(new ConcurrentLinkedQueue<>());
            }
            Object writeLock = new Object();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            main.offline(); // main only waits from here: never block while online
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int me = t;
                Thread thread = new Thread(() -> {
                    try {
                        work(rt, types, slots, writeLock, inboxes, me, new SplittableRandom(seed * 17 + me));
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, "per-thread-" + t);
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            main.online();
            assertThat(failure.get()).isNull();
            for (Queue<Long> inbox : inboxes) {
                Long obj;
                while ((obj = inbox.poll()) != null) {
                    assertThat(TestTypes.intact(obj)).isTrue();
                    rt.decref(main, obj);
                }
            }
            rt.collect(main);
            rt.assertInvariants();
            java.util.Map<Long, Long> inSlots = new java.util.HashMap<>();
            for (int i = 0; i < SLOTS; i++) {
                inSlots.merge(UnsafeApi.getLongVolatile(null, slots + 8L * i), 1L, Long::sum);
            }
            // (P4) and exactness: only the container's references are left, and nothing else lives
            inSlots.forEach((obj, n) -> assertThat(rt.refcount(obj)).as(ObjectHeader.describe(obj)).isEqualTo(n));
            assertThat(rt.perThreadCountedLive()).isEqualTo(inSlots.size());
            assertThat(types.live).hasSize(inSlots.size());
            for (int i = 0; i < SLOTS; i++) {
                rt.decref(main, UnsafeApi.getLongVolatile(null, slots + 8L * i));
            }
            rt.collect(main);
            main.heap().free(slots);
            assertThat(types.doubleFrees.get()).isZero();
            assertThat(types.live).isEmpty();
            assertThat(types.frees.get()).isEqualTo(types.allocations.get());
            assertThat(rt.perThreadCountedLive()).isZero();
            assertThat(rt.perThreadCollections()).isGreaterThan(2);
            rt.assertInvariants();
            rt.detach();
            assertThat(TestTypes.liveBlocks(rt.allocator())).isZero();
        }
    }

    private static long newValue(ObjectRuntime rt, TestTypes types, ThreadState ts) {
        long obj = types.newLeaf(ts);
        rt.makePerThreadCounted(ts, obj);
        return obj;
    }

    private static void work(ObjectRuntime rt, TestTypes types, long slots, Object writeLock, List<Queue<Long>> inboxes,
                             int me, SplittableRandom rnd) {
        ThreadState ts = rt.attach();
        List<Long> held = new ArrayList<>();
        for (int step = 0; step < STEPS; step++) {
            int op = rnd.nextInt(100);
            long slot = slots + 8L * rnd.nextInt(SLOTS);
            if (op < 50) { // lock-free read
                long w = UnsafeApi.getLongVolatile(null, slot);
                if (rt.tryIncrefCompare(ts, slot, w)) {
                    check(w);
                    held.add(w);
                }
            } else if (op < 60) { // locked replace with a new per-thread counted object
                long fresh = newValue(rt, types, ts);
                long old;
                synchronized (writeLock) {
                    old = UnsafeApi.getLongVolatile(null, slot);
                    UnsafeApi.putLongVolatile(null, slot, fresh);
                }
                rt.decref(ts, old);
            } else if (op < 63 && !held.isEmpty()) { // store a held object into a slot (the container takes a new reference)
                long obj = held.get(rnd.nextInt(held.size()));
                check(obj);
                rt.incref(ts, obj);
                long old;
                synchronized (writeLock) {
                    old = UnsafeApi.getLongVolatile(null, slot);
                    UnsafeApi.putLongVolatile(null, slot, obj);
                }
                rt.decref(ts, old);
            } else if (op < 80 && !held.isEmpty()) { // drop
                long obj = held.remove(rnd.nextInt(held.size()));
                check(obj);
                rt.decref(ts, obj);
            } else if (op < 85 && !held.isEmpty()) { // hand a reference to another thread
                long obj = held.remove(rnd.nextInt(held.size()));
                check(obj);
                inboxes.get(rnd.nextInt(inboxes.size())).add(obj);
            } else if (op < 90) { // take a handed reference (maybe counted by another thread, across collections)
                Long obj = inboxes.get(me).poll();
                if (obj != null) {
                    check(obj);
                    rt.incref(ts, obj);
                    rt.decref(ts, obj);
                    held.add(obj);
                }
            } else if (op < 97) {
                ts.poll(); // may park for a collection, or run one (threshold)
            } else if (op < 98) {
                rt.collect(ts);
            } else { // an offline stretch: no count operation, no uncounted pointer
                ts.offline();
                Thread.onSpinWait();
                ts.online();
            }
            if (held.size() > 16) {
                rt.decref(ts, held.remove(0));
            }
        }
        for (long obj : held) {
            check(obj);
            rt.decref(ts, obj);
        }
        rt.detach();
    }

    private static void check(long obj) {
        if (!TestTypes.intact(obj)) {
            throw new AssertionError("a counted object was freed: " + ObjectHeader.describe(obj));
        }
    }
}
