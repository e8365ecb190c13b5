package io.github.freethread.bench.vm;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import io.github.freethread.refcount.ThreadListener;
import io.github.freethread.refcount.ThreadState;

/**
 * Measures the Python threads a program starts (executor workers, {@code threading.Thread}s) at
 * their own attach and detach ({@link ThreadListener}: both run on the thread itself): wall time
 * of the first attach and the last detach, the sum of the threads' lifetimes, their CPU time and
 * their run-queue wait (from {@code /proc/thread-self/schedstat} read at detach, so a thread that
 * has exited is still counted — a snapshot of {@code /proc/self/task} would miss it). The VM's
 * main thread (the measuring thread) is left out.
 *
 * <p>Ownership: every field is written under {@code this} by the attaching/detaching Python
 * threads and read under {@code this} by the measuring thread after the program's threads were
 * joined (the join orders their detach before the read anyway).
 */
final class PythonThreadAccounting implements ThreadListener {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final Thread measuring;
    private long firstAttach = Long.MAX_VALUE;
    private long lastDetach = Long.MIN_VALUE;
    private long lifetimes;
    private long cpu;
    private long wait;
    private int threads;
    private final ThreadLocal<Long> attachedAt = new ThreadLocal<>();

    PythonThreadAccounting(Thread measuring) {
        this.measuring = measuring;
    }

    @Override
    public void onAttach(ThreadState ts) {
        if (Thread.currentThread() == measuring) {
            return;
        }
        long now = System.nanoTime();
        attachedAt.set(now);
        synchronized (this) {
            firstAttach = Math.min(firstAttach, now);
        }
    }

    @Override
    public void onDetach(ThreadState ts) {
        Long at = attachedAt.get();
        if (Thread.currentThread() == measuring || at == null) {
            return;
        }
        long now = System.nanoTime();
        long threadCpu = THREADS.getCurrentThreadCpuTime();
        long[] sched = ThreadCpuTable.currentThread();
        synchronized (this) {
            lastDetach = Math.max(lastDetach, now);
            lifetimes += now - at;
            cpu += threadCpu;
            wait += sched[1];
            threads++;
        }
    }

    /** The totals since the last call (then cleared): a run's Python threads. */
    synchronized Totals takeTotals() {
        Totals t = new Totals(threads, threads == 0 ? 0 : firstAttach, threads == 0 ? 0 : lastDetach, lifetimes, cpu, wait);
        firstAttach = Long.MAX_VALUE;
        lastDetach = Long.MIN_VALUE;
        lifetimes = 0;
        cpu = 0;
        wait = 0;
        threads = 0;
        return t;
    }

    /** One run's Python threads: count, first attach and last detach ({@code System.nanoTime}), summed lifetime, CPU and run-queue wait (ns). */
    record Totals(int threads, long firstAttach, long lastDetach, long lifetimes, long cpu, long runQueueWait) {
    }
}
