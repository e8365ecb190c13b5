package io.github.freethread.refcount;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The stop-the-world gate of one {@link ObjectRuntime}: a <em>consistent cut</em> of every thread
 * state, during which one thread (the collector) may read and rewrite every other state's
 * per-thread counts ({@link PerThreadCounting}).
 *
 * <p>Follows CPython 3.13+'s {@code _PyEval_StopTheWorld} ({@code Python/pystate.c}): thread states
 * are ATTACHED, DETACHED or SUSPENDED; the requester suspends detached ones with a CAS so they
 * cannot re-attach, and waits for attached ones to suspend themselves at their eval breaker.
 * Here: ONLINE (running; parks itself at its next {@link ThreadState#poll()}), OFFLINE (idle or
 * blocked; barred with a CAS), PARKED, BARRED, GONE (detached). Deviations: no per-interpreter
 * "world"; the waiting collector gives up with a clear error (and restarts the world, having changed
 * nothing) if an online state does not reach a safe point within {@link #STOP_TIMEOUT_NANOS}.
 *
 * <table>
 *   <caption>Status transitions of a thread state (the word {@code ThreadState.status})</caption>
 *   <tr><th>from → to</th><th>by</th><th>how</th><th>partner</th></tr>
 *   <tr><td>(new) → OFFLINE or BARRED</td><td>registering thread, under {@code this}</td><td>plain, before the state is published</td>
 *       <td>the collector's snapshot under {@code this}</td></tr>
 *   <tr><td>OFFLINE → ONLINE</td><td>owner</td><td>CAS</td><td>fails against the collector's OFFLINE → BARRED CAS</td></tr>
 *   <tr><td>ONLINE → OFFLINE</td><td>owner</td><td>volatile store (release of its slot writes)</td><td>the collector's CAS that bars it</td></tr>
 *   <tr><td>ONLINE → PARKED</td><td>owner at a safe point</td><td>volatile store (release of its slot writes)</td><td>the collector's volatile load in {@link #stopOthers}</td></tr>
 *   <tr><td>PARKED → ONLINE</td><td>owner</td><td>volatile store, then a volatile load of {@code state} (Dekker with the next collector's STOPPED store and status load)</td><td>{@link #parkAtSafePoint}</td></tr>
 *   <tr><td>OFFLINE → BARRED</td><td>collector</td><td>CAS (acquire of the owner's offline store)</td><td></td></tr>
 *   <tr><td>BARRED → OFFLINE</td><td>collector at restart</td><td>volatile store (release of its slot rewrites)</td><td>the owner's CAS in {@link #online}</td></tr>
 *   <tr><td>ONLINE → GONE</td><td>owner at detach, after folding its slots</td><td>volatile store</td><td>the collector's volatile load</td></tr>
 * </table>
 *
 * <table>
 *   <caption>Ownership of the gate's own fields</caption>
 *   <tr><th>field</th><th>written by</th><th>read by</th><th>mode</th></tr>
 *   <tr><td>state (IDLE, REQUESTED, STOPPED)</td><td>requesters (CAS IDLE → REQUESTED), the collector (CAS → STOPPED under
 *       {@code this}; store IDLE under {@code this})</td><td>every safe point</td><td>volatile (one load per poll)</td></tr>
 *   <tr><td>generation</td><td>the collector, at restart</td><td>parked threads</td><td>volatile: release of every slot
 *       rewrite; pairs with the parked thread's volatile load in {@link #parkAtSafePoint}</td></tr>
 * </table>
 *
 * <p>Why the cut is consistent: when {@link #stopOthers} returns, every state in the snapshot is
 * PARKED (inside {@code poll}, between two operations), BARRED (offline: no count operation until
 * restart, enforced by its empty active slot array) or GONE (its slots folded, atomically, before
 * GONE), and every state registered after the snapshot was born BARRED. Each status change is a
 * volatile store or CAS that the collector's volatile load or CAS reads, so every slot write of
 * every state happens-before the collector's reads; the collector's rewrites happen-before the
 * states' next slot accesses through the generation (parked) or the BARRED → OFFLINE store
 * (barred). No slot changes while the collector runs: the slots are a snapshot of one instant.
 */
final class StopTheWorld {
    static final int OFFLINE = 0;
    static final int ONLINE = 1;
    static final int PARKED = 2;
    static final int BARRED = 3;
    static final int GONE = 4;

    static final int IDLE = 0;
    static final int REQUESTED = 1;
    static final int STOPPED = 2;

    /** How long a collector waits for an online state to reach a safe point before giving up (default). */
    static final long STOP_TIMEOUT_NANOS = 10_000_000_000L;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(StopTheWorld.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ObjectRuntime runtime;
    private volatile int state;
    private volatile long generation;
    private long stops;
    /** Written by tests before collections start; read by collectors. */
    private volatile long stopTimeoutNanos = STOP_TIMEOUT_NANOS;

    StopTheWorld(ObjectRuntime runtime) {
        this.runtime = runtime;
    }

    /** One volatile load: the fast check of every safe point. */
    boolean pending() {
        return state != IDLE;
    }

    /** Asks for a collection at the next safe point of any online state (threshold trigger). */
    void request() {
        STATE.compareAndSet(this, IDLE, REQUESTED);
    }

    /** For tests: a shorter wait for online states. */
    void setStopTimeoutNanos(long nanos) {
        stopTimeoutNanos = nanos;
    }

    /** Completed stop-the-world pauses (racy read). */
    long stops() {
        return stops;
    }

    /**
     * Registration of a new state, under the gate's monitor so that it is either in a collector's
     * snapshot or born BARRED (and unbarred at that collector's restart).
     */
    void register(ThreadState ts, Runnable putInRegistry) {
        synchronized (this) {
            ThreadState.STATUS.setVolatile(ts, state == STOPPED ? BARRED : OFFLINE);
            putInRegistry.run();
        }
    }

    void online(ThreadState ts) {
        while (true) {
            int s = ts.status();
            if (s == ONLINE || s == PARKED) {
                return; // idempotent
            }
            if (s == GONE) {
                throw new IllegalStateException("thread state " + ts.id() + " is detached: cannot go online");
            }
            // CAS: fails while a collector has barred the state (OFFLINE -> BARRED is its CAS)
            if (s == OFFLINE && ThreadState.STATUS.compareAndSet(ts, OFFLINE, ONLINE)) {
                ts.activeSlots = ts.slots;
                return;
            }
            backOff(0);
        }
    }

    void offline(ThreadState ts) {
        int s = ts.status();
        if (s != ONLINE) {
            if (s == OFFLINE || s == BARRED) {
                return; // idempotent
            }
            throw new IllegalStateException("thread state " + ts.id() + " cannot go offline from status " + s);
        }
        ts.activeSlots = ThreadState.NO_SLOTS;
        ThreadState.STATUS.setVolatile(ts, OFFLINE); // release of every slot write: pairs with the barring CAS
    }

    /** Detach: the caller has folded the state's slots (atomically) and is online. */
    void gone(ThreadState ts) {
        ts.activeSlots = ThreadState.NO_SLOTS;
        ThreadState.STATUS.setVolatile(ts, GONE); // release of the folds: pairs with the collector's status load
    }

    /**
     * Safe point of an online state with {@link #pending()} true: runs the requested collection, or
     * parks while another thread's collection runs.
     */
    void atSafePoint(ThreadState ts, CollectorStep step) {
        if (ts.status() != ONLINE) {
            return; // an offline state never parks: it is barred instead
        }
        if (state == REQUESTED && STATE.compareAndSet(this, REQUESTED, IDLE)) {
            collect(ts, step);
            return;
        }
        parkAtSafePoint(ts);
    }

    /** Parks while a collection runs; returns at once otherwise. */
    void parkAtSafePoint(ThreadState ts) {
        while (state == STOPPED) {
            long g = generation; // before PARKED: the running collection has not advanced it
            ThreadState.STATUS.setVolatile(ts, PARKED); // release of every slot write: pairs with stopOthers' load
            int spins = 0;
            while (generation == g && state == STOPPED) { // volatile: pairs with the collector's generation store
                backOff(spins++);
            }
            ThreadState.STATUS.setVolatile(ts, ONLINE); // then re-read state (the loop condition): Dekker with a next collector
        }
    }

    /**
     * Runs {@code step} with the world stopped; the caller is online at a safe point. If another
     * collection is running, parks through it first. Returns what {@code step} returned.
     */
    int collect(ThreadState ts, CollectorStep step) {
        if (ts.status() != ONLINE) {
            throw new IllegalStateException("collect by thread state " + ts.id() + " which is not online");
        }
        List<ThreadState> snapshot;
        while (true) {
            synchronized (this) {
                int s = state;
                if (s != STOPPED && STATE.compareAndSet(this, s, STOPPED)) {
                    snapshot = new ArrayList<>();
                    for (ThreadState t : runtime.threads()) {
                        if (t != ts) {
                            snapshot.add(t);
                        }
                    }
                    break;
                }
            }
            parkAtSafePoint(ts);
        }
        List<ThreadState> barred = new ArrayList<>();
        try {
            stopOthers(snapshot, barred);
            stops++;
            return step.run(ts, snapshot);
        } finally {
            restart(barred);
        }
    }

    /** Waits until every state of the snapshot is PARKED, BARRED (by us) or GONE. */
    private void stopOthers(List<ThreadState> snapshot, List<ThreadState> barred) {
        long timeout = stopTimeoutNanos;
        long deadline = System.nanoTime() + timeout;
        for (ThreadState t : snapshot) {
            int spins = 0;
            while (true) {
                int s = t.status(); // volatile: pairs with the owner's PARKED / OFFLINE / GONE store
                if (s == PARKED || s == GONE || s == BARRED) {
                    break; // BARRED: born barred during this collection (registered after the snapshot? then not here) or by us
                }
                if (s == OFFLINE && ThreadState.STATUS.compareAndSet(t, OFFLINE, BARRED)) {
                    barred.add(t);
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("stop-the-world: thread state " + t.id() + " (thread "
                        + (t.boundThread() == null ? "unbound" : t.boundThread().getName())
                        + ") stayed online without reaching a safe point for "
                        + timeout / 1_000_000L + " ms; a thread that blocks must go offline first");
                }
                backOff(spins++);
            }
        }
    }

    private void restart(List<ThreadState> barred) {
        synchronized (this) {
            generation = generation + 1; // release of every slot rewrite: pairs with parkAtSafePoint's load
            for (ThreadState t : barred) {
                ThreadState.STATUS.setVolatile(t, OFFLINE); // release: pairs with the owner's CAS in online()
            }
            for (ThreadState t : runtime.threads()) { // states born barred during the pause
                ThreadState.STATUS.compareAndSet(t, BARRED, OFFLINE);
            }
            STATE.setVolatile(this, IDLE);
        }
    }

    private static void backOff(int spins) {
        if (spins < 100) {
            Thread.onSpinWait();
        } else if (spins < 200) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(20_000);
        }
    }

    /** The work done with the world stopped. */
    @FunctionalInterface
    interface CollectorStep {
        int run(ThreadState collector, List<ThreadState> stopped);
    }
}
