package io.github.freethread.vm.modules;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;

import io.github.freethread.vm.runtime.ClassTable;
import io.github.freethread.vm.runtime.PyError;
import io.github.freethread.vm.runtime.VmThread;

/**
 * {@code threading.RLock}: a re-entrant lock owned by one Python thread. Python threads are Java
 * threads one-to-one, so Java's {@link ReentrantLock} has exactly the semantics (owner, count);
 * a contended acquire waits offline (GIL released, QSBR offline).
 */
final class PyRLock implements HandleTable.Native {
    private final ReentrantLock lock = new ReentrantLock();

    boolean acquire(VmThread t, boolean blocking, double seconds) {
        if (lock.tryLock()) {
            return true;
        }
        if (!blocking) {
            return false;
        }
        boolean got = false;
        t.vm.threads.stop.beginWait(t); // offline; interruptible by program end (PyDaemonStop)
        try {
            while (!got) {
                if (seconds < 0) {
                    got = lock.tryLock(1, TimeUnit.DAYS); // interruptible, unlike lock()
                } else {
                    got = lock.tryLock(Args.nanos(seconds), TimeUnit.NANOSECONDS);
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            t.vm.threads.stop.endWait(t);
        }
        if (t.vm.threads.stop.shouldStop(t)) { // program end stops this thread (PyDaemonStop): give the lock back, raise
            if (got) {
                lock.unlock();
            }
            throw PyDaemonStop.stopError();
        }
        return got;
    }

    void release() {
        if (!lock.isHeldByCurrentThread()) {
            throw new PyError(ClassTable.RUNTIME_ERROR, "cannot release un-acquired lock");
        }
        lock.unlock();
    }

    String repr(long address) {
        return "<" + (lock.isLocked() ? "locked" : "unlocked") + " _thread.RLock object owner=" + (lock.isLocked() ? "?" : "0")
            + " count=" + lock.getHoldCount() + " at 0x" + Long.toHexString(address) + ">";
    }

    @Override
    public void dropReferences(LongConsumer v) {
        // holds no Python references
    }
}
