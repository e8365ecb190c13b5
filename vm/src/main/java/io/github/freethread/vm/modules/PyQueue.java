package io.github.freethread.vm.modules;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

import io.github.freethread.vm.runtime.ClassTable;
import io.github.freethread.vm.runtime.PyError;
import io.github.freethread.vm.runtime.VmThread;

/**
 * {@code queue.Queue}: a FIFO of owned references with an optional bound, following CPython's
 * {@code Lib/queue.py} (one mutex, conditions not_empty / not_full / all_tasks_done; here one
 * monitor and notifyAll). {@code put} takes a new reference to the item; {@code get} hands the
 * queue's reference over to the caller: the object is passed between threads, never copied.
 *
 * <p>Blocking: the fast path runs under the monitor with the thread online; a call that must wait
 * leaves the monitor, goes offline ({@link VmThread#beginBlocking}: GIL released, QSBR offline),
 * waits under the monitor, and comes back online only after leaving the monitor (so no thread
 * ever waits for the GIL while holding it).
 *
 * <table>
 *   <caption>Ownership</caption>
 *   <tr><th>field</th><th>written by</th><th>read by</th><th>mode</th></tr>
 *   <tr><td>items, unfinished</td><td>any thread, under {@code this}</td><td>under {@code this}</td><td>monitor</td></tr>
 *   <tr><td>maxsize</td><td>constructor</td><td>any thread</td><td>final</td></tr>
 * </table>
 */
final class PyQueue implements HandleTable.Native {
    final int maxsize;
    private final ArrayDeque<Long> items = new ArrayDeque<>();
    private long unfinished;

    PyQueue(int maxsize) {
        this.maxsize = maxsize;
    }

    private boolean fullLocked() {
        return maxsize > 0 && items.size() >= maxsize;
    }

    /** put(item, block, timeout); {@code item} borrowed (the queue takes a new reference). */
    void put(VmThread t, long item, boolean block, double seconds) {
        synchronized (this) {
            if (!fullLocked()) {
                addLocked(t, item);
                return;
            }
            if (!block || seconds == 0) {
                throw new PyError(ClassTable.QUEUE_FULL, null);
            }
        }
        t.incref(item); // the queue's reference, taken online before waiting
        boolean ok = false;
        t.vm.threads.stop.beginWait(t); // offline; interruptible by program end (PyDaemonStop)
        try {
            long nanos = Args.nanos(seconds);
            long deadline = nanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + nanos;
            synchronized (this) {
                while (fullLocked()) {
                    if (!waitLocked(deadline)) {
                        break;
                    }
                }
                if (!fullLocked()) {
                    items.addLast(item);
                    unfinished++;
                    notifyAll();
                    ok = true;
                }
            }
        } finally {
            t.vm.threads.stop.endWait(t);
        }
        if (!ok) {
            t.decref(item);
        }
        t.vm.threads.stop.stopIfRequested(t); // program end stops this thread (PyDaemonStop)
        if (!ok) {
            throw new PyError(ClassTable.QUEUE_FULL, null);
        }
    }

    private void addLocked(VmThread t, long item) {
        t.incref(item);
        items.addLast(item);
        unfinished++;
        notifyAll();
    }

    private boolean waitLocked(long deadline) {
        try {
            if (deadline == Long.MAX_VALUE) {
                wait();
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** get(block, timeout): the item (owned: the queue's reference handed over); queue.Empty if none. */
    long get(VmThread t, boolean block, double seconds) {
        synchronized (this) {
            Long x = items.pollFirst();
            if (x != null) {
                notifyAll();
                return x;
            }
            if (!block || seconds == 0) {
                throw new PyError(ClassTable.QUEUE_EMPTY, null);
            }
        }
        long got = 0;
        t.vm.threads.stop.beginWait(t); // offline; interruptible by program end (PyDaemonStop)
        try {
            long nanos = Args.nanos(seconds);
            long deadline = nanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + nanos;
            synchronized (this) {
                while (items.isEmpty()) {
                    if (!waitLocked(deadline)) {
                        break;
                    }
                }
                Long x = items.pollFirst();
                if (x != null) {
                    got = x;
                    notifyAll();
                }
            }
        } finally {
            t.vm.threads.stop.endWait(t);
        }
        if (t.vm.threads.stop.shouldStop(t)) { // program end stops this thread (PyDaemonStop): the item is dropped
            t.xdecref(got);
            throw PyDaemonStop.stopError();
        }
        if (got == 0) {
            throw new PyError(ClassTable.QUEUE_EMPTY, null);
        }
        return got;
    }

    synchronized void taskDone() {
        if (unfinished <= 0) {
            throw PyError.valueError("task_done() called too many times");
        }
        if (--unfinished == 0) {
            notifyAll();
        }
    }

    /** join(): waits (offline) until every item put has been marked done. */
    void join(VmThread t) {
        synchronized (this) {
            if (unfinished == 0) {
                return;
            }
        }
        t.vm.threads.stop.beginWait(t); // offline; interruptible by program end (PyDaemonStop)
        try {
            synchronized (this) {
                while (unfinished > 0 && waitLocked(Long.MAX_VALUE)) {
                    // woken: test again (only program end interrupts, and waitLocked then returns false)
                }
            }
        } finally {
            t.vm.threads.stop.endWait(t);
        }
        t.vm.threads.stop.stopIfRequested(t); // program end stops this thread (PyDaemonStop)
    }

    synchronized int qsize() {
        return items.size();
    }

    synchronized boolean full() {
        return fullLocked();
    }

    @Override
    public void dropReferences(LongConsumer v) {
        long[] left;
        synchronized (this) {
            left = new long[items.size()];
            int i = 0;
            for (Long x : items) {
                left[i++] = x;
            }
            items.clear();
        }
        for (long x : left) {
            v.accept(x);
        }
    }
}
