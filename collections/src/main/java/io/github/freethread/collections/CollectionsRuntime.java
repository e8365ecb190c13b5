package io.github.freethread.collections;

import io.github.freethread.collections.object.ObjectSpace;
import io.github.freethread.collections.qsbr.Qsbr;

/**
 * The collections layer of one runtime instance: the object space beneath, the QSBR domain, and
 * the attached threads' contexts.
 *
 * <p>Ownership: {@code space} and {@code qsbr} are final; {@code current} is a ThreadLocal (each
 * thread sees only its own context).
 */
public final class CollectionsRuntime implements AutoCloseable {
    private final ObjectSpace space;
    private final Qsbr qsbr;
    private final ThreadLocal<ThreadContext> current = new ThreadLocal<>();

    /** A runtime over {@code space}; old arrays and tables go back to {@code space.freeMemory}. */
    public CollectionsRuntime(ObjectSpace space) {
        this(space, new Qsbr());
    }

    /** A runtime over {@code space} with an existing QSBR domain (e.g. one already serving as the
     *  allocator's reuse gate); its reclaimer is set to {@code space::freeMemory}. */
    public CollectionsRuntime(ObjectSpace space, Qsbr qsbr) {
        this.space = space;
        this.qsbr = qsbr;
        qsbr.setReclaimer(space::freeMemory);
    }

    /** The object space. */
    public ObjectSpace space() {
        return space;
    }

    /** The QSBR domain. */
    public Qsbr qsbr() {
        return qsbr;
    }

    /** Attaches the calling thread (idempotent) and returns its context. */
    public ThreadContext attach() {
        return attach(null);
    }

    /** Attaches the calling thread with the object layer's per-thread state (idempotent). */
    public ThreadContext attach(Object objectThread) {
        ThreadContext ctx = current.get();
        if (ctx == null) {
            ctx = new ThreadContext(this, qsbr.register(), objectThread);
            current.set(ctx);
        }
        return ctx;
    }

    /** The calling thread's context; IllegalStateException if not attached. */
    public ThreadContext current() {
        ThreadContext ctx = current.get();
        if (ctx == null) {
            throw new IllegalStateException(Thread.currentThread().getName() + " is not attached to the collections runtime");
        }
        return ctx;
    }

    /**
     * Detaches the calling thread: it must hold no critical section; its unfinished deferred frees
     * go to the shared orphan queue (processed by the other threads, or at close).
     */
    public void detach() {
        ThreadContext ctx = current.get();
        if (ctx == null) {
            return;
        }
        ctx.checkOwner();
        if (ctx.sections().depth() != 0) {
            throw new IllegalStateException(Thread.currentThread().getName() + " detaches inside "
                    + ctx.sections().depth() + " critical section(s)");
        }
        ctx.qsbr().processDeferred();
        qsbr.unregister(ctx.qsbr());
        current.remove();
    }

    /** Closes the QSBR domain (every thread must have detached); frees all orphans. */
    @Override
    public void close() {
        qsbr.close();
    }
}
