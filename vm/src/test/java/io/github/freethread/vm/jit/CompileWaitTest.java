package io.github.freethread.vm.jit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.freethread.refcount.RefcountMode;
import io.github.freethread.vm.runtime.VmConfig;

/**
 * A thread that reaches code another thread is compiling waits for that compile
 * ({@link Tier#awaitCompile}) and then runs on with the same results: the compile is held open
 * through {@link Tier#beforeCompile} until the second thread has started waiting, so the wait
 * is certain, not a matter of timing.
 */
class CompileWaitTest {
    /** Two threads run the same hot loop; CPython 3.11 prints {@link #WANT}. */
    static final String TWO_WORKERS = """
        import threading

        def f(n):
            s = 0.0
            for k in range(n):
                s += 1.0 / (2 * k + 1)
            return s

        r = [0.0, 0.0]

        def w(i):
            r[i] = f(300000)

        ts = [threading.Thread(target=w, args=(i,)) for i in range(2)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        print(r[0] == r[1], r[0])
        """;
    static final String WANT = "True 7.2875238898302115\n";

    @AfterEach
    void clearSeam() {
        Tier.beforeCompile = null;
    }

    @Test
    void shouldWaitForAnotherThreadsCompileAndThenGiveCPythonsResult() throws Exception {
        for (RefcountMode mode : new RefcountMode[] {RefcountMode.BIASED, RefcountMode.ATOMIC}) {
            long before = Tier.WAITS.get();
            boolean[] sawWaiter = new boolean[1];
            Tier.beforeCompile = () -> {
                // hold the first compile open until the other worker waits for it (at most 10 s)
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (Tier.WAITS.get() == before && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                sawWaiter[0] |= Tier.WAITS.get() > before;
            };
            JitRun r = JitRun.run(TWO_WORKERS, VmConfig.defaults().withChecked(true).withJit(VmConfig.Jit.ON).withMode(mode));
            assertThat(r.out()).as(mode + "\n" + r.err()).isEqualTo(WANT);
            assertThat(r.tier()).containsEntry("f", "compiled");
            assertThat(sawWaiter[0]).as("the second worker waited while the first compiled").isTrue();
            assertThat(r.leakFree()).as(r.err()).isTrue();
        }
    }

    @Test
    void shouldGiveCPythonsResultWhenWorkersRaceToCompileUnderEitherGilMode() throws Exception {
        for (int gil : new int[] {0, 1}) {
            for (int round = 0; round < 3; round++) {
                JitRun r = JitRun.run(TWO_WORKERS, VmConfig.defaults().withChecked(true).withJit(VmConfig.Jit.ON).withGil(gil, "test"));
                assertThat(r.out()).as("gil=" + gil + "\n" + r.err()).isEqualTo(WANT);
                assertThat(r.tier()).containsEntry("f", "compiled");
                assertThat(r.leakFree()).as(r.err()).isTrue();
            }
        }
    }
}
