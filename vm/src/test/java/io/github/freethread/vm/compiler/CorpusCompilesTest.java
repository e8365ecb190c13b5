package io.github.freethread.vm.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.freethread.vm.bytecode.CodeObject;
import io.github.freethread.vm.syntax.SyntaxError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The front end on the conformance corpus (branch {@code corpus}): every golden program and
 * example compiles to verified code, and every {@code errors-syntax} spec is rejected before
 * running, at the specified line, with a message containing one of the spec's keywords.
 */
class CorpusCompilesTest {
    private static final Path CONFORMANCE = Path.of("src", "test", "resources", "conformance");
    private static final Path EXAMPLES = Path.of("examples");

    private static List<Path> programs(Path dir, boolean recursive) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = recursive ? Files.walk(dir) : Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".py"))
                    .filter(p -> !p.toString().contains("errors-syntax") && !p.toString().contains("tools"))
                    .sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCorpusProgramAndExampleCompiles() throws IOException {
        List<Path> all = Stream.concat(programs(CONFORMANCE, true).stream(), programs(EXAMPLES, false).stream()).toList();
        assumeTrue(!all.isEmpty(), "conformance corpus not present on this branch");
        return all.stream().map(p -> DynamicTest.dynamicTest(p.toString(), () -> {
            CodeObject co = Compiler.compile(Files.readString(p), p.getFileName().toString());
            assertThat(co.codeLength()).isPositive();
        }));
    }

    @TestFactory
    Stream<DynamicTest> everySyntaxSpecIsRejectedAtItsLine() throws IOException {
        Path dir = CONFORMANCE.resolve("errors-syntax");
        assumeTrue(Files.isDirectory(dir), "errors-syntax specs not present on this branch");
        Pattern line = Pattern.compile("^SyntaxError: line (\\d+):");
        List<Path> specs;
        try (Stream<Path> s = Files.list(dir)) {
            specs = s.filter(p -> p.toString().endsWith(".expect")).sorted().toList();
        }
        return specs.stream().map(spec -> DynamicTest.dynamicTest(spec.getFileName().toString(), () -> {
            List<String> lines = Files.readAllLines(spec);
            Matcher m = line.matcher(lines.get(0));
            assertThat(m.find()).as("spec line format").isTrue();
            int expectedLine = Integer.parseInt(m.group(1));
            List<String> keywords = Arrays.asList(lines.get(1).substring("keyword:".length()).trim().split("\\|"));
            Path program = Path.of(spec.toString().replace(".expect", ".py"));
            assertThatThrownBy(() -> Compiler.compile(Files.readString(program), program.getFileName().toString()))
                    .isInstanceOfSatisfying(SyntaxError.class, e -> {
                        assertThat(e.line()).isEqualTo(expectedLine);
                        assertThat(keywords).anyMatch(k -> e.detail().toLowerCase().contains(k.toLowerCase()));
                    });
        }));
    }
}
