package io.github.freethread.bench.vm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.github.freethread.bench.threads.GilSelection;
import io.github.freethread.bench.threads.ProcessCpuClock;
import io.github.freethread.bench.threads.ProcessCpuTime;
import io.github.freethread.bench.threads.RepositoryRoot;
import io.github.freethread.bench.threads.ScalingWorkload;
import io.github.freethread.vm.runtime.VmConfig;

/**
 * Thread scaling of ftvm in-process (issue 6): one operation is a whole run of a threaded example
 * program — run {@value ScalingWorkload#TASKS} tasks on a {@code ThreadPoolExecutor} with
 * {@code workers} Python threads (Java platform threads, each with its own thread state), then
 * the program's end (threads joined, modules dropped). The total work is fixed by the size
 * parameter, so the throughput of N workers relative to one is
 * {@code score(workers=1) / score(workers=N)}; issue 6's target on a 2-core machine is at least
 * 1.8 for 2 workers with {@code gil=0}, about 1.0 with {@code gil=1}.
 *
 * <p>{@code vm=warm} (the steady-state figure): one VM for the whole trial ({@link ResidentVm}),
 * every operation runs the program again in it, so the code ftvm's compiled tier generated for
 * the program and what HotSpot compiled of it survive from the warm-up iterations into the
 * measured ones; each operation still imports its modules, creates its worker threads and
 * immortalises its shared objects afresh, as a new process would. The VM's allocator must hold
 * the same number of live blocks after every run (checked at the trial's end: a leak fails the
 * benchmark). {@code vm=cold}: compile, start a VM, run, shut it down per operation (the first
 * mode of this benchmark): the compiled tier's classes are generated anew every operation and
 * HotSpot compiles them from scratch each time, so with the compiled tier the operations never
 * reach steady state. Neither mode includes JVM start-up ({@code bench/scaling.sh} does).
 *
 * <p>Mode: {@link Mode#SingleShotTime}, one whole program run per iteration (sizes are chosen so a
 * run takes about 0.1–1 s with one worker; 4 warm-up runs let the JIT compile the interpreter, then
 * 10 measured runs): each sample is one complete, independent run, and the error column is the
 * spread between runs. Average-time mode would give the same mean but batch several runs per
 * sample and hide how much single runs vary on a shared machine.
 *
 * <p>Not folded away, and checked: the program's standard output and standard error go to
 * in-memory sinks; after every run the exit status must be 0, stderr empty, and stdout must equal
 * the output computed independently in Java ({@code PiThreadsReference},
 * {@code ListDictThreadsReference}: e.g. {@code all equal: True} and the exact digits of pi, or every
 * task's counts), including the {@code Free-threading active:} line that proves the GIL mode took
 * effect. A mismatch fails the benchmark. The output length is returned to JMH's blackhole.
 *
 * <p>Secondary result {@code cpuMs}: the process CPU time of the measured runs, summed over them
 * ({@link ProcessCpuTime}); {@code cpuMs / Cnt / score} is the number of cores a run kept busy,
 * which tells a run that could not go parallel from a machine that had no free core to give
 * (other users of a shared machine).
 *
 * <p>Example files are read from the repository: {@code -Dfreethread.repo=<root>} if given (pass
 * it with {@code -jvmArgsAppend}), else the working directory or its nearest parent holding
 * {@code vm/examples/pi_threads.py} (see {@link RepositoryRoot}). Run e.g. from the repository root:
 * {@code java -jar bench/target/benchmarks.jar ThreadScalingBenchmark} (32 parameter
 * combinations, about 10 minutes); {@code -p workload=pi_threads -p workers=1,2 -p vm=warm} narrows
 * it. {@code ScalingProbe} (same package) splits the same runs into their serial and parallel
 * parts and runs a two-VM machine control beside them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4)
@Measurement(iterations = 10)
@Fork(1)
public class ThreadScalingBenchmark {
    @Param({"pi_threads", "list_dict_threads"})
    public String workload;

    @Param({"1", "2", "4", "8"})
    public int workers;

    @Param({"0", "1"})
    public int gil;

    /** One VM for the trial ({@code warm}) or a fresh VM per operation ({@code cold}). */
    @Param({"warm", "cold"})
    public String vm;

    /** Iterations per pi_threads task (the seed uses 10000000; 1000000: about 0.3 s per warm run with one worker, 1 s cold). */
    @Param({"1000000"})
    public int piIterations;

    /** Items per list_dict_threads task (200000: about 0.5 s per warm run with one worker). */
    @Param({"200000"})
    public int listDictItems;

    private String expected;
    private ProgramUnderTest program;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        if (gil != 0 && gil != 1) {
            throw new IllegalArgumentException("gil must be 0 or 1, got " + gil);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        ScalingWorkload w = ScalingWorkload.byStem(workload);
        Path file = RepositoryRoot.example(w.file);
        String source = Files.readString(file, StandardCharsets.UTF_8);
        int size = w == ScalingWorkload.PI_THREADS ? piIterations : listDictItems;
        VmConfig config = GilSelection.apply(VmConfig.defaults().withArgv(List.of(file.toString(), Integer.toString(size),
            Integer.toString(workers))), gil == 1);
        expected = w.expectedOutput(size, workers, gil == 1);
        program = new ProgramUnderTest(vm, config, source, file.toString(), workload + " workers=" + workers + " gil=" + gil);
    }

    /** Warm mode: closes the trial's VM and fails the trial if a run leaked ({@link ResidentVm#close}). */
    @TearDown(Level.Trial)
    public void tearDown() {
        program.close();
    }

    @Benchmark
    public int run(ProcessCpuTime cpu) {
        long cpuAtStart = ProcessCpuClock.nanos();
        String stdout = program.run(expected);
        cpu.addSince(cpuAtStart);
        return stdout.length();
    }
}
