package io.github.freethread.vm.jit;

import io.github.freethread.vm.runtime.VmThread;

/**
 * Out-of-line ends of binary templates, shared by every site so that generated methods stay
 * small (nbody's {@code advance} sits near HotSpot's 8000-byte {@code HugeMethodLimit}): one
 * call of a dozen bytes replaces two inline releases and a slot store (~26 bytes).
 *
 * <p>Ownership: the slots are the calling thread's own data stack (plain accesses); the
 * releases are the thread's own reference drops ({@link JitRuntime#xdecref}).
 */
final class OperandSlots {
    private OperandSlots() {
    }

    /**
     * The end of a binary operation whose two operands own their slots (MEM, or DUAL / INTV
     * whose slot is 0 when the value was unboxed): releases {@code s[i+1]} then {@code s[i]}
     * (skipping zeros) and stores {@code result} (an owned object, or 0 for an unboxed result)
     * into {@code s[i]}.
     */
    public static void releasePairAndStore(VmThread t, long[] s, int i, long result) {
        // 24 bytes of bytecode: under MaxInlineSize (35), so C2 inlines it at any site
        JitRuntime.xdecref(t, s[i + 1]);
        JitRuntime.xdecref(t, s[i]);
        s[i] = result;
    }
}
