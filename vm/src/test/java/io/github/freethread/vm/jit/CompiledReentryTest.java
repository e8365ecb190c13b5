package io.github.freethread.vm.jit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.freethread.refcount.RefcountMode;
import io.github.freethread.vm.runtime.VmConfig;

/**
 * Compiled loops leave {@code body} every {@link FrameState#REENTRY_PERIOD} back-edges and are
 * entered again at the same loop header ({@code run}'s loop; JitCompiler): loops running many
 * periods with iterators and loop-carried values on the value stack (nested for over range and
 * a list, while), an exception caught inside the loop after several re-entries (handler,
 * finally), a return from inside a for loop, and nested while loops whose inner loop alone
 * crosses periods — all print what CPython 3.11 printed, leak-free, on every tier.
 */
class CompiledReentryTest {
    static final String PROGRAM = """
        def nested(n):
            total = 0
            for i in range(n):
                for j in [1, 2, 3]:
                    total += i * j
                k = 0
                while k < 3:
                    k += 1
                    total -= k
            return total

        def raising(n):
            caught = []
            acc = 0.5
            for i in range(n):
                try:
                    acc += 1.0 / (i - 3000)
                except ZeroDivisionError as e:
                    caught.append((i, str(e)))
                finally:
                    acc *= 1.0
            return caught, round(acc, 6)

        def early(n):
            xs = list(range(n))
            for i in xs:
                if i == 4321:
                    return "left at", i, [x for x in xs[i:i + 3]]
            return None

        def deep(n):
            s = 0.0
            i = 0
            while i < n:
                j = 0
                while j < 700:
                    s += 0.5
                    j += 1
                i += 1
            return s

        print(nested(5000))
        print(raising(6000))
        print(early(10000))
        print(deep(9))
        """;

    /** CPython 3.11's output of {@link #PROGRAM}. */
    static final String EXPECTED = """
        74955000
        ([(3000, 'float division by zero')], 0.499667)
        ('left at', 4321, [4321, 4322, 4323])
        3150.0
        """;

    @ParameterizedTest
    @EnumSource(value = VmConfig.Jit.class)
    void shouldResumeLoopsAtTheirHeaderAfterEachReentry(VmConfig.Jit jit) throws Exception {
        CompiledGolden.assertPrints(PROGRAM, EXPECTED, jit, "nested", "raising", "early", "deep");
    }
}
