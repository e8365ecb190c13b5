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
import org.openjdk.jcstress.infra.results.II_Result;

import io.github.freethread.vm.runtime.Dicts;
import io.github.freethread.vm.runtime.VmThread;

/**
 * The lock-free dict lookup (Dicts.getOwned with an equal, non-identical key: the stored key is
 * counted before it is compared) racing a resize: the writer inserts into a full table (a new
 * compacted table is published, the old one cleared and retired through QSBR) and deletes again
 * (a second rebuild may follow on the next insert). The key is present throughout, so the reader
 * must find it, with its value alive: a retired table's cleared entries must never read as
 * "absent" (the bug jcstress found in the collections layer, Collections_01).
 * r1: 1 value alive, 0 absent, 3 freed, 4 another object; r2 = len(d) afterwards.
 */
@JCStressTest
@Outcome(id = "1, 5", expect = ACCEPTABLE, desc = "found the value, alive (in the old or the new table)")
@Outcome(id = "0, 5", expect = FORBIDDEN, desc = "a key present throughout was reported absent (stale, cleared table)")
@Outcome(id = "3, 5", expect = FORBIDDEN, desc = "the lookup returned a freed value")
@Outcome(id = "4, 5", expect = FORBIDDEN, desc = "the lookup returned an object never bound to the key")
@Outcome(expect = FORBIDDEN, desc = "the dict is corrupted")
@State
public class Vm_04_DictResizeVsLookup {
    static final AtomicLong SERIAL = new AtomicLong(9_000_000);

    final long dict;
    final long probe;
    final long value = SERIAL.addAndGet(2);

    public Vm_04_DictResizeVsLookup() {
        VmThread t = VM.attachThread(StressVm.SLOTS);
        dict = Dicts.newDict(t, 5);
        long k = t.newStr("stable-key");
        long v = t.newInt(value);
        VM.rt.markSharedRead(k); // as after first locked reads by non-owners: lock-free counting allowed
        VM.rt.markSharedRead(v);
        Dicts.put(t, dict, k, v); // the dict holds the only references to k and v
        t.decref(k);
        t.decref(v);
        for (int i = 0; i < 4; i++) {
            long f = t.newInt(100_000 + i);
            Dicts.put(t, dict, f, f);
            t.decref(f);
        }
        probe = t.newStr("stable-key");
        VM.detachThread(t);
    }

    @Actor
    public void resizer() {
        VmThread t = VM.attachThread(StressVm.SLOTS);
        for (int i = 0; i < 2; i++) {
            long k = t.newInt(200_000 + i);
            Dicts.put(t, dict, k, k); // first insert: the full table is rebuilt and retired
            t.decref(Dicts.pop(t, dict, k));
            t.decref(k);
        }
        VM.detachThread(t);
    }

    @Actor
    public void reader(II_Result r) {
        VmThread t = VM.attachThread(StressVm.SLOTS);
        long v = Dicts.getOwned(t, dict, probe);
        if (v != 0) {
            r.r1 = Vm_02_ListReadVsSetAndFree.classify(v, value, -1);
            t.decref(v);
        }
        VM.detachThread(t);
    }

    @Arbiter
    public void arbiter(II_Result r) {
        VmThread t = VM.attachThread(StressVm.SLOTS);
        r.r2 = (int) Dicts.size(dict);
        try {
            Dicts.assertInvariants(t, dict);
        } catch (AssertionError e) {
            r.r2 = -1;
        }
        t.decref(dict);
        t.decref(probe);
        VM.detachThread(t);
    }
}
