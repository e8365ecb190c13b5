package io.github.freethread.stress.refcount;

import static io.github.freethread.stress.refcount.StressObjects.RT;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import io.github.freethread.refcount.ThreadState;

/**
 * A thread going offline and online (the gate's OFFLINE → ONLINE CAS against the collector's
 * OFFLINE → BARRED CAS) while another thread drops its reference and collects. The object starts
 * with two references, one for each thread. Thread A takes a third, goes offline holding it (its
 * slot +1 frozen), comes back online (waiting while barred), checks the object and drops its two
 * references. Thread B drops its one and collects. Every cut of B's collection sees A's reference
 * (A's slot is folded whether A is parked, barred or not yet online), so the object is never freed
 * while A holds it; after the final collection it is freed exactly once.
 * r1 = A's check after coming back online (1 intact, 2 freed), r2 = deallocations at the end.
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "A's counted reference kept the object alive across B's collection; freed once at the end")
@Outcome(id = "2, 1", expect = FORBIDDEN, desc = "B's collection missed A's slot (offline or coming online) and freed the object")
@Outcome(expect = FORBIDDEN, desc = "freed early, twice, or never after the final collection")
@State
public class Refcount_07_OfflineThreadVsCollection {
    final ThreadState a = RT.newThreadState();
    final ThreadState b = RT.newThreadState();
    final ThreadState c = RT.newThreadState();
    final long probe = StressObjects.newProbe();
    final long obj;

    public Refcount_07_OfflineThreadVsCollection() {
        c.online();
        obj = StressObjects.newProbed(c, probe);
        RT.makePerThreadCounted(c, obj);
        RT.incref(c, obj); // two references: one for A, one for B
        c.offline();
    }

    @Actor
    public void threadA(II_Result r) {
        a.online();
        RT.incref(a, obj);
        a.offline(); // holds a counted reference while offline
        a.online(); // CAS against the collector's barring: waits while barred
        r.r1 = StressObjects.frees(probe) == 0 ? 1 : 2;
        RT.decref(a, obj);
        RT.decref(a, obj);
        a.offline();
    }

    @Actor
    public void threadB() {
        b.online();
        RT.decref(b, obj);
        RT.collect(b);
        b.offline();
    }

    @Arbiter
    public void arbiter(II_Result r) {
        c.online();
        RT.collect(c);
        r.r2 = StressObjects.frees(probe);
        c.offline();
        RT.detach(a);
        RT.detach(b);
        RT.detach(c);
        StressObjects.freeProbe(probe);
    }
}
