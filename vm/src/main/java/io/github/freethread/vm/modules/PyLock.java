package io.github.freethread.vm.modules;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

import io.github.freethread.vm.runtime.ClassTable;
import io.github.freethread.vm.runtime.PyError;
import io.github.freethread.vm.runtime.VmThread;

/**
 * {@code threading.Lock} ({@code _thread.lock}): a non-reentrant lock that any thread may release.
 * Fast path: one CAS. Contended: a short spin, then the waiter goes offline
 * ({@link VmThread#beginBlocking}: GIL released, QSBR offline) and parks on this object's monitor.
 *
 * <table>
 *   <caption>Ownership</caption>
 *   <tr><th>field</th><th>written by</th><th>read by</th><th>mode</th></tr>
 *   <tr><td>locked</td><td>any thread</td><td>any thread</td><td>CAS / volatile set</td></tr>
 *   <tr><td>waiters</td><td>waiters, under the monitor</td><td>releasers, without it</td><td>volatile</td></tr>
 * </table>
 *
 * <p>No lost wake-up: a waiter increments {@code waiters} (under the monitor) before its CAS; a
 * releaser clears {@code locked} before reading {@code waiters}. Both are volatile (sequentially
 * consistent), so either the releaser sees the waiter and notifies under the monitor (which the
 * waiter only leaves by waiting), or the waiter's CAS sees the lock free.
 */
final class PyLock implements HandleTable.Native {
    private static final int SPINS = 64;
    private final AtomicBoolean locked = new AtomicBoolean();
    private final AtomicInteger waiters = new AtomicInteger();

    /** acquire(blocking, timeout): {@code seconds} < 0 waits forever. */
    boolean acquire(VmThread t, boolean blocking, double seconds) {
        if (locked.compareAndSet(false, true)) {
            return true;
        }
        if (!blocking) {
            return false;
        }
        for (int i = 0; i < SPINS; i++) {
            Thread.onSpinWait();
            if (!locked.get() && locked.compareAndSet(false, true)) {
                return true;
            }
        }
        boolean got;
        t.vm.threads.stop.beginWait(t); // offline; interruptible by program end (PyDaemonStop)
        try {
            got = acquireSlow(Args.nanos(seconds));
        } finally {
            t.vm.threads.stop.endWait(t);
        }
        if (t.vm.threads.stop.shouldStop(t)) { // program end stops this thread (PyDaemonStop): give the lock back, raise
            if (got) {
                release();
            }
            throw PyDaemonStop.stopError();
        }
        return got;
    }

    private synchronized boolean acquireSlow(long nanos) {
        long deadline = nanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + nanos;
        waiters.incrementAndGet();
        try {
            while (!locked.compareAndSet(false, true)) {
                long left = deadline == Long.MAX_VALUE ? 0 : deadline - System.nanoTime();
                if (deadline != Long.MAX_VALUE && left <= 0) {
                    return false;
                }
                try {
                    if (deadline == Long.MAX_VALUE) {
                        wait();
                    } else {
                        java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        } finally {
            waiters.decrementAndGet();
        }
    }

    void release() {
        if (!locked.compareAndSet(true, false)) {
            throw new PyError(ClassTable.RUNTIME_ERROR, "release unlocked lock");
        }
        if (waiters.get() > 0) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    boolean locked() {
        return locked.get();
    }

    @Override
    public void dropReferences(LongConsumer v) {
        // holds no Python references
    }
}
