package io.github.freethread.refcount;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The per-thread counters are exact: after a known sequence of operations every counter of every
 * state, and the runtime's totals, hold exactly the number of events of the sequence — across a
 * safe point ({@code poll}) and across detaches (folded totals). In particular the owner-op
 * counter, which {@code decref} bumps before its owner test and takes back on the shared path
 * (docs/refcount.md, "Counters"), never counts a shared-path decrement.
 */
class CountersTest {
    ObjectRuntime rt;

    @AfterEach
    void tearDown() {
        rt.assertInvariants();
        rt.close();
    }

    /** owner, shared, merges, queue pushes, spot merges, deallocations (the other fields stay zero). */
    static void assertCounters(CountersSnapshot c, long owner, long shared, long merges, long pushes, long spot, long freed) {
        assertThat(c).as(c.toString()).isEqualTo(new CountersSnapshot(c.threads(), owner, shared, merges, pushes, spot, freed, 0, 0));
    }

    @Test
    void shouldCountEveryEventExactlyAcrossAPollAndDetaches() {
        rt = ObjectRuntime.create(RuntimeConfig.defaults().withChecked(true));
        TestTypes types = new TestTypes(rt);
        ThreadState owner = rt.attach();
        ThreadState other = rt.newThreadState(); // a second counting context: a non-owner of owner's objects

        // a: owner path, conditional increment, non-owner path, queueing, merge at the owner's poll
        long a = types.newLeaf(owner);
        for (int i = 0; i < 3; i++) {
            rt.incref(owner, a);
        }
        rt.decref(owner, a);
        rt.decref(owner, a);
        assertThat(rt.tryIncref(owner, a)).isTrue();                  // owner op 6, local 3
        rt.incref(other, a);                                          // shared 1
        rt.decref(other, a);                                          // shared 2 (shared count back to 0)
        rt.decref(other, a);                                          // shared 3: would go below zero -> queued (push 1)
        assertCounters(owner.counters(), 6, 0, 0, 0, 0, 0);
        assertCounters(other.counters(), 0, 3, 0, 1, 0, 0);
        owner.poll();                                                 // merge 1: MERGED with count 3 - 1 = 2
        assertCounters(owner.counters(), 6, 0, 1, 0, 0, 0);
        rt.decref(owner, a);                                          // merged: the owner takes the shared path
        rt.decref(other, a);                                          // last reference: freed by other
        assertThat(types.freed).contains(a);

        // b: freed by its owner at local zero, no merge (T4)
        long b = types.newLeaf(owner);
        rt.decref(owner, b);                                          // owner op 7, freed

        // c: local reaches zero while a non-owner holds a reference: merge (T5), freed by the non-owner
        long c = types.newLeaf(owner);
        rt.incref(other, c);
        rt.decref(owner, c);                                          // owner op 8, merge 2
        rt.decref(other, c);                                          // freed

        assertCounters(owner.counters(), 8, 1, 2, 0, 0, 1);
        assertCounters(other.counters(), 0, 6, 0, 1, 0, 2);

        // d: its owner detaches; the non-owner's decrement then merges on the spot (T10) and frees
        ThreadState exiting = rt.newThreadState();
        long d = types.newLeaf(exiting);
        rt.incref(exiting, d);
        rt.decref(exiting, d);
        rt.detach(exiting);
        assertCounters(exiting.counters(), 2, 0, 0, 0, 0, 0);
        rt.decref(other, d);                                          // shared 7, spot merge, freed
        assertCounters(other.counters(), 0, 7, 0, 1, 1, 3);

        CountersSnapshot total = rt.counters();
        assertThat(total.threads()).isEqualTo(3);                     // two live states and one detached
        assertCounters(total, 10, 8, 2, 1, 1, 4);

        // e: queued to the owner, merged and freed by the owner's detach (its last safe point)
        long e = types.newLeaf(owner);
        rt.decref(other, e);                                          // shared 8, push 2
        rt.detach(owner);                                             // merge 3, freed
        assertCounters(owner.counters(), 8, 1, 3, 0, 0, 2);
        assertCounters(rt.counters(), 10, 9, 3, 2, 1, 5);
        rt.detach(other);
        CountersSnapshot afterAll = rt.counters();
        assertThat(afterAll.threads()).as("detached states stay in the totals").isEqualTo(3);
        assertCounters(afterAll, 10, 9, 3, 2, 1, 5);
        assertThat(afterAll.toString()).contains("owner=10", "shared=9", "merges=3", "queued=2", "spot-merges=1", "freed=5");

        // cross-check against what really happened
        assertThat(types.frees.get()).isEqualTo(afterAll.deallocations());
        assertThat(types.freed).contains(a, b, c, d, e);
        assertThat(types.doubleFrees.get()).isZero();
        assertThat(TestTypes.liveBlocks(rt.allocator())).isZero();
    }

    @Test
    void shouldNotCountImmortalNoOpsAndCountConditionalIncrementsByPath() {
        rt = ObjectRuntime.create(RuntimeConfig.defaults());
        TestTypes types = new TestTypes(rt);
        ThreadState owner = rt.attach();
        ThreadState other = rt.newThreadState();
        long none = types.newLeaf(owner);
        rt.makeImmortal(none);
        for (ThreadState ts : new ThreadState[] {owner, other}) {
            rt.incref(ts, none);
            rt.decref(ts, none);
            assertThat(rt.tryIncref(ts, none)).isTrue();
        }
        assertCounters(rt.counters(), 0, 0, 0, 0, 0, 0);

        long obj = types.newLeaf(owner);
        assertThat(rt.tryIncref(owner, obj)).isTrue();               // owner op 1
        assertThat(rt.tryIncref(other, obj)).as("shared count 0, biased: may be dying").isFalse(); // failure 1
        rt.markSharedRead(obj);
        assertThat(rt.tryIncref(other, obj)).isTrue();               // shared 1
        rt.decref(other, obj);                                        // shared 2
        rt.decref(owner, obj);                                        // owner op 2
        rt.decref(owner, obj);                                        // owner op 3: merge with a CAS (SHARED_READ), freed
        assertThat(rt.counters()).isEqualTo(new CountersSnapshot(2, 3, 2, 1, 0, 0, 1, 0, 1));
    }

    @Test
    void shouldNeverCountAnOwnerOperationInAtomicMode() {
        rt = ObjectRuntime.create(RuntimeConfig.defaults().withMode(RefcountMode.ATOMIC));
        TestTypes types = new TestTypes(rt);
        ThreadState ts = rt.attach();
        long obj = types.newLeaf(ts);
        for (int i = 0; i < 100; i++) {
            rt.incref(ts, obj);
            rt.decref(ts, obj);
        }
        rt.decref(ts, obj);
        assertCounters(ts.counters(), 0, 201, 0, 0, 0, 1);
    }

    @Test
    void shouldCountEveryOperationAsAnOwnerOperationInNonAtomicMode() {
        rt = ObjectRuntime.create(RuntimeConfig.defaults().withMode(RefcountMode.NONATOMIC));
        TestTypes types = new TestTypes(rt);
        ThreadState ts = rt.attach();
        ThreadState second = rt.newThreadState();
        long obj = types.newLeaf(ts);
        for (int i = 0; i < 100; i++) {
            rt.incref(second, obj);
            rt.decref(ts, obj);
        }
        rt.decref(second, obj);
        assertCounters(ts.counters(), 100, 0, 0, 0, 0, 0);
        assertCounters(second.counters(), 101, 0, 0, 0, 0, 1);
    }
}
