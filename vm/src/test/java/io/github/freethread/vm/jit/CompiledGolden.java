package io.github.freethread.vm.jit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.freethread.refcount.RefcountMode;
import io.github.freethread.vm.runtime.VmConfig;

/** A program whose expected output CPython produced, checked on one tier in both refcount modes. */
final class CompiledGolden {
    private CompiledGolden() {
    }

    /**
     * Runs {@code program} with {@code --jit=jit} (checked) in the biased and atomic modes: the
     * output must be {@code expected}, the run leak-free, and outside {@code --jit=off} each
     * function of {@code compiled} must have been compiled.
     */
    static void assertPrints(String program, String expected, VmConfig.Jit jit, String... compiled) throws InterruptedException {
        for (RefcountMode mode : new RefcountMode[] {RefcountMode.BIASED, RefcountMode.ATOMIC}) {
            JitRun r = JitRun.run(program, jit, mode);
            assertThat(r.out()).as("--jit=" + jit + " --refcount=" + mode + "\n" + r.err()).isEqualTo(expected);
            assertThat(r.leakFree()).as(r.err()).isTrue();
            if (jit != VmConfig.Jit.OFF) {
                for (String f : compiled) {
                    assertThat(r.tier()).as("tier of " + f).containsEntry(f, "compiled");
                }
            }
        }
    }

    /**
     * Round {@code round} of a randomized race test: {@code --jit=on} in even rounds and
     * {@code always} in odd ones, biased in rounds 0 and 1 and atomic after; the output must be
     * {@code expected}, function {@code work} compiled and the run leak-free.
     */
    static void assertRaceRound(String src, long seed, int round, String expected) throws InterruptedException {
        VmConfig.Jit jit = round % 2 == 0 ? VmConfig.Jit.ON : VmConfig.Jit.ALWAYS;
        RefcountMode mode = round < 2 ? RefcountMode.BIASED : RefcountMode.ATOMIC;
        JitRun r = JitRun.run(src, jit, mode);
        String ctx = "seed " + seed + " round " + round + " --jit=" + jit + " " + mode + "\n" + r.err();
        assertThat(r.out()).as(ctx).isEqualTo(expected);
        assertThat(r.tier()).as(ctx).containsEntry("work", "compiled");
        assertThat(r.leakFree()).as(ctx).isTrue();
    }
}
