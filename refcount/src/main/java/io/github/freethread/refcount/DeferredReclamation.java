package io.github.freethread.refcount;

import static io.github.freethread.refcount.ObjectHeader.FLAGS_OFFSET;
import static io.github.freethread.refcount.ObjectHeader.FLAG_RETIRED;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import org.agrona.UnsafeApi;

/**
 * Reclamation of deferred objects.
 *
 * <p>The protocol (docs/refcount.md, "Deferred objects"): a deferred object is always MERGED and
 * its count holds only <em>owning</em> references — ones stored in the heap or kept past a safe
 * point (ownership transfers). Short uses ({@link ObjectRuntime#acquireUse}) do not count: they
 * are valid until the using thread's next safe point ({@link ThreadState#poll()}). So when the
 * count reaches zero the object cannot be freed at once: it is <em>retired</em> with a goal
 * {@code epoch + 1}, and {@link #reclaim} frees it once every registered thread state has
 * observed an epoch &ge; goal at a safe point — after that, no uncounted use can remain. CPython
 * gets the same guarantee from its stop-the-world GC scanning thread stacks; we need no scan.
 * A retired object is never resurrected: its shared word stays MERGED|0, so tryIncref fails and
 * incref throws.
 *
 * <p>Ownership: {@code epoch} is advanced by retirers (getAndIncrement, full fence) and read by
 * {@link #observe} at safe points; {@code retired} is a lock-free MPMC queue (any thread retires,
 * any thread reclaims; each entry is taken by one reclaimer).
 */
final class DeferredReclamation {
    private final ObjectRuntime runtime;
    private final AtomicLong epoch = new AtomicLong(1);
    private final ConcurrentLinkedQueue<Retired> retired = new ConcurrentLinkedQueue<>();

    private record Retired(long obj, long goal) {}

    DeferredReclamation(ObjectRuntime runtime) {
        this.runtime = runtime;
    }

    long currentEpoch() {
        return epoch.get();
    }

    /** The count of deferred {@code obj} reached zero (unique caller): retire it. */
    void retire(ThreadState ts, long obj) {
        UnsafeApi.getAndBitwiseOrInt(null, obj + FLAGS_OFFSET, FLAG_RETIRED);
        long goal = epoch.incrementAndGet(); // full fence: the zero count precedes the new epoch
        retired.add(new Retired(obj, goal));
        ts.deferredRetired++;
    }

    /** Safe point of {@code ts}: it holds no uncounted use from before now. */
    void observe(ThreadState ts) {
        ts.observe(epoch.get());
    }

    /** Smallest epoch observed by any registered state (each holds no uncounted use older than it). */
    long safeEpoch() {
        long min = Long.MAX_VALUE;
        for (ThreadState s : runtime.threads()) {
            min = Math.min(min, s.observedEpoch()); // acquire: pairs with observe's release
        }
        return min;
    }

    /** Frees every retired object whose grace period has passed; returns how many. */
    int reclaim(ThreadState ts) {
        observe(ts);
        long safe = safeEpoch();
        List<Retired> notYet = new ArrayList<>();
        int freed = 0;
        int budget = retired.size();
        Retired r;
        while (budget-- > 0 && (r = retired.poll()) != null) {
            if (r.goal() <= safe) {
                runtime.deallocation().destroyIteratively(ts, r.obj());
                freed++;
            } else {
                notYet.add(r);
            }
        }
        retired.addAll(notYet);
        return freed;
    }

    /** Retired objects not yet reclaimed (racy). */
    int pending() {
        return retired.size();
    }
}
