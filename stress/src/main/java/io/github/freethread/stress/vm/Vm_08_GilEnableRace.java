package io.github.freethread.stress.vm;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.atomic.AtomicInteger;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

import io.github.freethread.vm.runtime.Gil;

/**
 * Two threads import a legacy module at the same time: both try to enable the GIL at run time
 * ({@link Gil#enable}), then take it at their next safe point and do 32 plain increments of a
 * shared counter with hand-off polls. Exactly one enable wins (one warning, one reason); after
 * enabling, mutual exclusion holds. r1, r2 = 1 if that thread's enable won; r3 = counter (64:
 * nothing lost); r4 = most threads seen inside at once (1).
 */
@JCStressTest
@Outcome(id = "1, 0, 64, 1", expect = ACCEPTABLE, desc = "the first thread's import enabled the GIL; then mutual exclusion")
@Outcome(id = "0, 1, 64, 1", expect = ACCEPTABLE, desc = "the second thread's import enabled the GIL; then mutual exclusion")
@Outcome(expect = FORBIDDEN, desc = "both or neither enabled it (two warnings / none), an increment lost, or two holders at once")
@State
public class Vm_08_GilEnableRace {
    final Gil gil = new Gil(false, false, "default");
    final AtomicInteger inside = new AtomicInteger();
    final AtomicInteger most = new AtomicInteger();
    /** Plain: ordered only by the GIL once it is enabled. */
    int counter;

    public Vm_08_GilEnableRace() {
        gil.setIntervalNanos(10_000);
    }

    private int importLegacy(String me) {
        int won = gil.enable("module imported by " + me) ? 1 : 0;
        if (!gil.isEnabled()) {
            return -1; // impossible: enable returned, so it is enabled (by us or the other thread)
        }
        gil.acquire(me); // the safe point after the import
        for (int i = 0; i < 32; i++) {
            int n = inside.incrementAndGet();
            most.accumulateAndGet(n, Math::max);
            counter++;
            inside.decrementAndGet();
            if ((i & 7) == 7) {
                gil.yieldIfRequested(me);
            }
        }
        gil.release(me);
        return won;
    }

    @Actor
    public void first(IIII_Result r) {
        r.r1 = importLegacy("first");
    }

    @Actor
    public void second(IIII_Result r) {
        r.r2 = importLegacy("second");
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
        r.r3 = counter;
        r.r4 = most.get();
    }
}
