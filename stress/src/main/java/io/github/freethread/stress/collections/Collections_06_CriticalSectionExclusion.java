package io.github.freethread.stress.collections;

import org.agrona.UnsafeApi;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.freethread.collections.lock.CriticalSections;

/**
 * Two threads each do a plain read-modify-write of a counter inside a critical section on the same
 * off-heap lock word. Mutual exclusion means no lost update, and the lock word ends free with no
 * parked bit left.
 */
@JCStressTest
@Outcome(id = "2, 0", expect = ACCEPTABLE, desc = "both increments applied; lock word free at the end")
@Outcome(id = "1, 0", expect = FORBIDDEN, desc = "lost update: both threads were inside the section at once")
@Outcome(expect = FORBIDDEN, desc = "lock word left held/parked, or impossible count")
@State
public class Collections_06_CriticalSectionExclusion {
    static final ThreadLocal<CriticalSections> SECTIONS = ThreadLocal.withInitial(() -> new CriticalSections(null));

    final long word = UnsafeApi.allocateMemory(8);
    int counter;

    public Collections_06_CriticalSectionExclusion() {
        UnsafeApi.putLongVolatile(null, word, 0L);
    }

    private void increment() {
        CriticalSections cs = SECTIONS.get();
        cs.enter(word);
        int c = counter;
        Thread.onSpinWait();
        counter = c + 1;
        cs.exit();
    }

    @Actor
    public void first() {
        increment();
    }

    @Actor
    public void second() {
        increment();
    }

    @Arbiter
    public void arbiter(II_Result r) {
        r.r1 = counter;
        r.r2 = (int) UnsafeApi.getLongVolatile(null, word);
        UnsafeApi.freeMemory(word);
    }
}
