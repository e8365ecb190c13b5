package io.github.freethread.bench.threads;

import java.lang.management.ManagementFactory;

/**
 * The CPU time of the whole JVM process (all threads, user + system), in nanoseconds, from the
 * platform's {@code OperatingSystemMXBean}. Kept out of {@link ProcessCpuTime}: JMH reports every
 * public method of an {@code @AuxCounters} state that returns a number as a counter.
 */
public final class ProcessCpuClock {
    private static final com.sun.management.OperatingSystemMXBean OS =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private ProcessCpuClock() {
    }

    /** Process CPU nanoseconds consumed so far. */
    public static long nanos() {
        return OS.getProcessCpuTime();
    }
}
