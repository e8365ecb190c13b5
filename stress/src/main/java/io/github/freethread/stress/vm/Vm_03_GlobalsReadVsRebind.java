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
 * A module's globals dict read by the specialised global load (LOAD_GLOBAL_MODULE:
 * Dicts.loadCached with the entry number and keys version cached when the instruction was
 * quickened; on a guard failure the generic owned lookup, as the interpreter deopts) while another
 * thread rebinds the global (its old value's last reference dropped: freed at once) and then
 * inserts a new global into the full table (a rebuild: new keys version, new table published,
 * the old one cleared and retired through QSBR). r1: 1 old value alive, 2 new value alive,
 * 3 freed, 4 another object; r2: 1 the cached path answered, 2 the generic path; r3 = len(globals).
 */
@JCStressTest
@Outcome(id = "1, 1, 6", expect = ACCEPTABLE, desc = "cached load before the rebind: old value")
@Outcome(id = "2, 1, 6", expect = ACCEPTABLE, desc = "cached load after the rebind (a value update keeps the keys version), before the rebuild")
@Outcome(id = "1, 2, 6", expect = ACCEPTABLE, desc = "cached path lost a race (slot changed under it), generic lookup before the rebind")
@Outcome(id = "2, 2, 6", expect = ACCEPTABLE, desc = "guard failed after the rebuild (or slot re-check failed): generic lookup found the new value")
@Outcome(id = "3, .*", expect = FORBIDDEN, desc = "a load returned a freed value")
@Outcome(id = "4, .*", expect = FORBIDDEN, desc = "a load returned an object never bound to the name (stale entry of a rebuilt table)")
@Outcome(expect = FORBIDDEN, desc = "the global went missing, or the dict is corrupted")
@State
public class Vm_03_GlobalsReadVsRebind {
    static final AtomicLong SERIAL = new AtomicLong(5_000_000);

    final long globals;
    final long name;
    final long probeName;
    final long newName;
    final int cachedIndex;
    final int cachedVersion;
    final long oldValue = SERIAL.addAndGet(2);
    final long newValue = oldValue + 1;

    public Vm_03_GlobalsReadVsRebind() {
        VmThread t = VM.attachThread(StressVm.SLOTS);
        globals = Dicts.newDict(t, 5); // capacity 5: X plus four more fills it
        name = t.newStr("X");
        probeName = t.newStr("X"); // the code object's own name object: equal, not identical
        newName = t.newStr("NEW");
        long v = t.newInt(oldValue);
        VM.rt.markSharedRead(v); // as after a first locked read by a non-owner: the cached path can count it
        Dicts.put(t, globals, name, v);
        t.decref(v);
        for (int i = 0; i < 4; i++) {
            long k = t.newStr("G" + i);
            Dicts.put(t, globals, k, k);
            t.decref(k);
        }
        cachedIndex = (int) Dicts.find(t, globals, probeName); // what Specializer.loadGlobal caches
        cachedVersion = Dicts.keysVersion(globals);
        VM.detachThread(t);
    }

    @Actor
    public void rebinder() {
        VmThread t = VM.attachThread(StressVm.SLOTS);
        long v = t.newInt(newValue);
        Dicts.put(t, globals, name, v); // X = new: the old value is freed now
        t.decref(v);
        Dicts.put(t, globals, newName, newName); // NEW = ...: the full table is rebuilt and retired
        VM.detachThread(t);
    }

    @Actor
    public void loader(III_Result r) {
        VmThread t = VM.attachThread(StressVm.SLOTS);
        long v = Dicts.loadCached(t, globals, cachedIndex, cachedVersion);
        r.r2 = 1;
        if (v == 0) {
            v = Dicts.getOwned(t, globals, probeName); // the deoptimised, generic path
            r.r2 = 2;
        }
        if (v != 0) {
            r.r1 = Vm_02_ListReadVsSetAndFree.classify(v, oldValue, newValue);
            t.decref(v);
        }
        VM.detachThread(t);
    }

    @Arbiter
    public void arbiter(III_Result r) {
        VmThread t = VM.attachThread(StressVm.SLOTS);
        r.r3 = (int) Dicts.size(globals);
        try {
            Dicts.assertInvariants(t, globals);
        } catch (AssertionError e) {
            r.r3 = -1;
        }
        t.decref(globals);
        t.decref(name);
        t.decref(probeName);
        t.decref(newName);
        VM.detachThread(t);
    }
}
