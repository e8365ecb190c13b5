package io.github.freethread.bench.vm;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import io.github.freethread.refcount.RefcountMode;
import io.github.freethread.vm.interp.Program;
import io.github.freethread.vm.runtime.VmConfig;

/**
 * Whole-program runs of the vm/examples workloads on ftvm (a fresh VM per invocation: compile,
 * run, shut down), at small sizes, in biased and atomic reference counting. The ratio
 * atomic/biased is issue 5's "biased at least 1.2x faster" target; {@code jit} compares the
 * compiled tier with the interpreter (docs/vm.md, "The compiled tier"). Start-up of the JVM is not
 * included (see bench/compare-cpython.sh for whole-process timings against CPython).
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

    private String source;
    private VmConfig config;
    private PrintStream sink;

    @Setup
    public void setup() throws IOException {
        Path dir = Path.of(System.getProperty("ftvm.examples", "vm/examples"));
        source = Files.readString(dir.resolve(workload + ".py"), StandardCharsets.UTF_8);
        String size = switch (workload) {
            case "pi_series" -> "200000";
            case "nbody" -> "20000";
            case "spectral_norm" -> "60";
            default -> "7";
        };
        config = VmConfig.defaults().withMode(refcount.equals("atomic") ? RefcountMode.ATOMIC : RefcountMode.BIASED)
            .withArgv(List.of(workload + ".py", size)).withJit(VmConfig.Jit.parse(jit));
        sink = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
    }

    @Benchmark
    public int run() {
        int status = Program.run(config, source, workload + ".py", sink, sink, new Program.Options(false, false, false));
        if (status != 0) {
            throw new IllegalStateException(workload + " exited with " + status);
        }
        return status;
    }
}
