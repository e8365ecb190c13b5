package io.github.freethread.vm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * {@link Ftvm#main} in a process of its own, as {@code java -jar ftvm.jar} runs it: the early-start
 * thread, the exit status through {@code System.exit}, stdout and stderr on the real descriptors.
 * (The jar itself is built after the tests; this runs the same main class from the test class path
 * with the JVM flags the jar's manifest gives it.)
 */
class FtvmProcessTest {

    record Result(int status, String out, String err) {
    }

    static Result ftvm(String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>();
        all.add(Ftvm.class.getName());
        all.addAll(List.of(args));
        return java(all.toArray(new String[0]));
    }

    /** {@code java FLAGS -cp TEST_CLASS_PATH mainClassAndArgs...} with the flags the jar's manifest gives. */
    static Result java(String... mainClassAndArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-exports") || a.startsWith("--enable-native-access")) {
                cmd.add(a);
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.addAll(List.of(mainClassAndArgs));
        Process p = new ProcessBuilder(cmd).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void shouldRunAProgramAndExitWithStatusZero() throws Exception {
        Result r = ftvm("-c", "import math\nprint(math.sqrt(16), [x * x for x in range(4)])");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("4.0 [0, 1, 4, 9]\n");
        assertThat(r.status()).isZero();
    }

    @Test
    void shouldExitWithTheProgramsStatus() throws Exception {
        assertThat(ftvm("-c", "import sys\nsys.exit(3)").status()).isEqualTo(3);
        Result uncaught = ftvm("-c", "[][1]");
        assertThat(uncaught.status()).isEqualTo(1);
        assertThat(uncaught.err()).contains("IndexError: list index out of range");
    }

    @Test
    void shouldExitWithStatusTwoForABadCommandLine() throws Exception {
        Result r = ftvm("--bogus");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("Unknown option: '--bogus'\nUsage: ftvm");
        assertThat(r.out()).isEmpty();
    }
}
