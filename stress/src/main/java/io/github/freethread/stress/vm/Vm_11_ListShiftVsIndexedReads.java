package io.github.freethread.stress.vm;

import static io.github.freethread.stress.vm.StressVm.VM;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import io.github.freethread.vm.runtime.Lists;
import io.github.freethread.vm.runtime.VmThread;

/**
 * A reader's two lock-free reads l[0] then l[1] (what one list iterator does on two steps) racing
 * l.pop(0) on [1, 2, 3], which shifts items down one word at a time. With an atomic pop the reads
 * give (1, 2) before it, (2, 3) after it, or (1, 3) across it (2 skipped); never (2, 2): item 2
 * returned twice, which only a half-done shift can show (slot 0 already holds 2, slot 1 still 2).
 * The in-place shift showed (2, 2) here (observed in a quick-mode run); since a
 * list another thread may read is shifted into a fresh array published in one store
 * (Lists.removeLocked), it is forbidden. r1, r2: the items read (0 = none).
 */
@JCStressTest
@Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "both reads before the pop")
@Outcome(id = "2, 3", expect = ACCEPTABLE, desc = "both reads after the pop")
@Outcome(id = "1, 3", expect = ACCEPTABLE, desc = "the pop between the reads: item 2 skipped (weakly consistent)")
@Outcome(id = "2, 2", expect = FORBIDDEN, desc = "item 2 read twice: the second read saw a half-done shift")
@Outcome(expect = FORBIDDEN, desc = "a freed, foreign or missing item")
@State
public class Vm_11_ListShiftVsIndexedReads {
    final long list;

    public Vm_11_ListShiftVsIndexedReads() {
        VmThread t = VM.attachThread(StressVm.SLOTS);
        list = Lists.newList(t, 3);
        for (int i = 1; i <= 3; i++) {
            Lists.appendOwned(t, list, t.newInt(i));
        }
        VM.detachThread(t);
    }

    @Actor
    public void popper() {
        VmThread t = VM.attachThread(StressVm.SLOTS);
        t.decref(Lists.pop(t, list, 0, "pop"));
        VM.detachThread(t);
    }

    @Actor
    public void reader(II_Result r) {
        VmThread t = VM.attachThread(StressVm.SLOTS);
        long a = Lists.getOwned(t, list, 0);
        long b = Lists.getOwned(t, list, 1);
        r.r1 = a == 0 ? 0 : (int) VmThread.intValue(a);
        r.r2 = b == 0 ? 0 : (int) VmThread.intValue(b);
        t.xdecref(a);
        t.xdecref(b);
        VM.detachThread(t);
    }

    @Arbiter
    public void arbiter() {
        VmThread t = VM.attachThread(StressVm.SLOTS);
        t.decref(list);
        VM.detachThread(t);
    }
}
