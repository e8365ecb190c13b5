package io.github.freethread.bench.vm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.github.freethread.bench.threads.GilSelection;
import io.github.freethread.bench.threads.ProcessCpuClock;
import io.github.freethread.bench.threads.RepositoryRoot;
import io.github.freethread.bench.threads.ScalingWorkload;
import io.github.freethread.vm.runtime.VmConfig;

/**
 * Where the time of a threaded example run goes, in-process (issue 6's scaling accounting; not a
 * JMH benchmark: it splits one run into its serial and parallel parts, which JMH's single score
 * cannot). For each worker count and GIL mode it runs the program {@code --warmup} times, then
 * {@code --runs} measured times, in one VM ({@code --vm warm}, as ThreadScalingBenchmark's warm
 * mode) or a fresh VM per run ({@code --vm cold}), and prints per run, in milliseconds:
 *
 * <pre>
 *   wall    the whole run (Program.runAgain: modules, body, threads joined, finish)
 *   before  run start to the first Python thread's attach (serial: builtins, imports, module body)
 *   after   the last Python thread's detach to run end (serial: results, printing, finish)
 *   span    first attach to last detach;  par = summed thread lifetimes / span (threads alive on average)
 *   wcpu    CPU of the Python threads (measured at their exit);  wwait = their run-queue wait
 *   main    CPU of the VM's main thread;  jit, gc, other = CPU of HotSpot's compiler threads, GC
 *           threads and the rest of the process's long-lived threads (procfs schedstat)
 *   proc    process CPU
 * </pre>
 *
 * {@code wwait} is time the workers were runnable but had no CPU: on this shared 2-core machine it
 * is the other users' (and HotSpot's compiler threads') share, which no change in ftvm removes.
 * The configurations run in interleaved rounds (one run of each per round), so drifting load on
 * a shared machine hits them alike; per-round ratios and their medians follow ({@link #ratios}).
 * {@code --control true} adds the machine control to every round: two VMs in this process, each
 * running the 1-worker program on its own thread at the same time. They share no Python object,
 * runtime or allocator, only the JVM and the hardware, so their throughput over one VM alone is
 * the ceiling the machine gives two threads (caches, SMT siblings, other users), against which
 * the N-worker figure is read.
 * Every run's output is checked against the reference output. Usage (repository root):
 * {@code java $(FT_JVM_FLAGS) -cp bench/target/benchmarks.jar io.github.freethread.bench.vm.ScalingProbe
 * --workload pi_threads --size 1000000 --workers 1,2 --gil 0,1 --vm warm --warmup 5 --runs 5}.
 */
public final class ScalingProbe {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final String COLUMNS = "%-8s %5s %5s %3s %8s %7s %7s %7s %5s %8s %7s %7s %7s %7s %7s %8s%n";

