package io.github.freethread.collections;

import io.github.freethread.collections.lock.BlockingHook;
import io.github.freethread.collections.lock.CriticalSections;
import io.github.freethread.collections.qsbr.QsbrRecord;
import io.github.freethread.refcount.ThreadState;

/**
 * A thread's state for the collections layer: its QSBR record and its critical-section stack
 * (plus, opaque here, the object layer's own per-thread state). Every collection operation takes
 * the calling thread's context explicitly: no thread-local lookup on hot paths.
 *
 * <p>Ownership: all fields are final or owned by the one thread the context belongs to; using a
 * context from another thread is a bug (not checked on hot paths, checked by {@link #checkOwner()}
 * on detach).
 */
public final class ThreadContext {
    private final CollectionsRuntime runtime;
    private final Thread thread;
    private final QsbrRecord qsbr;
    private final CriticalSections sections;
    private final Object objectThread;

    ThreadContext(CollectionsRuntime runtime, QsbrRecord qsbr, Object objectThread) {
        this.runtime = runtime;
        this.thread = Thread.currentThread();
        this.qsbr = qsbr;
        this.sections = new CriticalSections(qsbr, objectLayerHook(objectThread));
        this.objectThread = objectThread;
    }

    /**
     * While a thread blocks (a parked lock acquisition, {@link #beginBlocking}) its refcount
     * {@link ThreadState} goes offline, so that a stop-the-world collection does not wait for it;
     * it comes back online (waiting out a running collection) before the thread continues. Only a
     * state that was online is taken offline.
     */
    private static BlockingHook objectLayerHook(Object objectThread) {
        if (!(objectThread instanceof ThreadState ts)) {
            return BlockingHook.NONE;
        }
        return new BlockingHook() {
            private boolean wentOffline;

            @Override
            public void beforeBlock() {
                if (!wentOffline && ts.isOnline()) {
                    ts.offline();
                    wentOffline = true;
                }
            }

            @Override
            public void afterBlock() {
                if (wentOffline) {
                    wentOffline = false;
                    ts.online();
                }
            }
        };
    }

    /** The runtime this context belongs to. */
    public CollectionsRuntime runtime() {
        return runtime;
    }

    /** The thread this context belongs to. */
    public Thread thread() {
        return thread;
    }

    /** This thread's QSBR record. */
    public QsbrRecord qsbr() {
        return qsbr;
    }

    /** This thread's critical-section stack. */
    public CriticalSections sections() {
        return sections;
    }

    /** The object layer's per-thread state (for the refcount adapter: its ThreadState), or null. */
    public Object objectThread() {
        return objectThread;
    }

    /**
     * Safe point: the thread holds no optimistically-read pointer. Reports a quiescent state and
     * processes a batch of deferred frees. Call between operations (interpreter loop, test loop).
     */
    public void safePoint() {
        qsbr.safePoint();
    }

    /** Before a blocking call (I/O, join): suspends critical sections, goes offline for QSBR. */
    public void beginBlocking() {
        sections.beforeBlock();
    }

    /** After a blocking call: back online, re-locks the top critical section. */
    public void endBlocking() {
        sections.resumeAfterBlocking();
    }

    void checkOwner() {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("thread context of " + thread.getName() + " used by "
                    + Thread.currentThread().getName());
        }
    }

    @Override
    public String toString() {
        return "ThreadContext{" + thread.getName() + ", sections=" + sections.depth() + ", pendingFrees="
                + qsbr.pendingCount() + '}';
    }
}
