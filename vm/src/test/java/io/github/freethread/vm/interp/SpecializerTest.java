package io.github.freethread.vm.interp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.github.freethread.refcount.RefcountMode;
import io.github.freethread.vm.runtime.VmConfig;

/**
 * The quickened forms added for issue 5's speed work: each one quickens (seen in the quickened
 * disassembly {@code --dis} prints after the run), deoptimises when its guard fails, and the
 * program prints what CPython prints (expected outputs below were produced with python3) and
 * frees everything in checked mode, in both counting modes.
 */
class SpecializerTest {
    private static final VmConfig BIASED = VmConfig.defaults().withChecked(true);
    private static final VmConfig ATOMIC = VmConfig.defaults().withChecked(true).withMode(RefcountMode.ATOMIC);

    /** Runs in both modes; returns the biased run after checking both print {@code expected} without leaks. */
    private static PyRun runBoth(String src, String expected) throws InterruptedException {
        PyRun biased = PyRun.dis(src, BIASED);
        PyRun atomic = PyRun.dis(src, ATOMIC);
        for (PyRun r : new PyRun[] {biased, atomic}) {
            assertThat(r.status()).as(r.err()).isZero();
            String out = r.out();
            int q = out.indexOf("-- quickened");
            assertThat(q).as(out).isPositive();
            assertThat(out.substring(0, q)).endsWith(expected); // --dis: listing, program output, quickened listing
            assertThat(r.err()).contains("no leaks");
        }
        PyRun plain = PyRun.run(src, VmConfig.defaults().withSpecialise(false).withChecked(true), false);
        assertThat(plain.out()).isEqualTo(expected);
        return biased;
    }

    private static String quickened(PyRun r) {
        return r.out().substring(r.out().indexOf("-- quickened"));
    }

    @Test
    void shouldQuickenExactArgsCallsAndRunCalleeFrameOverTheArguments() throws Exception {
        String src = """
            def add(a, b):
                c = a + b
                return c
            def fib(n):
                if n < 2:
                    return n
                return fib(n - 1) + fib(n - 2)
            s = 0
            for i in range(100):
                s = add(s, i)
            print(s, fib(15))
            """;
        PyRun r = runBoth(src, "4950 610\n");
        assertThat(quickened(r)).contains("CALL_PY_EXACT_ARGS");
    }

    @Test
    void shouldDeoptExactArgsCallWhenTheCalleeChanges() throws Exception {
        String src = """
            def one(a):
                return a + 1
            def two(a, b=10):
                return a + b
            def call(f, x):
                return f(x)
            out = []
            for i in range(30):
                out.append(call(one, i))
            out.append(call(two, 5))
            out.append(call(abs, -7))
            out.append(call(str, 8))
            for i in range(30):
                out.append(call(one, i))
            print(out[28:34], len(out))
            """;
        PyRun r = runBoth(src, "[29, 30, 15, 7, '8', 1] 63\n");
        assertThat(r.err()).containsPattern("deopts=[1-9]");
    }

    @Test
    void shouldDropInPlaceCallArgumentsExactlyOnceWhenTheCalleeRaises() throws Exception {
        String src = """
            def div(a, b):
                x = [a, b]
                return a / b
            n = 0
            for i in range(40):
                try:
                    div(float(i), float(i % 3))
                except ZeroDivisionError:
                    n += 1
            def deep(k):
                return deep(k + 1.5)
            try:
                deep(0.5)
            except RecursionError as e:
                print('recursion', e)
            print(n)
            """;
        runBoth(src, "recursion maximum recursion depth exceeded\n14\n");
    }

    @Test
    void shouldQuickenModuleAttributesAndDeoptWhenTheModuleChanges() throws Exception {
        String src = """
            import math
            def f(x):
                return math.sqrt(x) + math.pi
            t = 0.0
            for i in range(20):
                t = f(4.0)
            print(t)
            math.pi = 3
            print(f(4.0))
            math.sqrt = math.floor
            print(f(4.5))
            """;
        PyRun r = runBoth(src, "5.141592653589793\n5.0\n7\n");
        assertThat(r.err()).containsPattern("deopts=[1-9]");
        PyRun warm = PyRun.dis("import math\ndef f(x):\n    return math.sqrt(x) + math.pi\nfor i in range(20):\n    f(4.0)\n", BIASED);
        assertThat(quickened(warm)).contains("LOAD_METHOD_MODULE", "LOAD_ATTR_MODULE");
    }

