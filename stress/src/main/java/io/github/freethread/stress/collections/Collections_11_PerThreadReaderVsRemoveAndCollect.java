package io.github.freethread.stress.collections;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.atomic.AtomicLong;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import io.github.freethread.collections.ThreadContext;
import io.github.freethread.collections.dict.ObjectDict;
import io.github.freethread.collections.object.IntObject;
import io.github.freethread.refcount.ThreadState;

/**
 * The lock-free dict get of a per-thread counted value (the reader counts it in its own slot, no
 * atomic, no failure path) against a remove followed by a stop-the-world collection. The dict
 * holds the only reference until the remover drops it. The reader gets the value alive or
 * nothing; a value it got stays alive across its safe point (where it may park while the
 * collection runs: its slot is part of the cut), and is freed by a later collection once the
 * reader dropped it.
 * r1 = reader (0 nothing, 1 alive at get and after its safe point, 2 freed or reused after its
 * safe point, 3 freed at get), r2 = dict length at the end, r3 = 1 if the value is gone after the
 * arbiter's collection (freed; its block may already hold another instance's object).
 */
@JCStressTest
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "reader got the value before the removal; alive until it dropped it; freed by a later collection")
@Outcome(id = "0, 0, 1", expect = ACCEPTABLE, desc = "reader ran after the removal: nothing; the collection freed the value")
@Outcome(id = "2, 0, 1", expect = FORBIDDEN, desc = "the collection freed the value while the reader held a counted reference")
@Outcome(id = "3, 0, 1", expect = FORBIDDEN, desc = "reader returned a freed value")
@Outcome(expect = FORBIDDEN, desc = "entry not removed, value never freed, or an impossible reader state")
@State
public class Collections_11_PerThreadReaderVsRemoveAndCollect {
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
    final long value;

    public Collections_11_PerThreadReaderVsRemoveAndCollect() {
        ThreadContext t = RuntimeStress.enter();
        dict = ObjectDict.create(t);
        value = IntObject.create(RuntimeStress.COLLECTIONS.space(), t, expected);
        RuntimeStress.RUNTIME.makePerThreadCounted((ThreadState) t.objectThread(), value);
        dict.put(t, KEY, value);
        RuntimeStress.COLLECTIONS.space().decref(t, value); // the dict holds the only reference
        RuntimeStress.leave(t);
    }

    @Actor
    public void remover() {
        ThreadContext t = RuntimeStress.enter();
        dict.remove(t, KEY);
        RuntimeStress.RUNTIME.collect((ThreadState) t.objectThread());
        RuntimeStress.leave(t);
    }

    @Actor
    public void reader(III_Result r) {
        ThreadContext t = RuntimeStress.enter();
        long v = dict.get(t, KEY);
        if (v != 0) {
            int atGet = RuntimeStress.classify(v, expected);
            ((ThreadState) t.objectThread()).poll(); // may park while the remover's collection runs
            int after = RuntimeStress.classify(v, expected);
            r.r1 = atGet != 1 ? 3 : after != 1 ? 2 : 1;
            RuntimeStress.COLLECTIONS.space().decref(t, v);
        }
        RuntimeStress.leave(t);
    }

    @Arbiter
    public void arbiter(III_Result r) {
        ThreadContext t = RuntimeStress.enter();
        r.r2 = (int) dict.length();
        dict.dispose(t);
        RuntimeStress.RUNTIME.collect((ThreadState) t.objectThread());
        // serials are unique: a block that still holds this instance's serial was not freed
        r.r3 = RuntimeStress.classify(value, expected) == 1 ? 0 : 1;
        RuntimeStress.leave(t);
    }
}
