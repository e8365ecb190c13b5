package io.github.freethread.collections.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.agrona.UnsafeApi;
import org.junit.jupiter.api.Test;

import io.github.freethread.collections.CollectionsRuntime;
import io.github.freethread.collections.ThreadContext;
import io.github.freethread.collections.dict.ObjectDict;
import io.github.freethread.collections.list.ObjectList;
import io.github.freethread.collections.object.IntObject;
import io.github.freethread.collections.object.ObjectSpace;
import io.github.freethread.refcount.ObjectHeader;
import io.github.freethread.refcount.ObjectRuntime;
import io.github.freethread.refcount.RuntimeConfig;
import io.github.freethread.refcount.ThreadState;

/**
 * {@code getUse} on the real refcount runtime: deferred values come back as uncounted uses (no
 * write to the value) that stay valid until the reader's next safe point, even when the value is
 * retired meanwhile; other values come back counted.
 */
class UncountedUseTest {

    private static boolean alive(long obj) {
        return (UnsafeApi.getInt(obj + ObjectHeader.TYPE_ID_OFFSET) & ObjectHeader.TYPE_FREED_BIT) == 0
                && UnsafeApi.getInt(obj + ObjectHeader.OWNER_ID_OFFSET) != ObjectHeader.FREED_OWNER;
    }

    @Test
    void shouldHandOutUncountedUsesOfDeferredValuesValidUntilTheNextSafePoint() {
        CollectionsRuntime c = CollectionsRuntime.create(RuntimeConfig.defaults().withChecked(true));
        ObjectRuntime rt = c.objectRuntime();
        ThreadState ts = rt.attach();
        ThreadContext t = CollectionsRuntime.context(ts);
        ObjectSpace space = c.space();
        ObjectDict dict = ObjectDict.create(t);
        ObjectList list = ObjectList.create(t);
        long kDeferred = IntObject.create(space, t, 1);
        long kCounted = IntObject.create(space, t, 2);
        long deferred = IntObject.create(space, t, 100);
        long counted = IntObject.create(space, t, 200);
        rt.makeDeferred(ts, deferred);
        dict.put(t, kDeferred, deferred);
        dict.put(t, kCounted, counted);
        list.append(t, deferred);
        list.append(t, counted);
        long deferredCount = rt.refcount(deferred);
        long countedCount = rt.refcount(counted);

        long du = dict.getUse(t, kDeferred);
        long lu = list.getUse(t, 0);
        assertThat(du & ObjectSpace.UNCOUNTED_USE).as("deferred value: uncounted use").isEqualTo(ObjectSpace.UNCOUNTED_USE);
        assertThat(ObjectSpace.useObject(du)).isEqualTo(deferred);
        assertThat(ObjectSpace.useObject(lu)).isEqualTo(deferred);
        assertThat(rt.refcount(deferred)).as("nothing counted").isEqualTo(deferredCount);

        long cu = dict.getUse(t, kCounted);
        long clu = list.getUse(t, 1);
        assertThat(cu).as("counted value: a plain new reference").isEqualTo(counted);
        assertThat(clu).isEqualTo(counted);
        assertThat(rt.refcount(counted)).isEqualTo(countedCount + 2);
        space.releaseUse(t, cu);
        space.releaseUse(t, clu);
        assertThat(rt.refcount(counted)).isEqualTo(countedCount);

        // Drop every owning reference: the deferred value retires but stays readable until our
        // next safe point, as the use promises.
        assertThat(dict.remove(t, kDeferred)).isTrue();
        long popped = list.pop(t, 0);
        space.decref(t, popped);
        space.decref(t, deferred);
        assertThat(alive(deferred)).isTrue();
        assertThat(IntObject.value(space, ObjectSpace.useObject(du))).isEqualTo(100);
        space.releaseUse(t, du);
        space.releaseUse(t, lu);
        ts.poll();
        assertThat(rt.reclaimDeferred(ts)).as("freed after the safe point").isEqualTo(1);

        dict.dispose(t);
        list.dispose(t);
        space.decref(t, kDeferred);
        space.decref(t, kCounted);
        space.decref(t, counted);
        ts.poll();
        rt.detach();
        assertThat(rt.allocator().leaks().blockCount()).as("leaks: %s", rt.allocator().leaks()).isZero();
        c.close();
    }

