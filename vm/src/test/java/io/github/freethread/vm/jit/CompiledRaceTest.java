package io.github.freethread.vm.jit;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Compiled code racing with itself: two Python threads run the same compiled function at the
 * same time on shared lists (each thread writes the slots of its parity, reads the other's,
 * both append to one list), with random seeds and lengths. The compiled code is published once
 * and shared; its per-run state is thread-confined, its LOAD_GLOBAL caches are refilled racily
 * (benign), so the exact per-slot counts (recomputed here from the same generator), the list
 * length and a clean leak report must hold in both refcount modes, with the function compiled
 * from feedback (--jit=on, warmed up first) and without (--jit=always).
 */
class CompiledRaceTest {
    static final String PROGRAM = """
        import threading
        shared = [0] * 16
        halves = [0.0] * 16
        log = []
        def work(tid, seed, n):
            x = seed
            seen = 0
            for i in range(n):
                x = (x * 1103515245 + 12345) % 2147483648
                k = (x % 8) * 2 + tid
                shared[k] = shared[k] + 1
                halves[k] = halves[k] + 0.5
                log.append(k)
                if shared[(k + 1) % 16] >= 0:
                    seen += 1
            return seen
        work(0, 7, 3000)
        for i in range(16):
            shared[i] = 0
            halves[i] = 0.0
        log.clear()
        ts = [threading.Thread(target=work, args=(0, SEED0, N0)), threading.Thread(target=work, args=(1, SEED1, N1))]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        print(shared)
        print(halves == [v * 0.5 for v in shared])
        print(len(log), sum(shared))
        """;

    @Test
    void shouldRunOneCompiledFunctionOnTwoThreadsOverSharedLists() throws Exception {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        for (int round = 0; round < 4; round++) {
            long s0 = rnd.nextInt(1 << 30);
            long s1 = rnd.nextInt(1 << 30);
            int n0 = 2000 + rnd.nextInt(20000);
            int n1 = 2000 + rnd.nextInt(20000);
            long[] want = new long[16];
            count(want, 0, s0, n0);
            count(want, 1, s1, n1);
            StringBuilder list = new StringBuilder("[");
            for (int i = 0; i < 16; i++) {
                list.append(i == 0 ? "" : ", ").append(want[i]);
            }
            list.append("]\n");
            String src = PROGRAM.replace("SEED0", Long.toString(s0)).replace("SEED1", Long.toString(s1))
                .replace("N0", Integer.toString(n0)).replace("N1", Integer.toString(n1));
            CompiledGolden.assertRaceRound(src, seed, round, list + "True\n" + (n0 + n1) + " " + (n0 + n1) + "\n");
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
