package io.github.freethread.collections.lock;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.freethread.collections.qsbr.QsbrRecord;

/**
 * One thread's stack of critical sections over per-object lock words (CPython's
 * {@code Python/critical_section.c}, {@code PyCriticalSection}/{@code PyCriticalSection2}).
 *
 * <p>A critical section holds one lock word ({@link #enter}) or two ({@link #enter2}, taken in
 * address order). Sections nest. The defining rule: <b>a thread never blocks while holding a lock
 * of a completed section.</b> Before a lock acquisition parks, every active section of the thread
 * is <em>suspended</em> (its locks released); after the acquisition the new section is on top and
 * active, and the suspended ones stay released until they are on top again, when {@link #exit}
 * <em>resumes</em> (re-locks) the new top. Hence two threads locking A then B and B then A cannot
 * deadlock: the one that would wait releases what it holds first. The only lock held while
 * waiting is the lower lock of a two-lock section waiting for its higher lock, and address order
 * excludes a cycle among those.
 *
 * <p>Consequence for callers (as in CPython): a critical section guarantees exclusion only
 * between blocking points. Code inside a section that may block (a nested section on a contended
 * lock, user callbacks) must re-validate what it read before.
 *
 * <p>Re-entrance: entering a section on a lock already held by the top section nests without
 * locking (CPython's optimisation); a lock held by a lower active section is released by
 * suspension first, then taken for the new section.
 *
 * <p>Blocking also takes the thread offline for QSBR (when a record is attached): a parked thread
 * must not stall reclamation.
 *
 * <p>Ownership: every field is owned by the one thread this stack belongs to (plain access);
 * other threads see only the lock words, through {@link ObjectLock}.
 *
 * <p>Invariants ({@link #assertInvariants()}):
 * <pre>
 *   (1) 0 &lt;= activeFrom &lt;= depth; sections [activeFrom, depth) are active (their locks held
 *       by this id), sections below activeFrom are suspended (their locks not held by this id,
 *       unless a later active section also holds them)
 *   (2) an active section with two locks has lock1 &lt; lock2 (unsigned)
 *   (3) when user code runs inside a section, the top section is active
 * </pre>
 */
public final class CriticalSections implements BlockingHook {
    private static final AtomicInteger IDS = new AtomicInteger();

    private final int id;
    private final QsbrRecord qsbr;
    private final BlockingHook objectLayer;
    private long[] lock1 = new long[8];
    private long[] lock2 = new long[8];
    private int[] nested = new int[8];
    private int depth;
    private int activeFrom;
    private boolean wentOffline;
    private long suspensions;

    /** A stack for the calling thread; {@code qsbr} (nullable) goes offline while it blocks. */
    public CriticalSections(QsbrRecord qsbr) {
        this(qsbr, BlockingHook.NONE);
    }

    /**
     * As {@link #CriticalSections(QsbrRecord)}; {@code objectLayer} is told too (after QSBR goes
     * offline, before it comes back): the refcount layer takes the thread offline for
     * stop-the-world collections while it blocks.
     */
    public CriticalSections(QsbrRecord qsbr, BlockingHook objectLayer) {
        this.id = IDS.incrementAndGet();
        this.qsbr = qsbr;
        this.objectLayer = objectLayer;
    }

    /** The id written into lock words held by this stack's thread. */
    public int id() {
        return id;
    }

    /** Number of sections on the stack (nested re-entries count once). */
    public int depth() {
        return depth;
    }

    /** How often this stack suspended its sections (diagnostics, tests). */
    public long suspensions() {
        return suspensions;
    }

    /** Enters a section on the lock word at {@code word}. */
    public void enter(long word) {
        if (depth > 0 && activeFrom < depth) {
            int t = depth - 1;
            if (lock1[t] == word || lock2[t] == word) {
                nested[t]++;
                return;
            }
        }
        if (!ObjectLock.tryLock(word, id)) {
            if (ObjectLock.isHeldBy(word, id)) {
                suspendAll(); // held by a lower section: release it, then take it for this one
            }
            ObjectLock.lock(word, id, this);
        }
        push(word, 0);
    }

