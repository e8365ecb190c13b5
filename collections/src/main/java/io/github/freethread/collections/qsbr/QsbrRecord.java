package io.github.freethread.collections.qsbr;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One thread's QSBR state: its read sequence and its queue of deferred frees (CPython's
 * {@code struct _qsbr_thread_state} plus the thread's {@code mem_free_queue}).
 *
 * <p>Ownership:
 * <pre>
 * field        writer                     reader                          mode
 * seq          owner (quiescent, online,  any thread scanning in          owner: setRelease (quiescent,
 *              offline)                   Qsbr.scan()                      offline), setVolatile (online);
 *                                                                          scanner: getVolatile after fence
 * deferrals    owner                      owner                           plain
 * pending      owner                      owner                           plain (not thread-safe)
 * detached     owner                      owner                           plain
 * </pre>
 * {@code seq} sits alone on its cache line (padding fields before and after): scanners read every
 * record's {@code seq}, so it must not share a line with another thread's hot data. A layout test
 * cannot check field order of Java objects portably; the class-hierarchy padding (as in JCTools)
 * keeps the JVM from interleaving the pads with {@code seq}.
 */
public final class QsbrRecord extends QsbrRecordSeq {
    @SuppressWarnings("unused")
    private long q01, q02, q03, q04, q05, q06, q07;

    final Qsbr domain;
    final DeferredFrees pending = new DeferredFrees();
    int deferrals;
    boolean detached;
    final Thread thread;

    QsbrRecord(Qsbr domain, Thread thread) {
        this.domain = domain;
        this.thread = thread;
    }

    /** The domain this record belongs to. */
    public Qsbr domain() {
        return domain;
    }

    /**
     * Quiescent point: the owner holds no pointer obtained by an optimistic read. Publishes the
     * current write sequence as this thread's read sequence. Call at safe points.
     */
    public void quiescent() {
        long s = domain.writeSequence();
        // release: every optimistic read before this point happens-before a scanner that reads
        // this value (pairs with the fence + getVolatile in Qsbr.scan()).
        SEQ.setRelease(this, s);
    }

    /**
     * Goes offline before blocking (parking, I/O): scanners ignore this thread until
     * {@link #online()}. The owner must hold no optimistically-read pointer across the block.
     */
    public void offline() {
        // release: the owner's earlier reads happen-before a scanner that sees OFFLINE
        // (pairs with the fence + getVolatile in Qsbr.scan()).
        SEQ.setRelease(this, Qsbr.OFFLINE);
    }

    /**
     * Comes back online after blocking. Sequentially consistent store: the owner's subsequent
     * optimistic loads must not be reordered before it (a store-load order only a full fence gives),
     * else a scanner could miss this thread while it already reads a pointer about to be retired.
     */
    public void online() {
        SEQ.setVolatile(this, domain.writeSequence());
    }

    /** True while the owner is online (its read sequence is not OFFLINE). */
    public boolean isOnline() {
        return (long) SEQ.getOpaque(this) != Qsbr.OFFLINE;
    }

    /** This thread's read sequence (OFFLINE = 0 when offline). */
    public long readSequence() {
        return (long) SEQ.getVolatile(this);
    }

    /**
     * Defers {@code reclaimer.reclaim(address)} until every online thread has passed a quiescent
     * point after now. The caller must already have unlinked {@code address} from every shared
     * structure (release-published the replacement), so that no new reader can find it.
     */
    public void deferFree(long address) {
        checkOwner();
        long goal = domain.deferredAdvance(this);
        pending.add(address, goal);
        domain.noteDeferred();
        if (pending.size() >= Qsbr.BATCH) {
            processDeferred();
        }
    }

    /**
     * Frees the deferred addresses whose goal every online thread has passed (a batch, in FIFO
     * order), and the orphans of exited threads when there are any. Returns how many were freed.
     * Called at safe points and when the queue is long.
     */
    public int processDeferred() {
        int freed = 0;
        if (!pending.isEmpty()) {
            long goal = pending.oldestGoal();
            domain.ensureAdvancedTo(goal);
            if (domain.poll(goal)) {
                freed += pending.reclaimUpTo(domain.cachedReadSequence(), domain.reclaimer());
            }
        }
        freed += domain.processOrphans();
        domain.noteReclaimed(freed);
        return freed;
    }

    /**
     * Safe point: makes the write sequence reach the newest pending goal (so that this very
     * quiescent point can count for it), reports the quiescent point, then frees the batch whose
     * goal every online thread has passed. A thread alone frees everything in one safe point.
     */
    public void safePoint() {
        if (!pending.isEmpty()) {
            domain.ensureAdvancedTo(pending.newestGoal());
        }
        domain.advanceForOrphans();
        quiescent();
        if (!pending.isEmpty() || domain.hasOrphans()) {
            processDeferred();
        }
    }

    /** Number of addresses this thread still has waiting for a grace period. */
    public int pendingCount() {
        return pending.size();
    }

    /** Checks the deferred-free queue's invariants (tests call this). */
    public void assertInvariants() {
        pending.assertInvariants();
    }

    private void checkOwner() {
        if (detached) {
            throw new IllegalStateException("QSBR record of " + thread.getName() + " is detached");
        }
    }
}

/** Left padding of {@link QsbrRecord#seq}. */
abstract class QsbrRecordPadLeft {
    @SuppressWarnings("unused")
    private long p01, p02, p03, p04, p05, p06, p07;
}

/** Holder of the read sequence, between the paddings. */
abstract class QsbrRecordSeq extends QsbrRecordPadLeft {
    static final VarHandle SEQ;

    static {
        try {
            SEQ = MethodHandles.lookup().findVarHandle(QsbrRecordSeq.class, "seq", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Read sequence: OFFLINE (0) or the write sequence seen at the last quiescent point. */
    volatile long seq;
}
