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
 * GIL mutual exclusion across forced hand-offs. Two threads each take the GIL, do 64 plain
 * increments of a shared counter (protected only by the GIL), and poll for a drop request at a
 * "safe point" every 8 increments (a 10 us switch interval, so the waiter does ask and the holder
 * does hand over mid-run). r1, r2 = the most threads each saw inside the GIL at once (must be 1);
 * r3 = final counter (must be 128: no increment lost); r4 = 1 if the GIL's invariants hold and it
 * is free at the end.
 */
@JCStressTest
@Outcome(id = "1, 1, 128, 1", expect = ACCEPTABLE, desc = "mutual exclusion held through every hand-off; nothing lost")
@Outcome(expect = FORBIDDEN, desc = "two threads inside the GIL at once, an increment lost, or the GIL left held/inconsistent")
@State
public class Vm_07_GilHandOff {
    final Gil gil = new Gil(true, false, "jcstress");
    final AtomicInteger inside = new AtomicInteger();
    /** Plain field: only the GIL orders the two threads' increments. */
    int counter;

    public Vm_07_GilHandOff() {
        gil.setIntervalNanos(10_000);
    }

    private int run(Object me) {
        int most = 0;
        gil.acquire(me);
        for (int i = 0; i < 64; i++) {
            most = Math.max(most, inside.incrementAndGet());
            counter++;
            inside.decrementAndGet();
            if ((i & 7) == 7) {
                gil.yieldIfRequested(me); // safe point: releases inside the GIL only, never mid-increment
            }
        }
        gil.release(me);
        return most;
    }

    @Actor
    public void first(IIII_Result r) {
        r.r1 = run("first");
    }

    @Actor
    public void second(IIII_Result r) {
        r.r2 = run("second");
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
        r.r3 = counter;
        try {
            gil.assertInvariants();
            r.r4 = gil.isHeldBy("first") || gil.isHeldBy("second") ? 0 : 1;
        } catch (AssertionError e) {
            r.r4 = 0;
        }
    }
}
