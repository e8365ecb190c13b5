package io.github.freethread.stress.vm;

import static io.github.freethread.stress.vm.StressVm.VM;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.atomic.AtomicLong;

import org.agrona.UnsafeApi;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import io.github.freethread.refcount.ObjectHeader;
import io.github.freethread.vm.runtime.Layouts;
import io.github.freethread.vm.runtime.Lists;
import io.github.freethread.vm.runtime.TypeIds;
import io.github.freethread.vm.runtime.VmThread;

/**
 * The lock-free list read (Lists.getOwned: array pointer, the array's own capacity, slot, counted
 * and re-checked) racing a writer that replaces the item (l[0] = new: the old item's last
 * reference is dropped, so it is freed at once and its block may be reused by the next int) and
 * then appends (the full item array is replaced: the old array is cleared and handed to QSBR).
 * The reader must get the old item alive or the new one, never freed memory or another object.
 * r1: 1 old alive, 2 new alive, 3 freed, 4 a live object that was never in the list; r2 = size.
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "read before the set: the old item, still alive (our reference kept it)")
@Outcome(id = "2, 1", expect = ACCEPTABLE, desc = "read after the set: the new item")
@Outcome(id = "3, 1", expect = FORBIDDEN, desc = "the reader returned a freed object")
@Outcome(id = "4, 1", expect = FORBIDDEN, desc = "the reader confirmed a reused address holding another object")
@Outcome(expect = FORBIDDEN, desc = "empty read of a present index, or the list corrupted")
@State
public class Vm_02_ListReadVsSetAndFree {
    static final AtomicLong SERIAL = new AtomicLong(1_000_000);

    final long list;
    final long oldValue = SERIAL.addAndGet(2);
    final long newValue = oldValue + 1;

    public Vm_02_ListReadVsSetAndFree() {
        VmThread t = VM.attachThread(StressVm.SLOTS);
        list = Lists.newList(t, 1);
        long v = t.newInt(oldValue);
        VM.rt.markSharedRead(v); // as after a first locked read by a non-owner: lock-free counting allowed
        Lists.appendOwned(t, list, v); // the list holds the only reference
        VM.detachThread(t);
    }

    @Actor
    public void writer() {
        VmThread t = VM.attachThread(StressVm.SLOTS);
        long v = t.newInt(newValue);
        Lists.set(t, list, 0, v); // drops the old item's last reference: freed now
        t.decref(v);
        long junk = t.newInt(oldValue + 7); // likely reuses the freed block (same size class)
        Lists.appendOwned(t, list, junk); // grows: the old array is cleared and retired through QSBR
        t.decref(Lists.pop(t, list, Long.MIN_VALUE, "pop"));
        VM.detachThread(t);
    }

    @Actor
    public void reader(II_Result r) {
        VmThread t = VM.attachThread(StressVm.SLOTS);
        long v = Lists.getOwned(t, list, 0);
        if (v != 0) {
            r.r1 = classify(v, oldValue, newValue);
            t.decref(v);
        }
        VM.detachThread(t);
    }

    static int classify(long o, long oldValue, long newValue) {
        if ((UnsafeApi.getInt(o + ObjectHeader.TYPE_ID_OFFSET) & ObjectHeader.TYPE_FREED_BIT) != 0
            || UnsafeApi.getInt(o + ObjectHeader.OWNER_ID_OFFSET) == ObjectHeader.FREED_OWNER) {
            return 3;
        }
        if (VmThread.typeOf(o) != TypeIds.INT) {
            return 4;
        }
        long x = UnsafeApi.getLong(o + Layouts.INT_VALUE);
        return x == oldValue ? 1 : x == newValue ? 2 : 4;
    }

    @Arbiter
    public void arbiter(II_Result r) {
        VmThread t = VM.attachThread(StressVm.SLOTS);
        r.r2 = (int) Lists.size(list); // 1: the new item, after set, append, pop
        t.decref(list);
        VM.detachThread(t);
    }
}
