package io.github.freethread.vm.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.freethread.vm.bytecode.CodeObject;
import io.github.freethread.vm.bytecode.Disassembler;
import io.github.freethread.vm.bytecode.Instruction;
import io.github.freethread.vm.bytecode.Opcode;
import io.github.freethread.vm.bytecode.Verifier;
import io.github.freethread.vm.syntax.SyntaxError;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompilerTest {

    private static CodeObject compile(String src) {
        return Compiler.compile(src, "t.py");
    }

    private static CodeObject function(CodeObject module, String name) {
        return module.constants().stream().filter(c -> c instanceof CodeObject co && co.name().equals(name))
                .map(c -> (CodeObject) c).findFirst().orElseThrow();
    }

    private static List<Opcode> ops(CodeObject co) {
        return Instruction.decode(co.copyCode()).stream().map(Instruction::op).toList();
    }

    @Test
    void shouldCompileFibonacciToTheExpectedListing() {
        CodeObject m = compile("""
                def fib(n):
                    a, b = 0, 1
                    for _ in range(n):
                        a, b = b, a + b
                    return a
                """);
        assertThat(Disassembler.disassemble(function(m, "fib"))).isEqualTo("""
                Disassembly of <code object fib, file "t.py", line 1>:
                   2        0 LOAD_CONST                       0 ((0, 1))
                            1 UNPACK_SEQUENCE                  2
                            3 STORE_FAST                       1 (a)
                            4 STORE_FAST                       2 (b)

                   3        5 LOAD_GLOBAL                      0 (range)
                           12 PUSH_NULL
                           13 LOAD_FAST                        0 (n)
                           14 CALL                             1
                           18 GET_ITER
                     >>    19 FOR_ITER                        31 (to 31)
                           21 STORE_FAST                       3 (_)

                   4       22 LOAD_FAST                        2 (b)
                           23 LOAD_FAST                        1 (a)
                           24 LOAD_FAST                        2 (b)
                           25 BINARY_OP                        0 (+)
                           27 SWAP                             2
                           28 STORE_FAST                       1 (a)
                           29 STORE_FAST                       2 (b)

                   3       30 JUMP_BACKWARD                   19 (to 19)

                   5 >>    31 LOAD_FAST                        1 (a)
                           32 RETURN_VALUE

                  --       33 LOAD_CONST                       1 (None)
                           34 RETURN_VALUE
                """);
        CodeObject fib = function(m, "fib");
        assertThat(fib.argCount()).isEqualTo(1);
        assertThat(fib.varnames()).containsExactly("n", "a", "b", "_");
        assertThat(fib.maxStack()).isEqualTo(4); // [iter, b, a, b] before BINARY_OP
    }

    @Test
    void shouldComputeMaxStackDepth() {
        assertThat(compile("f(a, b, c)\n").maxStack()).isEqualTo(5);
        assertThat(compile("x = [[a, b], [c, d]]\n").maxStack()).isEqualTo(3);
        assertThat(compile("x = 1\n").maxStack()).isEqualTo(1);
        assertThat(compile("print(f'{a:>{w}}', sep='')\n").maxStack()).isEqualTo(5);
    }

    @Test
    void shouldResolveLocalsAndGlobalsWithPythonRules() {
        CodeObject m = compile("""
                g = 1
                def f(p):
                    global h
                    x = p + g
                    h = x
                    print(y)
                    y = 2
                """);
        CodeObject f = function(m, "f");
        assertThat(f.varnames()).containsExactly("p", "x", "y");
        assertThat(f.names()).containsExactlyInAnyOrder("g", "h", "print");
        String dis = Disassembler.disassemble(f);
        assertThat(dis).contains("LOAD_GLOBAL                      0 (g)").contains("STORE_GLOBAL")
                .contains("LOAD_FAST                        2 (y)"); // read before assignment: UnboundLocalError at run time
    }

    @Test
    void shouldNotLeakComprehensionVariables() {
        CodeObject m = compile("i = 'outer'\nxs = [i * j for i in range(3) for j in range(i)]\nprint(i)\n");
        assertThat(m.varnames()).containsExactly("i", "j");
        String dis = Disassembler.disassemble(m);
        assertThat(dis).contains("STORE_FAST                       0 (i)").contains("LIST_APPEND                      3");
        assertThat(m.names()).contains("i").doesNotContain("j");
        CodeObject f = function(compile("def f(i, xs):\n    return [i + x for x in xs if x != i]\n"), "f");
        assertThat(f.varnames()).containsExactly("i", "xs", "x");
    }

    @Test
    void shouldEvaluateFirstComprehensionIterableInEnclosingScope() {
        CodeObject m = compile("x = [x for x in x]\n");
        List<Instruction> insns = Instruction.decode(m.copyCode());
        assertThat(insns.get(1).op()).isEqualTo(Opcode.LOAD_GLOBAL);
    }

    @Test
    void shouldRejectClosuresOverEnclosingLocals() {
        assertThatThrownBy(() -> compile("def outer():\n    x = 1\n    def inner():\n        return x\n    return inner\n"))
                .isInstanceOfSatisfying(SyntaxError.class, e -> {
                    assertThat(e.detail()).contains("not in the ftvm subset: closures").contains("'x'").contains("outer");
                    assertThat(e.line()).isEqualTo(4);
                });
        assertThatThrownBy(() -> compile("def outer(n):\n    def inner():\n        return [n for _ in range(2)]\n"))
                .hasMessageContaining("closures");
        // Globals, builtins and names the nested function binds itself are fine.
        compile("def outer():\n    global g\n    g = 1\n    def inner(y):\n        z = y\n        return g + len([z])\n    return inner\n");
    }

    @Test
    void shouldRejectMisplacedGlobalDeclarations() {
        assertThatThrownBy(() -> compile("def f():\n    print(x)\n    global x\n")).hasMessageContaining("used prior to global declaration");
        assertThatThrownBy(() -> compile("def f():\n    x = 1\n    global x\n")).hasMessageContaining("assigned to before global declaration");
        assertThatThrownBy(() -> compile("def f(x):\n    global x\n")).hasMessageContaining("parameter and global");
    }

    @Test
    void shouldInlineFinallyOnReturnBreakAndContinue() {
        CodeObject f = function(compile("""
                def f(xs):
                    for x in xs:
                        try:
                            if x == 1:
                                continue
                            if x == 2:
                                break
                            return x
                        finally:
                            cleanup()
                """), "f");
        long calls = Disassembler.disassemble(f).lines().filter(l -> l.contains("(cleanup)")).count();
        assertThat(calls).isEqualTo(5); // continue, break, return, normal exit, exception path
        Verifier.verify(f);
    }

    @Test
    void shouldUseInPlaceOperatorsAndMethodCalls() {
        CodeObject m = compile("a[i] += 1\nm.x -= 2\nn *= 3\nxs.append(4)\n");
        String dis = Disassembler.disassemble(m);
        assertThat(dis).contains("(+=)").contains("(-=)").contains("(*=)").contains("LOAD_METHOD").contains("STORE_SUBSCR")
                .contains("STORE_ATTR");
        assertThat(ops(m)).doesNotContain(Opcode.BUILD_TUPLE);
    }

    @Test
    void shouldFoldNegativeLiteralsAndConstantTuples() {
        CodeObject m = compile("x = -9223372036854775808\ny = (1, -2.5, 'a', None, (True,))\nz = -(1 << 70)\n");
        assertThat(m.constants()).contains(Long.MIN_VALUE);
        assertThat(Disassembler.disassemble(m)).contains("((1, -2.5, 'a', None, (True,)))");
    }

    @Test
    void shouldReportHugeLeftDeepExpressionsAsSyntaxErrorsNotJavaCrashes() {
        String chain = "x = " + "1 + ".repeat(200_000) + "1\n";
        try {
            CodeObject co = compile(chain);
            assertThat(co.codeLength()).isPositive();
        } catch (SyntaxError e) {
            assertThat(e.detail()).contains("too deeply nested");
        }
    }

    @Test
    void shouldThreadJumpsToJumpsKeepingBackEdgesAsSafePoints() {
        CodeObject m = compile("for i in xs:\n    if i:\n        a = 1\n    else:\n        a = 2\n");
        List<Instruction> insns = Instruction.decode(m.copyCode());
        Instruction forIter = insns.stream().filter(i -> i.op() == Opcode.FOR_ITER).findFirst().orElseThrow();
        List<Instruction> backEdges = insns.stream().filter(i -> i.op() == Opcode.JUMP_BACKWARD).toList();
        assertThat(backEdges).hasSize(2).allMatch(i -> i.arg() == forIter.start());
        assertThat(insns).noneMatch(i -> i.op() == Opcode.JUMP_FORWARD);
        for (Instruction in : insns) {
            if (in.op() == Opcode.POP_JUMP_IF_FALSE || in.op() == Opcode.POP_JUMP_IF_TRUE) {
                assertThat(in.arg()).as("conditional jumps only go forward").isGreaterThan(in.start());
            }
        }
    }

    @Test
    void shouldRecordLineNumbers() {
        CodeObject m = compile("a = 1\n\nb = (2 +\n     c)\n");
        List<Instruction> insns = Instruction.decode(m.copyCode());
        Instruction loadC = insns.stream().filter(i -> i.op() == Opcode.LOAD_GLOBAL).findFirst().orElseThrow();
        assertThat(m.lineAt(loadC.start())).isEqualTo(4);
        Instruction add = insns.stream().filter(i -> i.op() == Opcode.BINARY_OP).findFirst().orElseThrow();
        assertThat(m.lineAt(add.start())).isEqualTo(3);
        assertThat(m.lineAt(0)).isEqualTo(1);
    }
}
