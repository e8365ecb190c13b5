package io.github.freethread.bench.allocator;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * CPU time per operation of a single-thread case, as a secondary result next to JMH's wall-clock
 * score: the benchmark thread's CPU time ({@code CLOCK_THREAD_CPUTIME_ID} through
 * {@link ThreadMXBean#getCurrentThreadCpuTime()}) over the iteration, divided by the operations the
 * benchmark method counted in {@link #operations}. On a shared, oversubscribed machine the wall
 * clock also counts the time slices in which the thread was not running; the CPU clock does not
 * (it still includes cache and TLB pollution by other processes). Both figures are reported; the
 * targets are judged on the wall clock.
 *
 * <p>Like {@link FootprintRun}, each measured iteration stores its value divided by (measured
 * iterations x forks), because JMH sums {@code EVENTS} counters: the final figure is the mean.
 *
 * <p>Ownership: thread-confined; JMH runs a thread-scoped state's iteration setup and teardown on
 * the benchmark thread itself, so the CPU clock read is that thread's.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class ThreadCpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Benchmark-thread CPU nanoseconds per operation (mean over measured iterations). */
    public double cpuNsPerOp;

    /** Operations in this iteration; the benchmark method adds to it (plain, thread-confined). */
    long operations;
    private long cpuAtStart;
    private double share;

    /** Computes the weight of one measured iteration. */
    @Setup(Level.Trial)
    public void prepare(BenchmarkParams params) {
        share = 1.0 / (params.getMeasurement().getCount() * Math.max(1, params.getForks()));
    }

    /** Starts the iteration's CPU clock. */
    @Setup(Level.Iteration)
    public void start() {
        operations = 0;
        cpuNsPerOp = 0;
        cpuAtStart = THREADS.getCurrentThreadCpuTime();
    }

    /** Stops the clock and stores this iteration's share of the mean. */
    @TearDown(Level.Iteration)
    public void stop() {
        long cpu = THREADS.getCurrentThreadCpuTime() - cpuAtStart;
        cpuNsPerOp = (cpuAtStart < 0 || operations == 0) ? Double.NaN : (double) cpu / operations * share;
    }
}
