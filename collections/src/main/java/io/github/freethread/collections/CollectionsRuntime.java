package io.github.freethread.collections;

import io.github.freethread.allocator.AllocatorConfig;
import io.github.freethread.collections.object.ObjectSpace;
import io.github.freethread.collections.object.RuntimeObjects;
import io.github.freethread.collections.qsbr.Qsbr;
import io.github.freethread.collections.qsbr.QsbrReuseGate;
import io.github.freethread.refcount.ObjectRuntime;
import io.github.freethread.refcount.RuntimeConfig;
import io.github.freethread.refcount.ThreadListener;
import io.github.freethread.refcount.ThreadState;

/**
 * The collections layer of one runtime instance: the object space beneath, the QSBR domain, and
 * the attached threads' contexts.
 *
 * <p>Ownership: {@code space} and {@code qsbr} are final; {@code current} is a ThreadLocal (each
 * thread sees only its own context).
 */
public final class CollectionsRuntime implements AutoCloseable {
    /** The {@link ThreadState} extension slot that holds a thread's {@link ThreadContext}. */
    public static final int EXTENSION_SLOT = 0;

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

    /**
     * The collections layer over a refcount runtime built here: one QSBR domain serves as the
     * allocator's reuse gate (pages are not given to another size class or unmapped before a grace
     * period) and reclaims the collections' retired arrays and tables. Each thread state gets its
     * {@link ThreadContext} in extension slot {@link #EXTENSION_SLOT} when it attaches; its safe
     * points ({@code ThreadState.poll()}) are QSBR quiescent points; detaching hands its deferred
     * frees to the other threads.
     */
    public static CollectionsRuntime create(RuntimeConfig config) {
        return create(config, runtime -> { });
    }

    /**
     * As {@link #create(RuntimeConfig)}, running {@code registerTypesFirst} on the new refcount
     * runtime before this layer registers its own object kinds: a client whose type ids are
     * compile-time constants (the VM's) gets ids 1..n.
     */
    public static CollectionsRuntime create(RuntimeConfig config, java.util.function.Consumer<ObjectRuntime> registerTypesFirst) {
        Qsbr qsbr = new Qsbr();
        AllocatorConfig allocator = config.allocator().withReuseGate(new QsbrReuseGate(qsbr));
        ObjectRuntime runtime = ObjectRuntime.create(config.withAllocator(allocator));
        registerTypesFirst.accept(runtime);
        CollectionsRuntime collections = new CollectionsRuntime(new RuntimeObjects(runtime), qsbr);
        runtime.addThreadListener(new ThreadListener() {
            @Override
            public void onAttach(ThreadState ts) {
                ts.setExtension(EXTENSION_SLOT, collections.newContext(ts));
            }

            @Override
            public void onSafePoint(ThreadState ts) {
                ((ThreadContext) ts.extension(EXTENSION_SLOT)).safePoint();
            }

            @Override
            public void onDetach(ThreadState ts) {
                collections.retire((ThreadContext) ts.extension(EXTENSION_SLOT));
            }
        });
        return collections;
    }

    /** The context of a refcount thread state (runtime built by {@link #create(RuntimeConfig)}). */
    public static ThreadContext context(ThreadState ts) {
        return (ThreadContext) ts.extension(EXTENSION_SLOT);
    }

    /** The refcount runtime beneath, when built by {@link #create(RuntimeConfig)}; else null. */
    public ObjectRuntime objectRuntime() {
        return space instanceof RuntimeObjects r ? r.runtime() : null;
    }

    /** A context not bound to a thread-local (for thread states handed between threads). */
    public ThreadContext newContext(Object objectThread) {
        return new ThreadContext(this, qsbr.register(), objectThread);
    }

    /** Retires a context from {@link #newContext}: it must hold no critical section. */
    public void retire(ThreadContext ctx) {
        if (ctx.sections().depth() != 0) {
            throw new IllegalStateException(ctx.thread().getName() + " detaches inside "
                    + ctx.sections().depth() + " critical section(s)");
        }
        ctx.qsbr().processDeferred();
        qsbr.unregister(ctx.qsbr());
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
        retire(ctx);
        current.remove();
    }

    /** Closes the QSBR domain (every thread must have detached; frees all orphans), then the
     *  refcount runtime if this layer built it. */
    @Override
    public void close() {
        qsbr.close();
        ObjectRuntime runtime = objectRuntime();
        if (runtime != null) {
            runtime.close();
        }
    }
}