    @Test
    void shouldQuickenBuiltinMethodsAndDeoptOnAnotherType() throws Exception {
        String src = """
            def count(o, x):
                return o.count(x)
            xs = []
            for i in range(20):
                xs.append(i % 3)
            r = []
            for i in range(10):
                r.append(count(xs, 1))
            r.append(count('banana', 'a'))
            r.append(count((1, 1, 2), 1))
            print(r[8:], xs[:5])
            """;
        PyRun r = runBoth(src, "[7, 7, 3, 2] [0, 1, 2, 0, 1]\n");
        assertThat(quickened(r)).contains("LOAD_METHOD_BUILTIN");
        assertThat(r.err()).containsPattern("deopts=[1-9]");
    }

    @Test
    void shouldNeverMutateAnIntOrFloatThatAnotherNameStillHolds() throws Exception {
        String src = """
            def f(n):
                x = 0.5
                keep = x
                i = 1000
                j = i
                for k in range(n):
                    x = x + 1.0
                    i = i + 1
                    i = i - 1
                    i = i * 1
                return x, keep, i, j
            def g(n):
                x = 1000
                for k in range(n):
                    x = x + 1
                y = x
                x = x + 1
                return x, y
            def h(n):
                s = 1.5
                keep = s
                for k in range(n):
                    s = -s
                t = 2.5
                for k in range(n):
                    t = -t
                return s, keep, t
            print(f(30), g(30), h(5), h(4))
            """;
        runBoth(src, "(30.5, 0.5, 1000, 1000) (1031, 1030) (-1.5, 1.5, -2.5) (1.5, 1.5, 2.5)\n");
    }

    @Test
    void shouldBranchOnSpecialisedComparisonsLikeGenericOnes() throws Exception {
        String src = """
            def f(n):
                nan = float('nan')
                hits = []
                x = 0.0
                i = 0
                while i < n:
                    if x != nan:
                        hits.append(1)
                    if x == nan:
                        hits.append(2)
                    if not x < 1e9:
                        hits.append(3)
                    x = x + 0.5
                    i += 1
                return len(hits), sum(hits), i, x
            print(f(25))
            print(f(3))
            """;
        PyRun r = runBoth(src, "(25, 25, 25, 12.5)\n(3, 3, 3, 1.5)\n");
        assertThat(quickened(r)).contains("COMPARE_OP_FLOAT", "COMPARE_OP_INT");
    }

    @Test
    void shouldComputeIntFloorDivisionModuloAndMixedArithmeticLikePython() throws Exception {
        String src = """
            def f(xs, ys):
                out = []
                for x in xs:
                    for y in ys:
                        if y != 0:
                            out.append((x // y, x % y, x / y, y * 1.5, 0.5 - x, x + 0.25))
                return out
            m = -9223372036854775807 - 1
            r = f([7, -7, 0, 13, m, 9223372036854775807, 2 ** 53 + 1], [2, -2, 3, -1, 1000])
            print(len(r), r[0], r[3], r[16], r[-1])
            print(sum([t[0] % 97 for t in r]))
            def g(x, y):
                return x / y
            for d in [2, 0.0]:
                try:
                    print(g(3, d))
                except ZeroDivisionError as e:
                    print('ZeroDivisionError', e)
            """;
        runBoth(src, "35 (3, 1, 3.5, 3.0, -6.5, 7.25) (-7, 0, -7.0, -1.5, -6.5, 7.25) (-7, -1, -6.5, -3.0, -12.5, 13.25) (9007199254740, 993, 9007199254740.992, 1500.0, -9007199254740992.0, 9007199254740992.0)\n1384\n1.5\nZeroDivisionError float division by zero\n");
    }
}
