package io.github.freethread.bench.vm;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * ScalingProbe at tiny sizes: every configuration (both VM modes, both GIL modes, the two-VM
 * control) runs, and every run's output is checked against the reference (the probe throws
 * otherwise); a warm VM's leak check runs when its host closes.
 */
class ScalingProbeTest {
    @ParameterizedTest
    @CsvSource({"pi_threads, 2000, warm", "list_dict_threads, 1500, warm", "pi_threads, 2000, cold"})
    void shouldRunEveryConfigurationWithCheckedOutput(String workload, int size, String vm) {
        assertThatCode(() -> ScalingProbe.run(new String[] {"--workload", workload, "--size", Integer.toString(size),
            "--workers", "1,2", "--gil", "0,1", "--vm", vm, "--warmup", "1", "--runs", "2", "--control", "true"}))
            .doesNotThrowAnyException();
    }

    @Test
    void shouldRejectAnUnknownOption() {
        assertThatThrownBy(() -> ScalingProbe.run(new String[] {"--threads", "2"}))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--threads");
    }
}
