package io.github.freethread.vm.jit;

import io.github.freethread.vm.runtime.VmThread;

/**
 * The VM thread that is compiling on this Java thread, for templates that look at other code
 * objects of its VM (the callee of a call site, to inline it: {@link CallTemplates}). Set by
 * {@link Tier#compile} around {@code JitCompiler.compile} and cleared after it; compiling never
 * runs Python code, so compiles do not nest. A plain {@link ThreadLocal}: each Java thread sees
 * only its own value (no sharing, no ordering to argue).
 */
final class CompilingThread {
    private static final ThreadLocal<VmThread> CURRENT = new ThreadLocal<>();

    private CompilingThread() {
    }

    static void set(VmThread t) {
        CURRENT.set(t);
    }

    static void clear() {
        CURRENT.remove();
    }

    /** The compiling VM thread, or null outside {@link Tier#compile} (then nothing is inlined). */
    static VmThread current() {
        return CURRENT.get();
    }
}
