package io.github.freethread.bench.vm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A snapshot of this process's threads from {@code /proc/self/task/TID/{comm,schedstat}}: per
 * thread its name as the kernel knows it (the Java thread name cut to 15 bytes; HotSpot names its
 * own threads {@code C2 CompilerThread0}, {@code GC Thread#0}, ...) and from {@code schedstat} the
 * nanoseconds it ran on a CPU and the nanoseconds it waited runnable in a run queue (the kernel's
 * scheduler statistics: exact, unlike the 10 ms ticks of {@code stat}). A thread that exits
 * between two snapshots takes its times with it: {@link PythonThreadAccounting} measures the
 * short-lived Python threads at their exit instead.
 *
 * @param threads by TID
 */
record ThreadCpuTable(Map<Long, Entry> threads) {

    /** One thread: kernel name, on-CPU and run-queue nanoseconds. */
    record Entry(String comm, long runNanos, long waitNanos) {
    }

    /** What a thread of HotSpot's is, by kernel name; {@code OTHER} for anything not recognised. */
    enum Kind {
        JIT, GC, OTHER;

        static Kind of(String comm) {
            if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
                return JIT;
            }
            if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.startsWith("VM Periodic")) {
                return comm.startsWith("VM Periodic") ? OTHER : GC;
            }
            return OTHER;
        }
    }

    static ThreadCpuTable now() {
        Map<Long, Entry> m = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    String comm = Files.readString(task.resolve("comm")).strip();
                    String[] f = Files.readString(task.resolve("schedstat")).strip().split("\\s+");
                    m.put(Long.parseLong(task.getFileName().toString()), new Entry(comm, Long.parseLong(f[0]), Long.parseLong(f[1])));
                } catch (IOException gone) {
                    // the thread exited while we listed (ENOENT, or ESRCH "No such process" when the
                    // task directory was still listed): its time is not ours to count here
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading /proc/self/task (Linux only)", e);
        }
        return new ThreadCpuTable(Map.copyOf(m));
    }

    /** This thread's on-CPU and run-queue nanoseconds ({@code /proc/thread-self/schedstat}). */
    static long[] currentThread() {
        try {
            String[] f = Files.readString(Path.of("/proc/thread-self/schedstat")).strip().split("\\s+");
            return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])};
        } catch (IOException e) {
            throw new UncheckedIOException("reading /proc/thread-self/schedstat (Linux only)", e);
        }
    }

    /**
     * On-CPU nanoseconds since {@code before} of the threads of the given kind alive now: HotSpot's
     * compiler and GC threads count from 0 if they started meanwhile (HotSpot adds compiler threads
     * on demand); {@code OTHER} threads only if they were in {@code before} too (a thread started
     * meanwhile is a Python thread of the run, measured by {@link PythonThreadAccounting}).
     * {@code exclude} (a TID, the measuring thread) is left out. Index 0: run, 1: run-queue wait.
     */
    long[] since(ThreadCpuTable before, Kind kind, long exclude) {
        long run = 0;
        long wait = 0;
        for (var e : threads.entrySet()) {
            if (e.getKey() == exclude || Kind.of(e.getValue().comm()) != kind) {
                continue;
            }
            Entry old = before.threads.get(e.getKey());
            if (old == null && kind == Kind.OTHER) {
                continue;
            }
            run += e.getValue().runNanos() - (old == null ? 0 : old.runNanos());
            wait += e.getValue().waitNanos() - (old == null ? 0 : old.waitNanos());
        }
        return new long[] {run, wait};
    }
}
