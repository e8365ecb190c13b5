package io.github.freethread.vm.jit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.freethread.vm.runtime.VmConfig;

/**
 * Float locals without their object (FrameState invariant 3': a STALE cache flag means the
 * local's float object is its own and may hold an older value than the local): every way a
 * reference to such an object can be taken or its payload read must first write the value back.
 * Each function keeps a float local STALE in a loop and then, mid-loop, appends it to a list,
 * copies it to another local (and back, between two cached locals), returns it, passes it to a
 * function, puts it in a dict, a list and tuple literal, str / f-string / print, compares and
 * tests its truth, reads it in a handler after the next operation raised, lets an exception
 * escape, retypes it (int, str, del, a constant) and back. Must print what CPython 3.11 printed,
 * on every tier and in both refcount modes, leak-free. (Without the write-back, appended,
 * copied, returned, containers, raised, retyped and crossed print other values: checked by hand.)
 */
class CompiledFloatStaleLocalsTest {
    static final String PROGRAM = """
        def appended(n):
            x = 0.0
            keep = []
            for k in range(n):
                x += 1.5
                x = x * 1.0
                if k % 997 == 0:
                    keep.append(x)
                x -= 0.5
            return x, keep[-1], sum(keep), len(keep)

        def copied(n):
            x = 0.25
            y = 0.0
            z = 0.0
            for k in range(n):
                x = x + 1.0
                if k % 3 == 0:
                    y = x
                z = y
                x = x * 1.0
                y = y + 0.0 if k % 5 == 0 else y
            return x, y, z

        def returned(n):
            x = 1.0
            for k in range(n):
                x = x + 0.5
                if k == n - 7:
                    return x
            return -1.0

        def f(a, b):
            c = [a]
            return c[0] * 2.0 + b

        def called(n):
            x = 0.5
            t = 0.0
            for k in range(n):
                x = x + 1.0
                t = t + f(x, k)
            return x, t

        def containers(n):
            x = 0.0
            d = {}
            out = []
            for k in range(n):
                x = x + 0.125
                if k % 4999 == 0:
                    d[k] = x
                    out.append([x, x])
                    out.append((x, k))
                    out.append(str(x) + f"|{x:.3f}|{x!r}")
                    print(x, end=";")
            print()
            return x, d, out

        def compared(n):
            x = 0.0
            c = 0
            for k in range(n):
                x = x + 0.75
                if x > 100.0:
                    c += 1
                if x == 7.5:
                    c += 1000
                x = x - 0.5 if k % 2 == 0 else x
                if x:
                    c += 1
            return x, c

        def raised(n):
            x = 1.0
            d = 3.0
            caught = []
            for k in range(n):
                x = x * 1.0 + 1.0
                try:
                    x = x + 1.0
                    q = x / d
                    x = x + q * 0.0
                except ZeroDivisionError:
                    caught.append(x)
                d = 0.0 if k % 1000 == 999 else 3.0
            return x, caught[:3], len(caught)

        def escaped(n):
            x = 2.0
            for k in range(n):
                x = x + 1.0
                if k == n - 1:
                    x = x / 0.0
            return x

        def retyped(n):
            x = 0.5
            acc = 0.0
            for k in range(n):
                x = x + 1.0
                if k == n // 2:
                    x = 3
                elif k == n // 2 + 1:
                    x = "s"
                    acc += len(x)
                    x = 2.0
                elif k == n // 2 + 2:
                    x = 0.0
                elif k == n // 2 + 3:
                    del x
                    x = 1.5
                acc = acc + x
            return x, acc

        def crossed(n):
            x = 0.5
            y = 0.25
            for k in range(n):
                x = x + 1.0
                y = y * 1.0 + 0.5
                if k % 11 == 0:
                    x = y
                if k % 13 == 0:
                    y = x
                    x = x + 0.125
            return x, y

        N = 20000
        print(appended(N))
        print(copied(N))
        print(returned(N))
        print(called(N))
        print(containers(N))
        print(compared(N))
        print(raised(N))
        try:
            escaped(N)
        except ZeroDivisionError as e:
            print("ZeroDivisionError", e)
        print(retyped(N))
        print(crossed(N))
        """;

    /** CPython 3.11's output of {@link #PROGRAM}. */
    static final String EXPECTED = """
        (20000.0, 19941.5, 209401.5, 21)
        (20000.25, 19999.25, 19999.25)
        9998.0
        (20000.5, 600030000.0)
        0.125;625.0;1249.875;1874.75;2499.625;
        (2500.0, {0: 0.125, 4999: 625.0, 9998: 1249.875, 14997: 1874.75, 19996: 2499.625}, [[0.125, 0.125], (0.125, 0), '0.125|0.125|0.125', [625.0, 625.0], (625.0, 4999), '625.0|625.000|625.0', [1249.875, 1249.875], (1249.875, 9998), '1249.875|1249.875|1249.875', [1874.75, 1874.75], (1874.75, 14997), '1874.75|1874.750|1874.75', [2499.625, 2499.625], (2499.625, 19996), '2499.625|2499.625|2499.625'])
        (10000.0, 39800)
        (40001.0, [2003.0, 4003.0, 6003.0], 19)
        ZeroDivisionError float division by zero
        (9997.5, 99990007.5)
        (13846.25, 13845.75)
        """;

    @ParameterizedTest
    @EnumSource(value = VmConfig.Jit.class)
    void shouldWriteAStaleFloatLocalBackBeforeAnyReferenceToItsObjectIsTaken(VmConfig.Jit jit) throws Exception {
        CompiledGolden.assertPrints(PROGRAM, EXPECTED, jit, "appended", "copied", "returned", "called", "containers",
            "compared", "raised", "escaped", "retyped", "crossed");
    }
}
