package io.github.freethread.vm.modules;

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
        return flag || MonitorWait.await(t, this, () -> flag, seconds);
    }

    @Override
    public void dropReferences(LongConsumer v) {
        // holds no Python references
    }
}
