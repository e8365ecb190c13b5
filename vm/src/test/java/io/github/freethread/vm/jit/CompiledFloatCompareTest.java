package io.github.freethread.vm.jit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.freethread.vm.runtime.VmConfig;

/**
 * Compare-and-branch on unboxed numbers ({@code NumberTemplates.compare}): floats (unboxed
 * results, cached float locals, float constants, int constants a double represents exactly)
 * by JVM {@code dcmpl} / {@code dcmpg} with Python's NaN rules (every comparison false but
 * {@code !=}) and signed zeros; an int constant beyond 2**53 and int objects compared exactly
 * against floats (the generic path); a str operand appearing at the last iteration (TypeError
 * caught); ints by {@code lcmp}, with big-int constants. Must print what CPython 3.11 printed,
 * on every tier and in both refcount modes, leak-free. (With {@code dcmpl} for {@code <} the
 * NaN count differs: checked by hand.)
 */
class CompiledFloatCompareTest {
    static final String PROGRAM = """
        def floats(n):
            x = 0.0
            nan = float("nan")
            c = [0, 0, 0, 0, 0, 0, 0]
            for k in range(n):
                x = x + 0.5
                y = x * 1.0 - 3.0
                if x < 100.0:
                    c[0] += 1
                if x <= 100:
                    c[1] += 1
                if y > x - 3.0:
                    c[2] += 1
                if x >= 9007199254740993:
                    c[2] += 1000
                if y == 0.0:
                    c[3] += 1
                if y != -0.0:
                    c[4] += 1
                z = nan if k % 7 == 0 else y
                if z < 1.0 or z <= 1.0 or z > 1.0 or z >= 1.0 or z == z:
                    c[5] += 1
                if z != z:
                    c[6] += 1
            return x, c

        def mixed(n):
            x = 0.5
            big = 2 ** 53 + 1
            out = []
            for k in range(n):
                x = x * 1.0 + 1.0
                v = x if k % 3 else k
                if k == n - 1:
                    v = "s"
                try:
                    if v < 10.5:
                        out.append(1)
                except TypeError as e:
                    out.append(str(e))
                if float(2 ** 53) == big:
                    out.append("bad")
                if 9007199254740992.0 < big:
                    out.append(k)
            return x, len(out), out[:12], out[-3:]

        def ints(n):
            c = 0
            for k in range(n):
                if k < n // 2:
                    c += 1
                if k >= 3 and k != 7:
                    c += 10
                if k == 2 ** 40 or k > 2 ** 70:
                    c += 1000000
            return c

        N = 3000
        print(floats(N))
        print(mixed(N))
        print(ints(N))
        """;

    /** CPython 3.11's output of {@link #PROGRAM}. */
    static final String EXPECTED = """
        (1500.0, [199, 200, 0, 1, 2999, 2571, 429])
        (3000.5, 3011, [1, 0, 1, 1, 1, 2, 1, 3, 1, 4, 1, 5], [2998, "'<' not supported between instances of 'str' and 'float'", 2999])
        31460
        """;

    @ParameterizedTest
    @EnumSource(value = VmConfig.Jit.class)
    void shouldCompareUnboxedFloatsAndIntsAsPythonDoes(VmConfig.Jit jit) throws Exception {
        CompiledGolden.assertPrints(PROGRAM, EXPECTED, jit, "floats", "mixed", "ints");
    }
}
