package io.github.freethread.refcount;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Objects created on one thread, references handed across threads (each hand-over moves one
 * counted reference), duplicated, stored in other objects, conditionally incremented and dropped
 * in random order; owners poll at random. At the end every thread drops what it holds and
 * detaches. Checked mode turns any use of a freed object into an exception; the recording type
 * sees every deallocation, so "freed exactly once, none early, none leaked" is checked directly
 * and against the allocator's live-block count.
 */
class RandomizedSharingTest {
    static final int THREADS = 4;
    static final int STEPS = 20_000;

    @ParameterizedTest
    @EnumSource(value = RefcountMode.class, names = {"BIASED", "ATOMIC"})
    void shouldFreeEveryObjectExactlyOnceAndNoneEarly(RefcountMode mode) throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            runOnce(mode, seed);
        }
    }

    private void runOnce(RefcountMode mode, long seed) throws Exception {
        try (ObjectRuntime rt = ObjectRuntime.create(RuntimeConfig.defaults().withMode(mode).withChecked(true))) {
            TestTypes types = new TestTypes(rt);
            List<Queue<Long>> inboxes = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                inboxes.add(new ConcurrentLinkedQueue<>());
            }
            CyclicBarrier barrier = new CyclicBarrier(THREADS);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int me = t;
                Thread thread = new Thread(() -> {
                    try {
                        work(rt, types, inboxes, me, new SplittableRandom(seed * 31 + me), barrier);
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                        barrier.reset();
                    }
                }, "sharer-" + t);
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(60));
                assertThat(thread.isAlive()).as("thread finished").isFalse();
            }
            if (failure.get() != null) {
                throw new AssertionError("mode " + mode + " seed " + seed, failure.get());
            }
            assertThat(types.doubleFrees.get()).as("objects freed twice").isZero();
            assertThat(types.live).as("objects never freed").isEmpty();
            assertThat(TestTypes.liveBlocks(rt.allocator())).as("live allocator blocks").isZero();
            CountersSnapshot c = rt.counters();
            assertThat(c.deallocations()).isEqualTo(types.frees.get()).isEqualTo(types.allocations.get());
            if (mode == RefcountMode.BIASED) {
                assertThat(c.ownerOps()).isPositive();
                assertThat(c.queuePushes() + c.spotMerges()).as("queueing exercised").isPositive();
            }
            rt.assertInvariants();
        }
    }

    private static void work(ObjectRuntime rt, TestTypes types, List<Queue<Long>> inboxes, int me,
                             SplittableRandom rnd, CyclicBarrier barrier) throws Exception {
        ThreadState ts = rt.attach();
        List<Long> held = new ArrayList<>();
        for (int step = 0; step < STEPS; step++) {
            int action = rnd.nextInt(100);
            if (action < 15 || held.isEmpty()) {
                held.add(types.newLeaf(ts));
            } else if (action < 22 && held.size() >= 2) {
                long a = held.remove(rnd.nextInt(held.size()));
                long b = held.remove(rnd.nextInt(held.size()));
                held.add(types.newNode(ts, a, b)); // the node takes both references
            } else if (action < 35) {
                long obj = held.get(rnd.nextInt(held.size()));
                rt.incref(ts, obj);
                held.add(obj);
            } else if (action < 55) {
                long obj = held.remove(rnd.nextInt(held.size()));
                inboxes.get(rnd.nextInt(THREADS)).add(obj); // hand one reference over (publication: the queue)
            } else if (action < 75) {
                long obj = held.remove(rnd.nextInt(held.size()));
                if (!TestTypes.intact(obj)) {
                    throw new AssertionError("held object freed early: " + ObjectHeader.describe(obj));
                }
                rt.decref(ts, obj);
            } else if (action < 85) {
                Long obj;
                while ((obj = inboxes.get(me).poll()) != null) {
                    held.add(obj);
                }
            } else if (action < 92) {
                long obj = held.get(rnd.nextInt(held.size()));
                if (rt.tryIncref(ts, obj)) { // alive (we hold a reference): may fail only conservatively
                    held.add(obj);
                }
            } else if (action < 95) {
                long obj = held.get(rnd.nextInt(held.size()));
                rt.markSharedRead(obj);
            } else {
                ts.poll();
            }
        }
        barrier.await(30, TimeUnit.SECONDS); // no more hand-overs after this
        Long obj;
        while ((obj = inboxes.get(me).poll()) != null) {
            held.add(obj);
        }
        for (long h : held) {
            rt.decref(ts, h);
        }
        barrier.await(30, TimeUnit.SECONDS); // every reference dropped; queued objects wait for owners
        rt.detach(); // merges what was queued to us; later queuers merge on the spot
    }
}
