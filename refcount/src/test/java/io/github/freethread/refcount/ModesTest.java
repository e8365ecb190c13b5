package io.github.freethread.refcount;

import static io.github.freethread.refcount.ObjectHeader.MERGED;
import static io.github.freethread.refcount.ObjectHeader.SHARED_COUNT_OFFSET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.agrona.UnsafeApi;
import org.junit.jupiter.api.Test;

/** Research modes, immortal and deferred objects, checked mode. */
class ModesTest {

    static long sharedWord(long obj) {
        return UnsafeApi.getLongVolatile(null, obj + SHARED_COUNT_OFFSET);
    }

    @Test
    void shouldCountEverythingAtomicallyInAtomicMode() {
        try (ObjectRuntime rt = ObjectRuntime.create(RuntimeConfig.defaults().withMode(RefcountMode.ATOMIC))) {
            TestTypes types = new TestTypes(rt);
            ThreadState ts = rt.attach();
            long obj = types.newLeaf(ts);
            assertThat(sharedWord(obj)).isEqualTo(ObjectHeader.sharedWord(1, MERGED));
            rt.incref(ts, obj);
            rt.decref(ts, obj);
            assertThat(ts.counters().ownerOps()).isZero();
            assertThat(ts.sharedOps).isEqualTo(2);
            rt.assertInvariants(obj);
            rt.decref(ts, obj);
            assertThat(types.freed).contains(obj);
            assertThat(ts.sharedOps).isEqualTo(3);
        }
    }

    @Test
    void shouldTakeThePlainPathForEveryThreadStateInNonAtomicMode() {
        try (ObjectRuntime rt = ObjectRuntime.create(RuntimeConfig.defaults().withMode(RefcountMode.NONATOMIC))) {
            TestTypes types = new TestTypes(rt);
            ThreadState a = rt.attach();
            ThreadState b = rt.newThreadState();
            long obj = types.newLeaf(a);
            rt.incref(b, obj);
            rt.decref(a, obj);
            assertThat(a.sharedOps + b.sharedOps).isZero();
            assertThat(sharedWord(obj)).isZero();
            rt.decref(b, obj);
            assertThat(types.freed).contains(obj);
        }
    }

    @Test
    void shouldNeverCountNorFreeImmortalObjects() {
        try (ObjectRuntime rt = ObjectRuntime.create(RuntimeConfig.defaults().withChecked(true))) {
            TestTypes types = new TestTypes(rt);
            ThreadState ts = rt.attach();
            ThreadState other = rt.newThreadState();
            long none = types.newLeaf(ts);
            rt.makeImmortal(none);
            long before = sharedWord(none);
            for (int i = 0; i < 10; i++) {
                rt.decref(ts, none);
                rt.decref(other, none);
            }
            rt.incref(other, none);
            assertThat(rt.tryIncref(other, none)).isTrue();
            assertThat(sharedWord(none)).isEqualTo(before);
            assertThat(types.freed).doesNotContain(none);
            rt.assertInvariants(none);
            rt.allocator().free(none); // test cleanup only: immortal objects are never freed by the runtime
        }
    }

    @Test
    void shouldRetireDeferredObjectsAndReclaimThemOnlyAfterEveryThreadPassedASafePoint() {
        try (ObjectRuntime rt = ObjectRuntime.create(RuntimeConfig.defaults().withChecked(true))) {
            TestTypes types = new TestTypes(rt);
            ThreadState module = rt.attach();
            ThreadState caller = rt.newThreadState();
            long fn = types.newLeaf(module);        // the module's owning reference
            rt.makeDeferred(module, fn);
            assertThat(sharedWord(fn)).isEqualTo(ObjectHeader.sharedWord(1, MERGED));
            rt.assertInvariants(fn);

            assertThat(rt.acquireUse(caller, fn)).as("a use of a deferred object is not counted").isFalse();
            assertThat(sharedWord(fn)).isEqualTo(ObjectHeader.sharedWord(1, MERGED));

            rt.decref(module, fn);                  // the module drops it: retired, not freed
            assertThat(types.freed).doesNotContain(fn);
            assertThat(TestTypes.intact(fn)).isTrue();
            assertThat(rt.pendingDeferred()).isEqualTo(1);
            assertThat(rt.tryIncref(caller, fn)).as("never resurrected").isFalse();
            assertThatThrownBy(() -> rt.incref(caller, fn)).isInstanceOf(RefcountException.class)
                .hasMessageContaining("retired").hasMessageContaining("'leaf'");

            assertThat(rt.reclaimDeferred(module)).as("caller has not passed a safe point").isZero();
            assertThat(TestTypes.intact(fn)).isTrue(); // caller's use is still valid
            rt.releaseUse(caller, fn, false);
            caller.poll();
            assertThat(rt.reclaimDeferred(module)).isEqualTo(1);
            assertThat(types.freed).contains(fn);
            assertThat(rt.pendingDeferred()).isZero();
        }
    }

