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
 * A non-owner queues an object to an owner that is exiting (detach). Start: local 2 (one handed
 * to the non-owner), shared 0. The owner drops its reference and detaches: it drains its queue,
 * closes the queue's gate, gives up its bias id and drains once more. The non-owner's push either
 * passes the gate (the owner's exit drain merges 1 + 0 - 1 = 0 and frees) or finds it closed and
 * merges on the spot (the owner's local count is frozen; 1 + 0 - 1 = 0, frees). Never lost in a
 * dead queue, never freed twice. r1 = freed by the exiting owner, r2 = freed by the non-owner,
 * r3 = on-the-spot merges, r4 = frees.
 */
@JCStressTest
@Outcome(id = "1, 0, 0, 1", expect = ACCEPTABLE, desc = "pushed through the open gate; the owner's exit drain merged and freed")
@Outcome(id = "0, 1, 1, 1", expect = ACCEPTABLE, desc = "gate already closed: the non-owner merged on the spot and freed")
@Outcome(expect = FORBIDDEN, desc = "object stranded in a dead queue, merged twice, or freed twice")
@State
public class Refcount_04_QueueToExitingOwner {
    final ThreadState owner = RT.newThreadState();
    final ThreadState other = RT.newThreadState();
    final long probe = StressObjects.newProbe();
    final long obj;

    public Refcount_04_QueueToExitingOwner() {
        obj = StressObjects.newProbed(owner, probe);
        RT.incref(owner, obj); // local 2: one reference handed to the non-owner
    }

    @Actor
    public void ownerExits(IIII_Result r) {
        RT.decref(owner, obj);
        RT.detach(owner);
        r.r1 = StressObjects.deallocations(owner);
    }

    @Actor
    public void nonOwnerQueues(IIII_Result r) {
        RT.decref(other, obj);
        r.r2 = StressObjects.deallocations(other);
        r.r3 = (int) other.counters().spotMerges();
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
        r.r4 = StressObjects.frees(probe);
        RT.detach(other);
        StressObjects.freeProbe(probe);
    }
}
