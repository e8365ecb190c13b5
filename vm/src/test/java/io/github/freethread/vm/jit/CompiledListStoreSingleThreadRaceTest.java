package io.github.freethread.vm.jit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.StringJoiner;

import org.junit.jupiter.api.Test;

import io.github.freethread.refcount.RefcountMode;
import io.github.freethread.vm.runtime.VmConfig;

/**
 * List stores without the lock while one thread is attached ({@code runtime.SingleThreadMode},
 * E1-E4), with a second thread appearing mid-loop: the main thread runs a compiled loop storing
 * into the even slots of a shared list (lock elided until the attach); at a random iteration it
 * starts a thread that stores into the odd slots and appends/pops so that the list replaces its
 * item array under the main thread's stores. Each slot has one writer, so the exact final counts
 * are known: an elided store that raced the other thread's array replacement would be lost (or
 * land in a retired array), and a double-dropped old item would show in the leak report.
 * Random lengths and start points; both tiers that compile, both refcount modes.
 */
class CompiledListStoreSingleThreadRaceTest {
    static final String PROGRAM = """
        import threading
        a = [0] * 16
        def other(n):
            k = 1
            i = 0
            while i < n:
                a[k] = a[k] + 1
                k = (k + 2) % 16
                if i % 32 == 0:
                    a.append(i)
                    a.pop()
                i += 1
        def main(n, start):
            k = 0
            i = 0
            t = None
            while i < n:
                a[k] = a[k] + 1
                x = a[k + 1]
                k = (k + 2) % 16
                if i == start:
                    t = threading.Thread(target=other, args=(M,))
                    t.start()
                i += 1
            t.join()
        main(N, START)
        print(a)
        """;

    private static final Object[][] ROUNDS = {
        {VmConfig.Jit.ON, RefcountMode.BIASED}, {VmConfig.Jit.ALWAYS, RefcountMode.BIASED},
        {VmConfig.Jit.ON, RefcountMode.ATOMIC}, {VmConfig.Jit.ALWAYS, RefcountMode.ATOMIC},
    };

    @Test
    void shouldLoseNoListStoreWhenASecondThreadStartsMidLoop() throws Exception {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        for (Object[] config : ROUNDS) {
            int n = 20_000 + rnd.nextInt(40_000);
            int start = rnd.nextInt(n);
            int m = 5_000 + rnd.nextInt(30_000);
            String src = PROGRAM.replace("N, START", n + ", " + start).replace("(M,)", "(" + m + ",)");
            JitRun r = JitRun.run(src, (VmConfig.Jit) config[0], (RefcountMode) config[1]);
            String ctx = "seed " + seed + " n=" + n + " start=" + start + " m=" + m + " --jit=" + config[0] + " " + config[1] + "\n" + r.err();
            assertThat(r.out()).as(ctx).isEqualTo(expected(n, m) + "\n");
            assertThat(r.tier()).as(ctx).containsEntry("main", "compiled");
            assertThat(r.leakFree()).as(ctx).isTrue();
        }
    }

    /** Slot 2j: main's visits (n spread over 8 even slots); slot 2j+1: the other thread's (m over 8 odd ones). */
    private static String expected(int n, int m) {
        StringJoiner s = new StringJoiner(", ", "[", "]");
        for (int k = 0; k < 16; k++) {
            int total = k % 2 == 0 ? n : m;
            int j = k / 2;
            s.add(Integer.toString(total / 8 + (j < total % 8 ? 1 : 0)));
        }
        return s.toString();
    }
}
