package io.github.freethread.stress.refcount;

import static io.github.freethread.stress.refcount.StressObjects.RT;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.agrona.UnsafeApi;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import io.github.freethread.refcount.ThreadState;

/**
 * A lock-free reader (load slot, tryIncrefCompare) races the writer that clears the slot and
 * drops the last reference. The object is SHARED_READ (lock-free readable), so the owner's last
 * decrement merges with a CAS that a reader's CAS can precede. A reader must never end up holding
 * a reference to an object that was freed (resurrection). r1 = freed by the writer (owner),
 * r2 = reader: 0 saw the slot cleared, 1 tryIncrefCompare failed, 2 got a reference,
 * r3 = total frees after the arbiter dropped the reader's reference (if any).
 */
@JCStressTest
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "reader loaded the cleared slot; the owner freed")
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "reader loaded the object, its tryIncref failed (MERGED|0 or freed block); the owner freed")
@Outcome(id = "0, 2, 1", expect = ACCEPTABLE, desc = "reader incremented before the slot was cleared; the owner merged to MERGED|1; the reader's reference freed it later")
@Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "reader incremented, then saw the slot cleared and undid its increment, freeing the object itself")
@Outcome(id = "0, 0, 1", expect = ACCEPTABLE_INTERESTING, desc = "freed by another instance's reader undoing an increment on this recycled block (same-size-class reuse, rejected by its slot)")
@Outcome(expect = FORBIDDEN, desc = "resurrection (reader holds a reference to a freed object), double free, or leak")
@State
public class Refcount_03_TryIncrefVsLastDecref {
    final ThreadState owner = RT.newThreadState();
    final ThreadState reader = RT.newThreadState();
    final long probe = StressObjects.newProbe();
    final long obj;
    long held;

    public Refcount_03_TryIncrefVsLastDecref() {
        obj = StressObjects.newProbed(owner, probe);
        RT.markSharedRead(obj);
        UnsafeApi.putLongVolatile(null, StressObjects.slot(probe), obj); // the slot's reference is the owner's local one
    }

    @Actor
    public void writerClearsAndDrops(III_Result r) {
        UnsafeApi.putLongVolatile(null, StressObjects.slot(probe), 0); // release: pairs with the reader's volatile loads
        RT.decref(owner, obj);
        r.r1 = StressObjects.deallocations(owner);
    }

    @Actor
    public void lockFreeReader(III_Result r) {
        ReaderEpochGate.INSTANCE.enter();
        try {
            long slot = StressObjects.slot(probe);
            long seen = UnsafeApi.getLongVolatile(null, slot);
            if (seen == 0) {
                r.r2 = 0;
            } else if (RT.tryIncrefCompare(reader, slot, seen)) {
                held = seen;
                r.r2 = 2;
            } else {
                r.r2 = 1;
            }
        } finally {
            ReaderEpochGate.INSTANCE.exit();
        }
    }

    @Arbiter
    public void arbiter(III_Result r) {
        if (held != 0) {
            if (StressObjects.frees(probe) != 0) {
                r.r3 = 100; // resurrection: the reader holds a reference to a freed object
            }
            RT.decref(reader, held);
        }
        r.r3 += StressObjects.frees(probe);
        RT.detach(owner);
        RT.detach(reader);
        StressObjects.freeProbe(probe);
    }
}
