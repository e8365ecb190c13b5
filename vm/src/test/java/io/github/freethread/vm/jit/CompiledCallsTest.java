package io.github.freethread.vm.jit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.github.freethread.refcount.RefcountMode;
import io.github.freethread.vm.runtime.VmConfig;

/**
 * Calls between compiled functions ({@link CompiledCalls}: exact-args sites linked to the
 * callee's compiled code; {@link CallTemplates#inline}: leaf functions evaluated inline). Every
 * expected output was produced by CPython 3.11. Each program runs in the three {@code --jit}
 * modes (inlining and direct calls need the feedback of mode {@code on}; {@code off} and
 * {@code always} are the references that must agree), checked for leaks.
 */
class CompiledCallsTest {
    static Stream<Arguments> modes() {
        return Stream.of(VmConfig.Jit.OFF, VmConfig.Jit.ON, VmConfig.Jit.ALWAYS)
            .flatMap(j -> Stream.of(RefcountMode.BIASED, RefcountMode.ATOMIC).map(m -> Arguments.of(j, m)));
    }

    /**
     * Leaf and non-leaf callees in hot loops: int results with overflow into big ints, floor
     * division and modulo signs, int true division beyond 2**53, bool and float arguments (the
     * inline path takes ints only), ZeroDivisionError inside the leaf caught by the caller, the
     * global rebound to another function and to a builtin mid-loop (the guard fails), keywords
     * and defaults, recursion down to RecursionError.
     */
    @ParameterizedTest(name = "calls_inline --jit={0} --refcount={1}")
    @MethodSource("modes")
    void shouldPrintWhatCPythonPrintsForInlinedAndDirectCalls(VmConfig.Jit jit, RefcountMode mode) throws Exception {
        String src = CompiledProgramsTest.read("calls_inline.py");
        JitRun r = JitRun.run(src, jit, mode);
        assertThat(r.out()).as(r.err()).isEqualTo(Files.readString(CompiledProgramsTest.DIR.resolve("calls_inline.out"), StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.leakFree()).as(r.err()).isTrue();
        if (jit != VmConfig.Jit.OFF) {
            assertThat(r.tier()).containsEntry("sums", "compiled").containsEntry("clamped", "compiled").containsEntry("rebind_loop", "compiled");
        }
    }

    @Test
    void shouldNotAllocateTheResultOfAnInlinedLeafCall() throws Exception {
        String src = """
            def eval_a(i, j):
                return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)
            def rows(n):
                s = 0.0
                for i in range(n):
                    for j in range(100):
                        s += eval_a(i, j) * 1.5
                return s
            print(rows(400))
            """;
        JitRun off = JitRun.run(src, VmConfig.Jit.OFF, RefcountMode.BIASED);
        JitRun on = JitRun.run(src, VmConfig.Jit.ON, RefcountMode.BIASED);
        assertThat(off.out()).isEqualTo("15.967888936462115\n"); // CPython 3.11
        assertThat(on.out()).isEqualTo(off.out());
        assertThat(on.leakFree()).isTrue();
        // interpreted: eval_a's result and the product are float objects (40000 calls); inlined:
        // the result stays a JVM double once rows is compiled (its first iterations run interpreted)
        assertThat(off.floatAllocations()).as("interpreted").isGreaterThan(40_000);
        assertThat(on.floatAllocations()).as("inlined").isLessThan(10_000);
    }

    @Test
    void shouldReportTheCalleeLineWhenAnInlinedLeafRaises() throws Exception {
        String src = """
            def ratio(a, b):
                return a // b

            def scan(n):
                c = 0
                for k in range(n):
                    c += ratio(k, n - 1 - k)
                return c

            scan(3000)
            """;
        String want = """
            Traceback (most recent call last):
              File "t.py", line 10, in <module>
                scan(3000)
              File "t.py", line 7, in scan
                c += ratio(k, n - 1 - k)
              File "t.py", line 2, in ratio
                return a // b
            ZeroDivisionError: integer division or modulo by zero
            """; // CPython 3.11, without its caret lines
        for (VmConfig.Jit jit : VmConfig.Jit.values()) {
            JitRun r = JitRun.run(src, jit, RefcountMode.BIASED);
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.err()).as("--jit=" + jit).startsWith(want);
            assertThat(r.leakFree()).isTrue();
        }
    }

    @Test
    void shouldLetTheCallerCatchWhatAnInlinedLeafRaises() throws Exception {
        String src = """
            def ratio(a, b):
                return a // b

            def scale(x, y):
                return x / y * 0.5

            def scan(n):
                c = 0
                f = 0.0
                for k in range(n):
                    try:
                        c += ratio(k, n - 1 - k)
                    except ZeroDivisionError as e:
                        print("caught", k, e)
                    try:
                        f += scale(k, k - 1000)
                    except ZeroDivisionError as e:
                        print("caught", k, e)
                return c, f

            print(scan(3000))
            """;
        String want = "caught 1000 division by zero\ncaught 2999 integer division or modulo by zero\n(21465, 1845.6986215299678)\n"; // CPython 3.11
        for (VmConfig.Jit jit : VmConfig.Jit.values()) {
            for (RefcountMode mode : new RefcountMode[] {RefcountMode.BIASED, RefcountMode.ATOMIC}) {
                JitRun r = JitRun.run(src, jit, mode);
                assertThat(r.out()).as("--jit=" + jit + "\n" + r.err()).isEqualTo(want);
                assertThat(r.leakFree()).isTrue();
            }
        }
    }

    /** The leaf call of the deepest frame is the one past the limit: the inline path must raise as the real call does. */
    @Test
    void shouldRaiseRecursionErrorAtTheSameDepthWhenTheLeafIsInlined() throws Exception {
        String src = """
            def poly(x):
                return 2 * x * x - x + 1

            def deep(n):
                if n == 0:
                    return poly(1)
                return deep(n - 1) + poly(n)

            print(deep(500))
            last = None
            for n in range(980, 1000):
                try:
                    last = deep(n)
                except RecursionError as e:
                    print("RecursionError at", n, e)
                    break
            print(last)
            """;
        String want = "83458752\nRecursionError at 998 maximum recursion depth exceeded\n661182486\n"; // CPython 3.11
        for (VmConfig.Jit jit : VmConfig.Jit.values()) {
            JitRun r = JitRun.run(src, jit, RefcountMode.BIASED);
            assertThat(r.out()).as("--jit=" + jit + "\n" + r.err()).isEqualTo(want);
            assertThat(r.leakFree()).isTrue();
            if (jit != VmConfig.Jit.OFF) {
                assertThat(r.tier()).containsEntry("deep", "compiled");
            }
        }
    }
}