    private ScalingProbe() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** Parses {@code args} and runs the probe (on a big-stack thread); any failure, including a wrong output, is thrown. */
    static void run(String[] args) throws Throwable {
        Options o = Options.parse(args);
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(null, () -> {
            try {
                probe(o);
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "probe-main", 1L << 29);
        t.start();
        t.join();
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    private static void probe(Options o) throws Exception {
        ScalingWorkload program = ScalingWorkload.byStem(o.workload);
        Path file = RepositoryRoot.example(program.file);
        String source = Files.readString(file, StandardCharsets.UTF_8);
        System.out.printf("# %s size %d, vm=%s, %d warm-up + %d measured rounds; load average %s; JVM up %d ms%n", o.workload,
            o.size, o.vm, o.warmup, o.runs, loadAverage(), ManagementFactory.getRuntimeMXBean().getUptime());
        System.out.printf(COLUMNS, "row", "gil", "wkrs", "#", "wall", "before", "after", "span", "par", "wcpu", "wwait",
            "main", "jit", "gc", "other", "proc");
        for (int gil : o.gils) {
            List<VmHost> hosts = new ArrayList<>();
            for (int workers : o.workers) {
                hosts.add(new VmHost(o, program, file, source, workers, gil));
            }
            List<VmHost> control = o.control
                ? List.of(new VmHost(o, program, file, source, 1, gil), new VmHost(o, program, file, source, 1, gil)) : List.of();
            List<List<double[]>> rows = new ArrayList<>();
            for (int k = 0; k < hosts.size() + control.size(); k++) {
                rows.add(new ArrayList<>());
            }
            for (int i = 0; i < o.warmup + o.runs; i++) {
                boolean measured = i >= o.warmup;
                for (int k = 0; k < hosts.size(); k++) {
                    double[] row = hosts.get(k).run().get();
                    if (measured) {
                        rows.get(k).add(row);
                        print("run", gil, o.workers[k], i - o.warmup + 1, row);
                    }
                }
                if (!control.isEmpty()) {
                    var a = control.get(0).run();
                    var b = control.get(1).run();
                    double[] ra = a.get();
                    double[] rb = b.get();
                    if (measured) {
                        rows.get(hosts.size()).add(ra);
                        rows.get(hosts.size() + 1).add(rb);
                        print("ctl-a", gil, 1, i - o.warmup + 1, ra);
                        print("ctl-b", gil, 1, i - o.warmup + 1, rb);
                    }
                }
            }
            for (VmHost h : hosts) {
                h.close();
            }
            for (VmHost h : control) {
                h.close();
            }
            for (int k = 0; k < hosts.size(); k++) {
                print("median", gil, o.workers[k], o.runs, median(rows.get(k)));
            }
            if (!control.isEmpty()) {
                print("med-ctl", gil, 1, o.runs, median(rows.get(hosts.size())));
            }
            ratios(o, gil, rows, hosts.size());
        }
        System.out.printf("# load average at the end %s%n", loadAverage());
    }

    /**
     * Per round, then the median over rounds: throughput of N workers relative to the first worker
     * count ({@code wall(first) / wall(N)}, same total work) and, with the control, what the machine
     * gave two independent 1-worker VMs at once ({@code 2 wall(first) / max(wall(ctl-a), wall(ctl-b))}:
     * twice the work in the time of the slower VM), and their quotient (the fraction of the
     * machine's own two-thread ceiling that N workers reached). Rounds interleave the
     * configurations, so a change in the machine's load hits all of them alike.
     */
    private static void ratios(Options o, int gil, List<List<double[]>> rows, int hostCount) {
        List<double[]> base = rows.get(0);
        for (int k = 1; k < hostCount; k++) {
            double[] speedup = new double[o.runs];
            for (int r = 0; r < o.runs; r++) {
                speedup[r] = base.get(r)[0] / rows.get(k).get(r)[0];
            }
            System.out.printf(Locale.ROOT, "# gil=%d: throughput %d workers / %d: %.2fx (median of per-round ratios %s)%n", gil,
                o.workers[k], o.workers[0], medianOf(speedup), Arrays.toString(round(speedup)));
        }
        if (o.control) {
            double[] ceiling = new double[o.runs];
            for (int r = 0; r < o.runs; r++) {
                ceiling[r] = 2 * base.get(r)[0] / Math.max(rows.get(hostCount).get(r)[0], rows.get(hostCount + 1).get(r)[0]);
            }
            System.out.printf(Locale.ROOT, "# gil=%d: control, two 1-worker VMs at once: %.2fx the throughput of one (%s)%n", gil,
                medianOf(ceiling), Arrays.toString(round(ceiling)));
        }
    }

    private static double[] round(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = Math.round(v[i] * 100) / 100.0;
        }
        return r;
    }

    private static double medianOf(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }

    /** A VM on its own big-stack thread (a VM is confined to the thread that started it). */
    private static final class VmHost {
        private final java.util.concurrent.ExecutorService thread;
        private final ScalingWorkload program;
        private final int size;
        private final int workers;
        private final int gil;
        /** Computed after the first run (its Java code's JIT compilation then falls outside the measured runs of a cold process). */
        private String expected;
        private final VmConfig config;
        private final String source;
        private final String filename;
        private final boolean cold;
        private Session session;

        VmHost(Options o, ScalingWorkload program, Path file, String source, int workers, int gil) {
            this.config = GilSelection.apply(VmConfig.defaults().withArgv(List.of(file.toString(),
                Integer.toString(o.size), Integer.toString(workers))), gil == 1);
            this.program = program;
            this.size = o.size;
            this.workers = workers;
            this.gil = gil;
            this.source = source;
            this.filename = file.toString();
            this.cold = o.vm.equals("cold");
            this.thread = java.util.concurrent.Executors.newSingleThreadExecutor(r -> new Thread(null, r, "probe-vm", 1L << 29));
        }

        java.util.concurrent.Future<double[]> run() {
            return thread.submit(() -> {
                if (session == null || cold) {
                    if (session != null) {
                        session.close();
                    }
                    session = new Session(config, source, filename);
                }
                return session.measuredRun(() -> {
                    if (expected == null) {
                        expected = program.expectedOutput(size, workers, gil == 1);
                    }
                    return expected;
                });
            });
        }

        void close() throws Exception {
            thread.submit(() -> {
                if (session != null) {
                    session.close();
                }
                return null;
            }).get();
            thread.shutdown();
        }
    }

    private static void print(String label, int gil, int workers, int n, double[] r) {
        System.out.printf(Locale.ROOT, COLUMNS, label, gil, workers, n, f(r[0]), f(r[1]), f(r[2]), f(r[3]),
            String.format(Locale.ROOT, "%.2f", r[4]), f(r[5]), f(r[6]), f(r[7]), f(r[8]), f(r[9]), f(r[10]), f(r[11]));
    }

    private static String f(double ms) {
        return String.format(Locale.ROOT, "%.1f", ms);
    }

    private static double[] median(List<double[]> rows) {
        double[] m = new double[rows.getFirst().length];
        for (int c = 0; c < m.length; c++) {
            double[] col = new double[rows.size()];
            for (int r = 0; r < col.length; r++) {
                col[r] = rows.get(r)[c];
            }
            Arrays.sort(col);
            m[c] = col.length % 2 == 1 ? col[col.length / 2] : (col[col.length / 2 - 1] + col[col.length / 2]) / 2;
        }
        return m;
    }

    private static String loadAverage() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split("\\s+");
        return f[0] + " " + f[1] + " " + f[2];
    }

    private static long tid() throws IOException {
        return Long.parseLong(Path.of("/proc/thread-self").toRealPath().getFileName().toString());
    }

    /** One VM with its output sinks and the Python-thread accounting registered. */
    private static final class Session {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 12);
        final ByteArrayOutputStream err = new ByteArrayOutputStream(1 << 10);
        final ResidentVm vm;
        final PythonThreadAccounting accounting = new PythonThreadAccounting(Thread.currentThread());

        Session(VmConfig config, String source, String filename) {
            vm = ResidentVm.start(config, source, filename, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
            vm.vm().rt.addThreadListener(accounting);
        }

        /** One run, measured; then its output is compared with {@code expected} (computed after the measurement). */
        double[] measuredRun(java.util.function.Supplier<String> reference) throws IOException {
            out.reset();
            err.reset();
            long self = tid();
            ThreadCpuTable tasks0 = ThreadCpuTable.now();
            long proc0 = ProcessCpuClock.nanos();
            long main0 = THREADS.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            int status = vm.run();
            long t1 = System.nanoTime();
            long main1 = THREADS.getCurrentThreadCpuTime();
            long proc1 = ProcessCpuClock.nanos();
            ThreadCpuTable tasks1 = ThreadCpuTable.now();
            String stdout = out.toString(StandardCharsets.UTF_8);
            String expected = reference.get();
            if (status != 0 || err.size() != 0 || !stdout.equals(expected)) {
                throw new IllegalStateException("exit status " + status + "\n--- expected\n" + expected + "--- stdout\n" + stdout
                    + "--- stderr\n" + err.toString(StandardCharsets.UTF_8));
            }
            PythonThreadAccounting.Totals w = accounting.takeTotals();
            long span = w.threads() == 0 ? 0 : w.lastDetach() - w.firstAttach();
            return new double[] {
                ms(t1 - t0),
                w.threads() == 0 ? 0 : ms(w.firstAttach() - t0),
                w.threads() == 0 ? 0 : ms(t1 - w.lastDetach()),
                ms(span),
                span == 0 ? 0 : (double) w.lifetimes() / span,
                ms(w.cpu()),
                ms(w.runQueueWait()),
                ms(main1 - main0),
                ms(tasks1.since(tasks0, ThreadCpuTable.Kind.JIT, self)[0]),
                ms(tasks1.since(tasks0, ThreadCpuTable.Kind.GC, self)[0]),
                ms(tasks1.since(tasks0, ThreadCpuTable.Kind.OTHER, self)[0]),
                ms(proc1 - proc0),
            };
        }

        void close() {
            vm.close();
        }

        private static double ms(long nanos) {
            return nanos / 1e6;
        }
    }

    /** Command line. */
    private record Options(String workload, int size, int[] workers, int[] gils, String vm, int warmup, int runs, boolean control) {
        static Options parse(String[] args) {
            String workload = "pi_threads";
            int size = 1_000_000;
            int[] workers = {1, 2};
            int[] gils = {0, 1};
            String vm = "warm";
            int warmup = 5;
            int runs = 5;
            boolean control = false;
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + args[i] + " needs a value");
                }
                String v = args[i + 1];
                switch (args[i]) {
                    case "--workload" -> workload = v;
                    case "--size" -> size = Integer.parseInt(v);
                    case "--workers" -> workers = Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
                    case "--gil" -> gils = Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
                    case "--vm" -> vm = v;
                    case "--warmup" -> warmup = Integer.parseInt(v);
                    case "--runs" -> runs = Integer.parseInt(v);
                    case "--control" -> control = Boolean.parseBoolean(v);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--workload --size --workers --gil --vm warm|cold --warmup --runs --control true|false)");
                }
            }
            if (!vm.equals("warm") && !vm.equals("cold")) {
                throw new IllegalArgumentException("--vm must be warm or cold, got " + vm);
            }
            if (runs < 1 || warmup < 0) {
                throw new IllegalArgumentException("--runs must be at least 1 and --warmup at least 0");
            }
            return new Options(workload, size, workers, gils, vm, warmup, runs, control);
        }
    }
}
