package io.github.freethread.vm.jit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.freethread.refcount.RefcountMode;
import io.github.freethread.vm.runtime.VmConfig;

/**
 * {@link MathIntrinsics}: {@code math.sqrt/fabs/sin/cos/exp} in compiled loops print what
 * CPython 3.11 printed — float and int arguments (a 64-bit int converted as Python converts it,
 * a big int and a bool through the generic call), the domain and range errors, -0.0, inf, nan, a
 * wrong argument type — and a {@code math.sqrt} rebound mid-loop (the guard on the loaded
 * callable fails and the user's function is called); and the intrinsic really runs unboxed.
 */
class CompiledFloatMathTest {
    static final String PROGRAM = """
        import math

        def norms(n):
            t = 0.0
            for k in range(n):
                x = k * 0.5
                t += math.sqrt(x * x + 1.0) + math.fabs(-x) * 0.0
            return t

        def mixed_args(n):
            t = 0.0
            for k in range(n):
                t += math.sqrt(k) + math.sqrt(k * 1.5)
            return t

        def trig(n):
            s = 0.0
            for k in range(n):
                a = k * 0.001
                s += math.sin(a) * math.cos(a) + math.exp(-a)
            return s

        def domain(n):
            out = []
            for k in range(n):
                v = 4.0 if k < n - 1 else -1.0
                try:
                    out.append(math.sqrt(v))
                except ValueError as e:
                    out.append(str(e))
            out.append(math.sqrt(-0.0))
            out.append(math.sqrt(float("inf")))
            out.append(math.sqrt(float("nan")))
            out.append(math.sqrt(True))
            out.append(math.sqrt(2 ** 70))
            try:
                math.exp(1000.0)
            except OverflowError as e:
                out.append(str(e))
            try:
                math.sin(float("inf"))
            except ValueError as e:
                out.append(str(e))
            try:
                math.sqrt("x")
            except TypeError as e:
                out.append(str(e))
            return out[-10:]

        def fake_sqrt(x):
            return -x

        def rebound(n):
            t = 0.0
            for k in range(n):
                if k == n - 3:
                    math.sqrt = fake_sqrt
                t += math.sqrt(4.0)
            return t

        print(norms(30000))
        print(mixed_args(30000))
        print(trig(30000))
        print(domain(30000))
        saved = math.sqrt
        print(rebound(30000))
        math.sqrt = saved
        print(rebound(30000))
        """;

    /** CPython 3.11's output of {@link #PROGRAM}. */
    static final String EXPECTED = """
        224992511.3506022
        7706549.171740863
        1488.6793683912158
        [2.0, 'math domain error', -0.0, inf, nan, 1.0, 34359738368.0, 'math range error', 'math domain error', 'must be real number, not str']
        59982.0
        59982.0
        """;

    @ParameterizedTest
    @EnumSource(value = VmConfig.Jit.class)
    void shouldPrintWhatCPythonPrintsThroughTheMathIntrinsics(VmConfig.Jit jit) throws Exception {
        CompiledGolden.assertPrints(PROGRAM, EXPECTED, jit, "norms", "mixed_args", "trig", "domain", "rebound");
    }

    @Test
    void shouldNeitherBoxTheArgumentNorTheResultOfSqrt() throws Exception {
        String src = """
            import math
            def norms(n):
                t = 0.0
                for k in range(n):
                    x = k * 0.5
                    t += math.sqrt(x * x + 1.0)
                return t
            print(norms(100000))
            """;
        JitRun off = JitRun.run(src, VmConfig.Jit.OFF, RefcountMode.BIASED);
        JitRun on = JitRun.run(src, VmConfig.Jit.ON, RefcountMode.BIASED);
        assertThat(off.out()).isEqualTo("2499975012.5544424\n"); // CPython 3.11
        assertThat(on.out()).isEqualTo(off.out());
        assertThat(on.leakFree()).isTrue();
        // interpreted: the argument and the result of every call are float objects; compiled
        // (after the first few thousand interpreted iterations): neither
        assertThat(off.floatAllocations()).as("interpreted").isGreaterThan(150_000);
        assertThat(on.floatAllocations()).as("compiled").isLessThan(20_000);
    }
}
