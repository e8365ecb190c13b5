package io.github.freethread.vm.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParserTest {

    private static String e(String src) {
        return AstPrinter.expr(Parser.parseExpression(src, "t.py"));
    }

    private static String s(String src) {
        return AstPrinter.print(Parser.parse(src, "t.py"));
    }

    @Test
    void shouldFollowPythonOperatorPrecedence() {
        assertThat(e("1 + 2 * 3")).isEqualTo("(+ 1 (* 2 3))");
        assertThat(e("-2 ** 2")).isEqualTo("(neg (** 2 2))");
        assertThat(e("2 ** -1")).isEqualTo("(** 2 (neg 1))");
        assertThat(e("2 ** 3 ** 2")).isEqualTo("(** 2 (** 3 2))");
        assertThat(e("a - b - c")).isEqualTo("(- (- a b) c)");
        assertThat(e("a | b ^ c & d << 1 + 2")).isEqualTo("(| a (^ b (& c (<< d (+ 1 2)))))");
        assertThat(e("not a == b")).isEqualTo("(not (cmp a == b))");
        assertThat(e("a or b and not c")).isEqualTo("(or a (and b (not c)))");
        assertThat(e("x if c else y if d else z")).isEqualTo("(ifexp c x (ifexp d y z))");
        assertThat(e("~x // 2 % 3")).isEqualTo("(% (// (invert x) 2) 3)");
        assertThat(e("a < b <= c != d")).isEqualTo("(cmp a < b <= c != d)");
        assertThat(e("a not in b is not c in d is e")).isEqualTo("(cmp a not in b is not c in d is e)");
    }

    @Test
    void shouldParsePrimariesAndDisplays() {
        assertThat(e("f(1, x=2)(3).a[1:2, ::3]")).isEqualTo("([] (. (call (call f 1 x=2) 3) a) (tuple (slice 1 2 _) (slice _ _ 3)))");
        assertThat(e("a[-1]")).isEqualTo("([] a (neg 1))");
        assertThat(e("a[:]")).isEqualTo("([] a (slice _ _ _))");
        assertThat(e("[1, (2,), (), {}, {'k': [3]}]")).isEqualTo("[1 (tuple 2) (tuple) {} {'k': [3]}]");
        assertThat(e("[x * y for x in xs if x for y in range(x) if y if y > 1]"))
                .isEqualTo("(listcomp (* x y) (for x xs (if x)) (for y (call range x) (if y) (if (cmp y > 1))))");
        assertThat(e("[k for k, v in d]")).isEqualTo("(listcomp k (for (tuple k v) d))");
        assertThat(e("'a' 'b'  \"c\"")).isEqualTo("'abc'");
        assertThat(e("None, True, False, 1.5")).isEqualTo("(tuple None True False 1.5)");
    }

    @Test
    void shouldParseFStrings() {
        assertThat(e("f'a{x}b{y!r:>{w}.3f}c'")).isEqualTo("(f 'a' {x} 'b' {y!r:(f '>' {w} '.3f')} 'c')");
        assertThat(e("f'{{x}} {d[\"k\"]}'")).isEqualTo("(f '{x} ' {([] d 'k')})");
        assertThat(e("f'{x=}'")).isEqualTo("(f 'x=' {x!r})");
        assertThat(e("f'{a != b}' 'z'")).isEqualTo("(f {(cmp a != b)} 'z')");
        assertThat(e("f'\\n{1+2:5d}'")).isEqualTo("(f '\\n' {(+ 1 2):(f '5d')})");
        assertThat(e("rf'\\n{x}'")).isEqualTo("(f '\\\\n' {x})");
    }

    @Test
    void shouldRejectMalformedFStrings() {
        assertThatThrownBy(() -> e("f'{}'")).hasMessageContaining("valid expression required");
        assertThatThrownBy(() -> e("f'{x'")).hasMessageContaining("expecting '}'");
        assertThatThrownBy(() -> e("f'}'")).hasMessageContaining("single '}'");
        assertThatThrownBy(() -> e("f'{x!z}'")).hasMessageContaining("conversion");
        assertThatThrownBy(() -> e("f'{a b}'")).isInstanceOf(SyntaxError.class);
    }

    @Test
    void shouldParseStatements() {
        assertThat(s("a, b = b, a + b\n")).isEqualTo("(= (tuple a b) (tuple b (+ a b)))");
        assertThat(s("x = y = 0; z += 1\n")).isEqualTo("(= x y 0) (+= z 1)");
        assertThat(s("a[i] //= 2\nm.v **= 3\n")).isEqualTo("(//= ([] a i) 2) (**= (. m v) 3)");
        assertThat(s("if a:\n  pass\nelif b:\n  x\nelse:\n  y\n")).isEqualTo("(if a [(pass)] else [(if b [x] else [y])])");
        assertThat(s("for i, (j, k) in z:\n  break\nelse: continue_ = 1\n"))
                .isEqualTo("(for (tuple i (tuple j k)) z [(break)] else [(= continue_ 1)])");
        assertThat(s("while x: x -= 1\n")).isEqualTo("(while x [(-= x 1)])");
        assertThat(s("def f(a, b=1, c=None):\n  global g\n  return a\n")).isEqualTo("(def f (a b=1 c=None) [(global g) (return a)])");
        assertThat(s("def f(n: int, x: float = 2.0) -> float:\n  return n\n")).isEqualTo("(def f (n x=2.0) [(return n)])");
        assertThat(s("del a, b[1]\nassert x, 'm'\n")).isEqualTo("(del a ([] b 1)) (assert x 'm')");
        assertThat(s("import math, os.path as p\nfrom m import (a, b as c,)\n")).isEqualTo("(import math os.path as p) (from m a b as c)");
        assertThat(s("with open(f) as g, h:\n  pass\n")).isEqualTo("(with (call open f) as g, h [(pass)])");
        assertThat(s("raise\nraise E('x') from None\n")).isEqualTo("(raise) (raise (call E 'x') from None)");
        assertThat(s("try:\n  a\nexcept (E, F) as e:\n  b\nexcept G:\n  c\nexcept:\n  d\nelse:\n  f\nfinally:\n  g\n"))
                .isEqualTo("(try [a] (except (tuple E F) as e [b]) (except G [c]) (except [d]) else [f] finally [g])");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            class A: pass                          | classes                         | 1 | 1
            x = 1\\n@dec\\ndef f(): pass           | decorators                      | 2 | 1
            async def f(): pass                    | async                           | 1 | 1
            def f():\\n  await g()                | async (await)                   | 2 | 3
            f = lambda x: x                        | lambdas                         | 1 | 5
            def g():\\n  yield 1                  | generators (yield)              | 2 | 3
            x = (i for i in y)                     | generator expressions           | 1 | 8
            s = sum(i for i in y)                  | generator expressions           | 1 | 11
            s = {1, 2}                             | sets (set literals)             | 1 | 5
            s = {i for i in y}                     | set comprehensions              | 1 | 5
            d = {k: v for k in y}                  | dict comprehensions             | 1 | 11
            def f(*args): pass                     | *args/**kwargs parameters       | 1 | 7
            def f(a, **kw): pass                   | *args/**kwargs parameters       | 1 | 10
            f(*xs)                                 | *args/**kwargs in calls         | 1 | 3
            f(**d)                                 | *args/**kwargs in calls         | 1 | 3
            a, *b = c                              | starred                         | 1 | 4
            def f():\\n  x = 1\\n  nonlocal x     | closures (nonlocal)             | 3 | 3
            if (n := 1): pass                      | assignment expressions          | 1 | 7
            x: int = 1                             | variable annotations            | 1 | 2
            from . import x                        | relative imports                | 1 | 6
            from m import *                        | star imports                    | 1 | 15
            x = a @ b                              | matrix multiplication           | 1 | 7
            x = ...                                | Ellipsis                        | 1 | 5
            try:\\n  pass\\nexcept* E:\\n  pass   | exception groups                | 3 | 7
            x = 1j                                 | complex                         | 1 | 5
            x = b'a'                               | bytes literals                  | 1 | 5
            """)
    void shouldRejectEveryConstructOutsideTheSubsetWithLineAndColumn(String source, String feature, int line, int col) {
        assertThatThrownBy(() -> Parser.parse(source.replace("\\n", "\n") + "\n", "t.py"))
                .isInstanceOfSatisfying(SyntaxError.class, err -> {
                    assertThat(err.detail()).startsWith("not in the ftvm subset: ").contains(feature);
                    assertThat(err.line()).isEqualTo(line);
                    assertThat(err.column()).isEqualTo(col);
                });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            return 1                         | 'return' outside function
            break                            | 'break' outside loop
            while x:\\n  def f(): break     | 'break' outside loop
            continue                         | 'continue' not properly in loop
            1 = x                            | cannot assign to literal
            f() = x                          | cannot assign to function call
            a + b += 1                       | illegal expression for augmented assignment
            del f()                          | cannot delete function call
            f(a=1, 2)                        | positional argument follows keyword argument
            f(a=1, a=2)                      | keyword argument repeated
            def f(a=1, b): pass              | non-default argument follows default argument
            def f(a, a): pass                | duplicate argument
            if x:\\npass                     | expected an indented block
            x = 1\\n  y = 2                  | unexpected indent
            x = (1 +                         | was never closed
            if x pass                        | invalid syntax
            try:\\n  pass\\nx = 1            | expected 'except' or 'finally'
            """)
    void shouldRejectInvalidPythonWithSpecificMessages(String source, String message) {
        assertThatThrownBy(() -> Parser.parse(source.replace("\\n", "\n") + "\n", "t.py"))
                .isInstanceOf(SyntaxError.class)
                .hasMessageContaining(message);
    }

    @Test
    void shouldRejectPathologicalNestingWithoutExhaustingTheJavaStack() {
        assertThatThrownBy(() -> Parser.parse("x = " + "(".repeat(500) + "1" + ")".repeat(500) + "\n", "t.py"))
                .hasMessageContaining("too many nested parentheses");
        assertThatThrownBy(() -> Parser.parse("x = " + "-".repeat(100_000) + "1\n", "t.py"))
                .hasMessageContaining("too deeply nested");
        assertThatThrownBy(() -> Parser.parse("x = " + "not ".repeat(100_000) + "1\n", "t.py"))
                .hasMessageContaining("too deeply nested");
        assertThatThrownBy(() -> Parser.parse("x = " + "a if b else ".repeat(5_000) + "1\n", "t.py"))
                .hasMessageContaining("too deeply nested");
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            deep.append(" ".repeat(i)).append("if x:\n");
        }
        deep.append(" ".repeat(150)).append("pass\n");
        assertThatThrownBy(() -> Parser.parse(deep.toString(), "t.py"))
                .isInstanceOfSatisfying(SyntaxError.class, e -> assertThat(e.kind()).isEqualTo("IndentationError"));
    }

    @Test
    void shouldFormatErrorsLikeCPython() {
        String src = "x = 1\nclass A:\n    pass\n";
        SyntaxError err = org.junit.jupiter.api.Assertions.assertThrows(SyntaxError.class, () -> Parser.parse(src, "prog.py"));
        assertThat(err.format(src)).isEqualTo("""
                  File "prog.py", line 2
                    class A:
                    ^
                SyntaxError: not in the ftvm subset: classes
                """);
    }
}
