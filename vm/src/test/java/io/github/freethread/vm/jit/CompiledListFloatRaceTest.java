package io.github.freethread.vm.jit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

import io.github.freethread.refcount.RefcountMode;
import io.github.freethread.vm.runtime.VmConfig;

/**
 * The in-place float store of compiled code ({@code runtime.ListFloats}, soundness S1-S5) raced
 * by a second thread: two Python threads run one compiled function over one shared list of
 * floats; each updates the slots of its parity ({@code b[k] += 1.0}, {@code b[k] *= 1.0}: in
 * place while the float is its own and unshared), reads the other thread's slots (counted, and
 * as an unboxed operand), holds one of those floats in a local across its own stores and checks
 * that it never changes (a float the other thread overwrote in place would), checks that the
 * other's values only grow, and makes the list replace its item array under both (append, pop).
 * Random seeds and lengths; the exact final values (recomputed here), zero violations and a
 * clean leak report must hold in both refcount modes, compiled from feedback and without.
 */
class CompiledListFloatRaceTest {
    static final String PROGRAM = """
        import threading
        b = [0.0] * 16
        bad = [0, 0]
        def work(tid, seed, n):
            x = seed
            for i in range(n):
                x = (x * 1103515245 + 12345) % 2147483648
                k = (x % 8) * 2 + tid
                o = k ^ 1
                h = b[o]
                v = h + 0.0
                b[k] += 1.0
                w = b[o] * 1.0
                b[k] *= 1.0
                if h != v or h + 0.0 != v:
                    bad[tid] += 1
                if w < v or b[o] < w:
                    bad[tid] += 1
                if i % 64 == 0:
                    b.append(0.5)
                    b.pop()
            return 0
        work(0, 7, 3000)
        work(1, 9, 3000)
        for i in range(16):
            b[i] = 0.0
        ts = [threading.Thread(target=work, args=(0, SEED0, N0)), threading.Thread(target=work, args=(1, SEED1, N1))]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        print(b)
        print(bad)
        """;

    @Test
    void shouldNeverChangeAFloatAnotherThreadHoldsWhileUpdatingListItemsInPlace() throws Exception {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        for (int round = 0; round < 4; round++) {
            long s0 = rnd.nextInt(1 << 30);
            long s1 = rnd.nextInt(1 << 30);
            int n0 = 5000 + rnd.nextInt(20000);
            int n1 = 5000 + rnd.nextInt(20000);
            long[] want = new long[16];
            count(want, 0, s0, n0);
            count(want, 1, s1, n1);
            StringBuilder list = new StringBuilder("[");
            for (int i = 0; i < 16; i++) {
                list.append(i == 0 ? "" : ", ").append(want[i]).append(".0");
            }
            list.append("]\n");
            String src = PROGRAM.replace("SEED0", Long.toString(s0)).replace("SEED1", Long.toString(s1))
                .replace("N0", Integer.toString(n0)).replace("N1", Integer.toString(n1));
            VmConfig.Jit jit = round % 2 == 0 ? VmConfig.Jit.ON : VmConfig.Jit.ALWAYS;
            RefcountMode mode = round < 2 ? RefcountMode.BIASED : RefcountMode.ATOMIC;
            JitRun r = JitRun.run(src, jit, mode);
            String ctx = "seed " + seed + " round " + round + " --jit=" + jit + " " + mode + "\n" + r.err();
            assertThat(r.out()).as(ctx).isEqualTo(list + "[0, 0]\n");
            assertThat(r.tier()).as(ctx).containsEntry("work", "compiled");
            assertThat(r.leakFree()).as(ctx).isTrue();
        }
    }

    private static void count(long[] counts, int tid, long seed, int n) {
        long x = seed;
        for (int i = 0; i < n; i++) {
            x = (x * 1103515245L + 12345L) % 2147483648L;
            counts[(int) ((x % 8) * 2 + tid)]++;
        }
    }
}
