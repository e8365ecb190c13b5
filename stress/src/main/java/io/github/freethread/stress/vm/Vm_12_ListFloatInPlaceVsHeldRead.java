package io.github.freethread.stress.vm;

import static io.github.freethread.stress.vm.StressVm.VM;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.agrona.UnsafeApi;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import io.github.freethread.refcount.ObjectHeader;
import io.github.freethread.vm.runtime.Layouts;
import io.github.freethread.vm.runtime.ListFloats;
import io.github.freethread.vm.runtime.Lists;
import io.github.freethread.vm.runtime.TypeIds;
import io.github.freethread.vm.runtime.VmThread;

/**
 * The in-place float store of compiled code (ListFloats.storeDouble, soundness S1-S5) racing a
 * reader that takes the item and holds it. The writer makes the list's item a float of its own
 * with no other reference (l[0] = 1.0 from a new float, its own reference dropped), then stores
 * 2.0: in place if the list's reference is still the only one, else as a new float. The reader
 * takes l[0] (lock-free or under the lock) and records its value; the arbiter re-reads the value
 * of the very object the reader holds. A float is immutable: the two must be equal.
 * r1: value when taken, r2: value of the same object at the end (1: 0.5 the initial item,
 * 2: 1.0, 3: 2.0, 9: anything else).
 */
@JCStressTest
@State
@Outcome(id = {"1, 1", "2, 2", "3, 3"}, expect = ACCEPTABLE, desc = "the held float kept its value: taken before the"
    + " writer's first store (0.5), between the stores (1.0; the second store then allocated), or after (2.0)")
@Outcome(id = "2, 3", expect = FORBIDDEN, desc = "the held float was overwritten in place after the reader took it")
@Outcome(expect = FORBIDDEN, desc = "a held float changed, or the reader saw another object")
public class Vm_12_ListFloatInPlaceVsHeldRead {
    /** The list under test: one float item. */
    final long list;
    /** The reader's owned reference to what it took, released by the arbiter. */
    long held;

    public Vm_12_ListFloatInPlaceVsHeldRead() {
        VmThread t = VM.attachThread(StressVm.SLOTS);
        list = Lists.newList(t, 1);
        Lists.appendOwned(t, list, t.newFloat(0.5));
        VM.detachThread(t);
    }

    @Actor
    public void writer() {
        VmThread t = VM.attachThread(StressVm.SLOTS);
        long f = t.newFloat(1.0);
        Lists.set(t, list, 0, f);
        t.decref(f); // the list's reference is the only one: owner t, local count 1, shared 0
        ListFloats.storeDouble(t, list, 0, 2.0);
        VM.detachThread(t);
    }

    @Actor
    public void reader(II_Result r) {
        VmThread t = VM.attachThread(StressVm.SLOTS);
        held = Lists.getOwned(t, list, 0);
        r.r1 = classify(held);
        VM.detachThread(t);
    }

    static int classify(long o) {
        if (o == 0 || VmThread.typeOf(o) != TypeIds.FLOAT
            || UnsafeApi.getInt(o + ObjectHeader.OWNER_ID_OFFSET) == ObjectHeader.FREED_OWNER) {
            return 9;
        }
        double x = UnsafeApi.getDouble(o + Layouts.FLOAT_VALUE);
        return x == 0.5 ? 1 : x == 1.0 ? 2 : x == 2.0 ? 3 : 9;
    }

    @Arbiter
    public void arbiter(II_Result r) {
        VmThread t = VM.attachThread(StressVm.SLOTS);
        r.r2 = classify(held);
        if (held != 0) {
            t.decref(held);
        }
        t.decref(list);
        VM.detachThread(t);
    }
}
