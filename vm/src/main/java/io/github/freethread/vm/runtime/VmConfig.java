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
 * @param dataStackSlots slots of the main thread's frame data stack
 * @param gil            GIL mode: {@link #GIL_DEFAULT} (off, but a legacy module may enable it), {@link #GIL_OFF}
 *                       (forced off: {@code --gil=0} / {@code FTVM_GIL=0}), {@link #GIL_ON} ({@code --gil=1})
 * @param gilSource      where the GIL mode came from, for --stats ("--gil=1", "FTVM_GIL=0", "default")
 * @param warnOptions    the {@code -W} options in order (e.g. "error", "error::RuntimeWarning", "ignore")
 * @param jit            the compiling tier ({@code --jit}): {@link Jit#OFF}, {@link Jit#ON} (hot code
 *                       objects, the default) or {@link Jit#ALWAYS} (every code object before its first run)
 */
public record VmConfig(RefcountMode mode, boolean checked, int recursionLimit, List<String> argv,
                       boolean specialise, int dataStackSlots, int gil, String gilSource, List<String> warnOptions, Jit jit) {
    /** The compiling tier's mode (docs/vm.md, "The compiled tier"). */
    public enum Jit {
        OFF, ON, ALWAYS;

        /** {@code off}, {@code on} or {@code always} (any case); IllegalArgumentException naming the value otherwise. */
        public static Jit parse(String s) {
            for (Jit j : values()) {
                if (j.name().equalsIgnoreCase(s.strip())) {
                    return j;
                }
            }
            throw new IllegalArgumentException("--jit must be off, on or always, not '" + s + "'");
        }
    }

    public static final int GIL_DEFAULT = -1;
    public static final int GIL_OFF = 0;
    public static final int GIL_ON = 1;

    /**
     * Data-stack slots of every thread started from Python (threading.Thread, executor workers):
     * 64 Ki slots (512 KiB). Enough for the recursion limit with ordinary frames (1000 frames of up
     * to ~60 slots); a deeper or wider recursion raises RecursionError (Calls checks the room), so
     * a small stack is safe, and 8 threads add only 4 MiB (the main thread keeps {@code dataStackSlots}).
     */
    public static final int THREAD_DATA_STACK_SLOTS = 1 << 16;

    public VmConfig(RefcountMode mode, boolean checked, int recursionLimit, List<String> argv, boolean specialise,
                    int dataStackSlots) {
        this(mode, checked, recursionLimit, argv, specialise, dataStackSlots, GIL_DEFAULT, "default", List.of(), Jit.ON);
    }

    public static VmConfig defaults() {
        return new VmConfig(RefcountMode.BIASED, false, 1000, List.of(""), true, 1 << 20);
    }

    public VmConfig withGil(int g, String source) {
        if (g < GIL_DEFAULT || g > GIL_ON) {
            throw new IllegalArgumentException("GIL mode must be -1, 0 or 1, not " + g);
        }
        return new VmConfig(mode, checked, recursionLimit, argv, specialise, dataStackSlots, g, source, warnOptions, jit);
    }

    public VmConfig withWarnOptions(List<String> w) {
        return new VmConfig(mode, checked, recursionLimit, argv, specialise, dataStackSlots, gil, gilSource, List.copyOf(w), jit);
    }

    /**
     * The action for a RuntimeWarning under the {@code -W} options (the last matching one wins, as in
     * CPython): "error", "ignore" or "default". An option matches if it has no category or the
     * category RuntimeWarning, Warning or Exception.
     */
    public String runtimeWarningAction() {
        String action = "default";
        for (String w : warnOptions) {
            String[] parts = w.split(":", -1);
            String category = parts.length > 2 ? parts[2].strip() : "";
            if (category.isEmpty() || category.equals("RuntimeWarning") || category.equals("Warning")
                || category.equals("Exception")) {
                action = parts[0].strip().isEmpty() ? "default" : parts[0].strip();
            }
        }
        return action;
    }

    public VmConfig withMode(RefcountMode m) {
        return new VmConfig(m, checked, recursionLimit, argv, specialise, dataStackSlots, gil, gilSource, warnOptions, jit);
    }

    public VmConfig withChecked(boolean c) {
        return new VmConfig(mode, c, recursionLimit, argv, specialise, dataStackSlots, gil, gilSource, warnOptions, jit);
    }

    public VmConfig withArgv(List<String> a) {
        return new VmConfig(mode, checked, recursionLimit, List.copyOf(a), specialise, dataStackSlots, gil, gilSource, warnOptions, jit);
    }

    public VmConfig withRecursionLimit(int limit) {
        return new VmConfig(mode, checked, limit, argv, specialise, dataStackSlots, gil, gilSource, warnOptions, jit);
    }

    public VmConfig withSpecialise(boolean s) {
        return new VmConfig(mode, checked, recursionLimit, argv, s, dataStackSlots, gil, gilSource, warnOptions, jit);
    }

    public VmConfig withJit(Jit j) {
        return new VmConfig(mode, checked, recursionLimit, argv, specialise, dataStackSlots, gil, gilSource, warnOptions, j);
    }
}
