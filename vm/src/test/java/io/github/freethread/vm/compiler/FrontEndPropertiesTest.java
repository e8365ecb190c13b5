package io.github.freethread.vm.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.freethread.vm.bytecode.CodeObject;
import io.github.freethread.vm.bytecode.Disassembler;
import io.github.freethread.vm.bytecode.Verifier;
import io.github.freethread.vm.syntax.SyntaxError;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/** Random input never crashes the front end: it compiles (to verified code) or is a SyntaxError. */
class FrontEndPropertiesTest {

    private static void compileOrSyntaxError(String src) {
        try {
            CodeObject co = Compiler.compile(src, "rand.py");
            Verifier.verify(co);
            assertThat(Disassembler.disassemble(co)).isNotEmpty();
        } catch (SyntaxError e) {
            assertThat(e.line()).isGreaterThanOrEqualTo(1);
            assertThat(e.column()).isGreaterThanOrEqualTo(1);
            assertThat(e.format(src)).contains(e.kind());
        }
    }

    @Property(tries = 400)
    void randomTextCompilesOrIsASyntaxError(@ForAll @StringLength(max = 120) String src) {
        compileOrSyntaxError(src);
    }

    @Provide
    Arbitrary<String> pythonish() {
        return Arbitraries.strings().withChars("abcfrx01289_ ()[]{}:;,.=+-*/%<>!&|^~'\"#\\\n\t@$")
                .ofMaxLength(160);
    }

    @Property(tries = 600)
    void randomPythonishTextCompilesOrIsASyntaxError(@ForAll("pythonish") String src) {
        compileOrSyntaxError(src);
    }

    @Provide
    Arbitrary<String> tokenSoup() {
        Arbitrary<String> token = Arbitraries.of("if ", "else", "elif ", "while ", "for ", " in ", "def ", "return ", "try", "except ",
                "finally", "with ", " as ", "import ", "from ", "global ", "del ", "assert ", "raise ", "break", "continue",
                "pass", "lambda ", "class ", "yield ", "not ", " and ", " or ", " is ", "x", "y", "f", "1", "2.5", "0x1f",
                "'s'", "f'{x}'", "\"\"\"t\"\"\"", "(", ")", "[", "]", "{", "}", ":", ",", ";", ".", "=", "+=", "==", "<", "-",
                "*", "**", "//", "%", "\n", "\n    ", "\n        ", " ", "#c\n", "\\\n");
        return token.list().ofMaxSize(40).map(ts -> String.join("", ts));
    }

    @Property(tries = 800)
    void randomTokenSequencesCompileOrAreSyntaxErrors(@ForAll("tokenSoup") String src) {
        compileOrSyntaxError(src);
    }

    @Property(tries = 400)
    void generatedProgramsOfTheSubsetCompileToVerifiedCode(@ForAll long seed) {
        String src = new ProgramGenerator(seed).program();
        CodeObject co;
        try {
            co = Compiler.compile(src, "gen.py");
        } catch (SyntaxError e) {
            throw new AssertionError("valid program rejected: " + e.getMessage() + "\n" + src, e);
        }
        Verifier.verify(co);
        assertThat(co.maxStack()).isPositive();
    }
}
