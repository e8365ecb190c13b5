package io.github.freethread.vm.modules;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.freethread.vm.interp.Program;
import io.github.freethread.vm.runtime.ClassTable;
import io.github.freethread.vm.runtime.PyError;
import io.github.freethread.vm.runtime.TypeIds;
import io.github.freethread.vm.runtime.Vm;
import io.github.freethread.vm.runtime.VmThread;

/**
 * The Python threads of one VM (CPython's {@code threading._active} and {@code _shutdown}): the
 * running {@link PyThread}s, default names ({@code Thread-N (target)}, executor workers'
 * {@code ThreadPoolExecutor-N_M}), the live executors, the uncaught-exception printer
 * ({@code threading.excepthook}) and the program-end wait for non-daemon threads.
 *
 * <table>
 *   <caption>Ownership</caption>
 *   <tr><th>field</th><th>written by</th><th>read by</th><th>mode</th></tr>
 *   <tr><td>active, attached, executors, main</td><td>any thread, under {@code this}</td><td>under {@code this}</td><td>monitor</td></tr>
 *   <tr><td>threadNumber, executorNumber, probe counters</td><td>any thread (names reset by prepareNextProgram, no other thread attached)</td><td>any thread</td><td>atomic</td></tr>
 *   <tr><td>atExit</td><td>the main thread: shutdown (true), prepareNextProgram (false)</td><td>any thread (PyExecutor.submit)</td><td>volatile</td></tr>
 *   <tr><td>source</td><td>Program before the module body runs</td><td>threads printing tracebacks</td><td>volatile</td></tr>
 *   <tr><td>stopListening</td><td>the first thread start, under {@code this}</td><td>under {@code this}</td><td>monitor</td></tr>
 *   <tr><td>stop</td><td>see {@link PyDaemonStop}</td><td></td><td>final</td></tr>
 * </table>
 */
public final class PythonThreads {
    final Vm vm;
    /** Started and not yet stopped (active_count). */
    private final Set<PyThread> active = new LinkedHashSet<>();
    /** Started and not yet detached (a superset of active: program end waits for these). */
    private final Set<PyThread> attached = new LinkedHashSet<>();
    private final List<PyExecutor> executors = new ArrayList<>();
    private PyThread main;
    private final AtomicInteger threadNumber = new AtomicInteger();
    private final AtomicInteger executorNumber = new AtomicInteger();
    private volatile String source = "";
    /** _ftvm_probe: Python threads inside a probe call now, and the most ever seen at once. */
    final AtomicInteger probeInside = new AtomicInteger();
    final AtomicInteger probeMax = new AtomicInteger();
    /** Program end: stops the threads still running (daemon threads) so the VM can be finished. */
    final PyDaemonStop stop = new PyDaemonStop();
    private boolean stopListening;
    /** Program end began (CPython's concurrent.futures _python_exit): executors take no new work. */
    private volatile boolean atExit;
    /** How long program end waits for running daemon threads to unwind before it gives up (a long built-in call). */
    static final long STOP_WAIT_NANOS = 5_000_000_000L;

    public PythonThreads(Vm vm) {
        this.vm = vm;
    }

    /** The program's source, for the source lines of tracebacks printed by threads. */
    public void setSource(String s) {
        source = s;
    }

    /** CPython's _newname: "Thread-N" with a VM-wide counter starting at 1. */
    String newThreadName() {
        return "Thread-" + threadNumber.incrementAndGet();
    }

    int newExecutorNumber() {
        return executorNumber.getAndIncrement();
    }

    /**
     * Before another program runs in this VM ({@code Vm.prepareNextProgram}; every thread of the
     * previous one detached): thread and executor names count from the start again, executors
     * accept work again. Refused if daemon threads were stopped at the previous program's end
     * (the stop state is one-way: {@link PyDaemonStop#begin}).
     */
    public synchronized void prepareNextProgram() {
        if (!attached.isEmpty()) {
            throw new IllegalStateException("threads still attached: " + attached.size());
        }
        if (stop.stopping()) {
            throw new IllegalStateException("daemon threads were stopped at the end of the previous program: this VM cannot run another program");
        }
        executors.clear();
        threadNumber.set(0);
        executorNumber.set(0);
        atExit = false; // volatile; the next program's threads start after this
    }

    /** The PyThread of {@code t} (main thread, started thread, executor worker). */
    PyThread current(VmThread t) {
        Object p = t.pythonThread;
        if (p != null) {
            return (PyThread) p;
        }
        synchronized (this) {
            if (t == vm.mainThread()) {
                if (main == null) {
                    main = PyThread.running(this, "MainThread", false, Thread.currentThread().threadId());
                }
                t.pythonThread = main;
                return main;
            }
        }
        // A thread attached by an embedder, not through threading: CPython's _DummyThread.
        PyThread d = PyThread.running(this, "Dummy-" + threadNumber.incrementAndGet(), true, Thread.currentThread().threadId());
        t.pythonThread = d;
        return d;
    }

    /** The Python object of {@code p} (owned reference), made on first use for main and worker threads. */
    long wrapper(VmThread t, PyThread p) {
        synchronized (p) {
            long w = p.wrapper();
            if (w != 0) {
                return t.newRef(w);
            }
            w = HandleObjects.create(t, TypeIds.THREAD, p);
            if (p == main) {
                vm.makeImmortal(w); // lives as long as the VM (CPython: threading._main_thread)
                p.setWrapper(w, false);
                return w;
            }
            p.setWrapper(w, true); // dropped by the thread at exit (PyThread.exit)
            return t.newRef(w);
        }
    }

