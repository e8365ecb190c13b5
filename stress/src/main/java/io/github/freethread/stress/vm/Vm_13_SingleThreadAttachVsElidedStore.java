package io.github.freethread.stress.vm;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.atomic.AtomicInteger;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import io.github.freethread.vm.runtime.SingleThreadMode;

/**
 * {@link SingleThreadMode}'s grace period on attach (E1-E4) against an elided section. The sole
 * thread enters the mode at a safe point, then read-modify-writes a shared word as an elided
 * list store does (plain, no lock) if its flag is on, else under the lock, then reaches its next
 * safe point (then leaves, as at finish or detach). A second thread attaches ({@code register}: waits for the acknowledgement if the
 * sole thread is eliding) and then read-modify-writes the word under the lock. Whatever the
 * interleaving, both increments must land: an attach that returned while an elided section was
 * still in flight (or before its store became visible) would lose one.
 * r1: 1 if the sole thread's section was elided, 0 if it took the lock; r2: the final word.
 */
@JCStressTest
@Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "sole thread elided (alone), the attach waited for its safe point, then locked")
@Outcome(id = "0, 2", expect = ACCEPTABLE, desc = "attach first (FREE -> MULTI): the sole thread never elided and took the lock")
@Outcome(id = "1, 1", expect = FORBIDDEN, desc = "lost update: the attach returned while the elided section was in flight or invisible")
@Outcome(id = "0, 1", expect = FORBIDDEN, desc = "lost update under the lock: the lock or the test is broken")
@Outcome(expect = FORBIDDEN, desc = "any other result: the word or the flag corrupted")
@State
public class Vm_13_SingleThreadAttachVsElidedStore {
    static final class Member implements SingleThreadMode.Member {
        boolean eliding; // plain: the member's own flag

        @Override
        public Object memberKey() {
            return this;
        }

        @Override
        public void setEliding(boolean on) {
            eliding = on;
        }
    }

    final SingleThreadMode mode = new SingleThreadMode();
    final Member sole = new Member();
    final AtomicInteger lock = new AtomicInteger();
    int word;

    public Vm_13_SingleThreadAttachVsElidedStore() {
        mode.enable();
        mode.register(sole);
    }

    @Actor
    public void soleThread(II_Result r) {
        mode.safePoint(sole, sole.eliding); // enters ELIDING if no one attached yet
        if (sole.eliding) {
            word = word + 1; // the elided section: no call, no safe point inside (E2)
            r.r1 = 1;
        } else {
            lockedIncrement();
            r.r1 = 0;
        }
        mode.safePoint(sole, sole.eliding); // acknowledges a pending attach
        mode.stop(sole); // the thread leaves Python code (finish/detach): a later request must not wait for it
    }

    @Actor
    public void attacher() {
        mode.register(new Member()); // returns only once the sole thread can no longer elide (E3)
        lockedIncrement();
    }

    private void lockedIncrement() {
        while (!lock.compareAndSet(0, 1)) {
            Thread.onSpinWait();
        }
        word = word + 1;
        lock.set(0);
    }

    @Arbiter
    public void arbiter(II_Result r) {
        r.r2 = word;
    }
}
