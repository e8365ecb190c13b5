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
import io.github.freethread.collections.dict.ObjectDict;

/**
 * A lock-free lookup of a key that is present throughout races an insert that fills the table and
 * forces a resize (new compacted table published, old one cleared and retired through QSBR). The
 * reader must find the value whichever table it loaded: the old one (before its slots are cleared,
 * or falling back to the lock after) or the new one.
 */
@JCStressTest
@Outcome(id = "1, 6", expect = ACCEPTABLE, desc = "reader found the value (old or new table, or locked fallback); resize completed")
@Outcome(id = "0, 6", expect = FORBIDDEN, desc = "reader missed a key present throughout the resize")
@Outcome(id = "2, 6", expect = FORBIDDEN, desc = "reader got another value: a stale slot confirmed a foreign object")
@Outcome(id = "3, 6", expect = FORBIDDEN, desc = "reader got a dead object: read freed memory")
@Outcome(expect = FORBIDDEN, desc = "dict lost entries or reader saw something impossible")
@State
public class Collections_01_DictReaderVsResize {
    static final long[] KEYS = new long[6];
    static final long[] VALUES = new long[6];

    static {
        for (int i = 0; i < KEYS.length; i++) {
            KEYS[i] = StressRuntime.immortalInt(i);
            VALUES[i] = StressRuntime.immortalInt(100 + i);
        }
    }

    final ObjectDict dict;

    public Collections_01_DictReaderVsResize() {
        ThreadContext t = StressRuntime.enter();
        dict = ObjectDict.create(t);
        for (int i = 0; i < 5; i++) { // 5 entries fill the smallest table (8 slots, 5 entries)
            dict.put(t, KEYS[i], VALUES[i]);
        }
        StressRuntime.leave(t);
    }

    @Actor
    public void writer() {
        ThreadContext t = StressRuntime.enter();
        dict.put(t, KEYS[5], VALUES[5]); // table full: resize
        StressRuntime.leave(t);
    }

    @Actor
    public void reader(II_Result r) {
        ThreadContext t = StressRuntime.enter();
        long v = dict.get(t, KEYS[2]);
        if (v == 0) {
            r.r1 = 0;
        } else {
            r.r1 = StressRuntime.classify(v, 102);
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
