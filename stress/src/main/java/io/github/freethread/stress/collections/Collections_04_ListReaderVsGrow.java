package io.github.freethread.stress.collections;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.freethread.collections.ThreadContext;
import io.github.freethread.collections.list.ObjectList;

/**
 * A lock-free indexed read of an item present throughout races an append that outgrows the item
 * array: the writer publishes a copy, clears the old array and retires it through QSBR. The reader
 * must get the item from either array (or the locked fallback), never 0 or freed memory.
 */
@JCStressTest
@Outcome(id = "1, 6", expect = ACCEPTABLE, desc = "reader got the item (old array, new array or locked fallback); append completed")
@Outcome(id = "0, 6", expect = FORBIDDEN, desc = "reader lost an item present throughout the resize")
@Outcome(id = "2, 6", expect = FORBIDDEN, desc = "reader got another object than the one at the index")
@Outcome(id = "3, 6", expect = FORBIDDEN, desc = "reader returned a dead object: read freed memory")
@Outcome(expect = FORBIDDEN, desc = "lost append or impossible state")
@State
public class Collections_04_ListReaderVsGrow {
    static final long[] ITEMS = new long[6];

    static {
        for (int i = 0; i < ITEMS.length; i++) {
            ITEMS[i] = StressRuntime.immortalInt(200 + i);
        }
    }

    final ObjectList list;

    public Collections_04_ListReaderVsGrow() {
        ThreadContext t = StressRuntime.enter();
        list = ObjectList.create(t);
        for (int i = 0; i < 5; i++) { // first array has capacity 5: full
            list.append(t, ITEMS[i]);
        }
        StressRuntime.leave(t);
    }

    @Actor
    public void writer() {
        ThreadContext t = StressRuntime.enter();
        list.append(t, ITEMS[5]);
        StressRuntime.leave(t);
    }

    @Actor
    public void reader(II_Result r) {
        ThreadContext t = StressRuntime.enter();
        try {
            long item = list.get(t, 3);
            r.r1 = StressRuntime.classify(item, 203);
            StressRuntime.SPACE.decref(t, item);
        } catch (IndexOutOfBoundsException e) {
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
