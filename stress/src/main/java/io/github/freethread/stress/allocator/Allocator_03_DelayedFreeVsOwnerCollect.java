package io.github.freethread.stress.allocator;

import io.github.freethread.allocator.StandalonePage;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Delayed free against the owner's collection. The page is full and sits in the owner's full
 * queue (USE_DELAYED). A foreign thread frees block 0: the first foreign free into a full page goes
 * to the owner heap's delayed list, bracketed by DELAYED_FREEING. Meanwhile the owner runs its
 * slow path: drain the delayed list, take the page out of the full queue (set NO_DELAYED, which
 * must wait out DELAYED_FREEING), allocate.
 * r1: blocks the owner's drain found; r2: whether the owner's allocate got block 0;
 * r3: block 0 accounted exactly once at the end (live xor listed once) = 1;
 * r4: final delayed-free state is NO_DELAYED = 1.
 */
@JCStressTest
@Outcome(id = "1, 1, 1, 1", expect = ACCEPTABLE, desc = "free (delayed) before the drain: owner drained block 0 and reused it")
@Outcome(id = "0, 0, 1, 1", expect = ACCEPTABLE, desc = "free after the drain: still delayed (owner waited out DELAYED_FREEING) or on threadFree after the allocate; block 0 found by the final collect")
@Outcome(id = "0, 1, 1, 1", expect = ACCEPTABLE, desc = "free after the owner left the full state: pushed on threadFree and collected by the allocate")
@Outcome(expect = FORBIDDEN, desc = "block 0 lost or duplicated, or the page left in DELAYED_FREEING / USE_DELAYED")
@State
public class Allocator_03_DelayedFreeVsOwnerCollect {
    private final long memory = PageMemory.take(2 * 16);
    private final StandalonePage page = StandalonePage.over(memory, 16, 2);
    private final long block0;
    private long ownerGot;

    public Allocator_03_DelayedFreeVsOwnerCollect() {
        block0 = page.allocate();
        page.allocate();
        page.markFull();
    }

    @Actor
    public void owner(IIII_Result r) {
        r.r1 = page.drainDelayed();
        page.markNotFull();
        ownerGot = page.allocate();
        r.r2 = ownerGot == block0 ? 1 : 0;
    }

    @Actor
    public void foreign() {
        page.freeForeign(block0);
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
        page.collect();
        int live = ownerGot == block0 ? 1 : 0;
        r.r3 = live + page.timesListed(block0);
        r.r4 = page.delayedState().equals("NO_DELAYED") ? 1 : 0;
        page.assertInvariants();
        PageMemory.giveBack(memory);
    }
}
