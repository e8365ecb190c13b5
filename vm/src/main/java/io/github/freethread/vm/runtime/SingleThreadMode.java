package io.github.freethread.vm.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * "Single attached thread" mode of one VM: while only one thread has ever attached to the VM,
 * that thread stores list items without taking the list's lock (the short store section of
 * {@link ListFastPaths#setFast}: no CAS on the lock word). CPython 3.11 takes no lock at all;
 * free-threaded CPython takes one per store ({@code LOCK_OBJECT}); this mode gives the first thread the former
 * until a second thread attaches, and the latter from then on. The transition is one-way: once a
 * second thread attached, every list store of the VM takes the lock, even after it detached.
 *
 * <p>Protocol (a grace period on attach; the eliding thread acknowledges at a safe point):
 * <pre>
 *   state:  FREE --(sole thread, safe point, CAS)--> ELIDING --(sole thread: blocking, finish, detach)--> FREE
 *           ELIDING --(attacher, CAS)--> REQUESTED --(sole thread, next safe point)--> MULTI
 *           FREE --(attacher, CAS)--> MULTI            ELIDING --(attacher on the sole thread's own Java thread)--> MULTI
 * </pre>
 * The sole thread's flag ({@link Member#setEliding}) is written only by the sole thread itself
 * (or by the attacher when the attacher runs on the sole thread's own Java thread), read plain
 * by that thread before each store:
 * <ol>
 *   <li>(E1) flag on ⇒ state ∈ {ELIDING, REQUESTED}: the flag is set after the CAS FREE→ELIDING
 *       succeeds, and cleared before the state leaves ELIDING/REQUESTED (by the same thread).
 *   <li>(E2) an elided section never spans a safe point or a blocking call: it is one bounds check
 *       and one slot store ({@link ListFastPaths#setFast}), with no call that could reach one.
 *   <li>(E3) {@link #register} of a second thread returns only when state == MULTI, having read
 *       (volatile) a value the sole thread wrote after its last elided store: FREE (written by
 *       {@link #stop} after clearing the flag), MULTI (written by the safe point's
 *       acknowledgement after clearing it) — or it runs on the sole thread's Java thread, which
 *       is then between two Python operations. So every elided store happens-before the
 *       attacher's return (volatile write → volatile read), and through it everything the new
 *       thread does; and no elided store follows (the flag is off and only FREE can set it).
 *   <li>(E4) MULTI is final: nothing moves out of it, so (E1) keeps the flag off for good.
 * </ol>
 * Only list stores are elided; full critical sections (append, insert, pop, sort…) always lock, so
 * lock words stay consistent across the transition. Objects are reached only by attached threads
 * (the JIT's compiling thread reads code constants, never lists).
 *
 * <p>Liveness: the mode is off until {@link #enable} (see there for who may enable it). The
 * attacher waits (spin, then park 20 µs at a time) for the sole thread's next safe point (every
 * 256 back-edges or calls), blocking call, program finish or detach; a sole thread inside one long
 * built-in call delays the attach until it returns, as a HotSpot safepoint would.
 *
 * <p>One instance per VM, held by its main thread's {@link VmThread} and shared by every thread
 * that attaches after {@code Vm.start}.
 *
 * <p>Ownership:
 * <table>
 *   <caption>who writes what</caption>
 *   <tr><th>field</th><th>written by</th><th>read by</th><th>mode</th></tr>
 *   <tr><td>state</td><td>sole thread (FREE→ELIDING, ELIDING→FREE, REQUESTED→MULTI),
 *       attachers (FREE→MULTI, ELIDING→REQUESTED)</td><td>both</td><td>volatile read / CAS (the
 *       happens-before edges of E3)</td></tr>
 *   <tr><td>sole</td><td>first registering thread, under the monitor</td><td>registering threads
 *       (monitor), the sole thread at safe points</td><td>volatile</td></tr>
 *   <tr><td>elidingThread</td><td>sole thread before its CAS FREE→ELIDING</td><td>attachers after
 *       reading ELIDING</td><td>plain (published by that CAS)</td></tr>
 *   <tr><td>elidingMember</td><td>as elidingThread</td><td>an attacher on the same Java thread</td><td>plain</td></tr>
 * </table>
 */
public final class SingleThreadMode {
    static final int FREE = 0;
    static final int ELIDING = 1;
    static final int REQUESTED = 2;
    static final int MULTI = 3;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(SingleThreadMode.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A thread that takes part: its flag (plain, its own) and an identity (a thread state). */
    public interface Member {
        /** Identity of the attached thread (two members with the same key are one thread). */
        Object memberKey();

        /** Sets the member's own elision flag (read plain by the member before each list store). */
        void setEliding(boolean on);
    }

    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state = FREE;
    /** Set once by the program runner ({@link #enable}); until then no thread elides. */
    private volatile boolean enabled;
    private volatile Object sole;
    private Thread elidingThread;
    private Member elidingMember;

    /**
     * An attaching thread, before it touches any object: the first one becomes the sole thread;
     * any other one switches the VM to MULTI and waits for the grace period (E3).
     */
    public void register(Member m) {
        if (state() == MULTI) {
            return;
        }
        synchronized (this) {
            Object key = m.memberKey();
            if (sole == null) {
                sole = key;
                return;
            }
            if (sole == key) {
                return;
            }
        }
        enterMulti();
    }

    /**
     * Allows the sole thread to elide from its next safe point on. Called by the program runner
     * ({@code Program.runModule}), whose main thread leaves Python code only through a blocking
     * call, {@code Vm.finish} or {@code Vm.detachThread} (all of which {@link #stop} eliding), or
     * with daemon threads still running (then the mode is MULTI already). Not the default: an
     * embedder that runs Python code on a thread through the bare {@code Interpreter} API and
     * then waits in Java (not offline) for another thread's attach would wait forever, since
     * that thread never reaches its next safe point; such an embedder calls
     * {@link VmThread#stopEliding} (or {@link VmThread#beginBlocking}) before waiting, or never enables.
     */
    public void enable() {
        enabled = true;
    }

    /** True once a second thread attached (for tests and --stats). */
    public boolean isMulti() {
        return state() == MULTI;
    }

    /** The sole thread at a safe point: acknowledges a request, or starts eliding if still alone. */
    public void safePoint(Member m, boolean eliding) {
        int s = state();
        if (eliding) {
            if (s == REQUESTED) {
                m.setEliding(false);
                STATE.setVolatile(this, MULTI); // pairs with the attacher's volatile read in enterMulti (E3)
            }
        } else if (s == FREE && enabled && sole == m.memberKey()) {
            elidingThread = Thread.currentThread();
            elidingMember = m;
            if (STATE.compareAndSet(this, FREE, ELIDING)) { // publishes elidingThread/Member
                m.setEliding(true);
            }
        }
    }

    /**
     * The sole thread stops eliding (before a blocking call, at program finish, at detach): flag
     * off, then FREE (or MULTI if a request came in); it starts again at a later safe point if
     * still alone.
     */
    public void stop(Member m) {
        m.setEliding(false);
        while (true) {
            int s = state();
            if (s == ELIDING && STATE.compareAndSet(this, ELIDING, FREE)) {
                return; // volatile write after the last elided store: pairs with enterMulti's CAS (E3)
            }
            if (s == REQUESTED && STATE.compareAndSet(this, REQUESTED, MULTI)) {
                return;
            }
            if (s == FREE || s == MULTI) {
                return;
            }
        }
    }

    private int state() {
        return (int) STATE.getVolatile(this);
    }

    private void enterMulti() {
        int spins = 0;
        while (true) {
            int s = state();
            switch (s) {
                case MULTI -> {
                    return;
                }
                case FREE -> {
                    if (STATE.compareAndSet(this, FREE, MULTI)) {
                        return;
                    }
                }
                case ELIDING, REQUESTED -> {
                    if (elidingThread == Thread.currentThread()) {
                        // The sole thread attaches another member itself: it is between two Python
                        // operations, so no elided section is in flight; its flag is its own.
                        elidingMember.setEliding(false);
                        if (STATE.compareAndSet(this, s, MULTI)) {
                            return;
                        }
                    } else if (s == ELIDING) {
                        STATE.compareAndSet(this, ELIDING, REQUESTED);
                    } else {
                        waitBriefly(++spins); // the sole thread acknowledges at its next safe point
                    }
                }
                default -> throw new IllegalStateException("single-thread mode state " + s);
            }
        }
    }

    private static void waitBriefly(int spins) {
        if (spins < 200) {
            Thread.onSpinWait();
        } else {
            LockSupport.parkNanos(20_000);
        }
    }
}