    synchronized PyThread main() {
        return main;
    }

    /**
     * A thread is about to start (before its Java thread starts). Refused once program end began
     * stopping threads (CPython: "can't create new thread at interpreter shutdown").
     */
    synchronized void starting(PyThread p) {
        if (stop.stopping()) {
            throw new PyError(ClassTable.RUNTIME_ERROR, "can't create new thread at interpreter shutdown");
        }
        if (!stopListening) {
            vm.rt.addThreadListener(stop); // sees every later safe point of every thread
            stopListening = true;
        }
        active.add(p);
        attached.add(p);
    }

    synchronized void detached(PyThread p) {
        attached.remove(p);
    }

    synchronized void stopped(PyThread p) {
        active.remove(p);
    }

    /** threading.active_count(): the main thread plus every started, unfinished thread. */
    synchronized int activeCount() {
        return 1 + active.size();
    }

    /** True once program end began: executors refuse new work ("cannot schedule new futures after interpreter shutdown"). */
    boolean atExit() {
        return atExit;
    }

    synchronized void executorStarted(PyExecutor e) {
        executors.add(e);
    }

    synchronized void executorStopped(PyExecutor e) {
        executors.remove(e);
    }

    /** threading.excepthook: "Exception in thread NAME:" and the traceback on stderr; SystemExit is silent. */
    void excepthook(VmThread t, String name, long exc) {
        if (io.github.freethread.vm.runtime.VmThread.excClass(exc) == ClassTable.SYSTEM_EXIT) {
            return;
        }
        String tb = Program.formatTraceback(t, exc, source);
        synchronized (vm.err) {
            vm.err.print("Exception in thread " + name + ":\n" + tb);
            vm.err.flush();
        }
    }

    void internalError(String name, Throwable e) {
        synchronized (vm.err) {
            vm.err.println("ftvm: internal error in thread " + name + ": " + e);
            StackTraceElement[] st = e.getStackTrace();
            for (int i = 0; i < Math.min(8, st.length); i++) {
                vm.err.println("    at " + st[i]);
            }
            vm.err.flush();
        }
    }

    /**
     * Program end (CPython's {@code threading._shutdown} after the executors' atexit hook): shuts
     * down every executor still open (waiting for its work), then joins every non-daemon thread
     * until none is left (threads may start threads), then stops the daemon threads still running
     * ({@link #stopRemaining}). Waits offline. Returns true if no thread is still attached (then
     * the VM may be finished, leak-checked and closed).
     */
    public boolean shutdown(VmThread t) {
        atExit = true; // volatile: PyExecutor.submit refuses new work from now on (else a thread could keep this loop going)
        while (true) {
            List<PyExecutor> ex;
            synchronized (this) {
                ex = new ArrayList<>(executors);
            }
            for (PyExecutor e : ex) {
                e.shutdown(t, true);
            }
            List<PyThread> live = new ArrayList<>();
            synchronized (this) {
                for (PyThread p : attached) {
                    if (!p.daemon) {
                        live.add(p);
                    }
                }
            }
            if (live.isEmpty() && ex.isEmpty()) {
                break;
            }
            for (PyThread p : live) {
                p.join(t, -1);
            }
        }
        return stopRemaining(t);
    }

    /**
     * Stops every thread still attached (daemon threads, and any thread they started meanwhile):
     * {@link PyDaemonStop#begin}, then, every millisecond until they are all detached,
     * {@link PyDaemonStop#requestStop}: each thread's next call or back-edge becomes a safe point
     * and its wait in the threading modules is interrupted. Each raises
     * SystemExit there and unwinds, dropping its references. Waits offline (no GIL held, QSBR
     * offline). Gives up after {@link #STOP_WAIT_NANOS} (a thread inside one long built-in call
     * reaches no safe point; under the GIL a thread in time.sleep is not interrupted): returns false, and the VM is then left unfinished as before (in
     * checked mode a line on stderr says why no leak report follows).
     */
    private boolean stopRemaining(VmThread t) {
        List<PyThread> left = attachedNow();
        if (left.isEmpty()) {
            return true;
        }
        stop.begin();
        long deadline = System.nanoTime() + STOP_WAIT_NANOS;
        t.beginBlocking();
        try {
            while (!(left = attachedNow()).isEmpty() && System.nanoTime() < deadline) {
                stop.requestStop(vm.gil.isEnabled());
                try {
                    left.getFirst().awaitFinished(1_000_000L);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        } finally {
            t.endBlocking();
        }
        if (!left.isEmpty() && vm.config.checked()) {
            synchronized (vm.err) {
                vm.err.println("ftvm check: no leak report: " + left.size() + " daemon thread(s) did not stop within "
                    + STOP_WAIT_NANOS / 1_000_000_000L + " s at exit (in time.sleep under the GIL, or in one long built-in call), e.g. "
                    + left.getFirst().name);
                vm.err.flush();
            }
        }
        return left.isEmpty();
    }

    private synchronized List<PyThread> attachedNow() {
        return new ArrayList<>(attached);
    }
}
