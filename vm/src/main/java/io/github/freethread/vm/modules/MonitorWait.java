package io.github.freethread.vm.modules;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.github.freethread.vm.runtime.VmThread;

/**
 * Waiting for a condition guarded by a Java monitor, the way every blocking call of the
 * threading modules must wait: the condition is tested under the monitor; if it does not hold
 * and the caller is willing to wait, the thread goes offline ({@link VmThread#beginBlocking}:
 * QSBR offline, critical sections suspended, GIL released) for the whole wait, and back online
 * before it returns. The condition's writers change it under the same monitor and {@code notifyAll}.
 *
 * <p>Stateless; an interrupt ends the wait early with the condition's current value and keeps
 * the thread's interrupt status; if program end is stopping this thread (the interrupt's
 * purpose, {@link PyDaemonStop}), SystemExit is raised instead of returning.
 */
final class MonitorWait {
    private MonitorWait() {
    }

    /**
     * True once {@code done} holds (tested under {@code monitor}); false if {@code seconds}
     * elapsed first ({@code seconds} = 0: test only; < 0: wait forever).
     */
    static boolean await(VmThread t, Object monitor, BooleanSupplier done, double seconds) {
        synchronized (monitor) {
            if (done.getAsBoolean()) {
                return true;
            }
        }
        if (seconds == 0) {
            return false;
        }
        boolean held;
        t.vm.threads.stop.beginWait(t); // offline; interruptible by program end (PyDaemonStop)
        try {
            held = awaitOffline(monitor, done, Args.nanos(seconds));
        } finally {
            t.vm.threads.stop.endWait(t);
        }
        t.vm.threads.stop.stopIfRequested(t); // program end stops this thread: SystemExit instead of a result
        return held;
    }

    private static boolean awaitOffline(Object monitor, BooleanSupplier done, long nanos) {
        long deadline = nanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + nanos;
        synchronized (monitor) {
            while (!done.getAsBoolean()) {
                try {
                    if (deadline == Long.MAX_VALUE) {
                        monitor.wait();
                    } else {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            return false;
                        }
                        TimeUnit.NANOSECONDS.timedWait(monitor, left);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return done.getAsBoolean();
                }
            }
            return true;
        }
    }
}
