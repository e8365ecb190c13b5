package io.github.freethread.stress.refcount;

import static io.github.freethread.stress.refcount.StressObjects.RT;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import io.github.freethread.refcount.ThreadState;

/**
 * A counted reference to a per-thread counted object handed from thread A to thread B across a
 * stop-the-world collection. A takes a reference (+1 in A's slot), hands it to B through a
 * mailbox, drops the instance's reference (-1 in A's slot: A's net is 0) and collects. B takes the
 * handed reference, passes a safe point (where it may park through A's collection) and only then
 * drops it (-1 in B's slot). At A's cut the handed reference must be counted (shared word +
 * A's and B's slots = 1 while B holds it), so B's object is intact before and after its safe
 * point; after the arbiter's final collection it is freed exactly once.
 * r1 = B's view (0: mailbox still empty, 1: intact before and after its safe point, 2: freed
 * while B held it), r2 = deallocations of the object after the final collection.
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "B took the handed reference; alive across its safe point; freed once at the end")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "B looked before A handed it over; the arbiter dropped it; freed once at the end")
@Outcome(id = "2, 1", expect = FORBIDDEN, desc = "a collection freed the object while B held a counted reference")
@Outcome(expect = FORBIDDEN, desc = "freed early, twice, or never after the final collection")
@State
public class Refcount_06_PerThreadHandOffAcrossCollection {
    private static final VarHandle MAILBOX;

    static {
        try {
            MAILBOX = MethodHandles.lookup().findVarHandle(Refcount_06_PerThreadHandOffAcrossCollection.class, "mailbox", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final ThreadState a = RT.newThreadState();
    final ThreadState b = RT.newThreadState();
    final ThreadState c = RT.newThreadState();
    final long probe = StressObjects.newProbe();
    final long obj;
    @SuppressWarnings("unused")
    private long mailbox;
    boolean taken;

    public Refcount_06_PerThreadHandOffAcrossCollection() {
        c.online();
        obj = StressObjects.newProbed(c, probe);
        RT.makePerThreadCounted(c, obj); // one reference: the instance's
        c.offline();
    }

    @Actor
    public void threadA() {
        a.online();
        RT.incref(a, obj);
        MAILBOX.setRelease(this, obj); // release: pairs with B's getAcquire; hands over one counted reference
        RT.decref(a, obj); // the instance's reference
        RT.collect(a);
        a.offline();
    }

    @Actor
    public void threadB(II_Result r) {
        b.online();
        long o = (long) MAILBOX.getAcquire(this);
        if (o != 0) {
            taken = true;
            boolean before = StressObjects.frees(probe) == 0;
            b.poll(); // safe point: may park while A's collection runs
            boolean after = StressObjects.frees(probe) == 0;
            r.r1 = before && after ? 1 : 2;
            RT.decref(b, o);
        }
        b.offline();
    }

    @Arbiter
    public void arbiter(II_Result r) {
        c.online();
        if (!taken) {
            RT.decref(c, obj);
        }
        RT.collect(c);
        r.r2 = StressObjects.frees(probe);
        c.offline();
        RT.detach(a);
        RT.detach(b);
        RT.detach(c);
        StressObjects.freeProbe(probe);
    }
}
