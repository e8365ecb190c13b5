package io.github.freethread.vm.jit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.freethread.refcount.RefcountMode;
import io.github.freethread.vm.runtime.VmConfig;

/**
 * Float caches of locals (FrameState invariant 3: a set cache flag means the local holds a float
 * of the cached value): every way a cached local can change under the cache — a store of another
 * type mid-loop and back to float, an alias that must keep the old value while the local is
 * updated, {@code del} and UnboundLocalError, a handler that reads the local after the next
 * operation raised, int conversion of a float local, negative zero's truth, int locals (64-bit,
 * beyond 2**53, big, bool) times float locals on either side — must print what
 * CPython 3.11 printed, on every tier and in both refcount modes, leak-free.
 */
class CompiledFloatLocalsTest {
    static final String PROGRAM = """
        def carried(n):
            total = 0.0
            x = 1.5
            for k in range(n):
                total += x
                if k == n - 5:
                    x = 3
                elif k == n - 4:
                    x = "s"
                    total += len(x)
                    x = 2.25
                elif k == n - 2:
                    x = -0.0
                x = x * 1.0 if k % 2 == 0 else x + 0.5
            return total, x

        def aliases(n):
            x = 0.5
            keep = []
            y = x
            for k in range(n):
                x += 1.0
                if k % 1000 == 0:
                    keep.append(x)
                    y = x
            x += 0.25
            return x, y, keep[-1], len(keep)

        def deleted(n):
            s = 0.0
            for k in range(n):
                v = k * 0.5
                s += v
                if k == n - 3:
                    del v
                    try:
                        s += v
                    except UnboundLocalError:
                        s += 100.0
            return s

        def handler(n):
            x = 10.0
            d = 4.0
            out = []
            for k in range(n):
                try:
                    x = x / d
                    x = x * d
                except ZeroDivisionError:
                    out.append(x)
                d = 4.0 if k < n - 2 else 0.0
            out.append(x)
            return out

        def mixed(n):
            f = 0.0
            c = 0
            for i in range(n):
                f = 2.0 * i
                c += int(f) // 2
                f = f - i
            return f, c

        def truth(n):
            z = 1.0
            c = 0
            for k in range(n):
                z = -z * 0.0 if k == n - 1 else z * 1.0
                if z:
                    c += 1
            return c, z

        def mixed2(n):
            x = 0.5
            t = 0.0
            big = 2 ** 60 + 1
            for k in range(n):
                x = 0.5 * k
                t += k * x
                t += big * x
                t -= big * x
            h = 2 ** 70
            return t, big * x, h * x, (n - 1) * x, x * True

        N = 20000
        print(carried(N))
        print(aliases(N))
        print(deleted(N))
        print(handler(N))
        print(mixed(N))
        print(truth(N))
        print(mixed2(N))
        """;

    /** CPython 3.11's output of {@link #PROGRAM}. */
    static final String EXPECTED = """
        (50005006.5, 0.5)
        (20000.75, 19001.5, 19001.5, 20)
        99995100.0
        [10.0, 10.0]
        (19999.0, 199990000)
        (19999, -0.0)
        (1333214052352.0, 1.1528638585316166e+22, 1.1805325911363754e+25, 199980000.5, 9999.5)
        """;

    @ParameterizedTest
    @EnumSource(value = VmConfig.Jit.class)
    void shouldKeepCachedFloatLocalsConsistentWithTheirObjects(VmConfig.Jit jit) throws Exception {
        CompiledGolden.assertPrints(PROGRAM, EXPECTED, jit, "carried", "aliases", "deleted", "handler", "mixed", "truth", "mixed2");
    }
}
