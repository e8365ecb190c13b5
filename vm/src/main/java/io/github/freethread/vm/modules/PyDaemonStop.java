package io.github.freethread.vm.modules;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentHashMap;

import io.github.freethread.refcount.ThreadListener;
import io.github.freethread.refcount.ThreadState;
import io.github.freethread.vm.runtime.ClassTable;
import io.github.freethread.vm.runtime.PyError;
import io.github.freethread.vm.runtime.VmThread;

/**
 * Stopping the threads still running at program end (daemon threads), so the VM can be finished,
 * leak-checked and closed under no running Python code.
 *
 * <p>CPython never resumes a daemon thread once finalisation starts (it hangs it when it next
 * tries to take the GIL, or stops the world in the free-threaded build) and exits the process
 * without freeing what it held. ftvm instead <em>unwinds</em> it: once {@link #begin} was called,
 * every registered thread that reaches a safe point ({@link ThreadListener#onSafePoint}, at most
 * one call or loop back-edge away: the main thread also sets the thread's poll countdown to 0) or
 * returns from a blocking call of the threading modules without what it waited for (the main
 * thread interrupts it) gets {@code SystemExit} raised, which a thread ends silently.
 *
 * <p>Interrupts: a blocking call of the threading modules marks its offline wait
 * ({@link #beginWait}/{@link #endWait}); the main thread interrupts a thread only inside such a
 * marked wait (under the thread's {@link Stoppable} monitor), and {@code endWait} clears the
 * interrupt status under the same monitor before the thread comes back online. So no thread ever
 * enters {@code Gil.acquire} with its interrupt status set (there, an interrupted
 * {@code wait} returns at once and the waiter would spin holding the GIL's monitor, starving the
 * holder's release). Only while the GIL is disabled are unmarked threads interrupted too (ends
 * {@code time.sleep}); under the GIL a sleeping daemon thread is stopped when its sleep ends. Its frames
 * unwind through the interpreter's normal exception path, so every reference on its data stack
 * and in runtime code is dropped exactly as for any exception: the leak report after
 * {@code vm.finish} stays exact (nothing is "expected to be live"). Deviation from CPython: the
 * thread's {@code finally} blocks and {@code with} exits run (and an {@code except BaseException}
 * can see the SystemExit); no other Python code of it runs after the stop request is seen.
 *
 * <p>One safe point cannot raise: the one at frame entry ({@code Interpreter.enterFrame}, shared
 * by compiled code), which runs before the frame's handler exists (an exception there would leak
 * the frame's arguments when the caller copied them into a new frame). It runs through
 * {@link VmThread#safePointAtFrameEntry}, which sets {@link VmThread#atFrameEntry}; there the stop
 * is deferred to the next safe point (poll countdown set to 1).
 *
 * <table>
 *   <caption>Ownership</caption>
 *   <tr><th>field</th><th>written by</th><th>read by</th><th>mode</th></tr>
 *   <tr><td>stopping</td><td>the main thread at program end (false to true once)</td><td>every thread at safe points</td>
 *       <td>volatile: pairs with the read in onSafePoint / stopIfRequested</td></tr>
 *   <tr><td>running</td><td>each Python thread for itself (register/unregister)</td><td>any thread</td><td>ConcurrentHashMap</td></tr>
 *   <tr><td>Stoppable.waiting</td><td>its thread (begin/endWait)</td><td>the main thread (requestStop)</td><td>the Stoppable's monitor</td></tr>
 * </table>
 */
final class PyDaemonStop implements ThreadListener {
    /** VarHandle on the public {@code VmThread.pollCountdown}: opaque writes from the main thread (see poke). */
    private static final VarHandle POLL_COUNTDOWN;

    static {
        try {
            POLL_COUNTDOWN = MethodHandles.lookup().findVarHandle(VmThread.class, "pollCountdown", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile boolean stopping;
    /** Threads running Python code that may be stopped (not the main thread, not a thread detaching). */
    private final ConcurrentHashMap<ThreadState, Stoppable> running = new ConcurrentHashMap<>();

    /** A registered thread: its state, its Java thread, and whether it is inside a marked (interruptible) wait. */
    private static final class Stoppable {
        final VmThread t;
        final Thread java;
        /** Guarded by this. */
        boolean waiting;

        Stoppable(VmThread t, Thread java) {
            this.t = t;
            this.java = java;
        }
    }

    boolean stopping() {
        return stopping;
    }

    /** The thread starts running its Python target: it may be stopped from now on. */
    void register(VmThread t) {
        running.put(t.ts, new Stoppable(t, Thread.currentThread()));
    }

    /** The thread left its Python target (about to detach): never stopped again. */
    void unregister(VmThread t) {
        running.remove(t.ts);
    }

    /** Program end: from now on registered threads stop at their next safe point or failed blocking call. */
    void begin() {
        stopping = true; // volatile write: pairs with the volatile reads in onSafePoint / stopIfRequested
    }

    /**
     * One round of stop requests (the main thread repeats it every millisecond until every thread
     * is gone): each registered thread's poll countdown is set to 0 with an opaque write, so its
     * next call or back-edge is a safe point (a racy write by design: the thread decrements the
     * field with plain accesses; if its own store overwrites ours it still reaches a safe point
     * within 256 calls/back-edges, and the next round writes again); a thread inside a marked
     * wait is interrupted, any other one only if {@code gilEnabled} is false (see the class note).
     */
    void requestStop(boolean gilEnabled) {
        for (Stoppable s : running.values()) {
            POLL_COUNTDOWN.setOpaque(s.t, 0);
            synchronized (s) {
                if (s.waiting || !gilEnabled) {
                    s.java.interrupt();
                }
            }
        }
    }

    /** Before an offline wait of a threading-module call: offline, and interruptible by program end. */
    void beginWait(VmThread t) {
        t.beginBlocking();
        Stoppable s = running.get(t.ts);
        if (s != null) {
            synchronized (s) {
                s.waiting = true;
            }
        }
    }

    /** After the wait: no longer interruptible, interrupt status cleared (before the GIL may be awaited), back online. */
    void endWait(VmThread t) {
        Stoppable s = running.get(t.ts);
        if (s != null) {
            synchronized (s) {
                s.waiting = false;
                Thread.interrupted(); // program end's interrupt is consumed here; stopIfRequested reports it
            }
        }
        t.endBlocking();
    }

    @Override
    public void onSafePoint(ThreadState ts) {
        if (!stopping) {
            return;
        }
        Stoppable s = running.get(ts);
        if (s == null) {
            return;
        }
        if (s.t.atFrameEntry) {
            POLL_COUNTDOWN.setOpaque(s.t, 1); // the next call or back-edge is inside the frame's try: stop there
            return;
        }
        throw stopError();
    }

    /**
     * After a blocking call (whatever it returned: a join, lock or event wait may have succeeded
     * only because another stopped thread ended or released something, and CPython would not run
     * this thread's next line either): raises the stop if requested for this thread. Callers that
     * obtained an owned item or a lock give it back first ({@link #shouldStop}).
     */
    void stopIfRequested(VmThread t) {
        if (shouldStop(t)) {
            throw stopError();
        }
    }

    /** True if program end is stopping {@code t} (a registered thread). */
    boolean shouldStop(VmThread t) {
        Stoppable s;
        return stopping && (s = running.get(t.ts)) != null && s.t == t;
    }

    static PyError stopError() {
        return new PyError(ClassTable.SYSTEM_EXIT, null);
    }
}
