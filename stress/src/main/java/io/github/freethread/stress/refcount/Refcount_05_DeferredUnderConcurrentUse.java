package io.github.freethread.stress.refcount;

import static io.github.freethread.stress.refcount.StressObjects.RT;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.agrona.UnsafeApi;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

import io.github.freethread.refcount.ObjectHeader;
import io.github.freethread.refcount.ThreadState;

/**
 * Deferred counting under concurrent use. A deferred object (say a function) has two owning
 * references, one per thread; both threads use it without counting (acquireUse) and drop their
 * owning reference while still using it. The last drop retires it; it is not freed before both
 * threads passed a safe point, so each thread's uncounted use stays valid (payload intact) even
 * after the count reached zero. Thread 1 also races a tryIncref against thread 2's drop: it may
 * win (and then drops that reference too), but it never revives a retired object.
 * r1, r2 = payload intact during each thread's use (after its drop), r3 = retirements (exactly
 * one), r4 = thread 1's tryIncref succeeded.
 */
@JCStressTest
@Outcome(id = "1, 1, 1, 1", expect = ACCEPTABLE, desc = "thread 1's tryIncref ran before the last owning reference was dropped")
@Outcome(id = "1, 1, 1, 0", expect = ACCEPTABLE, desc = "thread 1's tryIncref ran after the count reached zero: refused, no resurrection")
@Outcome(expect = FORBIDDEN, desc = "freed during an uncounted use, retired twice or never, or a retired object revived")
@State
public class Refcount_05_DeferredUnderConcurrentUse {
    final ThreadState a = RT.newThreadState();
    final ThreadState b = RT.newThreadState();
    final long obj;

    public Refcount_05_DeferredUnderConcurrentUse() {
        obj = RT.allocate(a, StressObjects.DEFERRED, 8);
        UnsafeApi.putLong(StressObjects.payload(obj), StressObjects.MAGIC);
        RT.makeDeferred(a, obj);
        RT.incref(a, obj); // two owning references: one stays with a, one is handed to b
    }

    private boolean intact() {
        return UnsafeApi.getLongVolatile(null, StressObjects.payload(obj)) == StressObjects.MAGIC;
    }

    @Actor
    public void threadOne(IIII_Result r) {
        boolean counted = RT.acquireUse(a, obj);
        RT.decref(a, obj); // drop the owning reference while still using it
        if (RT.tryIncref(a, obj)) {
            r.r4 = 1;
            RT.decref(a, obj);
        }
        r.r1 = intact() && !counted ? 1 : 0;
        RT.releaseUse(a, obj, counted);
        a.poll();
    }

    @Actor
    public void threadTwo(IIII_Result r) {
        boolean counted = RT.acquireUse(b, obj);
        RT.decref(b, obj);
        r.r2 = intact() && !counted ? 1 : 0;
        RT.releaseUse(b, obj, counted);
        b.poll();
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
        r.r3 = (int) (a.counters().deferredRetired() + b.counters().deferredRetired());
        if ((UnsafeApi.getIntVolatile(null, obj + ObjectHeader.FLAGS_OFFSET) & ObjectHeader.FLAG_RETIRED) == 0) {
            r.r3 += 10; // not marked retired
        }
        RT.detach(b);
        RT.reclaimDeferred(a); // frees it now, or later once other in-flight instances' states are gone
        RT.detach(a);
    }
}
