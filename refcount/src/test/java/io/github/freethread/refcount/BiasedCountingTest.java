package io.github.freethread.refcount;

import static io.github.freethread.refcount.ObjectHeader.BIASED;
import static io.github.freethread.refcount.ObjectHeader.LOCAL_COUNT_OFFSET;
import static io.github.freethread.refcount.ObjectHeader.MERGED;
import static io.github.freethread.refcount.ObjectHeader.NO_OWNER;
import static io.github.freethread.refcount.ObjectHeader.OWNER_ID_OFFSET;
import static io.github.freethread.refcount.ObjectHeader.QUEUED;
import static io.github.freethread.refcount.ObjectHeader.SHARED_COUNT_OFFSET;
import static io.github.freethread.refcount.ObjectHeader.SHARED_READ;
import static org.assertj.core.api.Assertions.assertThat;

import org.agrona.UnsafeApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every transition of the biased protocol, one test each (docs/refcount.md, "Transitions"). */
class BiasedCountingTest {
    ObjectRuntime rt;
    TestTypes types;
    ThreadState owner;
    ThreadState other;

    @BeforeEach
    void setUp() {
        rt = ObjectRuntime.create(RuntimeConfig.defaults().withChecked(true));
        types = new TestTypes(rt);
        owner = rt.attach();
        other = rt.newThreadState(); // a second counting context on this Java thread: a non-owner
    }

    @AfterEach
    void tearDown() {
        rt.assertInvariants();
        rt.close();
    }

    static int ownerOf(long obj) {
        return UnsafeApi.getInt(obj + OWNER_ID_OFFSET);
    }

    static int local(long obj) {
        return UnsafeApi.getInt(obj + LOCAL_COUNT_OFFSET);
    }

    static long sharedWord(long obj) {
        return UnsafeApi.getLongVolatile(null, obj + SHARED_COUNT_OFFSET);
    }

    @Test
    void shouldAllocateBiasedToTheAllocatingThreadWithLocalCountOne() {
        long obj = types.newLeaf(owner);
        assertThat(ownerOf(obj)).isEqualTo(owner.id());
        assertThat(local(obj)).isEqualTo(1);
        assertThat(sharedWord(obj)).isEqualTo(0);
        assertThat(obj % 8).isZero();
        rt.assertInvariants(obj);
        rt.decref(owner, obj);
    }

    @Test
    void shouldCountOnTheLocalCountOnlyOnTheOwnerPath() {
        long obj = types.newLeaf(owner);
        rt.incref(owner, obj);
        rt.incref(owner, obj);
        assertThat(local(obj)).isEqualTo(3);
        assertThat(sharedWord(obj)).isZero();
        rt.decref(owner, obj);
        rt.decref(owner, obj);
        assertThat(local(obj)).isEqualTo(1);
        assertThat(owner.counters().ownerOps()).isEqualTo(4);
        assertThat(owner.sharedOps).isZero();
        rt.decref(owner, obj);
    }

    @Test
    void shouldFreeWithoutMergingWhenLocalAndSharedReachZeroOnTheOwner() {
        long before = TestTypes.liveBlocks(rt.allocator());
        long obj = types.newLeaf(owner);
        rt.decref(owner, obj);
        assertThat(types.freed).contains(obj);
        assertThat(owner.merges).isZero();
        assertThat(owner.deallocations).isEqualTo(1);
        assertThat(TestTypes.liveBlocks(rt.allocator())).isEqualTo(before);
    }

    @Test
    void shouldCountNonOwnerIncrefsAtomicallyOnTheSharedCount() {
        long obj = types.newLeaf(owner);
        rt.incref(other, obj);
        rt.incref(other, obj);
        assertThat(local(obj)).isEqualTo(1);
        assertThat(sharedWord(obj)).isEqualTo(ObjectHeader.sharedWord(2, BIASED));
        assertThat(other.sharedOps).isEqualTo(2);
        rt.decref(other, obj);
        rt.decref(other, obj);
        assertThat(sharedWord(obj)).isZero();
        rt.assertInvariants(obj);
        rt.decref(owner, obj);
        assertThat(types.freed).contains(obj);
    }

