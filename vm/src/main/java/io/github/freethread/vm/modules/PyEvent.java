package io.github.freethread.vm.modules;

import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

import io.github.freethread.vm.runtime.VmThread;

/**
 * {@code threading.Event}: a flag with wait. {@code flag} is written under the monitor and read
 * without it (volatile) for the fast paths of is_set and wait.
 */
final class PyEvent implements HandleTable.Native {
    private volatile boolean flag;

    boolean isSet() {
        return flag;
    }

    synchronized void set() {
        flag = true;
        notifyAll();
    }

    synchronized void clear() {
        flag = false;
    }

    /** wait(timeout): true if the flag is set on return; {@code seconds} < 0 waits forever. */
    boolean await(VmThread t, double seconds) {
        if (flag) {
            return true;
        }
        if (seconds == 0) {
            return false;
        }
        t.beginBlocking();
        try {
            return awaitSlow(Args.nanos(seconds));
        } finally {
            t.endBlocking();
        }
    }

    private synchronized boolean awaitSlow(long nanos) {
        long deadline = nanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + nanos;
        while (!flag) {
            try {
                if (deadline == Long.MAX_VALUE) {
                    wait();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return flag;
            }
        }
        return true;
    }

    @Override
    public void dropReferences(LongConsumer v) {
        // holds no Python references
    }
}
