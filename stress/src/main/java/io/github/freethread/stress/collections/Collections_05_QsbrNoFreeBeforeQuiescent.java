package io.github.freethread.stress.collections;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.freethread.collections.qsbr.Qsbr;
import io.github.freethread.collections.qsbr.QsbrRecord;

/**
 * QSBR alone: a writer unpublishes cell A (publishes B), defers A's free and immediately tries to
 * process its deferred frees; a reader that is online loads the published cell and reads it, then
 * passes its quiescent point. The free of A must not run while the reader may still read A.
 * Cells are Java objects here so that "freed" is observable: the reclaimer marks the cell FREED.
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "reader read A (before the unpublish), A freed only after its quiescent point")
@Outcome(id = "2, 1", expect = ACCEPTABLE, desc = "reader read B (after the unpublish); A freed")
@Outcome(id = "-1, 1", expect = FORBIDDEN, desc = "reader read a freed cell: a deferred free ran before the reader's quiescent point")
@Outcome(expect = FORBIDDEN, desc = "A never freed or impossible read")
@State
public class Collections_05_QsbrNoFreeBeforeQuiescent {
    static final int FREED = -1;

    static final class Cell {
        volatile int content;

        Cell(int content) {
            this.content = content;
        }
    }

    final Cell[] cells = {null, new Cell(1), new Cell(2)};
    final Qsbr qsbr = new Qsbr(address -> cells[(int) address].content = FREED);
    volatile int published = 1;

    @Actor
    public void writer() {
        QsbrRecord me = qsbr.register();
        published = 2;          // unpublish A (volatile store: the release that QSBR needs)
        me.deferFree(1);        // A's free waits for a grace period
        me.safePoint();         // tries to free it now: only if the reader is offline or past the goal
        qsbr.unregister(me);    // unfinished frees go to the orphans
    }

    @Actor
    public void reader(II_Result r) {
        QsbrRecord me = qsbr.register(); // online
        int index = published;
        r.r1 = cells[index].content;     // optimistic read of the cell
        me.quiescent();
        qsbr.unregister(me);
    }

    @Arbiter
    public void arbiter(II_Result r) {
        qsbr.close(); // no thread left: frees the orphans
        r.r2 = cells[1].content == FREED ? 1 : 0;
    }
}
