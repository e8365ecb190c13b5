package io.github.freethread.vm.jit;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Calls from compiled code racing with a rebinding of the callee: two Python threads run one
 * compiled function whose loop calls an inlined leaf ({@code step}) and a directly linked
 * non-leaf ({@code bucket}), while a third thread keeps rebinding the global {@code bucket}
 * between two functions of different code objects that compute the same value. The linked call
 * sites and the inline guard are shared by both workers; each call either passes the guard (the
 * cached code) or takes the generic call, so the result must not depend on the interleaving: the
 * per-slot counts and each worker's last value (recomputed here), and a clean leak report, with
 * random seeds and lengths, in both refcount modes, with feedback (--jit=on, warmed up first so
 * the sites are linked and inlined) and without (--jit=always).
 */
class CompiledCallRaceTest {
    static final String PROGRAM = """
        import threading
        counts = [0] * 16
        def step(x):
            return (x * 1103515245 + 12345) % 2147483648
        def bucket(x, tid):
            if tid == 0:
                return (x // 65536 % 8) * 2
            return (x // 65536 % 8) * 2 + 1
        def same_bucket(x, tid):
            return (x // 65536 % 8) * 2 + tid
        first = bucket
        def work(tid, seed, n, out):
            x = seed
            for i in range(n):
                x = step(x)
                k = bucket(x, tid)
                counts[k] = counts[k] + 1
            out.append(x)
        def flip(m):
            global bucket
            for i in range(m):
                bucket = same_bucket if i % 2 == 0 else first
            bucket = first
        work(0, 7, 3000, [])
        for i in range(16):
            counts[i] = 0
        out0 = []
        out1 = []
        ts = [threading.Thread(target=work, args=(0, SEED0, N0, out0)), threading.Thread(target=work, args=(1, SEED1, N1, out1)),
              threading.Thread(target=flip, args=(FLIPS,))]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        print(counts)
        print(out0[0], out1[0])
        """;

    @Test
    void shouldCallThroughLinkedAndInlinedSitesWhileAnotherThreadRebindsTheCallee() throws Exception {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        for (int round = 0; round < 4; round++) {
            long s0 = rnd.nextInt(1 << 30);
            long s1 = rnd.nextInt(1 << 30);
            int n0 = 2000 + rnd.nextInt(20000);
            int n1 = 2000 + rnd.nextInt(20000);
            int flips = 1000 + rnd.nextInt(20000);
            long[] want = new long[16];
            long last0 = count(want, 0, s0, n0);
            long last1 = count(want, 1, s1, n1);
            String src = PROGRAM.replace("SEED0", Long.toString(s0)).replace("SEED1", Long.toString(s1))
                .replace("N0", Integer.toString(n0)).replace("N1", Integer.toString(n1)).replace("FLIPS", Integer.toString(flips));
            CompiledGolden.assertRaceRound(src, seed, round, Arrays.toString(want) + "\n" + last0 + " " + last1 + "\n");
        }
    }

    /** The workers' generator and buckets, in Java; returns the last value. */
    private static long count(long[] counts, int tid, long seed, int n) {
        long x = seed;
        for (int i = 0; i < n; i++) {
            x = (x * 1103515245L + 12345L) % 2147483648L;
            counts[(int) ((x / 65536 % 8) * 2 + tid)]++; // the high bits: the generator's low bits have short periods
        }
        return x;
    }
}
