package io.github.freethread.bench.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.github.freethread.bench.threads.RepositoryRoot;
import io.github.freethread.bench.threads.ScalingWorkload;
import io.github.freethread.vm.runtime.VmConfig;

/**
 * ResidentVm (the warm mode) at tiny sizes: the same program run six times in one VM prints the
 * reference output every time, and the allocator holds the same number of live blocks after every
 * run (the leak check {@link ResidentVm#close} enforces).
 */
class ResidentVmTest {
    @ParameterizedTest
    @CsvSource({"pi_threads, 2000, 2", "list_dict_threads, 1500, 2", "list_dict_threads, 1500, 1"})
    void shouldReturnToTheSameLiveBlocksAfterEveryRun(String workload, int size, int workers) throws IOException {
        Path file = RepositoryRoot.example(ScalingWorkload.byStem(workload).file);
        String source = Files.readString(file, StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream po = new PrintStream(out, true, StandardCharsets.UTF_8);
        VmConfig config = VmConfig.defaults().withArgv(List.of("t.py", Integer.toString(size), Integer.toString(workers)));
        ResidentVm r = ResidentVm.start(config, source, "t.py", po, po);
        String expected = ScalingWorkload.byStem(workload).expectedOutput(size, workers, false);
        for (int i = 0; i < 6; i++) {
            out.reset();
            assertThat(r.run()).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
        }
        assertThat(r.liveBlocksAfterRun()).hasSize(6).containsOnly(r.liveBlocksAfterRun().getFirst());
        r.close();
    }
}
