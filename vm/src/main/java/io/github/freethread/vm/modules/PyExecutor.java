package io.github.freethread.vm.modules;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.function.LongConsumer;

import io.github.freethread.vm.runtime.ClassTable;
import io.github.freethread.vm.runtime.PyError;
import io.github.freethread.vm.runtime.VmConfig;
import io.github.freethread.vm.runtime.VmThread;

/**
 * {@code concurrent.futures.ThreadPoolExecutor}, following CPython's {@code concurrent/futures/thread.py}:
 * a work queue, worker threads started on demand up to {@code max_workers} (a new one only when no
 * worker is idle: the idle semaphore), {@code shutdown} wakes every worker with an end marker
 * after the queued work and optionally joins them.
 *
 * <p>A work item owns its callable, its arguments and its keyword names (all handed over by
 * {@code submit}); the worker drops them after the call. The result or exception is handed over
 * to the {@link PyFuture}.
 *
 * <table>
 *   <caption>Ownership</caption>
 *   <tr><th>field</th><th>written by</th><th>read by</th><th>mode</th></tr>
 *   <tr><td>workers, shutdown</td><td>any thread, under {@code this}</td><td>under {@code this}</td><td>monitor</td></tr>
 *   <tr><td>queue, idle</td><td>any thread</td><td>any thread</td><td>java.util.concurrent</td></tr>
 * </table>
 */
final class PyExecutor implements HandleTable.Native {
    /** One submitted call: owned references. {@code fn == 0} is the end marker. */
    record WorkItem(long fn, long[] args, long kwnames, PyFuture future) {
    }

    private static final WorkItem END = new WorkItem(0, null, 0, null);

    final PythonThreads registry;
    final int maxWorkers;
    final String prefix;
    private final LinkedBlockingQueue<WorkItem> queue = new LinkedBlockingQueue<>();
    private final Semaphore idle = new Semaphore(0);
    private final List<PyThread> workers = new ArrayList<>();
    private boolean shutdown;

    PyExecutor(PythonThreads registry, int maxWorkers, String prefix) {
        this.registry = registry;
        this.maxWorkers = maxWorkers;
        this.prefix = prefix;
    }

    /** submit: takes over the owned references in {@code item}. */
    void submit(VmThread t, WorkItem item) {
        // First thread start: shared hot objects become immortal (SharedObjects). Called outside
        // this executor's monitor: it reaches a safe point, where a GIL hand-off may wait.
        registry.vm.prepareThreadStart(t);
        synchronized (this) {
            if (shutdown) {
                drop(t, item);
                throw new PyError(ClassTable.RUNTIME_ERROR, "cannot schedule new futures after shutdown");
            }
            if (registry.atExit()) { // as CPython's concurrent.futures after its atexit hook ran
                drop(t, item);
                throw new PyError(ClassTable.RUNTIME_ERROR, "cannot schedule new futures after interpreter shutdown");
            }
            queue.add(item);
            if (idle.tryAcquire()) {
                return;
            }
            if (workers.size() < maxWorkers) {
                if (workers.isEmpty()) {
                    registry.executorStarted(this);
                }
                try {
                    startWorker();
                } catch (PyError e) { // program end is stopping threads: no worker, the item never runs
                    if (workers.isEmpty() && queue.remove(item)) {
                        drop(t, item);
                    }
                    throw e;
                }
            }
        }
    }

    private void startWorker() {
        String name = prefix + "_" + workers.size();
        PyThread p = PyThread.running(registry, name, false, 0);
        Thread jt = new Thread(null, () -> workerLoop(p), name, PyThread.JAVA_STACK_BYTES);
        jt.setDaemon(true);
        p.ident = jt.threadId();
        registry.starting(p); // refused (RuntimeError) once program end stops threads
        workers.add(p);
        jt.start();
    }

    private void workerLoop(PyThread p) {
        VmThread t = registry.vm.attachThread(VmConfig.THREAD_DATA_STACK_SLOTS);
        t.pythonThread = p;
        registry.stop.register(t); // program end may stop it (only an executor opened while stopping still runs then)
        try {
            while (true) {
                WorkItem w;
                t.vm.threads.stop.beginWait(t); // offline; interruptible by program end (PyDaemonStop)
                try {
                    w = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    if (registry.stop.shouldStop(t)) {
                        abandonQueued(t);
                    }
                    break;
                } finally {
                    t.vm.threads.stop.endWait(t);
                }
                if (w.fn() == 0) {
                    break;
                }
                run(t, w);
                idle.release();
            }
        } catch (Throwable e) {
            registry.internalError(p.name, e);
        } finally {
            p.exit(t);
        }
    }

    private static void run(VmThread t, WorkItem w) {
        w.future().running();
        long giveBack;
        try {
            long r = Invocations.call(t, w.fn(), w.args(), 0, w.args().length, w.kwnames());
            giveBack = w.future().setResult(r);
        } catch (PyError e) {
            long exc = t.materialize(e);
            e.exc = 0;
            giveBack = w.future().setException(exc);
        }
        if (giveBack != 0) {
            t.decref(giveBack);
        }
        w.future().fireCallbacks(t); // as_completed waiters
        drop(t, w);
    }

    /**
     * Program end stopped this worker (PyDaemonStop): work still queued will never run. Each such
     * future finishes with SystemExit (so as_completed callbacks fire and drop their references)
     * and the items' references are dropped.
     */
    private void abandonQueued(VmThread t) {
        WorkItem w;
        while ((w = queue.poll()) != null) {
            if (w.fn() == 0) {
                continue;
            }
            PyError stop = PyDaemonStop.stopError();
            long exc = t.materialize(stop);
            stop.exc = 0;
            long giveBack = w.future().setException(exc);
            if (giveBack != 0) {
                t.decref(giveBack);
            }
            w.future().fireCallbacks(t);
            drop(t, w);
        }
    }

    private static void drop(VmThread t, WorkItem w) {
        t.decref(w.fn());
        for (long a : w.args()) {
            t.decref(a);
        }
        if (w.kwnames() != 0) {
            t.decref(w.kwnames());
        }
    }

    /** shutdown(wait): no new work; queued work still runs; with {@code wait}, joins the workers. */
    void shutdown(VmThread t, boolean wait) {
        List<PyThread> ws;
        synchronized (this) {
            if (!shutdown) {
                shutdown = true;
                for (int i = 0; i < workers.size(); i++) {
                    queue.add(END);
                }
            }
            ws = new ArrayList<>(workers);
        }
        if (wait) {
            for (PyThread p : ws) {
                p.join(t, -1);
            }
        }
        registry.executorStopped(this);
    }

    synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public void dropReferences(LongConsumer v) {
        // The Python object died: like CPython (the workers hold only a weak reference), the
        // executor stops taking work; its workers finish the queue and exit. Queued work items keep
        // their own references (dropped by the workers).
        synchronized (this) {
            if (!shutdown) {
                shutdown = true;
                for (int i = 0; i < workers.size(); i++) {
                    queue.add(END);
                }
            }
        }
    }
}
