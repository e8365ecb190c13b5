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
}
