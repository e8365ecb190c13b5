package io.github.freethread.refcount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.agrona.UnsafeApi;
import org.junit.jupiter.api.Test;

/** Per-thread counted objects: counting, freeing only at a stop-the-world collection, the gate. */
class PerThreadCountingTest {

    private static ObjectRuntime checkedRuntime() {
        return ObjectRuntime.create(RuntimeConfig.defaults().withChecked(true));
    }

    @Test
    void shouldCountInTheThreadsOwnSlotWithoutWritingTheHeader() {
        try (ObjectRuntime rt = checkedRuntime()) {
            TestTypes types = new TestTypes(rt);
            ThreadState ts = rt.attach();
            long obj = types.newLeaf(ts);
            rt.makePerThreadCounted(ts, obj);
            long shared = UnsafeApi.getLongVolatile(null, obj + ObjectHeader.SHARED_COUNT_OFFSET);
            for (int i = 0; i < 5; i++) {
                rt.incref(ts, obj);
            }
            assertThat(rt.tryIncref(ts, obj)).isTrue();
            rt.decref(ts, obj);
            assertThat(UnsafeApi.getLongVolatile(null, obj + ObjectHeader.SHARED_COUNT_OFFSET)).isEqualTo(shared);
            assertThat(rt.isPerThreadCounted(obj)).isTrue();
            assertThat(rt.refcount(obj)).isEqualTo(6);
            rt.assertInvariants(obj);
            rt.assertInvariants();
            for (int i = 0; i < 6; i++) {
                rt.decref(ts, obj);
            }
            rt.collect(ts);
            assertThat(types.frees.get()).isEqualTo(1);
            rt.detach();
        }
    }

    @Test
    void shouldFreeOnlyAtACollectionWhenTheTotalIsZero() {
        try (ObjectRuntime rt = checkedRuntime()) {
            TestTypes types = new TestTypes(rt);
            ThreadState ts = rt.attach();
            long obj = types.newLeaf(ts);
            rt.makePerThreadCounted(ts, obj);
            rt.decref(ts, obj); // total 0: nothing happens until a collection
            assertThat(types.frees.get()).isZero();
            assertThat(TestTypes.intact(obj)).isTrue();
            rt.incref(ts, obj); // revived between cuts: a total of 0 between collections frees nothing
            assertThat(rt.collect(ts)).isZero();
            assertThat(types.frees.get()).isZero();
            rt.decref(ts, obj);
            assertThat(rt.collect(ts)).isEqualTo(1);
            assertThat(types.frees.get()).isEqualTo(1);
            assertThat(rt.perThreadCountedLive()).isZero();
            rt.assertInvariants();
            rt.detach();
            assertThat(TestTypes.liveBlocks(rt.allocator())).isZero();
        }
    }

    @Test
    void shouldFreeCascadingChildrenInOneCollection() {
        try (ObjectRuntime rt = checkedRuntime()) {
            TestTypes types = new TestTypes(rt);
            ThreadState ts = rt.attach();
            long leaf = types.newLeaf(ts);
            rt.makePerThreadCounted(ts, leaf);
            long mid = types.newNode(ts, leaf, 0);
            rt.makePerThreadCounted(ts, mid);
            long plain = types.newLeaf(ts); // an ordinary biased child, freed through the normal path
            long top = types.newNode(ts, mid, plain);
            rt.makePerThreadCounted(ts, top);
            rt.decref(ts, top);
            assertThat(rt.collect(ts)).isEqualTo(3);
            assertThat(types.frees.get()).isEqualTo(4);
            assertThat(types.doubleFrees.get()).isZero();
            rt.assertInvariants();
            rt.detach();
            assertThat(TestTypes.liveBlocks(rt.allocator())).isZero();
        }
    }

    @Test
    void shouldFoldTheSlotsOfADetachingThread() throws Exception {
        try (ObjectRuntime rt = checkedRuntime()) {
            TestTypes types = new TestTypes(rt);
            ThreadState main = rt.attach();
            long obj = types.newLeaf(main);
            rt.makePerThreadCounted(main, obj);
            // Another thread takes two references and keeps one (negative slot for main later).
            Thread t = new Thread(() -> {
                ThreadState ts = rt.attach();
                rt.incref(ts, obj);
                rt.incref(ts, obj);
                rt.decref(ts, obj);
                rt.detach();
            });
            t.start();
            t.join();
            assertThat(rt.refcount(obj)).isEqualTo(2);
            assertThat(rt.collect(main)).isZero();
            rt.decref(main, obj); // main drops the reference the other thread left behind ...
            assertThat(rt.collect(main)).isZero();
            rt.decref(main, obj); // ... and its own
            assertThat(rt.collect(main)).isEqualTo(1);
            rt.assertInvariants();
            rt.detach();
        }
    }

    @Test
    void shouldRejectMakingAPublishedOrSpecialObject() {
        try (ObjectRuntime rt = checkedRuntime()) {
            TestTypes types = new TestTypes(rt);
            ThreadState ts = rt.attach();
            long shared = types.newLeaf(ts);
            rt.markSharedRead(shared);
            assertThatThrownBy(() -> rt.makePerThreadCounted(ts, shared))
                .isInstanceOf(RefcountException.class).hasMessageContaining("not privately owned by thread state " + ts.id());
            long immortal = types.newLeaf(ts);
            rt.makeImmortal(immortal);
            assertThatThrownBy(() -> rt.makePerThreadCounted(ts, immortal))
                .isInstanceOf(RefcountException.class).hasMessageContaining("immortal or deferred");
            long per = types.newLeaf(ts);
            rt.makePerThreadCounted(ts, per);
            assertThatThrownBy(() -> rt.makeDeferred(ts, per)).hasMessageContaining("per-thread counted");
            assertThatThrownBy(() -> rt.makeImmortal(per)).hasMessageContaining("per-thread counted");
            rt.decref(ts, shared);
            rt.decref(ts, per);
            rt.collect(ts);
            rt.detach();
        }
    }

