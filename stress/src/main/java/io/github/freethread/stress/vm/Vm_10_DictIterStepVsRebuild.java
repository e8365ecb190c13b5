package io.github.freethread.stress.vm;

import static io.github.freethread.stress.vm.StressVm.VM;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.atomic.AtomicLong;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import io.github.freethread.vm.runtime.Dicts;
import io.github.freethread.vm.runtime.VmThread;

/**
 * The lock-free dict iteration step (Dicts.iterStep: table, filled, key, value read with acquire,
 * key and value counted with a slot re-check, locked fallback) racing a rebuild: the writer
 * deletes entry 1, then inserts into the full table (a compacted table is published, the old one
 * cleared value-then-key and retired through QSBR) and inserts once more. Entry 0 holds a key present throughout, first in both
 * tables (compaction keeps the order), so a step from position 0 must return exactly that key
 * with its value, alive: a retired table's cleared slots must neither end the iteration nor pair
 * the key with a foreign value.
 * r1: value 1 alive, 3 freed, 4 another object, 0 none (exhausted); r2: 1 the stable key, 0 other;
 * r3: position returned (1 = after entry 0).
 */
@JCStressTest
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "entry 0 read (old table, or the lock after a retirement): key and value alive")
@Outcome(id = "0, 0, -1", expect = FORBIDDEN, desc = "the step reported the dict exhausted although entry 0 was live throughout")
@Outcome(id = {"3, 1, 1", "4, 1, 1"}, expect = FORBIDDEN, desc = "the key paired with a freed or foreign value")
@Outcome(expect = FORBIDDEN, desc = "another entry or a torn pair returned, or the dict corrupted")
@State
public class Vm_10_DictIterStepVsRebuild {
    static final AtomicLong SERIAL = new AtomicLong(19_000_000);

    final long dict;
    final long stableKey;
    final long value = SERIAL.addAndGet(2);

    public Vm_10_DictIterStepVsRebuild() {
        VmThread t = VM.attachThread(StressVm.SLOTS);
        dict = Dicts.newDict(t, 5);
        stableKey = t.newStr("stable-key");
        long v = t.newInt(value);
        VM.rt.markSharedRead(stableKey); // as after first locked reads by non-owners: lock-free counting allowed
        VM.rt.markSharedRead(v);
        Dicts.put(t, dict, stableKey, v); // entry 0
        t.decref(v);
        long[] fillers = {t.newInt(FILLER), t.newInt(FILLER + 1), t.newInt(FILLER + 2), t.newInt(FILLER + 3)};
        for (long f : fillers) {
            Dicts.put(t, dict, f, f); // entries 1..4: the table (capacity 5) is full
            t.decref(f);
        }
        VM.detachThread(t);
    }

    static final long FILLER = 300_000;

    /** Deletes entry 1 (a hole behind entry 0), then inserts twice: the first insert rebuilds (compacts) the full table. */
    @Actor
    public void rebuilder() {
        VmThread t = VM.attachThread(StressVm.SLOTS);
        long hole = t.newInt(FILLER);
        t.decref(Dicts.pop(t, dict, hole));
        t.decref(hole);
        long a = t.newInt(FILLER + 10);
        long b = t.newInt(FILLER + 11);
        Dicts.put(t, dict, a, a);
        Dicts.put(t, dict, b, b);
        t.decref(a);
        t.decref(b);
        VM.detachThread(t);
    }

    @Actor
    public void iterator(III_Result r) {
        VmThread t = VM.attachThread(StressVm.SLOTS);
        long[] kv = new long[2];
        long next = Dicts.iterStep(t, dict, 0, true, true, kv);
        r.r3 = (int) next;
        if (next >= 0) {
            r.r2 = kv[0] == stableKey ? 1 : 0;
            r.r1 = Vm_02_ListReadVsSetAndFree.classify(kv[1], value, -1);
            t.decref(kv[0]);
            t.decref(kv[1]);
        }
        VM.detachThread(t);
    }

    @Arbiter
    public void arbiter(III_Result r) {
        VmThread t = VM.attachThread(StressVm.SLOTS);
        try {
            Dicts.assertInvariants(t, dict);
        } catch (AssertionError e) {
            r.r3 = -9;
        }
        t.decref(dict);
        t.decref(stableKey);
        VM.detachThread(t);
    }
}
