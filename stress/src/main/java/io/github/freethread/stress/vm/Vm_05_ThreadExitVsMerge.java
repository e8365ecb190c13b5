package io.github.freethread.stress.vm;

import static io.github.freethread.stress.vm.StressVm.VM;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

import org.agrona.UnsafeApi;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import io.github.freethread.vm.modules.HandleTable;
import io.github.freethread.vm.runtime.Layouts;
import io.github.freethread.vm.runtime.TypeIds;
import io.github.freethread.vm.runtime.VmThread;

/**
 * A Python thread exits (Vm.detachThread: number caches drained, merge queue polled, thread state
 * detached, GIL dropped) while another thread drops its reference to an object the exiting thread
 * owns (biased counting: the drop is queued to the owner's merge queue, or merged on the spot once
 * the owner is gone). The object is a handle object whose Java state counts deallocations: it
 * must be deallocated exactly once. r1 = deallocations; r2 = 1 if the other thread saw the
 * object in time (else the arbiter drops that reference on a thread of its own); r3 = who ran
 * the deallocation: 1 the exiting owner, 2 the other thread, 3 the arbiter.
 */
@JCStressTest
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "the drop was queued before the owner's exit drain; the exiting owner freed it")
@Outcome(id = "1, 1, 2", expect = ACCEPTABLE, desc = "the other thread's drop came last (spot merge after detach, or after the owner's drop); it freed it")
@Outcome(id = "1, 0, 3", expect = ACCEPTABLE_INTERESTING, desc = "the other actor ran before the publication: the arbiter dropped the reference")
@Outcome(expect = FORBIDDEN, desc = "freed twice, never freed (stranded in a dead merge queue), or freed by the wrong party")
@State
public class Vm_05_ThreadExitVsMerge {
    /** Counts deallocations of the probe object and records on which side they ran. */
    static final class Probe implements HandleTable.Native {
        final AtomicInteger drops = new AtomicInteger();
        volatile int by;
        volatile Thread owner;
        volatile Thread other;
        /** Set before the arbiter drops (the arbiter may run on either actor's Java thread). */
        volatile boolean arbiter;

        @Override
        public void dropReferences(LongConsumer v) {
            drops.incrementAndGet();
            Thread me = Thread.currentThread();
            by = arbiter ? 3 : me == owner ? 1 : me == other ? 2 : 4;
        }
    }

    final Probe probe = new Probe();
    volatile long published;
    boolean observed;

    @Actor
    public void ownerExits() {
        probe.owner = Thread.currentThread();
        VmThread t = VM.attachThread(StressVm.SLOTS);
        long o = t.alloc(TypeIds.EVENT, Layouts.HANDLE_PAYLOAD);
        UnsafeApi.putInt(o + Layouts.HANDLE_SLOT, VM.handles.register(probe));
        t.incref(o); // two references: one handed to the other thread
        published = o; // volatile: publishes the object (and the reference) to the other actor
        t.decref(o);
        VM.detachThread(t);
    }

    @Actor
    public void otherDrops() {
        probe.other = Thread.currentThread();
        long o = 0;
        for (int i = 0; i < 200_000 && (o = published) == 0; i++) {
            Thread.onSpinWait();
        }
        if (o == 0) {
            return;
        }
        observed = true;
        VmThread t = VM.attachThread(StressVm.SLOTS);
        t.decref(o);
        VM.detachThread(t);
    }

    @Arbiter
    public void arbiter(III_Result r) {
        if (!observed) {
            probe.arbiter = true;
            long o = published;
            VmThread t = VM.attachThread(StressVm.SLOTS);
            t.decref(o);
            VM.detachThread(t);
        }
        r.r1 = probe.drops.get();
        r.r2 = observed ? 1 : 0;
        r.r3 = probe.by;
    }
}