    @Test
    void shouldRejectACountWhileOffline() {
        try (ObjectRuntime rt = checkedRuntime()) {
            TestTypes types = new TestTypes(rt);
            ThreadState owner = rt.attach();
            long obj = types.newLeaf(owner);
            rt.makePerThreadCounted(owner, obj);
            ThreadState other = rt.newThreadState(); // born offline
            assertThatThrownBy(() -> rt.incref(other, obj))
                .isInstanceOf(RefcountException.class).hasMessageContaining("while it is offline");
            other.online();
            rt.incref(other, obj);
            other.offline();
            assertThatThrownBy(() -> rt.decref(other, obj)).hasMessageContaining("while it is offline");
            other.online();
            rt.decref(other, obj);
            rt.detach(other);
            rt.decref(owner, obj);
            assertThat(rt.collect(owner)).isEqualTo(1);
            rt.detach();
        }
    }

    @Test
    void shouldCollectAtTheNextSafePointOnceTheThresholdIsReached() {
        try (ObjectRuntime rt = checkedRuntime()) {
            TestTypes types = new TestTypes(rt);
            rt.setCollectionThreshold(8);
            ThreadState ts = rt.attach();
            for (int i = 0; i < 8; i++) {
                long obj = types.newLeaf(ts);
                rt.makePerThreadCounted(ts, obj);
                rt.decref(ts, obj);
            }
            assertThat(rt.perThreadCollections()).isZero();
            ts.poll();
            assertThat(rt.perThreadCollections()).isEqualTo(1);
            assertThat(types.frees.get()).isEqualTo(8);
            rt.assertInvariants();
            rt.detach();
            assertThat(TestTypes.liveBlocks(rt.allocator())).isZero();
        }
    }

    @Test
    void shouldRecycleIndicesOfFreedObjects() {
        try (ObjectRuntime rt = checkedRuntime()) {
            TestTypes types = new TestTypes(rt);
            ThreadState ts = rt.attach();
            for (int round = 0; round < 20; round++) {
                for (int i = 0; i < 100; i++) {
                    long obj = types.newLeaf(ts);
                    rt.makePerThreadCounted(ts, obj);
                    rt.decref(ts, obj);
                }
                rt.collect(ts);
                rt.assertInvariants();
            }
            assertThat(ts.slots.length).isLessThanOrEqualTo(128); // 100 indices reused, never 2000
            rt.detach();
        }
    }

    @Test
    void shouldFailACollectionNamingAnOnlineThreadThatNeverPollsAndRestartTheWorldUnchanged() throws Exception {
        try (ObjectRuntime rt = checkedRuntime()) {
            TestTypes types = new TestTypes(rt);
            rt.gate().setStopTimeoutNanos(200_000_000L);
            ThreadState main = rt.attach();
            long obj = types.newLeaf(main);
            rt.makePerThreadCounted(main, obj);
            rt.decref(main, obj); // garbage: a successful collection would free it
            CountDownLatch online = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            ThreadState[] stuck = new ThreadState[1];
            Thread blocker = new Thread(() -> {
                stuck[0] = rt.attach(); // online, then blocks without going offline: a caller's bug
                online.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                rt.detach();
            }, "never-polls");
            blocker.start();
            online.await();
            assertThatThrownBy(() -> rt.collect(main))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("thread state " + stuck[0].id())
                .hasMessageContaining("never-polls")
                .hasMessageContaining("stayed online without reaching a safe point");
            assertThat(types.frees.get()).as("nothing changed").isZero();
            rt.assertInvariants(); // (R3): every state ONLINE or OFFLINE again
            release.countDown();
            blocker.join();
            assertThat(rt.collect(main)).isEqualTo(1);
            rt.detach();
        }
    }

    /** A collector waits for an online thread to park at its safe point, and the thread resumes after it. */
    @Test
    void shouldParkAnOnlineThreadAtItsSafePointAndBarAnOfflineOne() throws Exception {
        try (ObjectRuntime rt = checkedRuntime()) {
            TestTypes types = new TestTypes(rt);
            ThreadState main = rt.attach();
            long obj = types.newLeaf(main);
            rt.makePerThreadCounted(main, obj);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong polls = new AtomicLong();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CountDownLatch started = new CountDownLatch(2);
            ThreadState offline = rt.newThreadState();
            Thread busy = new Thread(() -> {
                try {
                    ThreadState ts = rt.attach();
                    started.countDown();
                    while (!stop.get()) {
                        rt.incref(ts, obj);
                        rt.decref(ts, obj);
                        ts.poll();
                        polls.incrementAndGet();
                    }
                    rt.detach();
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            Thread late = new Thread(() -> {
                try {
                    rt.bind(offline);
                    started.countDown();
                    for (int i = 0; i < 1000; i++) {
                        offline.online(); // waits while barred
                        rt.incref(offline, obj);
                        rt.decref(offline, obj);
                        offline.offline();
                    }
                    rt.detach(offline);
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            busy.start();
            late.start();
            started.await();
            for (int i = 0; i < 50; i++) {
                assertThat(rt.collect(main)).isZero();
            }
            stop.set(true);
            busy.join();
            late.join();
            assertThat(failure.get()).isNull();
            assertThat(polls.get()).isPositive();
            rt.decref(main, obj);
            assertThat(rt.collect(main)).isEqualTo(1);
            rt.assertInvariants();
            rt.detach();
        }
    }
}
