package io.github.freethread.stress.vm;

import static io.github.freethread.stress.vm.StressVm.VM;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import io.github.freethread.vm.runtime.Lists;
import io.github.freethread.vm.runtime.VmThread;

/**
 * list.append is atomic per list: two Python threads append to one list whose item array is full,
 * so both appends want to grow (replace) the array. Both items must be kept, in some order, and
 * the list must satisfy its layout invariants. r1 = size, r2 = 1 if A's item is present, r3 = 1
 * if B's item is present.
 */
@JCStressTest
@Outcome(id = "4, 1, 1", expect = ACCEPTABLE, desc = "both appends kept (either order)")
@Outcome(id = "3, 1, 0", expect = FORBIDDEN, desc = "B's append lost (both wrote the same slot, or one grew a stale array)")
@Outcome(id = "3, 0, 1", expect = FORBIDDEN, desc = "A's append lost")
@Outcome(expect = FORBIDDEN, desc = "size or items corrupted")
@State
public class Vm_01_ListAppendVsAppend {
    final long list;
    long a;
    long b;

    public Vm_01_ListAppendVsAppend() {
        VmThread t = VM.attachThread(StressVm.SLOTS);
        list = Lists.newList(t, 2);
        Lists.appendOwned(t, list, t.newInt(1000));
        Lists.appendOwned(t, list, t.newInt(1001)); // full: capacity 2
        VM.detachThread(t);
    }

    @Actor
    public void appenderA() {
        VmThread t = VM.attachThread(StressVm.SLOTS);
        long v = t.newInt(2000);
        a = v;
        Lists.append(t, list, v);
        t.decref(v);
        VM.detachThread(t);
    }

    @Actor
    public void appenderB() {
        VmThread t = VM.attachThread(StressVm.SLOTS);
        long v = t.newInt(3000);
        b = v;
        Lists.append(t, list, v);
        t.decref(v);
        VM.detachThread(t);
    }

    @Arbiter
    public void arbiter(III_Result r) {
        VmThread t = VM.attachThread(StressVm.SLOTS);
        r.r1 = (int) Lists.size(list);
        long[] items = Lists.snapshotOwned(t, list);
        for (long x : items) {
            long v = VmThread.intValue(x);
            if (v == 2000) {
                r.r2++;
            } else if (v == 3000) {
                r.r3++;
            }
        }
        Lists.release(t, items);
        try {
            Lists.assertInvariants(list);
        } catch (AssertionError e) {
            r.r1 = -1;
        }
        t.decref(list);
        VM.detachThread(t);
    }
}
