package io.github.freethread.vm.jit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.StringJoiner;

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

    /** The four configurations, one randomized round each: (tier, refcount mode). */
    private static final Object[][] ROUNDS = {
        {VmConfig.Jit.ON, RefcountMode.BIASED}, {VmConfig.Jit.ALWAYS, RefcountMode.BIASED},
        {VmConfig.Jit.ON, RefcountMode.ATOMIC}, {VmConfig.Jit.ALWAYS, RefcountMode.ATOMIC},
    };

    @Test
    void shouldNeverChangeAFloatAnotherThreadHoldsWhileUpdatingListItemsInPlace() throws Exception {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        for (Object[] config : ROUNDS) {
            long[] seeds = {rnd.nextInt(1 << 30), rnd.nextInt(1 << 30)};
            int[] lengths = {5000 + rnd.nextInt(20000), 5000 + rnd.nextInt(20000)};
            String src = PROGRAM.replace("SEED0", Long.toString(seeds[0])).replace("SEED1", Long.toString(seeds[1]))
                .replace("N0", Integer.toString(lengths[0])).replace("N1", Integer.toString(lengths[1]));
            JitRun r = JitRun.run(src, (VmConfig.Jit) config[0], (RefcountMode) config[1]);
            String ctx = "seed " + seed + " --jit=" + config[0] + " " + config[1] + "\n" + r.err();
            assertThat(r.out()).as(ctx).isEqualTo(expectedList(seeds, lengths) + "\n[0, 0]\n");
            assertThat(r.tier()).as(ctx).containsEntry("work", "compiled");
            assertThat(r.leakFree()).as(ctx).isTrue();
        }
    }

    /** The list's final repr: slot k holds how many of its parity's thread's steps chose k, as a float. */
    private static String expectedList(long[] seeds, int[] lengths) {
        long[] hits = new long[16];
        for (int tid = 0; tid < 2; tid++) {
            long x = seeds[tid];
            for (int step = 0; step < lengths[tid]; step++) {
                x = (x * 1103515245L + 12345L) % 2147483648L;
                hits[(int) ((x % 8) * 2 + tid)]++;
            }
        }
        StringJoiner items = new StringJoiner(", ", "[", "]");
        for (long h : hits) {
            items.add(h + ".0");
        }
        return items.toString();
    }
}
