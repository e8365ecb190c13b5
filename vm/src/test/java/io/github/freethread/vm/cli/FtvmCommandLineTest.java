package io.github.freethread.vm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The programmatic command line behaves as the annotated one did: same usage text (compared with
 * the text the annotated version printed, {@code cli/usage.txt}), same errors and exit statuses,
 * same option values reaching the program. Runs in-process through {@link Ftvm#execute}.
 */
class FtvmCommandLineTest {

    /** One in-process run: exit status, picocli/diagnostic output, program output. */
    record Run(int status, String cliOut, String cliErr, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream cliOut = new ByteArrayOutputStream();
        ByteArrayOutputStream cliErr = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Ftvm.execute(args, new PrintStream(cliOut, true, StandardCharsets.UTF_8),
            new PrintStream(cliErr, true, StandardCharsets.UTF_8), out, err);
        return new Run(status, cliOut.toString(StandardCharsets.UTF_8), cliErr.toString(StandardCharsets.UTF_8),
            out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static String usage() throws IOException {
        try (InputStream in = FtvmCommandLineTest.class.getResourceAsStream("/cli/usage.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void shouldPrintTheUsageTheAnnotatedCommandLinePrinted() throws IOException {
        for (String help : new String[] {"--help", "-h"}) {
            Run r = run(help);
            assertThat(r.status()).isZero();
            assertThat(r.cliOut()).isEqualTo(usage());
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void shouldPrintTheVersion() {
        for (String v : new String[] {"--version", "-V"}) {
            Run r = run(v);
            assertThat(r.status()).isZero();
            assertThat(r.cliOut()).isEqualTo("ftvm 0.1\n");
        }
    }

    @Test
    void shouldRejectBadOptionsWithPicocliMessageUsageAndStatusTwo() throws IOException {
        String[][] cases = {
            {"Unknown option: '--bogus'", "--bogus"},
            {"--refcount must be biased or atomic, not bad", "--refcount=bad", "-c", "pass"},
            {"--gil must be 0 or 1, not '2'", "--gil=2", "-c", "pass"},
            {"--jit must be off, on or always, not 'fast'", "--jit=fast", "-c", "pass"},
            {"Invalid value for option '--recursion-limit': 'x' is not an int", "--recursion-limit", "x", "-c", "pass"},
            {"Missing required parameter for option '-c' (CODE)", "-c"},
        };
        for (String[] c : cases) {
            String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
            Run r = run(args);
            assertThat(r.status()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.cliErr()).as(String.join(" ", args)).isEqualTo(c[0] + "\n" + usage());
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void shouldReportAMissingProgramOrFileWithStatusTwo() {
        Run none = run();
        assertThat(none.status()).isEqualTo(2);
        assertThat(none.cliErr()).isEqualTo("ftvm: no program given (FILE or -c CODE)\n");
        Run missing = run("no-such-file.py");
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.cliErr()).isEqualTo("ftvm: can't open file 'no-such-file.py': no-such-file.py\n");
    }

    @Test
    void shouldRunCodeWithItsArguments() {
        Run r = run("-c", "import sys; print(sys.argv)", "a", "b");
        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("['-c', 'a', 'b']\n");
        assertThat(r.cliErr()).isEmpty();
    }

    @Test
    void shouldRunAFileAndPassOptionsAfterItToTheProgram(@TempDir Path dir) throws IOException {
        Path prog = dir.resolve("prog.py");
        Files.writeString(prog, "import sys\nprint('argv', sys.argv[1:])\n");
        Run r = run(prog.toString(), "x", "--dis");
        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("argv ['x', '--dis']\n");
    }

    @Test
    void shouldPassEveryOptionValueToTheVm() {
        assertThat(run("--refcount", "atomic", "-c", "print(2)").out()).isEqualTo("2\n");
        assertThat(run("--refcount=ATOMIC", "-c", "print(2)").out()).isEqualTo("2\n");
        assertThat(run("--recursion-limit", "50", "-c", "import sys; print(sys.getrecursionlimit())").out()).isEqualTo("50\n");
        assertThat(run("--gil", "1", "-c", "import sys; print(sys._is_gil_enabled())").out()).isEqualTo("True\n");
        assertThat(run("--gil=0", "-c", "import sys; print(sys._is_gil_enabled())").out()).isEqualTo("False\n");
        Run dis = run("-c", "x=1", "--dis");
        assertThat(dis.out()).contains("STORE_GLOBAL").contains("-- quickened (after the run): <module>");
        Run stats = run("--stats", "-c", "pass");
        assertThat(stats.err()).contains("ftvm stats: mode=BIASED");
        assertThat(run("--refcount=atomic", "--stats", "-c", "pass").err()).contains("ftvm stats: mode=ATOMIC");
        Run check = run("--check", "-c", "x = [1]");
        assertThat(check.status()).isZero();
        assertThat(check.err()).contains("ftvm check: no leaks");
        assertThat(run("--no-specialize", "-c", "print(5)").out()).isEqualTo("5\n");
    }

    @Test
    void shouldWarnAboutInvalidWarningOptionsAndStillRun() {
        Run r = run("-W", "bogus", "-W", "ignore", "-c", "print(3)");
        assertThat(r.status()).isZero();
        assertThat(r.cliErr()).isEqualTo("ftvm: invalid -W option ignored: bogus (invalid action: 'bogus')\n");
        assertThat(r.out()).isEqualTo("3\n");
    }

    @Test
    void shouldReturnStatusOneForAnUncaughtException() {
        Run r = run("-c", "1/0");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("ZeroDivisionError: division by zero");
    }

    @Test
    void shouldExcludeUnusedPicocliConvertersUnlessTheUserChoseExclusions() {
        String before = System.getProperty("picocli.converters.excludes");
        try {
            System.clearProperty("picocli.converters.excludes");
            assertThat(run("--version").status()).isZero();
            assertThat(System.getProperty("picocli.converters.excludes")).isEqualTo(FtvmCommandLine.CONVERTER_EXCLUDES);
            System.setProperty("picocli.converters.excludes", "java\\.sql\\..*");
            assertThat(run("--recursion-limit", "7", "-c", "import sys; print(sys.getrecursionlimit())").out()).isEqualTo("7\n");
            assertThat(System.getProperty("picocli.converters.excludes")).as("the user's choice is kept").isEqualTo("java\\.sql\\..*");
        } finally {
            if (before == null) {
                System.clearProperty("picocli.converters.excludes");
            } else {
                System.setProperty("picocli.converters.excludes", before);
            }
        }
    }

    /** Merge guard: nothing reads picocli annotations any more, so one on a field would be silently ignored. */
    @Test
    void shouldDeclareNoPicocliAnnotationsBecauseNothingInspectsThem() {
        for (Class<?> c : new Class<?>[] {Ftvm.class, FtvmCommandLine.class}) {
            for (Field f : c.getDeclaredFields()) {
                for (var a : f.getDeclaredAnnotations()) {
                    assertThat(a.annotationType().getName()).as(c.getSimpleName() + "." + f.getName()
                        + ": add the option to FtvmCommandLine.spec instead").doesNotStartWith("picocli.");
                }
            }
            for (var a : c.getDeclaredAnnotations()) {
                assertThat(a.annotationType().getName()).as(c.getSimpleName()).doesNotStartWith("picocli.");
            }
        }
    }

    @Test
    void shouldPrintTheCauseChainOfAnInternalError() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(buf, true, StandardCharsets.UTF_8);
        Error cause = new ExceptionInInitializerError(new IllegalStateException("registration failed"));
        Ftvm.reportInternalError(err, new NoClassDefFoundError("Could not initialize class X") {
            {
                initCause(cause);
            }
        });
        String text = buf.toString(StandardCharsets.UTF_8);
        assertThat(text).startsWith("ftvm: internal error: ");
        assertThat(text).contains("caused by: java.lang.ExceptionInInitializerError");
        assertThat(text).contains("caused by: java.lang.IllegalStateException: registration failed");
    }
}
