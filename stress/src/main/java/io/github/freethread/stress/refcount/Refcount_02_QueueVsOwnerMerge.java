package io.github.freethread.stress.refcount;

import static io.github.freethread.stress.refcount.StressObjects.RT;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

import io.github.freethread.refcount.ThreadState;

/**
 * A non-owner drops a reference the owner counted locally (shared 0): it marks the object QUEUED
 * and pushes it to the owner's merge queue, while the owner drops its own reference and passes a
 * safe point (poll). Start: local 2 (one handed to the non-owner), shared 0. If the push lands
 * before the poll, the owner's merge computes 1 + 0 - 1 = 0 and frees; otherwise the object waits
 * in the queue until the owner's next safe point (the arbiter's poll). r1 = freed during the
 * owner's actor, r2 = freed by the non-owner (never: it only queues), r3 = pushes, r4 = frees.
 */
@JCStressTest
@Outcome(id = "1, 0, 1, 1", expect = ACCEPTABLE, desc = "queued before the owner's poll: the owner merged (total 0) and freed")
@Outcome(id = "0, 0, 1, 1", expect = ACCEPTABLE, desc = "queued after the owner's poll: freed at the owner's next safe point (arbiter)")
@Outcome(expect = FORBIDDEN, desc = "lost from the queue, freed twice, freed by a non-owner merge, or not queued at shared 0")
@State
public class Refcount_02_QueueVsOwnerMerge {
    final ThreadState owner = RT.newThreadState();
    final ThreadState other = RT.newThreadState();
    final long probe = StressObjects.newProbe();
    final long obj;

    public Refcount_02_QueueVsOwnerMerge() {
        obj = StressObjects.newProbed(owner, probe);
        RT.incref(owner, obj); // local 2: one reference handed to the non-owner
    }

    @Actor
    public void ownerDropsAndPolls(IIII_Result r) {
        RT.decref(owner, obj);
        owner.poll();
        r.r1 = StressObjects.deallocations(owner);
    }

    @Actor
    public void nonOwnerQueues(IIII_Result r) {
        RT.decref(other, obj);
        r.r2 = StressObjects.deallocations(other);
        r.r3 = (int) other.counters().queuePushes();
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
        owner.poll(); // the owner's next safe point (the state is handed to the arbiter's thread)
        r.r4 = StressObjects.frees(probe);
        RT.detach(owner);
        RT.detach(other);
        StressObjects.freeProbe(probe);
    }
}
