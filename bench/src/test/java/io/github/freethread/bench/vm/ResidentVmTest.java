package io.github.freethread.bench.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.github.freethread.bench.threads.RepositoryRoot;
import io.github.freethread.bench.threads.ScalingWorkload;
import io.github.freethread.vm.runtime.VmConfig;

/**
 * ResidentVm (the warm mode) at tiny sizes: the same program run six times in one VM prints the
 * reference output every time, and the VM retains the same number of allocator blocks after every
 * run (what the leak check of {@link ResidentVm#close} compares after the first and the last).
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
        List<Long> retained = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            out.reset();
            assertThat(r.run()).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
            retained.add(r.retainedBlocks());
        }
        assertThat(retained).hasSize(6).containsOnly(retained.getFirst());
        r.close();
    }
}
