package io.github.freethread.collections.qsbr;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Quiescent-state-based reclamation (QSBR): memory that a lock-free reader may still be looking at
 * is freed only after every online thread has passed a quiescent point.
 *
 * <p>Follows CPython's {@code Python/qsbr.c} (itself derived from FreeBSD's GUS): a global
 * <em>write sequence</em> advanced in steps of {@link #INCR}; each thread's {@link QsbrRecord}
 * holds a <em>read sequence</em> — the write sequence it saw at its last quiescent point, or
 * {@link #OFFLINE} while it blocks. A retired address carries a <em>goal</em> (a write-sequence
 * value not earlier than the advance that followed its unlinking); it may be freed once the minimum
 * read sequence of all online threads is {@code >= goal}. The minimum is cached in
 * {@code readSequence} so most polls cost one load.
 *
 * <p>Protocol, per step:
 * <ol>
 * <li>A writer unlinks {@code p} (release-publishes a replacement), then {@code deferFree(p)}:
 *     goal = {@code deferredAdvance()}, i.e. write sequence + INCR (advancing the shared counter
 *     only every {@link #DEFERRED_LIMIT} deferrals, as CPython does, to keep the counter's cache
 *     line cool).</li>
 * <li>Before the goal is polled the write sequence is advanced to at least the goal
 *     ({@link #ensureAdvancedTo}): a deferred goal may be one step ahead of the counter.</li>
 * <li>A reader's quiescent point stores the current write sequence with release. A reader whose
 *     read sequence is {@code >= goal} read the write sequence after the advance, which came after
 *     the unlink; so every pointer it loads from then on is the replacement, and every pointer it
 *     loaded before it has dropped (readers keep no optimistic pointer across a quiescent point).</li>
 * <li>{@link #scan()}: full fence, then the minimum over online records (the write sequence if
 *     none); the cached read sequence only moves forward (CAS).</li>
 * </ol>
 *
 * <p>Deviations from CPython: records live in a copy-on-write array (registration is rare; the
 * scan reads one volatile array reference) instead of a stop-the-world resized array; an exiting
 * thread's unfinished deferred frees go to a shared orphan queue that any thread drains at its
 * safe points (CPython's {@code _PyMem_AbandonDelayed}); 64-bit sequences never wrap in practice,
 * so plain {@code <} replaces {@code QSBR_LT}.
 *
 * <p>Ownership:
 * <pre>
 * field          writer                          reader                  mode
 * writeSeq       any thread (advance)            any thread              getAndAdd / CAS; getAcquire
 * readSeq        any thread (scan)               any thread              CAS (only increases); getAcquire
 * records        register/unregister under       scan(), any thread      volatile array reference,
 *                registryLock                                             copy-on-write
 * orphans        threads under orphanLock        threads under lock      plain, guarded
 * orphanCount    under orphanLock                any thread              volatile (hint only)
 * </pre>
 */
public final class Qsbr implements AutoCloseable {
    /** Read sequence of an offline thread. The write sequence starts at 1 and never returns to 0. */
    public static final long OFFLINE = 0;
    /** Step of the write sequence (CPython: QSBR_INCR). */
    public static final long INCR = 2;
    /** Deferrals per thread between two advances of the shared write sequence. */
    public static final int DEFERRED_LIMIT = 10;
    /** Queue length at which a thread processes its deferred frees without waiting for a safe point. */
    public static final int BATCH = 256;

    private static final VarHandle WRITE_SEQ;
    private static final VarHandle READ_SEQ;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            WRITE_SEQ = l.findVarHandle(Qsbr.class, "writeSeq", long.class);
            READ_SEQ = l.findVarHandle(Qsbr.class, "readSeq", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused")
    private long p01, p02, p03, p04, p05, p06, p07;
    private volatile long writeSeq = 1;
    @SuppressWarnings("unused")
    private long q01, q02, q03, q04, q05, q06, q07;
    private volatile long readSeq = 1;
    @SuppressWarnings("unused")
    private long r01, r02, r03, r04, r05, r06, r07;

    private final Object registryLock = new Object();
    private volatile QsbrRecord[] records = new QsbrRecord[0];

    private final ReentrantLock orphanLock = new ReentrantLock();
    private final DeferredFrees orphans = new DeferredFrees();
    private volatile int orphanCount;
    private volatile long orphanNewestGoal;

    private final AtomicLong ticketCount = new AtomicLong();
    private final LongAdder deferred = new LongAdder();
    private final LongAdder reclaimed = new LongAdder();
    private volatile AddressReclaimer reclaimer;

    /** A domain whose deferred addresses go to {@code reclaimer} (e.g. the allocator's free). */
    public Qsbr(AddressReclaimer reclaimer) {
        this.reclaimer = reclaimer;
    }

    /** A domain whose reclaimer is set later ({@link #setReclaimer}): the allocator may need this
     *  domain (as its ReuseGate) before it exists. */
    public Qsbr() {
        this.reclaimer = null;
    }

    /** Sets the reclaimer once; before that, deferring is an error. */
    public void setReclaimer(AddressReclaimer reclaimer) {
        this.reclaimer = reclaimer;
    }

    AddressReclaimer reclaimer() {
        AddressReclaimer r = reclaimer;
        if (r == null) {
            throw new IllegalStateException("QSBR domain has no reclaimer yet");
        }
        return r;
    }

    // ---------------------------------------------------------------- registration

    /** Registers the calling thread and brings it online (CPython: reserve + register + attach). */
    public QsbrRecord register() {
        QsbrRecord record = new QsbrRecord(this, Thread.currentThread());
        synchronized (registryLock) {
            QsbrRecord[] old = records;
            QsbrRecord[] next = Arrays.copyOf(old, old.length + 1);
            next[old.length] = record;
            records = next;
        }
        record.online();
        return record;
    }

    /**
     * Unregisters an exiting thread (owner only): goes offline, hands the unfinished deferred frees
     * to the orphan queue (so they are not lost), and leaves the scan.
     */
    public void unregister(QsbrRecord record) {
        if (record.domain != this) {
            throw new IllegalArgumentException("record belongs to another QSBR domain");
        }
        if (record.detached) {
            return;
        }
        record.offline();
        if (!record.pending.isEmpty()) {
            orphanLock.lock();
            try {
                record.pending.drainTo(orphans);
                orphanCount = orphans.size();
                orphanNewestGoal = orphans.newestGoal();
            } finally {
                orphanLock.unlock();
            }
        }
        record.detached = true;
        synchronized (registryLock) {
            QsbrRecord[] old = records;
            QsbrRecord[] next = new QsbrRecord[old.length - 1];
            int j = 0;
            for (QsbrRecord r : old) {
                if (r != record) {
                    next[j++] = r;
                }
            }
            records = next;
        }
    }

    // ---------------------------------------------------------------- sequences

    /** The current write sequence. */
    public long writeSequence() {
        return (long) WRITE_SEQ.getAcquire(this);
    }

    /** The cached minimum read sequence (never above the true minimum of online threads). */
    public long cachedReadSequence() {
        return (long) READ_SEQ.getAcquire(this);
    }

    /** Advances the write sequence by one step and returns the new value (a goal). */
    public long advance() {
        return (long) WRITE_SEQ.getAndAdd(this, INCR) + INCR;
    }

    /** A goal for a deferral by {@code record}'s owner; advances the shared counter only every
     *  {@link #DEFERRED_LIMIT} calls (CPython's {@code _Py_qsbr_deferred_advance}). */
    long deferredAdvance(QsbrRecord record) {
        if (++record.deferrals < DEFERRED_LIMIT) {
            return writeSequence() + INCR;
        }
        record.deferrals = 0;
        return advance();
    }

    /** Makes sure the write sequence has reached {@code goal}, so the goal can be reached. */
    void ensureAdvancedTo(long goal) {
        long w = writeSequence();
        while (w < goal) {
            if (WRITE_SEQ.compareAndSet(this, w, w + INCR)) {
                return;
            }
            w = writeSequence();
        }
    }

    /** True once every online thread has passed {@code goal}; scans the records when the cache
     *  does not already say so. Any thread may call it. */
    public boolean poll(long goal) {
        if (goal <= cachedReadSequence()) {
            return true;
        }
        return goal <= scan();
    }

    /** Recomputes the minimum read sequence over online threads, caches and returns it. */
    public long scan() {
        // Full fence: orders the reads below after everything before, and pairs with the
        // sequentially consistent store in QsbrRecord.online(): a thread coming online is either
        // seen here or its later optimistic loads see every unlink that preceded this scan.
        VarHandle.fullFence();
        long min = (long) WRITE_SEQ.getVolatile(this);
        for (QsbrRecord r : records) {
            // acquire (volatile): pairs with setRelease in QsbrRecord.quiescent()/offline().
            long s = r.readSequence();
            if (s != OFFLINE && s < min) {
                min = s;
            }
        }
        long cached = cachedReadSequence();
        while (cached < min) {
            if (READ_SEQ.compareAndSet(this, cached, min)) {
                return min;
            }
            cached = cachedReadSequence();
        }
        return Math.max(cached, min);
    }

    // ---------------------------------------------------------------- page retirement (ReuseGate)

    /**
     * A goal for a page that just became empty (any thread, attached or not): the page may be
     * reused for another size class, decommitted or unmapped once {@link #isSafe} says so.
     * Advances the shared write sequence every {@link #DEFERRED_LIMIT} tickets.
     */
    public long retireTicket() {
        if (ticketCount.incrementAndGet() % DEFERRED_LIMIT == 0) {
            return advance();
        }
        return writeSequence() + INCR;
    }

    /** True once every online thread has passed {@code ticket} (see {@link #retireTicket}). */
    public boolean isSafe(long ticket) {
        if (ticket <= cachedReadSequence()) {
            return true;
        }
        ensureAdvancedTo(ticket);
        return poll(ticket);
    }

    // ---------------------------------------------------------------- orphans and counters

    /** Before a quiescent point: lets the newest orphan goal be reached by it. */
    void advanceForOrphans() {
        if (orphanCount != 0) {
            ensureAdvancedTo(orphanNewestGoal);
        }
    }

    boolean hasOrphans() {
        return orphanCount != 0;
    }

    /** Frees the orphans whose goal is reached; never blocks (tryLock: another thread is on it). */
    int processOrphans() {
        if (orphanCount == 0 || !orphanLock.tryLock()) {
            return 0;
        }
        try {
            if (orphans.isEmpty()) {
                return 0;
            }
            long goal = orphans.oldestGoal();
            ensureAdvancedTo(goal);
            if (!poll(goal)) {
                return 0;
            }
            int n = orphans.reclaimUpTo(cachedReadSequence(), reclaimer());
            orphanCount = orphans.size();
            return n;
        } finally {
            orphanLock.unlock();
        }
    }

    void noteDeferred() {
        deferred.increment();
    }

    void noteReclaimed(int n) {
        if (n != 0) {
            reclaimed.add(n);
        }
    }

    /** Addresses deferred so far, in total. */
    public long deferredCount() {
        return deferred.sum();
    }

    /** Addresses reclaimed so far, in total. */
    public long reclaimedCount() {
        return reclaimed.sum();
    }

    /** Orphaned addresses (from exited threads) still waiting. */
    public int orphanCount() {
        return orphanCount;
    }

    /** Number of registered threads. */
    public int threadCount() {
        return records.length;
    }

    /**
     * Shuts the domain down: every thread must have unregistered; reclaims all orphans at once
     * (no reader can exist any more).
     */
    @Override
    public void close() {
        if (records.length != 0) {
            throw new IllegalStateException(records.length + " thread(s) still registered with QSBR");
        }
        orphanLock.lock();
        try {
            int n = orphans.reclaimAll(reclaimer());
            noteReclaimed(n);
            orphanCount = 0;
        } finally {
            orphanLock.unlock();
        }
    }

    @Override
    public String toString() {
        return "Qsbr{writeSeq=" + writeSequence() + ", readSeq=" + cachedReadSequence() + ", threads="
                + records.length + ", deferred=" + deferredCount() + ", reclaimed=" + reclaimedCount()
                + ", orphans=" + orphanCount + '}';
    }
}