    @Test
    void shouldKeepUncountedUsesAliveWhileAWriterRetiresTheDeferredValues() throws Exception {
        CollectionsRuntime c = CollectionsRuntime.create(RuntimeConfig.defaults().withChecked(true));
        ObjectRuntime rt = c.objectRuntime();
        ObjectSpace space = c.space();
        ThreadState mainTs = rt.attach();
        ThreadContext main = CollectionsRuntime.context(mainTs);
        ObjectDict dict = ObjectDict.create(main);
        ObjectList list = ObjectList.create(main);
        long[] keys = new long[16];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = IntObject.create(space, main, i);
            rt.makeImmortal(keys[i]);
        }
        mainTs.poll();
        rt.detach();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong uncounted = new AtomicLong();
        AtomicLong freed = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch readerRunning = new CountDownLatch(1);
        // value = key index * 1_000_000 + serial: a reader can tell a value of another key (or garbage).
        // The writer starts once the reader runs and goes on past 20,000 values until the reader took
        // some uncounted uses (a loaded machine may not schedule the reader at first), at most to
        // serial 999,999 (so that the serial check stays meaningful).
        Runnable writer = () -> {
            ThreadState ts = rt.attach();
            ThreadContext t = CollectionsRuntime.context(ts);
            SplittableRandom rnd = new SplittableRandom(11);
            try {
                readerRunning.await();
                for (int i = 1; i <= 20_000 || (uncounted.get() < 64 && i < 1_000_000); i++) {
                    int k = rnd.nextInt(keys.length);
                    long obj = IntObject.create(space, t, k * 1_000_000L + i);
                    rt.makeDeferred(ts, obj);
                    dict.put(t, keys[k], obj); // the replaced value's last reference goes: retired
                    if (list.length() < keys.length) {
                        list.append(t, obj);
                    } else {
                        space.decref(t, list.pop(t, rnd.nextInt(keys.length)));
                    }
                    space.decref(t, obj);
                    if ((i & 31) == 0) {
                        ts.poll();
                        freed.addAndGet(rt.reclaimDeferred(ts));
                    }
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            } finally {
                writing.set(false);
                rt.detach();
            }
        };
        Runnable reader = () -> {
            ThreadState ts = rt.attach();
            ThreadContext t = CollectionsRuntime.context(ts);
            SplittableRandom rnd = new SplittableRandom(13);
            List<Long> held = new ArrayList<>();
            readerRunning.countDown();
            try {
                int n = 0;
                while (writing.get()) {
                    int k = rnd.nextInt(keys.length);
                    long u = dict.getUse(t, keys[k]);
                    if (u != 0) {
                        held.add(u);
                        if ((u & ObjectSpace.UNCOUNTED_USE) != 0) {
                            uncounted.incrementAndGet();
                        }
                    }
                    long len = list.length();
                    if (len > 0) {
                        try {
                            held.add(list.getUse(t, rnd.nextLong(len)));
                        } catch (IndexOutOfBoundsException shrunk) {
                            // the list shrank between length() and getUse(): a valid answer
                        }
                    }
                    if ((++n & 15) == 0) {
                        // every use taken since the last safe point must still be alive and intact
                        for (long use : held) {
                            long obj = ObjectSpace.useObject(use);
                            assertThat(alive(obj)).as("use of 0x%x survives until the safe point", obj).isTrue();
                            assertThat(IntObject.value(space, obj) % 1_000_000L).isPositive();
                            space.releaseUse(t, use);
                        }
                        held.clear();
                        ts.poll();
                    }
                }
                held.forEach(use -> space.releaseUse(t, use));
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            } finally {
                rt.detach();
            }
        };
        List<Thread> threads = new ArrayList<>(List.of(new Thread(writer), new Thread(reader)));
        threads.forEach(Thread::start);
        for (Thread th : threads) {
            th.join();
        }
        assertThat(failure.get()).isNull();
        assertThat(uncounted.get()).as("the reader took uncounted uses").isPositive();
        assertThat(freed.get()).as("retired values were reclaimed during the run").isPositive();
        ThreadState ts = rt.attach();
        ThreadContext t = CollectionsRuntime.context(ts);
        dict.assertInvariants(t);
        dict.dispose(t);
        list.dispose(t);
        ts.poll();
        rt.reclaimDeferred(ts);
        rt.detach();
        c.close();
        assertThat(rt.allocator().leaksAtClose().blockCount() - keys.length)
                .as("only the immortal keys remain: %s", rt.allocator().leaksAtClose()).isZero();
    }
}
