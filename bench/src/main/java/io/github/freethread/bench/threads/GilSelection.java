package io.github.freethread.bench.threads;

import io.github.freethread.vm.runtime.VmConfig;

/**
 * How an in-process run selects ftvm's GIL mode: the one place that knows how the VM's
 * configuration spells the command line's {@code --gil=0|1}, so the benchmark stays unchanged
 * when that API moves. Both modes are forced ({@link VmConfig#GIL_OFF} / {@link VmConfig#GIL_ON}),
 * never the default mode, in which importing a module that does not declare free-threading
 * support would turn the GIL on behind the benchmark's back.
 */
public final class GilSelection {
    private GilSelection() {
    }

    /** {@code config} with the GIL forced on ({@code enabled}) or forced off, as {@code --gil=1|0} does. */
    public static VmConfig apply(VmConfig config, boolean enabled) {
        return enabled ? config.withGil(VmConfig.GIL_ON, "--gil=1") : config.withGil(VmConfig.GIL_OFF, "--gil=0");
    }
}
