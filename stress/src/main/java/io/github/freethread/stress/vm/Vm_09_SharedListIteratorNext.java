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

import io.github.freethread.vm.runtime.Iterators;
import io.github.freethread.vm.runtime.Lists;
import io.github.freethread.vm.runtime.VmThread;

/**
 * One list iterator shared by two threads, each calling {@code next()} once on {@code iter([1, 2])}
 * (Iterators.nextList: read l[i], then claim i -> i+1 by CAS). Each position must go to exactly
 * one thread, and the third call (arbiter) must find the iterator exhausted. Before the CAS, both
 * threads could read index 0 and return item 1 (the plain read-modify-write of the index).
 * r1, r2: the item each actor got (0 = none); r3: what a third next() returns afterwards.
 */
@JCStressTest
@Outcome(id = "1, 2, 0", expect = ACCEPTABLE, desc = "actor 1 claimed position 0, actor 2 position 1")
@Outcome(id = "2, 1, 0", expect = ACCEPTABLE, desc = "actor 2 claimed position 0, actor 1 position 1")
@Outcome(id = {"1, 1, 0", "2, 2, 0", "1, 1, 2", "2, 2, 1"}, expect = FORBIDDEN, desc = "one position handed to both threads (lost index update)")
@Outcome(expect = FORBIDDEN, desc = "a position skipped, an item lost, or the iterator not exhausted after two items")
@State
public class Vm_09_SharedListIteratorNext {
    final long list;
    final long iter;

    public Vm_09_SharedListIteratorNext() {
        VmThread t = VM.attachThread(StressVm.SLOTS);
        list = Lists.newList(t, 2);
        Lists.appendOwned(t, list, t.newInt(1));
        Lists.appendOwned(t, list, t.newInt(2));
        iter = Iterators.iter(t, list);
        VM.detachThread(t);
    }

    private int nextValue() {
        VmThread t = VM.attachThread(StressVm.SLOTS);
        try {
            long x = Iterators.next(t, iter);
            if (x == 0) {
                return 0;
            }
            int v = (int) VmThread.intValue(x);
            t.decref(x);
            return v;
        } finally {
            VM.detachThread(t);
        }
    }

    @Actor
    public void first(III_Result r) {
        r.r1 = nextValue();
    }

    @Actor
    public void second(III_Result r) {
        r.r2 = nextValue();
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r3 = nextValue();
        VmThread t = VM.attachThread(StressVm.SLOTS);
        t.decref(iter);
        t.decref(list);
        VM.detachThread(t);
    }
}
