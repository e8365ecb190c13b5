package io.github.freethread.vm.runtime;

import java.util.concurrent.TimeUnit;

/**
 * ftvm's optional global interpreter lock (issue 6, "GIL mode"): a real lock that a Python thread
 * holds while it runs Python code, for comparing free-threaded execution with CPython's default
 * build and for modules that do not declare free-threading safety ({@code _legacy_ext}).
 *
 * <p>Follows CPython's {@code Python/ceval_gil.c} ("new GIL", Antoine Pitrou, 3.2+): a thread that
 * wants the lock waits at most one <em>switch interval</em> (default 5 ms,
 * {@code sys.setswitchinterval}); if the holder did not release it meanwhile (and no other
 * hand-off happened), the waiter sets {@link #dropRequest}. The holder sees the request at its next
 * safe point ({@link #yieldIfRequested}), releases, and then waits until another thread has taken
 * the lock before competing again ("forced switching", CPython's FORCE_SWITCHING), so the waiting
 * thread really gets it. A thread releases the lock whenever it blocks
 * ({@link VmThread#beginBlocking}) and takes it back afterwards.
 *
 * <p>Deviations from CPython: the lock is a Java monitor (CPython: a mutex + condition variable,
 * same structure); the drop request is a field of this object, polled at ftvm's safe points (every
 * 256 back-edges/calls), not a bit of an eval breaker. Enabling at run time ({@link #enable}) does
 * not stop the world: each running thread takes the lock at its next safe point (CPython 3.13
 * enables it at import while the importing thread is the only one running Python code only in the
 * sense that other threads re-check at their next eval-breaker poll; same effect).
 *
 * <table>
 *   <caption>Ownership</caption>
 *   <tr><th>field</th><th>written by</th><th>read by</th><th>mode</th></tr>
 *   <tr><td>enabled, reason</td><td>{@link #enable} (under {@code this})</td><td>any thread at safe points</td><td>volatile</td></tr>
 *   <tr><td>intervalNanos</td><td>sys.setswitchinterval (any thread)</td><td>waiters</td><td>volatile</td></tr>
 *   <tr><td>dropRequest</td><td>waiters (under {@code this}), cleared by the taker (under {@code this})</td>
 *       <td>the holder at safe points (without the monitor)</td><td>volatile: the holder's racy fast-path read is
 *       benign, a missed request is seen at the next safe point</td></tr>
 *   <tr><td>holder, waiting, switches, statistics</td><td>under {@code this}</td><td>under {@code this}</td><td>monitor</td></tr>
 * </table>
 *
 * <p>Invariants (checked by {@link #assertInvariants}):
 * <ol>
 *   <li>{@code holder == null || enabled} (the lock is only ever held when enabled);</li>
 *   <li>{@code waiting >= 0};</li>
 *   <li>{@code forcedSwitches <= handOffs <= acquisitions}.</li>
 * </ol>
 */
public final class Gil {
    /** CPython's default switch interval: 5 ms. */
    public static final long DEFAULT_INTERVAL_NANOS = 5_000_000L;

    private volatile boolean enabled;
    private volatile String reason;
    private final boolean forcedOff;
    private volatile long intervalNanos = DEFAULT_INTERVAL_NANOS;
    private volatile boolean dropRequest;

    private Object holder;
    private int waiting;
    /** Incremented at every acquisition (CPython's gil->switch_number). */
    private long switchNumber;
    private long acquisitions;
    private long handOffs;
    private long forcedSwitches;
    private long dropRequests;
    /** Shortest time a waiter had waited when it requested a drop (never below the interval). */
    private long minWaitAtDropRequestNanos = Long.MAX_VALUE;