    /** Enters a section on two lock words, taken in address order; equal words act as one. */
    public void enter2(long a, long b) {
        if (a == b) {
            enter(a);
            return;
        }
        long lo = Long.compareUnsigned(a, b) < 0 ? a : b;
        long hi = lo == a ? b : a;
        boolean haveLo = ObjectLock.tryLock(lo, id);
        if (haveLo && ObjectLock.tryLock(hi, id)) {
            push(lo, hi);
            return;
        }
        if ((!haveLo && ObjectLock.isHeldBy(lo, id)) || ObjectLock.isHeldBy(hi, id)) {
            suspendAll();
        }
        if (!haveLo) {
            ObjectLock.lock(lo, id, this);
        }
        ObjectLock.lock(hi, id, this); // may park holding only lo: allowed by address order
        push(lo, hi);
    }

    /** Leaves the top section; resumes the section below if it was suspended. */
    public void exit() {
        if (depth == 0) {
            throw new IllegalStateException("critical section exit without a matching enter");
        }
        int t = depth - 1;
        if (nested[t] > 0) {
            nested[t]--;
            return;
        }
        if (t >= activeFrom) {
            if (lock2[t] != 0) {
                ObjectLock.unlock(lock2[t], id);
            }
            ObjectLock.unlock(lock1[t], id);
        }
        lock1[t] = 0;
        lock2[t] = 0;
        depth = t;
        if (activeFrom > depth) {
            activeFrom = depth;
        }
        if (depth > 0 && activeFrom == depth) {
            resumeTop();
        }
    }

    /** Releases the locks of every active section (they become suspended). */
    public void suspendAll() {
        for (int i = depth - 1; i >= activeFrom; i--) {
            if (lock2[i] != 0) {
                ObjectLock.unlock(lock2[i], id);
            }
            ObjectLock.unlock(lock1[i], id);
        }
        if (activeFrom < depth) {
            suspensions++;
        }
        activeFrom = depth;
    }

    /**
     * After a blocking operation that called {@link #beforeBlock()} outside a lock acquisition
     * (I/O, a join): re-locks the top section, as CPython does when the thread re-attaches.
     */
    public void resumeAfterBlocking() {
        afterBlock();
        if (depth > 0 && activeFrom == depth) {
            resumeTop();
        }
    }

    private void resumeTop() {
        int t = depth - 1;
        ObjectLock.lock(lock1[t], id, this);
        if (lock2[t] != 0) {
            ObjectLock.lock(lock2[t], id, this);
        }
        activeFrom = t;
    }

    /** Before parking: suspend every active section and go offline for QSBR. */
    @Override
    public void beforeBlock() {
        suspendAll();
        if (qsbr != null && qsbr.isOnline()) {
            qsbr.offline();
            wentOffline = true;
        }
        objectLayer.beforeBlock();
    }

    /** After parking: back online for QSBR (sections stay suspended until on top). */
    @Override
    public void afterBlock() {
        objectLayer.afterBlock();
        if (wentOffline) {
            wentOffline = false;
            qsbr.online();
        }
    }

    private void push(long a, long b) {
        if (depth == lock1.length) {
            lock1 = Arrays.copyOf(lock1, depth * 2);
            lock2 = Arrays.copyOf(lock2, depth * 2);
            nested = Arrays.copyOf(nested, depth * 2);
        }
        lock1[depth] = a;
        lock2[depth] = b;
        nested[depth] = 0;
        depth++;
    }

    /** Checks (1)-(3); call from the owning thread while inside (or outside) sections. */
    public void assertInvariants() {
        if (activeFrom < 0 || activeFrom > depth) {
            throw new AssertionError("(1) activeFrom " + activeFrom + " depth " + depth);
        }
        for (int i = activeFrom; i < depth; i++) {
            if (!ObjectLock.isHeldBy(lock1[i], id) || (lock2[i] != 0 && !ObjectLock.isHeldBy(lock2[i], id))) {
                throw new AssertionError("(1) active section " + i + " does not hold its locks");
            }
            if (lock2[i] != 0 && Long.compareUnsigned(lock1[i], lock2[i]) >= 0) {
                throw new AssertionError("(2) section " + i + " locks out of address order");
            }
        }
        if (depth > 0 && activeFrom == depth) {
            throw new AssertionError("(3) top section is suspended");
        }
    }
}
