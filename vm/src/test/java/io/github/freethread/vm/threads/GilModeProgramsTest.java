package io.github.freethread.vm.threads;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.github.freethread.vm.runtime.VmConfig;

/**
 * Every program of {@code conformance/threads/} (those without their own .vmopts, and not the _legacy_ext ones) also runs under
 * {@code --gil=1}: same stdout as CPython, no leak under --check. With the GIL the shared list and
 * dict programs (009, 010, 014) are exact whatever the state of per-object locking, as in CPython.
 */
class GilModeProgramsTest {
    static final Path THREADS = Path.of("src/test/resources/conformance/threads");

    static List<Path> programs() throws Exception {
        try (Stream<Path> s = Files.list(THREADS)) {
            return s.filter(p -> p.toString().endsWith(".py"))
                .filter(p -> !Files.exists(Path.of(p.toString().replace(".py", ".vmopts"))))
                .filter(p -> !p.getFileName().toString().contains("legacy_ext"))
                .sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("programs")
    void shouldRunEveryThreadsProgramUnderTheGilWithoutLeaks(Path program) throws Exception {
        String src = Files.readString(program, StandardCharsets.UTF_8);
        ThreadedRun r = ThreadedRun.run(src, ThreadedRun.checked(VmConfig.GIL_ON));
        assertThat(r.out()).isEqualTo(Files.readString(Path.of(program.toString().replace(".py", ".out")), StandardCharsets.UTF_8));
        assertThat(r.status()).isZero();
        assertThat(r.leaks()).isEmpty();
        assertThat(r.gilEnabled()).isTrue();
        assertThat(r.gil().acquisitions()).isPositive();
    }
}
