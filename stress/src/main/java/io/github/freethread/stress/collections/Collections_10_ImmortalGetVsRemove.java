package io.github.freethread.stress.collections;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import io.github.freethread.collections.ThreadContext;
import io.github.freethread.collections.dict.ObjectDict;
import io.github.freethread.collections.object.IntObject;
import io.github.freethread.collections.object.ObjectSpace;

/**
 * An immortal value in a tagged slot: {@code get} returns it from the slot word alone (no count,
 * no header read, no re-read) while a writer inserts another key (which fills the table: the
 * insert replaces it and retires, clears and defers the one the reader may be probing) and then
 * removes the reader's key. The reader gets the
 * immortal value or nothing; never a word with tag bits, never another object, and the immortal
 * value's header is never written by the counting.
 * r1 = get: 1 the value / 0 absent / 4 other; r2 = header unchanged (1); r3 = length after.
 */
@JCStressTest
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "reader found the value (before the removal; in the old or the new table)")
@Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "reader ran after the removal: nothing")
@Outcome(id = {"4, .*", ".*, 0, .*"}, expect = FORBIDDEN, desc = "a tagged or foreign word returned, or the immortal header was counted")
@Outcome(expect = FORBIDDEN, desc = "the removal or the insertion was lost, or an impossible reader state")
@State
public class Collections_10_ImmortalGetVsRemove {
    static final long KEY;
    static final long OTHER_KEY;
    static final long VALUE;
    static final long HEADER_WORDS;

    static {
        ThreadContext t = RuntimeStress.enter();
        ObjectSpace space = RuntimeStress.COLLECTIONS.space();
        KEY = RuntimeStress.immortalInt(t, 10);
        OTHER_KEY = RuntimeStress.immortalInt(t, 11);
        VALUE = RuntimeStress.immortalInt(t, 100);
        space.shareForReading(VALUE); // the one header change a store makes (BIASED -> SHARED_READ)
        HEADER_WORDS = RuntimeStress.countWords(VALUE);
        RuntimeStress.leave(t);
    }

    final ObjectDict dict;

    public Collections_10_ImmortalGetVsRemove() {
        ThreadContext t = RuntimeStress.enter();
        dict = ObjectDict.create(t);
        // five entries fill the smallest table (capacity 5): the next insert resizes it
        for (int i = 0; i < 4; i++) {
            long k = IntObject.create(RuntimeStress.COLLECTIONS.space(), t, 1000 + i);
            dict.put(t, k, VALUE);
            RuntimeStress.COLLECTIONS.space().decref(t, k);
        }
        dict.put(t, KEY, VALUE);
        RuntimeStress.leave(t);
    }

    @Actor
    public void writer() {
        ThreadContext t = RuntimeStress.enter();
        dict.put(t, OTHER_KEY, VALUE); // sixth entry: resize
        dict.remove(t, KEY);
        RuntimeStress.leave(t);
    }

    @Actor
    public void reader(III_Result r) {
        ThreadContext t = RuntimeStress.enter();
        long v = dict.get(t, KEY);
        r.r1 = v == 0 ? 0 : v == VALUE ? 1 : 4;
        if (v == VALUE) {
            RuntimeStress.COLLECTIONS.space().decref(t, v);
        }
        r.r2 = RuntimeStress.countWords(VALUE) == HEADER_WORDS ? 1 : 0;
        RuntimeStress.leave(t);
    }

    @Arbiter
    public void arbiter(III_Result r) {
        ThreadContext t = RuntimeStress.enter();
        r.r3 = (int) dict.length() - 4; // the four fillers stay
        dict.dispose(t);
        RuntimeStress.leave(t);
    }
}
