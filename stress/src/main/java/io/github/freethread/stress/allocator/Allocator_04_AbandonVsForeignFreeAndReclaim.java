package io.github.freethread.stress.allocator;

import io.github.freethread.allocator.StandalonePage;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import java.util.concurrent.atomic.AtomicReference;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Abandonment against a foreign free and a reclaim. The owner's thread exits: it abandons its full
 * page (NEVER_DELAYED, drain its delayed list, clear the owner) and offers it on the abandoned
 * queue. Another thread frees block 0 of that page and then tries to reclaim the page from the
 * queue; if it wins, it becomes the owner and allocates. Whether the free went to the old owner's
 * delayed list (before NEVER_DELAYED) or onto threadFree (after), it must be found.
 * r1: the foreign thread reclaimed the page (1) or found the queue empty (0);
 * r2: after reclaiming, its allocate got block 0 (1) or not (0);
 * r3: block 0 accounted exactly once at the end = 1.
 */
@JCStressTest
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "abandon finished before the reclaim attempt: the reclaimer collected block 0 and reused it")
@Outcome(id = "0, 0, 1", expect = ACCEPTABLE, desc = "reclaim attempt before the page was offered: the arbiter reclaims later and finds block 0")
@Outcome(expect = FORBIDDEN, desc = "block 0 lost across abandonment (reclaimer found nothing), or duplicated")
@State
public class Allocator_04_AbandonVsForeignFreeAndReclaim {
    private final long memory = PageMemory.take(2 * 16);
    private final StandalonePage page = StandalonePage.over(memory, 16, 2);
    private final AtomicReference<StandalonePage> abandoned = new AtomicReference<>();
    private final long block0;
    private long reclaimerGot;

    public Allocator_04_AbandonVsForeignFreeAndReclaim() {
        block0 = page.allocate();
        page.allocate();
        page.markFull();
    }

    @Actor
    public void exitingOwner() {
        page.abandon();
        abandoned.set(page); // volatile: the abandoned queue's offer
    }

    @Actor
    public void freerAndReclaimer(III_Result r) {
        page.freeForeign(block0);
        StandalonePage taken = abandoned.getAndSet(null); // the queue's poll: exclusive
        if (taken != null) {
            taken.reclaim();
            reclaimerGot = taken.allocate();
            r.r1 = 1;
            r.r2 = reclaimerGot == block0 ? 1 : 0;
        }
    }

    @Arbiter
    public void arbiter(III_Result r) {
        if (abandoned.getAndSet(null) != null) {
            page.reclaim();
        }
        page.collect();
        int live = reclaimerGot == block0 ? 1 : 0;
        r.r3 = live + page.timesListed(block0);
        page.assertInvariants();
        PageMemory.giveBack(memory);
    }
}
