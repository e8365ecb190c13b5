package io.github.freethread.bench.vm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import io.github.freethread.refcount.RefcountMode;
import io.github.freethread.vm.interp.Program;
import io.github.freethread.vm.runtime.VmConfig;

/**
 * Whole-program runs of the vm/examples workloads on ftvm at small sizes, in biased and atomic
 * reference counting. The ratio atomic/biased is issue 5's "biased at least 1.2x faster" target;
 * {@code jit} compares the compiled tier with the interpreter (docs/vm.md, "The compiled tier").
 * Start-up of the JVM is not included (see bench/compare-cpython.sh for whole-process timings
 * against CPython).
 *
 * <p>{@code vm=warm} (steady state): one VM per trial ({@link ResidentVm}); every operation runs
 * the program again in it ({@code Program.runAgain}: fresh modules, same loaded and compiled
 * code), so the compiled tier's generated classes and HotSpot's compilation of them survive
 * between operations. Checked at the trial's end: the allocator's live blocks were the same after
 * every run (a leak fails the benchmark). {@code vm=cold}: a fresh VM per operation (compile,
 * run, shut down), whose compiled-tier classes are new every operation, so HotSpot interprets and
 * compiles them again each time (why jit=on was slower than jit=off in this mode: docs/vm.md).
 *
 * <p>Every operation's standard output must equal the output of one cold run made at set-up (a
 * fresh VM, as the CLI runs it); stderr must be empty and the exit status 0.
 * Run from the repository root (examples are read from {@code vm/examples}, or the directory
 * in the system property {@code ftvm.examples}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class InterpreterBenchmark {
    @Param({"pi_series", "nbody", "spectral_norm", "fannkuch"})
    public String workload;

    @Param({"biased", "atomic"})
    public String refcount;

    /** The compiling tier: on (default, hot code compiled) or off (the interpreter alone). */
    @Param({"on", "off"})
    public String jit;

    /** One VM for the trial ({@code warm}) or a fresh VM per operation ({@code cold}). */
    @Param({"warm", "cold"})
    public String vm;

    private String source;
    private String filename;
    private VmConfig config;
    private String expected;
    private ByteArrayOutputStream outBytes;
    private ByteArrayOutputStream errBytes;
    private PrintStream out;
    private PrintStream err;
    private ResidentVm resident;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        Path dir = Path.of(System.getProperty("ftvm.examples", "vm/examples"));
        source = Files.readString(dir.resolve(workload + ".py"), StandardCharsets.UTF_8);
        filename = workload + ".py";
        String size = switch (workload) {
            case "pi_series" -> "200000";
            case "nbody" -> "20000";
            case "spectral_norm" -> "60";
            default -> "7";
        };
        config = VmConfig.defaults().withMode(refcount.equals("atomic") ? RefcountMode.ATOMIC : RefcountMode.BIASED)
            .withArgv(List.of(filename, size)).withJit(VmConfig.Jit.parse(jit));
        outBytes = new ByteArrayOutputStream(1 << 12);
        errBytes = new ByteArrayOutputStream(1 << 10);
        out = new PrintStream(outBytes, false, StandardCharsets.UTF_8);
        err = new PrintStream(errBytes, false, StandardCharsets.UTF_8);
        expected = null;
        expected = checkedRun(() -> Program.run(config, source, filename, out, err, new Program.Options(false, false, false)));
        resident = switch (vm) {
            case "warm" -> ResidentVm.start(config, source, filename, out, err);
            case "cold" -> null;
            default -> throw new IllegalArgumentException("vm must be warm or cold, got " + vm);
        };
    }

    /** Warm mode: closes the trial's VM and fails the trial if a run leaked ({@link ResidentVm#close}). */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (resident != null) {
            resident.close();
            resident = null;
        }
    }

    @Benchmark
    public int run() {
        String stdout = checkedRun(() -> resident != null ? resident.run()
            : Program.run(config, source, filename, out, err, new Program.Options(false, false, false)));
        return stdout.length();
    }

    /** Runs once; fails unless status 0, stderr empty and stdout equal to {@link #expected} (if known yet). */
    private String checkedRun(java.util.function.IntSupplier program) {
        outBytes.reset();
        errBytes.reset();
        int status = program.getAsInt();
        out.flush();
        err.flush();
        String stdout = outBytes.toString(StandardCharsets.UTF_8);
        String stderr = errBytes.toString(StandardCharsets.UTF_8);
        if (status != 0 || !stderr.isEmpty() || (expected != null && !stdout.equals(expected))) {
            throw new IllegalStateException(workload + " " + refcount + " jit=" + jit + " vm=" + vm + ": exit status " + status
                + "\n--- expected stdout\n" + expected + "--- actual stdout\n" + stdout + "--- stderr\n" + stderr);
        }
        return stdout;
    }
}
