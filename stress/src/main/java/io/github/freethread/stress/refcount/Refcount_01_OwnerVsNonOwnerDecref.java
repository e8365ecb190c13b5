package io.github.freethread.stress.refcount;

import static io.github.freethread.stress.refcount.StressObjects.RT;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import io.github.freethread.refcount.ThreadState;

/**
 * The owner drops its last local reference while a non-owner drops its shared one. Start: local 1
 * (owner), shared 1 (non-owner). Either the owner sees shared 0 and frees without a CAS, or it
 * merges (owner id cleared, CAS to MERGED|n) and the non-owner's decrement to MERGED|0 frees; the
 * CAS on the shared word decides. Results: r1 = freed by the owner's decref, r2 = freed by the
 * non-owner's decref, r3 = deallocations seen by the arbiter.
 */
@JCStressTest
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "non-owner decremented first (shared 1 -> 0); owner saw 0|BIASED and freed without merging")
@Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "owner merged first (MERGED|1); non-owner's decrement reached MERGED|0 and freed")
@Outcome(expect = FORBIDDEN, desc = "freed twice, never, or by the wrong thread: the shared-word CAS failed to linearise the race")
@State
public class Refcount_01_OwnerVsNonOwnerDecref {
    final ThreadState owner = RT.newThreadState();
    final ThreadState other = RT.newThreadState();
    final long probe = StressObjects.newProbe();
    final long obj;

    public Refcount_01_OwnerVsNonOwnerDecref() {
        obj = StressObjects.newProbed(owner, probe);
        RT.incref(other, obj); // the non-owner's reference, on the shared count
    }

    @Actor
    public void ownerDrops(III_Result r) {
        RT.decref(owner, obj);
        r.r1 = StressObjects.deallocations(owner);
    }

    @Actor
    public void nonOwnerDrops(III_Result r) {
        RT.decref(other, obj);
        r.r2 = StressObjects.deallocations(other);
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r3 = StressObjects.frees(probe);
        RT.detach(owner);
        RT.detach(other);
        StressObjects.freeProbe(probe);
    }
}
