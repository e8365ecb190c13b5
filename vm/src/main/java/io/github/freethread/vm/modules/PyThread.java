package io.github.freethread.vm.modules;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

import io.github.freethread.vm.runtime.ClassTable;
import io.github.freethread.vm.runtime.PyError;
import io.github.freethread.vm.runtime.VmConfig;
import io.github.freethread.vm.runtime.VmThread;

/**
 * The Java side of a Python thread ({@code threading.Thread}, an executor worker, the main thread):
 * one Java platform thread that attaches its own {@link VmThread} (heap, merge queue, QSBR record),
 * runs the target, prints an uncaught exception like {@code threading.excepthook}, and detaches
 * whatever happens.
 *
 * <p>Reference ownership: {@code target}, {@code args}, {@code kwargs} are owned by this object
 * until the thread has run (then the thread drops them, as CPython's {@code Thread.run} deletes
 * them) or until the Python object dies unstarted ({@link #dropReferences}); each is taken and
 * zeroed under {@code this}, so dropped exactly once. While it runs, the thread owns one reference
 * to its Python object ({@code wrapper}; CPython's {@code threading._active} entry), so the object
 * cannot die under it. A worker or main thread's wrapper (made by {@code current_thread()}) is
 * owned by this object ({@code ownsWrapper}) and dropped at thread exit.
 *
 * <table>
 *   <caption>Ownership</caption>
 *   <tr><th>field</th><th>written by</th><th>read by</th><th>mode</th></tr>
 *   <tr><td>target, args, kwargs, state, wrapper, ownsWrapper</td><td>any thread, under {@code this}</td><td>under {@code this}</td><td>monitor</td></tr>
 *   <tr><td>ident</td><td>starter before Thread.start (or the thread itself)</td><td>any thread</td><td>volatile</td></tr>
 *   <tr><td>name, daemon</td><td>constructor</td><td>any thread</td><td>final</td></tr>
 *   <tr><td>finished</td><td>the thread, after detaching</td><td>joiners</td><td>CountDownLatch (happens-before)</td></tr>
 * </table>
 */
final class PyThread implements HandleTable.Native {
    enum State { NEW, STARTED, STOPPED }

    /** Reserved (not committed) Java stack of a Python thread: deep enough for the recursion limit. */
    static final long JAVA_STACK_BYTES = 512L << 20;

    final PythonThreads registry;
    final String name;
    final boolean daemon;
    private long target;
    private long args;
    private long kwargs;
    private State state = State.NEW;
    private long wrapper;
    private boolean ownsWrapper;
    volatile long ident;
    private final CountDownLatch finished = new CountDownLatch(1);

    /** A thread to be started from Python; takes over the owned references. */
    PyThread(PythonThreads registry, String name, boolean daemon, long target, long args, long kwargs) {
        this.registry = registry;
        this.name = name;
        this.daemon = daemon;
        this.target = target;
        this.args = args;
        this.kwargs = kwargs;
    }

    /** A thread already running (main thread, executor worker): STARTED, no target. */
    static PyThread running(PythonThreads registry, String name, boolean daemon, long ident) {
        PyThread p = new PyThread(registry, name, daemon, 0, 0, 0);
        p.state = State.STARTED;
        p.ident = ident;
        return p;
    }

    synchronized State state() {
        return state;
    }

    boolean isAlive() {
        return state() == State.STARTED && finished.getCount() > 0;
    }

    synchronized long wrapper() {
        return wrapper;
    }

    /** Sets the Python object of a thread that has none yet (owned by this object if {@code owned}). */
    synchronized void setWrapper(long w, boolean owned) {
        wrapper = w;
        ownsWrapper = owned;
    }

    /** threading.Thread.start: starts the Java thread that runs the target. {@code self} is borrowed. */
    void start(VmThread t, long self) {
        synchronized (this) {
            if (state != State.NEW) {
                throw new PyError(ClassTable.RUNTIME_ERROR, "threads can only be started once");
            }
            state = State.STARTED;
            t.incref(self); // the running thread's reference, dropped by the thread at exit
            wrapper = self;
        }
        registry.vm.prepareThreadStart(t); // first thread start: shared hot objects become immortal (SharedObjects)
        Thread jt = new Thread(null, this::run, name, JAVA_STACK_BYTES);
        jt.setDaemon(true); // the VM joins non-daemon Python threads itself (PythonThreads.shutdown)
        ident = jt.threadId();
        try {
            registry.starting(this);
        } catch (PyError e) {
            synchronized (this) {
                state = State.STOPPED; // never ran: the running reference goes back, the handle keeps target/args
                wrapper = 0;
            }
            finished.countDown();
            t.decref(self);
            throw e;
        }
        jt.start();
    }