    @Test
    void shouldMergeWhenTheOwnerDropsItsLastLocalReferenceWhileOthersHoldShared() {
        long obj = types.newLeaf(owner);
        rt.incref(other, obj);
        rt.decref(owner, obj); // local 0, shared 1 -> MERGED|1
        assertThat(ownerOf(obj)).isEqualTo(NO_OWNER);
        assertThat(sharedWord(obj)).isEqualTo(ObjectHeader.sharedWord(1, MERGED));
        assertThat(owner.merges).isEqualTo(1);
        assertThat(types.freed).doesNotContain(obj);
        rt.assertInvariants(obj);
        // merged: even the former owner now counts on the shared path
        rt.incref(owner, obj);
        assertThat(owner.sharedOps).isEqualTo(1);
        rt.decref(owner, obj);
        rt.decref(other, obj); // MERGED|0 -> freed by the non-owner
        assertThat(types.freed).contains(obj);
        assertThat(other.deallocations).isEqualTo(1);
    }

    @Test
    void shouldQueueToTheOwnerWhenANonOwnerWouldDriveSharedBelowZero() {
        long obj = types.newLeaf(owner);
        rt.incref(owner, obj); // local 2: one of them is handed to `other`
        rt.decref(other, obj); // shared 0 -> QUEUED (the queue takes the reference)
        assertThat(sharedWord(obj)).isEqualTo(QUEUED);
        assertThat(other.queuePushes).isEqualTo(1);
        assertThat(owner.mergeQueue.size()).isEqualTo(1);
        rt.assertInvariants(obj);
        owner.poll(); // merge: total = local 2 + shared 0 - 1 (queue) = 1
        assertThat(sharedWord(obj)).isEqualTo(ObjectHeader.sharedWord(1, MERGED));
        assertThat(ownerOf(obj)).isEqualTo(NO_OWNER);
        assertThat(local(obj)).isZero();
        assertThat(types.freed).doesNotContain(obj);
        rt.decref(owner, obj);
        assertThat(types.freed).contains(obj);
    }

    @Test
    void shouldLetTheSharedCountGoNegativeWhileQueuedAndFreeAtTheOwnersMerge() {
        long obj = types.newLeaf(owner);
        rt.incref(owner, obj);
        rt.incref(owner, obj); // local 3: two handed to `other`, one kept by the owner
        rt.decref(other, obj); // QUEUED, count 0
        rt.decref(other, obj); // QUEUED, count -1
        assertThat(sharedWord(obj)).isEqualTo(ObjectHeader.sharedWord(-1, QUEUED));
        rt.assertInvariants(obj);
        rt.decref(owner, obj); // the owner drops its own reference: local 2 (two of them now owed by `other`)
        assertThat(types.freed).doesNotContain(obj);
        owner.poll(); // total = local 2 + shared (-1) - queue's 1 = 0
        assertThat(types.freed).contains(obj);
    }

    @Test
    void shouldMergeAQueuedObjectWhoseLocalCountReachesZeroBeforeThePoll() {
        long obj = types.newLeaf(owner);
        rt.incref(owner, obj);         // local 2
        rt.incref(other, obj);         // shared 1 (other has 2 refs: one handed, one own)
        rt.decref(other, obj);         // shared 0
        rt.decref(other, obj);         // QUEUED, count 0 (queue holds it)
        rt.incref(other, obj);         // QUEUED, count 1
        rt.decref(owner, obj);         // local 1
        rt.decref(owner, obj);         // local 0 -> MERGED|1 while still in the queue
        assertThat(sharedWord(obj)).isEqualTo(ObjectHeader.sharedWord(1, MERGED));
        assertThat(types.freed).doesNotContain(obj);
        owner.poll();                  // queue's reference dropped: MERGED|0 -> free
        assertThat(types.freed).contains(obj);
    }