    /**
     * @param enabledAtStart true for {@code --gil=1}
     * @param forcedOff      true for {@code --gil=0} / {@code FTVM_GIL=0}: never enabled, even by a legacy module
     * @param why            the reason reported by {@code --stats} (e.g. "--gil=1", "default")
     */
    public Gil(boolean enabledAtStart, boolean forcedOff, String why) {
        if (enabledAtStart && forcedOff) {
            throw new IllegalArgumentException("GIL cannot be both enabled and forced off");
        }
        this.enabled = enabledAtStart;
        this.forcedOff = forcedOff;
        this.reason = why;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public boolean isForcedOff() {
        return forcedOff;
    }

    /** Why the GIL is in its current state (for --stats). */
    public String reason() {
        return reason;
    }

    /**
     * Enables the GIL at run time (a module without free-threading declaration was imported).
     * Returns false if it was already enabled or is forced off. Running threads take the lock at
     * their next safe point; the caller should take it at once ({@link VmThread#takeGilIfEnabled}).
     */
    public synchronized boolean enable(String why) {
        if (forcedOff || enabled) {
            return false;
        }
        reason = why;
        enabled = true; // volatile write: threads see it at their next safe point
        return true;
    }

    /** A module without free-threading declaration was imported while the GIL is forced off (for --stats). */
    public synchronized void noteKeptOff(String module) {
        if (forcedOff && !reason.contains("'" + module + "'")) {
            reason = reason + "; kept off although module '" + module + "' does not declare free-threading safety";
        }
    }

    public long intervalNanos() {
        return intervalNanos;
    }

    /** sys.setswitchinterval: must be positive. */
    public void setIntervalNanos(long nanos) {
        if (nanos <= 0) {
            throw new IllegalArgumentException("switch interval must be strictly positive");
        }
        intervalNanos = nanos;
    }

    /**
     * Takes the lock for {@code who}, waiting as long as needed; after each switch interval spent
     * waiting without any hand-off, asks the holder to drop it. The caller must not hold it.
     */
    public synchronized void acquire(Object who) {
        if (holder == who) {
            throw new IllegalStateException("GIL acquired twice by " + who);
        }
        waiting++;
        boolean interrupted = false;
        try {
            while (holder != null) {
                long interval = intervalNanos;
                long start = System.nanoTime();
                long seen = switchNumber;
                long left = interval;
                while (holder != null && left > 0) {
                    interrupted |= waitNanos(left);
                    left = interval - (System.nanoTime() - start);
                }
                if (holder != null && switchNumber == seen) {
                    // The interval passed with no hand-off: the holder must drop the lock at its next safe point.
                    dropRequest = true;
                    dropRequests++;
                    minWaitAtDropRequestNanos = Math.min(minWaitAtDropRequestNanos, System.nanoTime() - start);
                }
            }
        } finally {
            waiting--;
            if (interrupted) {
                Thread.currentThread().interrupt(); // restored for the caller once the lock is taken (see waitNanos)
            }
        }
        holder = who;
        switchNumber++;
        acquisitions++;
        dropRequest = false;
        notifyAll(); // a thread that dropped the lock in yieldIfRequested waits for this switch
    }

    /** Releases the lock held by {@code who}. */
    public synchronized void release(Object who) {
        if (holder != who) {
            throw new IllegalStateException("GIL released by " + who + " but held by " + holder);
        }
        holder = null;
        notifyAll();
    }

    /**
     * At a safe point of the holder: if a waiter asked for the lock, hands it over (releases, waits
     * until another thread took it, then competes again). Returns true if a switch happened.
     */
    public boolean yieldIfRequested(Object who) {
        if (!dropRequest) {
            return false; // volatile read; a request set just after is seen at the next safe point
        }
        synchronized (this) {
            if (holder != who || !dropRequest) {
                return false;
            }
            holder = null;
            handOffs++;
            notifyAll();
            if (waiting > 0) {
                long seen = switchNumber;
                boolean interrupted = false;
                while (switchNumber == seen && waiting > 0) {
                    interrupted |= waitNanos(intervalNanos);
                }
                if (interrupted) {
                    Thread.currentThread().interrupt(); // restored after the loop (see waitNanos)
                }
                if (switchNumber != seen) {
                    forcedSwitches++;
                }
            }
        }
        acquire(who);
        return true;
    }

    /** True if a waiter asked the holder to drop the lock (racy read: a holder's safe-point fast path). */
    public boolean dropRequested() {
        return dropRequest;
    }

    /** True if {@code who} holds the lock now (for assertions and tests). */
    public synchronized boolean isHeldBy(Object who) {
        return holder == who;
    }

    /**
     * Waits on this monitor; returns true if the thread was interrupted. The interrupt status is
     * NOT restored here: with it set, every further {@code wait} would throw at once without
     * releasing the monitor, and a waiter looping in {@link #acquire} would spin holding it, so
     * the holder could never enter {@link #release}. Callers restore it once they leave the loop.
     */
    private boolean waitNanos(long nanos) {
        try {
            TimeUnit.NANOSECONDS.timedWait(this, Math.max(nanos, 1000));
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }

    /** Counters for --stats and tests. */
    public record Stats(long acquisitions, long handOffs, long forcedSwitches, long dropRequests, long minWaitAtDropRequestNanos) {
    }

    public synchronized Stats stats() {
        return new Stats(acquisitions, handOffs, forcedSwitches, dropRequests,
            dropRequests == 0 ? 0 : minWaitAtDropRequestNanos);
    }

    public synchronized void assertInvariants() {
        if (holder != null && !enabled) {
            throw new AssertionError("(1) GIL held while disabled");
        }
        if (waiting < 0) {
            throw new AssertionError("(2) negative waiter count " + waiting);
        }
        if (forcedSwitches > handOffs || handOffs > acquisitions) {
            throw new AssertionError("(3) forced " + forcedSwitches + " > hand-offs " + handOffs + " > acquisitions " + acquisitions);
        }
    }

    /** One line for --stats. */
    public String describe() {
        Stats s = stats();
        return (enabled ? "enabled" : "disabled") + " (" + reason + ")" + (enabled
            ? ", switch interval " + (intervalNanos / 1000) + " us, acquisitions " + s.acquisitions() + ", hand-offs "
                + s.handOffs() + ", forced switches " + s.forcedSwitches()
            : "");
    }
}
