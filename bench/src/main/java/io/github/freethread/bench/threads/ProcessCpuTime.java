package io.github.freethread.bench.threads;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * CPU time the whole benchmark process spent during the measured operations, reported by JMH as
 * the secondary result {@code cpuMs} next to the wall time. JMH adds {@code EVENTS} counters over
 * the measured iterations, so the reported {@code cpuMs} is the total of all {@code Cnt} runs:
 * with one whole program run per iteration, {@code cpuMs / Cnt / score} is the number of cores a
 * run kept busy and {@code cpuMs(N workers) / cpuMs(1 worker)} the CPU cost of running the same
 * work in parallel (contended cache lines, locks, GIL hand-offs). It includes the JVM's own
 * threads (JIT, GC), which after the warm-up iterations are mostly idle. Resolution: the
 * kernel's CPU accounting tick (10 ms here).
 *
 * <p>Thread-confined: JMH gives each benchmark thread its own instance ({@link Scope#Thread}) and
 * reads the public field after the iteration.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class ProcessCpuTime {
    /** Process CPU milliseconds spent inside {@link #begin()}/{@link #end(long)} pairs this iteration. */
    public double cpuMs;

    @Setup(Level.Iteration)
    public void reset() {
        cpuMs = 0;
    }

    /** Adds the process CPU time since {@code start} (a {@link ProcessCpuClock#nanos()} value) to the total. */
    public void addSince(long start) {
        cpuMs += (ProcessCpuClock.nanos() - start) / 1e6;
    }
}
