package io.github.freethread.vm.jit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.github.freethread.refcount.RefcountMode;
import io.github.freethread.vm.runtime.VmConfig;

/**
 * Each template family of the compiled tier on a program of {@code src/test/resources/jit/}
 * whose expected output was produced by CPython 3.11: float arithmetic (unboxed temporaries,
 * mixed int/float), int arithmetic (unboxed, overflow into big ints, floor division and modulo
 * signs, ZeroDivisionError), compare-and-branch and truth tests, subscripts and iteration of
 * lists/tuples/str/dict with IndexError/KeyError, calls (exact arguments, defaults, keywords,
 * recursion, built-ins, module functions) and global/builtin loads whose guards fail when a
 * global is rebound or a builtin shadowed, exceptions (try/except/finally, with, re-raise,
 * UnboundLocalError, an uncaught error's last line). Every program runs interpreted
 * ({@code --jit=off}), with hot code compiled ({@code on}: feedback from the quickened copy, OSR
 * into running loops) and with every code object compiled before it runs ({@code always}), in
 * both refcount modes, checked (leak-free), and must print exactly CPython's output.
 */
class CompiledProgramsTest {
    static final Path DIR = Path.of("src/test/resources/jit");

    /** Program, and the functions the tier must have compiled in mode on (always compiles everything). */
    static Stream<Arguments> programs() {
        List<Arguments> all = List.of(
            Arguments.of("floats", List.of("f", "mixed")),
            Arguments.of("ints", List.of("g", "count")),
            Arguments.of("powers", List.of("alternating", "table", "mixed")),
            Arguments.of("branches", List.of("classify", "truth", "floats")),
            Arguments.of("containers", List.of("work", "errors", "iterate", "swap")),
            Arguments.of("calls", List.of("caller", "add", "dflt", "fib", "glob")),
            Arguments.of("exceptions", List.of("handle", "risky", "locked", "reraise", "unbound", "nested", "outer")));
        return all.stream().flatMap(a -> Stream.of(VmConfig.Jit.OFF, VmConfig.Jit.ON, VmConfig.Jit.ALWAYS)
            .flatMap(j -> Stream.of(RefcountMode.BIASED, RefcountMode.ATOMIC).map(m -> Arguments.of(a.get()[0], a.get()[1], j, m))));
    }

    @ParameterizedTest(name = "{0} --jit={2} --refcount={3}")
    @MethodSource("programs")
    void shouldPrintWhatCPythonPrintsOnEveryTier(String name, List<String> hot, VmConfig.Jit jit, RefcountMode mode) throws Exception {
        JitRun r = JitRun.run(Files.readString(DIR.resolve(name + ".py"), StandardCharsets.UTF_8), jit, mode);
        assertThat(r.out()).as("stdout of " + name).isEqualTo(Files.readString(DIR.resolve(name + ".out"), StandardCharsets.UTF_8));
        Path err = DIR.resolve(name + ".err");
        if (Files.exists(err)) {
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.lastErrorLine()).isEqualTo(Files.readString(err).strip());
        } else {
            assertThat(r.status()).as(r.err()).isZero();
        }
        assertThat(r.leakFree()).as("leak report: " + r.err()).isTrue();
        if (jit == VmConfig.Jit.OFF) {
            assertThat(r.tier()).isEmpty();
        } else {
            for (String f : hot) {
                assertThat(r.tier()).as("tier of " + f).containsEntry(f, "compiled");
            }
        }
    }

    static String read(String name) throws IOException {
        return Files.readString(DIR.resolve(name), StandardCharsets.UTF_8);
    }
}
