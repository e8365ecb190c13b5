package io.github.freethread.vm.jit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

import io.github.freethread.refcount.RefcountMode;
import io.github.freethread.vm.runtime.VmConfig;

/**
 * Float locals without their object (FrameState invariant 3') raced by a second thread that
 * appears mid-loop: thread 0 keeps its float local {@code x} STALE (its payload older than the
 * local) and starts thread 1 at a random iteration; both publish their {@code x} into a shared
 * list every 64 steps (the write-back must come first) and read the other's published value,
 * which must be a multiple of 0.5 that never decreases. Random seeds, lengths and start points;
 * the exact published sums and final values (recomputed here), zero violations and a clean leak
 * report must hold in both refcount modes, compiled from feedback and without.
 */
class CompiledFloatStaleRaceTest {
    static final String PROGRAM = """
        import threading
        box = [0.0, 0.0]
        sums = [0.0, 0.0]
        bad = [0, 0]
        others = []
        def work(tid, seed, n, start):
            r = seed
            x = 0.0
            last = 0.0
            for i in range(n):
                r = (r * 1103515245 + 12345) % 2147483648
                step = 0.5 if r % 2 == 0 else 1.5
                x = x + step
                if i % 64 == 0:
                    box[tid] = x
                    sums[tid] += x
                if i == start:
                    others[0].start()
                v = box[1 - tid]
                if v < last or v * 2.0 != int(v * 2.0):
                    bad[tid] += 1
                last = v
            box[tid] = x
            return x
        work(0, 7, 3000, -1)
        work(1, 9, 3000, -1)
        box[0] = box[1] = sums[0] = sums[1] = 0.0
        others.append(threading.Thread(target=work, args=(1, SEED1, N1, -1)))
        main = threading.Thread(target=work, args=(0, SEED0, N0, START))
        main.start()
        main.join()
        others[0].join()
        print(box, sums, bad)
        """;

    @Test
    void shouldPublishTheCurrentValueOfAStaleFloatLocalWhenASecondThreadAppearsMidLoop() throws Exception {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        for (int round = 0; round < 4; round++) {
            long[] seeds = {rnd.nextInt(1 << 30), rnd.nextInt(1 << 30)};
            int[] lengths = {5000 + rnd.nextInt(20000), 5000 + rnd.nextInt(20000)};
            int start = rnd.nextInt(lengths[0]);
            String src = PROGRAM.replace("SEED0", Long.toString(seeds[0])).replace("SEED1", Long.toString(seeds[1]))
                .replace("N0", Integer.toString(lengths[0])).replace("N1", Integer.toString(lengths[1]))
                .replace("START", Integer.toString(start));
            CompiledGolden.assertRaceRound(src, seed, round, expected(seeds, lengths));
        }
    }

    /** {@code print(box, sums, bad)} of a correct run: every value a multiple of 0.5 below 2**52, so exact. */
    private static String expected(long[] seeds, int[] lengths) {
        double[] box = new double[2];
        double[] sums = new double[2];
        for (int tid = 0; tid < 2; tid++) {
            long r = seeds[tid];
            double x = 0.0;
            for (int i = 0; i < lengths[tid]; i++) {
                r = (r * 1103515245L + 12345L) % 2147483648L;
                x = r % 2 == 0 ? x + 0.5 : x + 1.5;
                if (i % 64 == 0) {
                    sums[tid] += x;
                }
            }
            box[tid] = x;
        }
        return "[" + repr(box[0]) + ", " + repr(box[1]) + "] [" + repr(sums[0]) + ", " + repr(sums[1]) + "] [0, 0]\n";
    }

    /** Python's repr of a non-negative multiple of 0.5 below 1e16. */
    private static String repr(double v) {
        long whole = (long) Math.floor(v);
        return whole + (v == whole ? ".0" : ".5");
    }
}
