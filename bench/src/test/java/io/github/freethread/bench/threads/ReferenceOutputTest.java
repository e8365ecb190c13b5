package io.github.freethread.bench.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Java reference outputs that ThreadScalingBenchmark checks every run against must be exactly
 * what CPython prints for the same example and arguments: golden texts captured from CPython 3.11,
 * plus a live comparison with {@code python3} at edge sizes when it is installed.
 */
class ReferenceOutputTest {
    /** {@code python3 vm/examples/list_dict_threads.py 1000 3} (CPython 3.11.7). */
    private static final String LIST_DICT_1000_3 = """
        tasks: 8 items per task: 1000 workers: 3
        task 0: 112 keys, 1000 items, top [('beta6', 22), ('zeta0', 16), ('zeta4', 16)], last sample ('kappa6', 960)
        task 1: 112 keys, 1000 items, top [('beta2', 15), ('mu1', 15), ('pi5', 14)], last sample ('delta5', 960)
        task 2: 112 keys, 1000 items, top [('delta0', 18), ('xi3', 16), ('zeta2', 15)], last sample ('xi2', 960)
        task 3: 112 keys, 1000 items, top [('omicron2', 16), ('kappa4', 15), ('lambda5', 15)], last sample ('eta1', 960)
        task 4: 112 keys, 1000 items, top [('beta2', 20), ('iota0', 17), ('eta1', 16)], last sample ('alpha0', 960)
        task 5: 111 keys, 1000 items, top [('gamma1', 17), ('kappa3', 16), ('alpha1', 15)], last sample ('lambda6', 960)
        task 6: 112 keys, 1000 items, top [('lambda5', 17), ('mu5', 17), ('theta2', 17)], last sample ('delta3', 960)
        task 7: 112 keys, 1000 items, top [('gamma0', 17), ('epsilon3', 15), ('mu6', 15)], last sample ('xi2', 960)
        shared log: 8 entries, [(0, 1), (1, 1), (2, 1), (3, 1), (4, 1), (5, 1), (6, 1), (7, 1)]
        shared samples: [(0, 16), (1, 16), (2, 16), (3, 16), (4, 16), (5, 16), (6, 16), (7, 16)]
        """;

    /** {@code python3 vm/examples/list_dict_threads.py 1 1}: fewer than three keys per task. */
    private static final String LIST_DICT_1_1 = """
        tasks: 8 items per task: 1 workers: 1
        task 0: 1 keys, 1 items, top [('eta4', 1)], last sample ('eta4', 0)
        task 1: 1 keys, 1 items, top [('lambda0', 1)], last sample ('lambda0', 0)
        task 2: 1 keys, 1 items, top [('omicron1', 1)], last sample ('omicron1', 0)
        task 3: 1 keys, 1 items, top [('gamma4', 1)], last sample ('gamma4', 0)
        task 4: 1 keys, 1 items, top [('eta0', 1)], last sample ('eta0', 0)
        task 5: 1 keys, 1 items, top [('lambda3', 1)], last sample ('lambda3', 0)
        task 6: 1 keys, 1 items, top [('omicron4', 1)], last sample ('omicron4', 0)
        task 7: 1 keys, 1 items, top [('gamma0', 1)], last sample ('gamma0', 0)
        shared log: 8 entries, [(0, 1), (1, 1), (2, 1), (3, 1), (4, 1), (5, 1), (6, 1), (7, 1)]
        shared samples: [(0, 1), (1, 1), (2, 1), (3, 1), (4, 1), (5, 1), (6, 1), (7, 1)]
        """;

    @Test
    void shouldPrintWhatCpythonPrintsForListDictThreads() {
        assertThat(ListDictThreadsReference.output(1000, 3)).isEqualTo(LIST_DICT_1000_3);
        assertThat(ListDictThreadsReference.output(1, 1)).isEqualTo(LIST_DICT_1_1);
    }

    @ParameterizedTest
    @CsvSource({
        "1, 1, 4.0",
        "7, 2, 3.2837384837384844",
        "100000, 4, 3.1415826535897198",
        "1000000, 1, 3.1415916535897743",
    })
    void shouldPrintWhatCpythonPrintsForPiThreads(int iterations, int workers, String pi) {
        assertThat(PiThreadsReference.output(iterations, workers, false)).isEqualTo(
            "Free-threading active: False\ntasks: 8 iterations per task: " + iterations + " workers: " + workers
                + "\nall equal: True\npi ~ " + pi + "\n");
        assertThat(PiThreadsReference.output(iterations, workers, true)).startsWith("Free-threading active: True\n");
    }

    @Test
    void shouldRejectSizesOutsideTheReferenceRange() {
        assertThatThrownBy(() -> ListDictThreadsReference.output(0, 1)).hasMessageContaining("at least 1, got 0");
        assertThatThrownBy(() -> PiThreadsReference.computeHeavyPi(-1)).hasMessageContaining("got -1");
        assertThatThrownBy(() -> PiThreadsReference.pythonRepr(1e20)).hasMessageContaining("plain-decimal range");
    }

    @ParameterizedTest
    @CsvSource({
        "list_dict_threads, 63", "list_dict_threads, 64", "list_dict_threads, 65", "list_dict_threads, 1024",
        "list_dict_threads, 1025", "list_dict_threads, 4321",
        "pi_threads, 0", "pi_threads, 2", "pi_threads, 3", "pi_threads, 12345",
    })
    void shouldMatchALiveCpythonRunWhenPython3IsInstalled(String stem, int size) throws Exception {
        ScalingWorkload workload = ScalingWorkload.byStem(stem);
        Path file = RepositoryRoot.example(workload.file);
        Process p;
        try {
            p = new ProcessBuilder("python3", file.toString(), Integer.toString(size), "2").redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("python3 not runnable: " + e.getMessage());
            return;
        }
        String cpython = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(cpython).isZero();
        boolean cpythonHasGil = cpython.startsWith("Free-threading active: False");
        assertThat(workload.expectedOutput(size, 2, cpythonHasGil)).isEqualTo(cpython);
    }

    @Test
    void shouldRejectAnUnknownWorkload() {
        assertThatThrownBy(() -> ScalingWorkload.byStem("nbody")).hasMessageContaining("unknown scaling workload 'nbody'");
    }
}
