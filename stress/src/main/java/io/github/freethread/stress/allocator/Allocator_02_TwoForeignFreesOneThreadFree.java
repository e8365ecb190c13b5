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
 * Two foreign threads push different blocks onto the same page's threadFree list with CAS.
 * r1: length of threadFree afterwards; r2: which block is on top (1 = block 1, pushed last;
 * 0 = block 0, pushed last); r3: used after the owner (arbiter) collected with one atomic.
 */
@JCStressTest
@Outcome(id = "2, 0, 1", expect = ACCEPTABLE, desc = "foreign A pushed last: list is block0 -> block1, both collected")
@Outcome(id = "2, 1, 1", expect = ACCEPTABLE, desc = "foreign B pushed last: list is block1 -> block0, both collected")
@Outcome(expect = FORBIDDEN, desc = "a push was lost (list shorter than 2), the list is malformed, or collection miscounted")
@State
public class Allocator_02_TwoForeignFreesOneThreadFree {
    private final long memory = PageMemory.take(3 * 16);
    private final StandalonePage page = StandalonePage.over(memory, 16, 3);
    private final long block0;
    private final long block1;

    public Allocator_02_TwoForeignFreesOneThreadFree() {
        block0 = page.allocate();
        block1 = page.allocate();
        page.allocate();
    }

    @Actor
    public void foreignA() {
        page.freeForeign(block0);
    }

    @Actor
    public void foreignB() {
        page.freeForeign(block1);
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r1 = page.threadFreeLength();
        long head = page.threadFreeHead();
        r.r2 = head == block0 ? 0 : head == block1 ? 1 : 2;
        page.collect();
        r.r3 = page.used();
        if (page.timesListed(block0) != 1 || page.timesListed(block1) != 1) {
            r.r3 = -1;
        }
        page.assertInvariants();
        PageMemory.giveBack(memory);
    }
}