    @Test
    void shouldMergeOnTheSpotWhenQueueingToADetachedOwner() {
        ThreadState exiting = rt.newThreadState();
        long obj = rt.allocate(owner, types.leaf, 8);
        UnsafeApi.putLong(TestTypes.payload(obj), TestTypes.MAGIC);
        types.live.add(obj);
        rt.transferUnpublished(owner, obj, exiting);
        rt.incref(exiting, obj);       // local 2 on `exiting`
        rt.detach(exiting);            // owner exits holding a reference that `other` will drop
        assertThat(exiting.isDetached()).isTrue();
        rt.decref(other, obj);         // would queue; owner gone -> merge: 2 + 0 - 1 = 1
        assertThat(other.spotMerges).isEqualTo(1);
        assertThat(sharedWord(obj)).isEqualTo(ObjectHeader.sharedWord(1, MERGED));
        rt.decref(other, obj);
        assertThat(types.freed).contains(obj);
    }

    @Test
    void shouldDrainTheMergeQueueWhenTheOwnerDetaches() {
        ThreadState exiting = rt.newThreadState();
        long obj = types.newLeaf(owner);
        rt.transferUnpublished(owner, obj, exiting);
        rt.decref(other, obj); // the only reference, handed to `other`, dropped: QUEUED
        assertThat(types.freed).doesNotContain(obj);
        rt.detach(exiting);
        assertThat(types.freed).contains(obj);
        assertThat(rt.threads()).doesNotContain(exiting);
    }

    @Test
    void shouldFreeOnNonOwnerDecrefAfterOwnerMarkedSharedRead() {
        long obj = types.newLeaf(owner);
        rt.markSharedRead(obj);
        assertThat(sharedWord(obj)).isEqualTo(SHARED_READ);
        rt.decref(owner, obj); // local 0, shared word SHARED_READ != 0: merge with CAS -> MERGED|0 -> free
        assertThat(owner.merges).isEqualTo(1);
        assertThat(types.freed).contains(obj);
    }

    @Test
    void shouldNotResurrectThroughTryIncref() {
        long obj = types.newLeaf(owner);
        assertThat(rt.tryIncref(owner, obj)).isTrue();                 // owner: always alive
        assertThat(rt.tryIncref(other, obj)).isFalse();                // BIASED, shared 0: cannot prove alive
        rt.markSharedRead(obj);
        assertThat(rt.tryIncref(other, obj)).isTrue();                 // SHARED_READ: CAS from 0 allowed
        assertThat(sharedWord(obj)).isEqualTo(ObjectHeader.sharedWord(1, SHARED_READ));
        rt.decref(owner, obj);
        rt.decref(owner, obj); // local 0 -> MERGED|1
        assertThat(rt.tryIncref(other, obj)).isTrue();                 // MERGED|1 -> 2
        rt.decref(other, obj);
        rt.decref(other, obj); // freed
        assertThat(types.freed).contains(obj);
        assertThat(rt.tryIncref(other, obj)).isFalse();                // freed: owner id FREED_OWNER
        assertThat(other.tryIncrefFailures).isEqualTo(2);
    }

    @Test
    void shouldFailTryIncrefCompareWhenTheSlotChangedAndUndoTheIncrement() {
        long slot = rt.allocator().malloc(8);
        long a = types.newLeaf(owner);
        long b = types.newLeaf(owner);
        rt.markSharedRead(a);
        UnsafeApi.putLongVolatile(null, slot, b); // the slot now holds b, the reader expected a
        assertThat(rt.tryIncrefCompare(other, slot, a)).isFalse();
        assertThat(rt.refcount(a)).isEqualTo(1);
        UnsafeApi.putLongVolatile(null, slot, a);
        assertThat(rt.tryIncrefCompare(other, slot, a)).isTrue();
        assertThat(rt.refcount(a)).isEqualTo(2);
        assertThat(rt.tryIncrefCompare(other, slot, 0)).isFalse();
        rt.decref(other, a);
        rt.decref(owner, a);
        rt.decref(owner, b);
        rt.allocator().free(slot);
    }

    @Test
    void shouldTransferOnlyPrivatelyOwnedObjects() {
        ThreadState to = rt.newThreadState();
        long obj = types.newLeaf(owner);
        rt.incref(other, obj);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> rt.transferUnpublished(owner, obj, to))
            .isInstanceOf(RefcountException.class).hasMessageContaining("0x" + Long.toHexString(obj));
        rt.decref(other, obj);
        rt.transferUnpublished(owner, obj, to);
        assertThat(ownerOf(obj)).isEqualTo(to.id());
        rt.decref(to, obj);
        assertThat(types.freed).contains(obj);
    }
}
