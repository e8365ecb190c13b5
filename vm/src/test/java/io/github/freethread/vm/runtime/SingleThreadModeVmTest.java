package io.github.freethread.vm.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/**
 * {@link SingleThreadMode} on a real VM: the main thread runs a hot Python loop that stores into
 * the even slots of a shared list (without the lock while it is the only attached thread), and
 * a second thread attaches at a random moment (mid-loop, or after it) and stores into the odd
 * slots through {@link Lists#set}, appending and popping so that the list replaces its item
 * array under the main thread's stores. Each slot has one writer, so the final counts are exact;
 * an elided store racing the other thread would be lost, land in a retired array, or drop an
 * item twice (the leak check after finish would see it). Randomized rounds.
 */
class SingleThreadModeVmTest extends SharedVmTest {
    private static final String LOOP = """
        a = [0] * 16
        def f(n):
            k = 0
            i = 0
            while i < n:
                a[k] = a[k] + 1
                k = (k + 2) % 16
                i += 1
        """;

    @Test
    void shouldNotElideUntilEnabled() {
        exec(LOOP + "f(3000)\n");
        assertThat(main.elidesSections()).isFalse();
    }

    @Test
    void shouldElideWhileAloneAndStopForASecondThread() throws Exception {
        main.singleThread.enable();
        exec(LOOP + "f(3000)\n");
        assertThat(main.elidesSections()).as("alone, past a safe point").isTrue();
        main.stopEliding(); // embedding contract: before waiting in Java for another thread's attach
        runThreads(1, (t, i) -> assertThat(t.elidesSections()).isFalse());
        assertThat(main.singleThread.isMulti()).isTrue();
        exec("f(3000)\n");
        assertThat(main.elidesSections()).as("MULTI is final").isFalse();
        assertThat(listCounts()).containsOnly(0L, 750L);
    }

    @Test
    void shouldLoseNoStoreWhenASecondThreadAttachesMidLoop() throws Exception {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        for (int round = 0; round < 3; round++) {
            finishVm();
            startVm();
            main.singleThread.enable();
            int n = 50_000 + rnd.nextInt(100_000);
            int m = 2_000 + rnd.nextInt(8_000);
            long delayMicros = rnd.nextInt(3_000);
            exec(LOOP + "f(300)\n"); // quicken and start eliding
            long list = global("a");
            CountDownLatch go = new CountDownLatch(1);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread other = new Thread(() -> {
                try {
                    go.await();
                    TimeUnit.MICROSECONDS.sleep(delayMicros);
                    VmThread t = vm.attachThread(vm.config.dataStackSlots()); // waits for main's acknowledgement
                    try {
                        for (int i = 0; i < m; i++) {
                            long k = 1 + 2L * (i % 8);
                            long old = Lists.getOwned(t, list, k);
                            long next = t.newInt(VmThread.intValue(old) + 1);
                            Lists.set(t, list, k, next);
                            t.decref(next);
                            t.decref(old);
                            if (i % 16 == 0) {
                                Lists.append(t, list, t.newInt(7)); // small int: immortal
                                t.decref(Lists.pop(t, list, Long.MIN_VALUE, "pop"));
                            }
                        }
                    } finally {
                        vm.detachThread(t);
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "attacher");
            other.start();
            go.countDown();
            exec("f(" + n + ")\n");
            main.stopEliding(); // embedding contract (a no-op if the attach already happened)
            other.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(other.isAlive()).isFalse();
            assertThat(failure.get()).as("seed %d", seed).isNull();
            main.decref(list);
            long[] counts = listCounts();
            for (int k = 0; k < 16; k++) {
                long expected = k % 2 == 0 ? spread(300, k / 2) + spread(n, k / 2) : spread(m, k / 2);
                assertThat(counts[k]).as("slot %d, seed %d round %d n=%d m=%d", k, seed, round, n, m).isEqualTo(expected);
            }
            assertThat(main.singleThread.isMulti()).isTrue();
            assertThat(main.elidesSections()).isFalse();
        }
    }

    /** Visits of the j-th of 8 slots when {@code total} steps go round them from the first. */
    private static long spread(int total, int j) {
        return total / 8 + (j < total % 8 ? 1 : 0);
    }

    private long[] listCounts() {
        long list = global("a");
        try {
            long[] items = Lists.snapshot(list);
            long[] r = new long[items.length];
            for (int i = 0; i < items.length; i++) {
                r[i] = VmThread.intValue(items[i]);
            }
            return r;
        } finally {
            main.decref(list);
        }
    }
}
