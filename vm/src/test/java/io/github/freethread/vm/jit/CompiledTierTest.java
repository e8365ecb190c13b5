package io.github.freethread.vm.jit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.github.freethread.refcount.RefcountMode;
import io.github.freethread.vm.runtime.VmConfig;

/**
 * Behaviour of compiled code beyond single templates: guards failing mid-loop (types change
 * after compilation, with feedback from the quickened copy), unboxed float temporaries, the
 * recursion limit, tracebacks with line numbers, code objects the compiler rejects (they run
 * interpreted, with the reason recorded).
 */
class CompiledTierTest {
    static final String TYPE_CHANGES = """
        def add(a, b):
            return a + b
        def lt(a, b):
            return a < b
        def loop(xs):
            t = xs[0]
            c = 0
            for x in xs[1:]:
                t = add(t, x)
                if lt(x, t):
                    c += 1
            return t, c
        print(loop([1.5] * 3000 + [1, 2]))
        print(loop([1] * 3000 + [2.5, 2 ** 70]))
        print(loop(["a"] * 3000 + ["b"])[0][-3:])
        print(loop([[1]] * 3000 + [[2]])[0][-2:])
        """;

    @Test
    void shouldTakeTheGenericPathWhenTypesChangeAfterCompilation() throws Exception {
        String want = "(4503.0, 3001)\n(1.1805916207174113e+21, 3000)\naab\n[1, 2]\n"; // CPython 3.11
        for (VmConfig.Jit jit : VmConfig.Jit.values()) {
            JitRun r = JitRun.run(TYPE_CHANGES, jit, RefcountMode.BIASED);
            assertThat(r.out()).as("--jit=" + jit + "\n" + r.err()).isEqualTo(want);
            assertThat(r.leakFree()).isTrue();
            if (jit != VmConfig.Jit.OFF) {
                assertThat(r.tier()).containsEntry("add", "compiled").containsEntry("lt", "compiled").containsEntry("loop", "compiled");
            }
        }
    }

    @Test
    void shouldKeepFloatTemporariesUnboxed() throws Exception {
        String src = """
            def series(n):
                total = 0.0
                sign = 1.0
                d = 1.0
                for k in range(n):
                    total += sign * 4.0 / (d * (d + 1.0) * (d + 2.0))
                    sign = -sign
                    d += 2.0
                return total
            print(series(100000))
            """;
        JitRun off = JitRun.run(src, VmConfig.Jit.OFF, RefcountMode.BIASED);
        for (RefcountMode mode : RefcountMode.values()) {
            if (mode == RefcountMode.NONATOMIC) {
                continue;
            }
            JitRun always = JitRun.run(src, VmConfig.Jit.ALWAYS, mode);
            assertThat(off.out()).isEqualTo("0.6137056388801172\n"); // CPython 3.11
            assertThat(always.out()).isEqualTo(off.out());
            assertThat(always.leakFree()).isTrue();
            // interpreted: a float object per intermediate result that is not stored back in
            // place; compiled: intermediates are JVM doubles, the locals are updated in place
            assertThat(off.floatAllocations()).as("interpreted").isGreaterThan(100_000);
            assertThat(always.floatAllocations()).as("compiled, " + mode).isLessThan(100);
        }
    }

    @Test
    void shouldRaiseRecursionErrorInCompiledCode() throws Exception {
        String src = """
            def down(n):
                if n == 0:
                    return 0
                return 1 + down(n - 1)
            print(down(500))
            try:
                down(100000)
            except RecursionError as e:
                print("RecursionError", e)
            print(down(900))
            """;
        for (VmConfig.Jit jit : new VmConfig.Jit[] {VmConfig.Jit.ON, VmConfig.Jit.ALWAYS}) {
            JitRun r = JitRun.run(src, jit, RefcountMode.BIASED);
            assertThat(r.out()).as(r.err()).isEqualTo("500\nRecursionError maximum recursion depth exceeded\n900\n");
            assertThat(r.tier()).containsEntry("down", "compiled");
            assertThat(r.leakFree()).isTrue();
        }
    }

    @Test
    void shouldReportTracebackLinesOfCompiledFrames() throws Exception {
        String src = """
            def inner(x):
                y = x * 2
                return [1, 2][y]
            def middle(n):
                s = 0
                for i in range(n):
                    s += inner(i % 1)
                return inner(n)
            middle(3000)
            """;
        String want = """
            Traceback (most recent call last):
              File "t.py", line 9, in <module>
                middle(3000)
              File "t.py", line 8, in middle
                return inner(n)
              File "t.py", line 3, in inner
                return [1, 2][y]
            IndexError: list index out of range
            """;
        for (VmConfig.Jit jit : VmConfig.Jit.values()) {
            JitRun r = JitRun.run(src, jit, RefcountMode.BIASED);
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.err()).as("--jit=" + jit).startsWith(want);
            assertThat(r.leakFree()).isTrue();
            if (jit != VmConfig.Jit.OFF) {
                assertThat(r.tier()).containsEntry("middle", "compiled").containsEntry("inner", "compiled");
            }
        }
    }

    @Test
    void shouldLeaveCodeItCannotCompileInterpretedWithTheReason() throws Exception {
        StringBuilder big = new StringBuilder("def wide(a):\n    return [");
        for (int i = 0; i < 70; i++) {
            big.append(i == 0 ? "" : ", ").append("a + ").append(i);
        }
        big.append("]\nprint(sum(wide(1)))\n");
        JitRun r = JitRun.run(big.toString(), VmConfig.Jit.ALWAYS, RefcountMode.BIASED);
        assertThat(r.out()).isEqualTo("2485\n");
        assertThat(r.tier()).containsEntry("wide", "rejected: value stack deeper than 60").containsEntry("<module>", "compiled");
        assertThat(r.leakFree()).isTrue();
    }

    @Test
    void shouldReportCompiledAndRejectedCountsInStats() throws Exception {
        VmConfig c = VmConfig.defaults().withJit(VmConfig.Jit.ALWAYS);
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int[] status = new int[1];
        Thread t = new Thread(null, () -> status[0] = io.github.freethread.vm.interp.Program.run(c, "def f():\n    return 1\nprint(f())\n",
            "t.py", new java.io.PrintStream(new java.io.ByteArrayOutputStream()), new java.io.PrintStream(err, true),
            new io.github.freethread.vm.interp.Program.Options(false, true, false)), "stats", 1L << 28);
        t.start();
        t.join();
        assertThat(err.toString()).contains("ftvm stats: jit always compiled=2 rejected=0");
    }
}