    @Test
    void shouldCountUsesOfOrdinaryObjects() {
        try (ObjectRuntime rt = ObjectRuntime.create(RuntimeConfig.defaults())) {
            TestTypes types = new TestTypes(rt);
            ThreadState ts = rt.attach();
            long obj = types.newLeaf(ts);
            boolean counted = rt.acquireUse(ts, obj);
            assertThat(counted).isTrue();
            assertThat(rt.refcount(obj)).isEqualTo(2);
            rt.releaseUse(ts, obj, counted);
            rt.decref(ts, obj);
            assertThat(types.freed).contains(obj);
        }
    }

    @Test
    void shouldRejectMakeDeferredByANonOwner() {
        try (ObjectRuntime rt = ObjectRuntime.create(RuntimeConfig.defaults())) {
            TestTypes types = new TestTypes(rt);
            ThreadState ts = rt.attach();
            ThreadState other = rt.newThreadState();
            long obj = types.newLeaf(ts);
            assertThatThrownBy(() -> rt.makeDeferred(other, obj)).isInstanceOf(RefcountException.class)
                .hasMessageContaining("neither the owner");
            rt.decref(ts, obj);
        }
    }

    @Test
    void shouldReportDecrefBelowZeroWithAddressAndTypeAndStayUsable() {
        try (ObjectRuntime rt = ObjectRuntime.create(RuntimeConfig.defaults())) {
            TestTypes types = new TestTypes(rt);
            ThreadState ts = rt.attach();
            ThreadState other = rt.newThreadState();
            long obj = types.newLeaf(ts);
            rt.incref(other, obj);
            rt.decref(ts, obj);          // merged, count 1 (held by other)
            rt.incref(other, obj);       // 2
            rt.decref(other, obj);       // 1
            long keep = types.newLeaf(ts);
            long hex = obj;
            // A merged object at count 1: one decref frees it; simulate a double decref on a copy of its state.
            UnsafeApi.putLongVolatile(null, obj + SHARED_COUNT_OFFSET, ObjectHeader.sharedWord(0, MERGED) + 0);
            assertThatThrownBy(() -> rt.decref(other, hex)).isInstanceOf(RefcountException.class)
                .hasMessageContaining("decref below zero").hasMessageContaining("0x" + Long.toHexString(hex))
                .hasMessageContaining("'leaf'");
            assertThat(sharedWord(obj)).as("the failed decrement is undone").isEqualTo(MERGED);
            UnsafeApi.putLongVolatile(null, obj + SHARED_COUNT_OFFSET, ObjectHeader.sharedWord(1, MERGED));
            rt.decref(other, obj);
            assertThat(types.freed).contains(obj);
            rt.decref(ts, keep); // the runtime still works
            assertThat(types.freed).contains(keep);
        }
    }

    @Test
    void shouldReportCountOperationsOnFreedObjectsInCheckedMode() {
        try (ObjectRuntime rt = ObjectRuntime.create(RuntimeConfig.defaults().withChecked(true))) {
            TestTypes types = new TestTypes(rt);
            ThreadState ts = rt.attach();
            ThreadState other = rt.newThreadState();
            long obj = types.newLeaf(ts);
            rt.decref(ts, obj);
            assertThat(rt.allocator().isLiveBlock(obj)).isFalse();
            assertThatThrownBy(() -> rt.incref(ts, obj)).isInstanceOf(RefcountException.class)
                .hasMessageContaining("0x" + Long.toHexString(obj)).hasMessageContaining("freed");
            assertThatThrownBy(() -> rt.decref(other, obj)).isInstanceOf(RefcountException.class)
                .hasMessageContaining("0x" + Long.toHexString(obj)).hasMessageContaining("freed");
            assertThat(rt.tryIncref(other, obj)).isFalse();
            long next = types.newLeaf(ts); // still usable
            rt.decref(ts, next);
            assertThat(rt.counters().deallocations()).isEqualTo(2);
        }
    }
}