    private void run() {
        VmThread vt = registry.vm.attachThread(VmConfig.THREAD_DATA_STACK_SLOTS);
        vt.pythonThread = this;
        PyDaemonStop stop = registry.stop;
        try {
            long f;
            long a;
            long k;
            synchronized (this) {
                f = target;
                a = args;
                k = kwargs;
            }
            stop.register(vt);
            if (f != 0 && !stop.stopping()) {
                long r = Invocations.call(vt, f, a, k);
                vt.decref(r);
            }
        } catch (PyError e) {
            long exc = vt.materialize(e);
            e.exc = 0;
            registry.excepthook(vt, name, exc);
            vt.decref(exc);
        } catch (Throwable e) {
            registry.internalError(name, e);
        } finally {
            exit(vt);
        }
    }

    /**
     * Thread exit (on the thread itself): drops what it owns, leaves the registry, detaches. No
     * longer stoppable from here on, and an interrupt of a program-end stop is cleared first.
     */
    void exit(VmThread vt) {
        registry.stop.unregister(vt);
        Thread.interrupted();
        try {
            long[] call;
            long w;
            synchronized (this) {
                call = takeCall();
                w = wrapper;
                state = State.STOPPED;
            }
            for (long o : call) {
                vt.xdecref(o);
            }
            registry.stopped(this);
            if (w != 0) {
                vt.decref(w); // the running reference (or, for a worker, the wrapper this object owned)
            }
        } finally {
            registry.vm.detachThread(vt);
            registry.detached(this);
            finished.countDown();
        }
    }

    /**
     * join(timeout): waits offline (no GIL, QSBR offline) until the thread finished; {@code seconds}
     * below 0 waits forever.
     */
    void join(VmThread t, double seconds) {
        if (t.pythonThread == this) {
            throw new PyError(ClassTable.RUNTIME_ERROR, "cannot join current thread");
        }
        if (state() == State.NEW) {
            throw new PyError(ClassTable.RUNTIME_ERROR, "cannot join thread before it is started");
        }
        if (finished.getCount() == 0) {
            return;
        }
        registry.stop.beginWait(t);
        try {
            if (seconds < 0) {
                finished.await();
            } else {
                finished.await(Args.nanos(seconds), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // cleared by endWait if program end sent it
        } finally {
            registry.stop.endWait(t);
        }
        registry.stop.stopIfRequested(t); // program end stops this thread (PyDaemonStop)
    }

    /** Waits (plain Java, for shutdown) until the thread detached, at most {@code nanos}. */
    boolean awaitFinished(long nanos) throws InterruptedException {
        return finished.await(nanos, TimeUnit.NANOSECONDS);
    }

    boolean hasFinished() {
        return finished.getCount() == 0;
    }

    @Override
    public void dropReferences(LongConsumer v) {
        long[] call;
        synchronized (this) {
            call = takeCall();
            if (!ownsWrapper) {
                wrapper = 0;
            }
        }
        for (long o : call) {
            if (o != 0) {
                v.accept(o);
            }
        }
    }

    /**
     * Takes the owned references to target, args and kwargs (0 where absent) and clears the
     * fields, so that exactly one of thread exit and deallocation drops them. Caller holds the
     * monitor.
     */
    private long[] takeCall() {
        long[] call = {target, args, kwargs};
        target = 0;
        args = 0;
        kwargs = 0;
        return call;
    }

    /** A thread not started from Python (main, worker, embedder) has no target and was created running. */
    private synchronized boolean wrapperless() {
        return ownsWrapper;
    }

    String repr() {
        State s = state();
        String status = s == State.NEW ? "initial" : s == State.STARTED && !hasFinished() ? "started" : "stopped";
        if (s != State.NEW && daemon && status.equals("started")) {
            status += " daemon";
        }
        if (s != State.NEW) {
            status += " " + ident;
        }
        String kind = this == registry.main() ? "_MainThread" : daemon && wrapperless() ? "_DummyThread" : "Thread";
        return "<" + kind + "(" + name + ", " + status + ")>";
    }
}
