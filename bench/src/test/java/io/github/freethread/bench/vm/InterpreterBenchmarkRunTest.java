package io.github.freethread.bench.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.github.freethread.bench.threads.RepositoryRoot;

/**
 * Operations of InterpreterBenchmark outside JMH, both VM modes: every run's output must equal
 * the cold reference run's (the benchmark throws otherwise) and, warm, the tear-down's leak check
 * must pass after several runs in one VM.
 */
class InterpreterBenchmarkRunTest {
    @ParameterizedTest
    @CsvSource({"fannkuch, biased, on, warm", "fannkuch, atomic, off, warm", "fannkuch, biased, on, cold", "spectral_norm, biased, on, warm"})
    void shouldRunTheExampleRepeatedlyWithTheReferenceOutput(String workload, String refcount, String jit, String vm) throws IOException {
        System.setProperty("ftvm.examples", RepositoryRoot.example("fannkuch.py").getParent().toString());
        InterpreterBenchmark b = new InterpreterBenchmark();
        b.workload = workload;
        b.refcount = refcount;
        b.jit = jit;
        b.vm = vm;
        b.setup();
        int first = b.run();
        assertThat(first).isPositive();
        for (int i = 0; i < 3; i++) {
            assertThat(b.run()).isEqualTo(first);
        }
        b.tearDown();
    }
}
