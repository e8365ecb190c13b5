package io.github.freethread.bench.threads;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.github.freethread.bench.vm.ThreadScalingBenchmark;

/**
 * One operation of ThreadScalingBenchmark at tiny sizes, outside JMH: the threaded examples run
 * in-process on ftvm with 1, 2 and 8 workers in both GIL modes and print exactly the reference
 * output (the benchmark throws otherwise, so a passing run proves the check accepted real output,
 * including the {@code Free-threading active:} line of the selected mode), three runs per state:
 * in warm mode in one VM, whose tear-down checks that no run leaked.
 */
class ThreadScalingRunTest {
    @ParameterizedTest
    @CsvSource({
        "pi_threads, 1, 0, cold", "pi_threads, 2, 0, cold", "pi_threads, 8, 0, cold", "pi_threads, 2, 1, cold",
        "list_dict_threads, 1, 0, cold", "list_dict_threads, 8, 0, cold", "list_dict_threads, 2, 1, cold",
        "pi_threads, 1, 0, warm", "pi_threads, 2, 0, warm", "pi_threads, 2, 1, warm",
        "list_dict_threads, 2, 0, warm", "list_dict_threads, 2, 1, warm",
    })
    void shouldRunTheExampleAndPrintTheReferenceOutput(String workload, int workers, int gil, String vm) throws IOException {
        ThreadScalingBenchmark b = new ThreadScalingBenchmark();
        b.workload = workload;
        b.workers = workers;
        b.gil = gil;
        b.vm = vm;
        b.piIterations = 2000;
        b.listDictItems = 1500;
        b.setup();
        int size = workload.equals("pi_threads") ? b.piIterations : b.listDictItems;
        String expected = ScalingWorkload.byStem(workload).expectedOutput(size, workers, gil == 1);
        ProcessCpuTime cpu = new ProcessCpuTime();
        assertThat(b.run(cpu)).isEqualTo(expected.length());
        assertThat(b.run(cpu)).as("a second run in the same state").isEqualTo(expected.length());
        assertThat(b.run(cpu)).as("a third run in the same state").isEqualTo(expected.length());
        assertThat(cpu.cpuMs).as("process CPU time of three runs").isPositive();
        b.tearDown(); // warm: fails if the live blocks changed between runs
    }
}
