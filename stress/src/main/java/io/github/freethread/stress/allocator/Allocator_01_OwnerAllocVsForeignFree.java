package io.github.freethread.stress.allocator;

import io.github.freethread.allocator.StandalonePage;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The owner allocates from a page while another thread frees a block of that page.
 * A two-block page, both blocks handed out; the owner asks for a block (its free list is empty,
 * so it collects localFree and, with one atomic, threadFree) while the foreign thread pushes
 * block 0 onto threadFree with CAS.
 * r1: what the owner got (0 = nothing, 1 = block 0, 2 = anything else);
 * r2: how often block 0 is on a free list afterwards; r3: the page's used count after the
 * arbiter (as owner) collected everything.
 */
@JCStressTest
@Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "owner collected before the foreign push: got nothing; block 0 waits on a free list")
@Outcome(id = "1, 0, 2", expect = ACCEPTABLE, desc = "owner collected after the foreign push: block 0 handed out again, on no list")
@Outcome(expect = FORBIDDEN, desc = "block 0 lost (on no list yet not handed out), listed twice, handed out while listed, or counts wrong")
@State
public class Allocator_01_OwnerAllocVsForeignFree {
    private final long memory = PageMemory.take(2 * 16);
    private final StandalonePage page = StandalonePage.over(memory, 16, 2);
    private final long block0;

    public Allocator_01_OwnerAllocVsForeignFree() {
        block0 = page.allocate();
        page.allocate();
    }

    @Actor
    public void owner(III_Result r) {
        long got = page.allocate();
        r.r1 = got == 0 ? 0 : got == block0 ? 1 : 2;
    }

    @Actor
    public void foreign() {
        page.freeForeign(block0);
    }

    @Arbiter
    public void arbiter(III_Result r) {
        page.collect(); // owner role again: folds in whatever arrived
        r.r2 = page.timesListed(block0);
        r.r3 = page.used();
        page.assertInvariants();
        PageMemory.giveBack(memory);
    }
}
