package io.github.freethread.bench.threads;

import io.github.freethread.vm.runtime.VmConfig;

/**
 * How an in-process run selects ftvm's GIL mode: the one place that knows how the VM's
 * configuration spells {@code --gil=0|1}, so the benchmark stays unchanged when that API moves.
 *
 * <p>Status: the VM on this branch has no GIL yet (issue 6's GIL mode is being built on branch
 * {@code vmthreads}); {@code gil=0} is then the only mode and runs unchanged, {@code gil=1} fails
 * with a clear message instead of silently measuring free-threaded runs under a GIL label.
 */
public final class GilSelection {
    private GilSelection() {
    }

    /** {@code config} with the GIL forced off ({@code enabled == false}) or on. */
    public static VmConfig apply(VmConfig config, boolean enabled) {
        if (enabled) {
            throw new UnsupportedOperationException("this ftvm has no GIL mode yet (VmConfig has no GIL setting): "
                + "merge branch vmthreads, then set it here");
        }
        return config;
    }
}
