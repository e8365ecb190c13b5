package io.github.freethread.vm.runtime;

import java.util.List;

import io.github.freethread.refcount.RefcountMode;

/**
 * Configuration of one VM.
 *
 * @param mode           reference counting mode (BIASED by default, ATOMIC for comparison)
 * @param checked        checked mode: allocator and refcount checks, leak report at exit
 * @param recursionLimit Python call depth past which RecursionError is raised (CPython: 1000)
 * @param argv           sys.argv (script name first)
 * @param specialise     whether generic instructions quicken (PEP 659)
 * @param dataStackSlots slots of each thread's frame data stack
 */
public record VmConfig(RefcountMode mode, boolean checked, int recursionLimit, List<String> argv,
                       boolean specialise, int dataStackSlots) {
    public static VmConfig defaults() {
        return new VmConfig(RefcountMode.BIASED, false, 1000, List.of(""), true, 1 << 20);
    }

    public VmConfig withMode(RefcountMode m) {
        return new VmConfig(m, checked, recursionLimit, argv, specialise, dataStackSlots);
    }

    public VmConfig withChecked(boolean c) {
        return new VmConfig(mode, c, recursionLimit, argv, specialise, dataStackSlots);
    }

    public VmConfig withArgv(List<String> a) {
        return new VmConfig(mode, checked, recursionLimit, List.copyOf(a), specialise, dataStackSlots);
    }

    public VmConfig withRecursionLimit(int limit) {
        return new VmConfig(mode, checked, limit, argv, specialise, dataStackSlots);
    }

    public VmConfig withSpecialise(boolean s) {
        return new VmConfig(mode, checked, recursionLimit, argv, s, dataStackSlots);
    }
}
