package io.github.freethread.vm.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class LexerTest {

    private static List<String> kinds(String src) {
        return Lexer.tokenize(src, "t.py").stream()
                .map(t -> switch (t.kind()) {
                    case NAME, KEYWORD, OP -> t.text();
                    default -> t.kind().name();
                }).toList();
    }

    private static Object value(String literal) {
        return Lexer.tokenize(literal, "t.py").getFirst().value();
    }

    @Test
    void shouldProduceIndentAndDedentTokens() {
        assertThat(kinds("if x:\n    y\n    if z:\n        w\nv\n")).containsExactly(
                "if", "x", ":", "NEWLINE", "INDENT", "y", "NEWLINE", "if", "z", ":", "NEWLINE", "INDENT", "w",
                "NEWLINE", "DEDENT", "DEDENT", "v", "NEWLINE", "END");
    }

    @Test
    void shouldIgnoreBlankLinesCommentsAndNewlinesInsideBrackets() {
        assertThat(kinds("# c\n\nx = (1,\n   2)  # tail\n\n   # indented comment\ny\n")).containsExactly(
                "x", "=", "(", "INT", ",", "INT", ")", "NEWLINE", "y", "NEWLINE", "END");
    }

    @Test
    void shouldJoinLinesWithBackslash() {
        assertThat(kinds("x = 1 + \\\n    2\n")).containsExactly("x", "=", "INT", "+", "INT", "NEWLINE", "END");
    }

    @Test
    void shouldCloseOpenBlocksAtEndOfInputWithoutTrailingNewline() {
        assertThat(kinds("while x:\n  y")).containsExactly("while", "x", ":", "NEWLINE", "INDENT", "y", "NEWLINE", "DEDENT", "END");
    }

    @Test
    void shouldRejectInconsistentDedent() {
        assertThatThrownBy(() -> Lexer.tokenize("if x:\n    y\n  z\n", "t.py"))
                .isInstanceOfSatisfying(SyntaxError.class, e -> {
                    assertThat(e.kind()).isEqualTo("IndentationError");
                    assertThat(e.detail()).contains("unindent does not match");
                    assertThat(e.line()).isEqualTo(3);
                });
    }

    @Test
    void shouldRejectInconsistentTabsAndSpaces() {
        assertThatThrownBy(() -> Lexer.tokenize("if x:\n        y\n\tz\n", "t.py"))
                .isInstanceOfSatisfying(SyntaxError.class, e -> assertThat(e.kind()).isEqualTo("TabError"));
    }

    @Test
    void shouldParseIntegerLiteralsInAllRadixesWithUnderscores() {
        assertThat(value("1_000_000")).isEqualTo(1_000_000L);
        assertThat(value("0xff_ff")).isEqualTo(0xffffL);
        assertThat(value("0o17")).isEqualTo(15L);
        assertThat(value("0b1010_1010")).isEqualTo(170L);
        assertThat(value("0")).isEqualTo(0L);
        assertThat(value("00")).isEqualTo(0L);
        assertThat(value("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(value("9223372036854775808")).isEqualTo(new BigInteger("9223372036854775808"));
        assertThat(value("0x1" + "0".repeat(40))).isEqualTo(BigInteger.ONE.shiftLeft(160));
    }

    @Test
    void shouldParseFloatLiterals() {
        assertThat(value("1.5")).isEqualTo(1.5);
        assertThat(value("1.")).isEqualTo(1.0);
        assertThat(value(".25")).isEqualTo(0.25);
        assertThat(value("1e3")).isEqualTo(1000.0);
        assertThat(value("1_0.5E-1_0")).isEqualTo(10.5e-10);
        assertThat(value("1e400")).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void shouldRejectMalformedNumbers() {
        for (String bad : new String[] {"1__0", "1_", "0x", "012", "0b12", "1e", "12abc", "0o8"}) {
            assertThatThrownBy(() -> Lexer.tokenize(bad, "t.py")).as(bad).isInstanceOf(SyntaxError.class);
        }
        assertThatThrownBy(() -> Lexer.tokenize("3j", "t.py")).hasMessageContaining("complex");
    }

    @Test
    void shouldDecodeStringEscapesAndKeepRawStrings() {
        assertThat(str("'a\\nb\\t\\\\\\'\\\"'")).isEqualTo("a\nb\t\\'\"");
        assertThat(str("'\\x41\\u00e9\\U0001F600\\101'")).isEqualTo("Aé\uD83D\uDE00A");
        assertThat(str("r'a\\nb'")).isEqualTo("a\\nb");
        assertThat(str("'\\d'")).isEqualTo("\\d");
        assertThat(str("\"\"\"a\n'b'\"\"\"")).isEqualTo("a\n'b'");
        assertThat(str("'''x''' ")).isEqualTo("x");
    }

    @Test
    void shouldKeepFStringBodyUndecoded() {
        StringToken s = (StringToken) value("f'{x!r:>10}\\n'");
        assertThat(s.fstring()).isTrue();
        assertThat(s.body()).isEqualTo("{x!r:>10}\\n");
    }

    @Test
    void shouldRejectUnterminatedStringsAndBytes() {
        assertThatThrownBy(() -> Lexer.tokenize("x = 'abc\n", "t.py")).hasMessageContaining("unterminated string literal");
        assertThatThrownBy(() -> Lexer.tokenize("x = '''abc\n", "t.py")).hasMessageContaining("unterminated triple-quoted");
        assertThatThrownBy(() -> Lexer.tokenize("b'x'", "t.py")).hasMessageContaining("bytes");
        assertThatThrownBy(() -> Lexer.tokenize("'\\xZZ'", "t.py")).hasMessageContaining("truncated");
    }

    @Test
    void shouldReportUnbalancedBrackets() {
        assertThatThrownBy(() -> Lexer.tokenize("x = (1,\n2\n", "t.py")).hasMessageContaining("'(' was never closed");
        assertThatThrownBy(() -> Lexer.tokenize("x = 1)\n", "t.py")).hasMessageContaining("unmatched ')'");
        assertThatThrownBy(() -> Lexer.tokenize("x = (1]\n", "t.py")).hasMessageContaining("does not match");
        assertThatThrownBy(() -> Lexer.tokenize("x = $\n", "t.py")).hasMessageContaining("invalid character");
    }

    @Test
    void shouldReportLineAndColumnOfTokens() {
        List<Token> toks = Lexer.tokenize("a = 1\n  # c\nbb  =  'x'\n", "t.py");
        Token bb = toks.stream().filter(t -> t.text().equals("bb")).findFirst().orElseThrow();
        assertThat(bb.line()).isEqualTo(3);
        assertThat(bb.col()).isEqualTo(1);
        Token s = toks.stream().filter(t -> t.kind() == TokenKind.STRING).findFirst().orElseThrow();
        assertThat(s.col()).isEqualTo(8);
    }

    private static String str(String literal) {
        return ((StringToken) value(literal)).body();
    }
}
