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
import io.github.freethread.refcount.ThreadState;

/**
 * The tagged value slot on the real stack: both values are deferred before they are stored, so
 * the dict keeps them with the uncounted-use tag. A writer replaces the first value with the
 * second while a reader looks the key up twice: {@code getUse} (answered from the one tagged slot
 * load, no header read, no re-read), then {@code get} (a counted reference: the conditional
 * increment of the tagged word, confirmed against the whole word). The key is bound throughout,
 * so each lookup must see the old or the new value, never "absent", never a tag bit in an
 * address; {@code getUse} must come back uncounted; and the second lookup cannot see the old value
 * once the first saw the new one (the slot is read coherently). The values are shared by every
 * instance and kept alive by a static reference, so no deferred value retires here (retirement
 * waits for every jcstress worker thread's safe point, see docs/collections.md section 8); the
 * reader's counted reference is dropped before the actor ends.
 * r1 = getUse: 1 old, 2 new (uncounted use) / 3 a counted use / 0 absent / 4 other;
 * r2 = get: 1 old, 2 new / 0 absent / 4 other (tag bits left in the address); r3 = length after.
 */
@JCStressTest
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "both lookups before the replacement")
@Outcome(id = "1, 2, 1", expect = ACCEPTABLE, desc = "the replacement between the two lookups")
@Outcome(id = "2, 2, 1", expect = ACCEPTABLE, desc = "both lookups after the replacement")
@Outcome(id = "2, 1, 1", expect = FORBIDDEN, desc = "the counted lookup went back to the old value after getUse saw the new one")
@Outcome(id = {"3, .*", ".*, 0, .*", "0, .*", "4, .*", ".*, 4, .*"}, expect = FORBIDDEN,
        desc = "a deferred value counted although its slot was tagged, a bound key answered absent, or a tagged/foreign word returned")
@Outcome(expect = FORBIDDEN, desc = "the replacement lost the entry, or an impossible reader state")
@State
public class Collections_09_TaggedDeferredReadVsReplace {
    static final long KEY;
    static final long OLD;
    static final long NEW;

    static {
        ThreadContext t = RuntimeStress.enter();
        ObjectSpace space = RuntimeStress.COLLECTIONS.space();
        KEY = RuntimeStress.immortalInt(t, 9);
        OLD = IntObject.create(space, t, 1);
        NEW = IntObject.create(space, t, 2);
        // deferred before any dict stores them (the tag is taken at the store); the statics keep
        // their references for the life of the fork, so they never retire
        RuntimeStress.RUNTIME.makeDeferred((ThreadState) t.objectThread(), OLD);
        RuntimeStress.RUNTIME.makeDeferred((ThreadState) t.objectThread(), NEW);
        RuntimeStress.leave(t);
    }

    final ObjectDict dict;

    public Collections_09_TaggedDeferredReadVsReplace() {
        ThreadContext t = RuntimeStress.enter();
        dict = ObjectDict.create(t);
        dict.put(t, KEY, OLD);
        RuntimeStress.leave(t);
    }

    private static int which(long obj) {
        return obj == OLD ? 1 : obj == NEW ? 2 : 4;
    }

    @Actor
    public void writer() {
        ThreadContext t = RuntimeStress.enter();
        dict.put(t, KEY, NEW);
        RuntimeStress.leave(t);
    }

    @Actor
    public void reader(III_Result r) {
        ThreadContext t = RuntimeStress.enter();
        long u = dict.getUse(t, KEY);
        if (u == 0) {
            r.r1 = 0;
        } else if ((u & ObjectSpace.UNCOUNTED_USE) == 0) {
            r.r1 = 3;
        } else {
            r.r1 = which(ObjectSpace.useObject(u));
        }
        if (u != 0) {
            RuntimeStress.COLLECTIONS.space().releaseUse(t, u);
        }
        long v = dict.get(t, KEY);
        if (v == 0) {
            r.r2 = 0;
        } else {
            r.r2 = which(v);
            if (r.r2 != 4) {
                RuntimeStress.COLLECTIONS.space().decref(t, v);
            }
        }
        RuntimeStress.leave(t);
    }

    @Arbiter
    public void arbiter(III_Result r) {
        ThreadContext t = RuntimeStress.enter();
        r.r3 = (int) dict.length();
        dict.dispose(t);
        RuntimeStress.leave(t);
    }
}
