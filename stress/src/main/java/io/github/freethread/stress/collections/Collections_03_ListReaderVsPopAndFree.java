package io.github.freethread.stress.collections;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.atomic.AtomicLong;

import io.github.freethread.collections.ThreadContext;
import io.github.freethread.collections.list.ObjectList;

/**
 * A lock-free indexed read races a pop that drops the list's only reference to the item and frees
 * it at once. The reader gets the item alive, or an out-of-range answer — never freed memory.
 */
@JCStressTest
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "reader got the item, alive, before the pop took it")
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "reader ran after the pop: index out of range")
@Outcome(id = "2, 0", expect = FORBIDDEN, desc = "reader confirmed a reused address holding another object")
@Outcome(id = "3, 0", expect = FORBIDDEN, desc = "reader returned a freed (dead or poisoned) object")
@Outcome(expect = FORBIDDEN, desc = "item not popped, or an impossible reader state")
@State
public class Collections_03_ListReaderVsPopAndFree {
    static final AtomicLong SERIAL = new AtomicLong();

    final ObjectList list;
    final long expected = SERIAL.incrementAndGet();

    public Collections_03_ListReaderVsPopAndFree() {
        ThreadContext t = StressRuntime.enter();
        list = ObjectList.create(t);
        long item = StressRuntime.newInt(t, expected);
        list.append(t, item);
        StressRuntime.SPACE.decref(t, item);
        StressRuntime.leave(t);
    }

    @Actor
    public void popper() {
        ThreadContext t = StressRuntime.enter();
        StressRuntime.SPACE.decref(t, list.pop(t)); // frees the item now
        StressRuntime.leave(t);
    }

    @Actor
    public void reader(II_Result r) {
        ThreadContext t = StressRuntime.enter();
        try {
            long item = list.get(t, 0);
            r.r1 = StressRuntime.classify(item, expected);
            StressRuntime.SPACE.decref(t, item);
        } catch (IndexOutOfBoundsException gone) {
            r.r1 = 0;
        }
        StressRuntime.leave(t);
    }

    @Arbiter
    public void arbiter(II_Result r) {
        ThreadContext t = StressRuntime.enter();
        r.r2 = (int) list.length();
        list.dispose(t);
        StressRuntime.leave(t);
    }
}
