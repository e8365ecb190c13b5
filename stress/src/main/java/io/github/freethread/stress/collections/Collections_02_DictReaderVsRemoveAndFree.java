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
import io.github.freethread.collections.dict.ObjectDict;

/**
 * A lock-free lookup races the removal of its key, which drops the dict's only reference to the
 * value and frees it at once (the freed block is poisoned and may be reused by another instance's
 * object of the same size). The reader gets the old value alive, or nothing — never a dead or
 * foreign object.
 */
@JCStressTest
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "reader got the old value, alive (it held a reference before the free)")
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "reader ran after the removal: nothing")
@Outcome(id = "2, 0", expect = FORBIDDEN, desc = "reader confirmed a reused address holding another object")
@Outcome(id = "3, 0", expect = FORBIDDEN, desc = "reader returned a freed (dead or poisoned) object")
@Outcome(expect = FORBIDDEN, desc = "entry not removed, or an impossible reader state")
@State
public class Collections_02_DictReaderVsRemoveAndFree {
    static final long KEY = StressRuntime.immortalInt(7);
    static final AtomicLong SERIAL = new AtomicLong();

    final ObjectDict dict;
    final long expected = SERIAL.incrementAndGet();

    public Collections_02_DictReaderVsRemoveAndFree() {
        ThreadContext t = StressRuntime.enter();
        dict = ObjectDict.create(t);
        long v = StressRuntime.newInt(t, expected);
        dict.put(t, KEY, v);
        StressRuntime.SPACE.decref(t, v); // the dict holds the only reference
        StressRuntime.leave(t);
    }

    @Actor
    public void remover() {
        ThreadContext t = StressRuntime.enter();
        dict.remove(t, KEY); // frees the value now
        StressRuntime.leave(t);
    }

    @Actor
    public void reader(II_Result r) {
        ThreadContext t = StressRuntime.enter();
        long v = dict.get(t, KEY);
        if (v == 0) {
            r.r1 = 0;
        } else {
            r.r1 = StressRuntime.classify(v, expected);
            StressRuntime.SPACE.decref(t, v);
        }
        StressRuntime.leave(t);
    }

    @Arbiter
    public void arbiter(II_Result r) {
        ThreadContext t = StressRuntime.enter();
        r.r2 = (int) dict.length();
        dict.dispose(t);
        StressRuntime.leave(t);
    }
}
