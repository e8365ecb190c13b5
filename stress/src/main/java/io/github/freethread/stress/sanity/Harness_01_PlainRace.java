package io.github.freethread.stress.sanity;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Checks the harness itself: a volatile publication seen in either order, never torn.
 * Keeps the stress module runnable before any component has tests of its own.
 */
@JCStressTest
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "reader ran before the writer")
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "reader saw the first store only")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "reader ran after the writer")
@Outcome(expect = FORBIDDEN, desc = "second store visible without the first: volatile order broken")
@State
public class Harness_01_PlainRace {
    volatile int x;
    volatile int y;

    @Actor
    public void writer() {
        x = 1;
        y = 1;
    }

    @Actor
    public void reader(II_Result r) {
        int b = y;
        int a = x;
        r.r1 = a;
        r.r2 = b;
    }
}
