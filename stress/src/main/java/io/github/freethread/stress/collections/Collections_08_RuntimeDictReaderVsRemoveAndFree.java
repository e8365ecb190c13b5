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
import io.github.freethread.collections.object.IntObject;

/**
 * As Collections_02, on the real stack: biased reference counting (the value is owned by the
 * thread that made it, the reader is not its owner, so its conditional increment runs on the shared
 * word), the mimalloc-style allocator (the freed block is linked into a free list at once and may be
 * reused by the next same-size allocation), QSBR gating page reuse. The reader gets the old value
 * alive, or nothing.
 */
@JCStressTest
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "reader got the old value, alive")
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "reader ran after the removal: nothing")
@Outcome(id = "2, 0", expect = FORBIDDEN, desc = "reader confirmed a reused address holding another object")
@Outcome(id = "3, 0", expect = FORBIDDEN, desc = "reader returned a freed object")
@Outcome(expect = FORBIDDEN, desc = "entry not removed, or an impossible reader state")
@State
public class Collections_08_RuntimeDictReaderVsRemoveAndFree {
    static final long KEY;
    static final AtomicLong SERIAL = new AtomicLong();

    static {
        ThreadContext t = RuntimeStress.enter();
        KEY = IntObject.create(RuntimeStress.COLLECTIONS.space(), t, 7);
        RuntimeStress.RUNTIME.makeImmortal(KEY);
        RuntimeStress.leave(t);
    }

    final ObjectDict dict;
    final long expected = SERIAL.incrementAndGet();

    public Collections_08_RuntimeDictReaderVsRemoveAndFree() {
        ThreadContext t = RuntimeStress.enter();
        dict = ObjectDict.create(t);
        long v = IntObject.create(RuntimeStress.COLLECTIONS.space(), t, expected);
        dict.put(t, KEY, v);
        RuntimeStress.COLLECTIONS.space().decref(t, v); // the dict holds the only reference
        RuntimeStress.leave(t);
    }

    @Actor
    public void remover() {
        ThreadContext t = RuntimeStress.enter();
        dict.remove(t, KEY);
        RuntimeStress.leave(t);
    }

    @Actor
    public void reader(II_Result r) {
        ThreadContext t = RuntimeStress.enter();
        long v = dict.get(t, KEY);
        if (v == 0) {
            r.r1 = 0;
        } else {
            r.r1 = RuntimeStress.classify(v, expected);
            RuntimeStress.COLLECTIONS.space().decref(t, v);
        }
        RuntimeStress.leave(t);
    }

    @Arbiter
    public void arbiter(II_Result r) {
        ThreadContext t = RuntimeStress.enter();
        r.r2 = (int) dict.length();
        dict.dispose(t);
        RuntimeStress.leave(t);
    }
}
