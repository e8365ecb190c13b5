package io.github.freethread.vm.bytecode;

/**
 * The operations a specialising interpreter performs on one thread's private copy of a code
 * object's units (PEP 659 quickening), checked so that a rewrite can never change an
 * instruction's size or operand: {@link #specialize} replaces a generic opcode by a quickened form
 * of the same family, {@link #deoptimize} puts the generic opcode back and backs the adaptive
 * counter off. The copy is created with {@link CodeObject#copyCode()} and must never be shared
 * between threads (docs/vm.md, "Specialisation and threads"): all accesses here are plain.
 *
 * <p>{@code opOffset} is always the offset of the unit holding the opcode (after any
 * EXTENDED_ARG prefixes); the first cache unit is {@code opOffset + 1}.
 */
public final class QuickenedCode {
    private QuickenedCode() {
    }

    /** The opcode currently at {@code opOffset} (generic or quickened). */
    public static Opcode opcodeAt(char[] code, int opOffset) {
        Opcode op = Opcode.byCode(CodeUnits.opcode(code[opOffset]));
        if (op == null || op == Opcode.CACHE || op == Opcode.EXTENDED_ARG) {
            throw new IllegalArgumentException("no instruction opcode at offset " + opOffset + " (unit " + (int) code[opOffset] + ")");
        }
        return op;
    }

    /** Rewrites the instruction at {@code opOffset} to {@code quickened}, keeping its oparg. */
    public static void specialize(char[] code, int opOffset, Opcode quickened) {
        Opcode current = opcodeAt(code, opOffset);
        if (quickened.family() == null || quickened.family() != current.generic()) {
            throw new IllegalArgumentException("cannot specialise " + current + " at " + opOffset + " to " + quickened);
        }
        code[opOffset] = CodeUnits.unit(quickened, CodeUnits.oparg(code[opOffset]));
    }

    /** Restores the generic instruction at {@code opOffset} and backs its adaptive counter off. */
    public static void deoptimize(char[] code, int opOffset) {
        Opcode current = opcodeAt(code, opOffset);
        Opcode generic = current.generic();
        if (generic.cacheUnits() == 0) {
            throw new IllegalArgumentException(current + " at " + opOffset + " is not specialisable");
        }
        code[opOffset] = CodeUnits.unit(generic, CodeUnits.oparg(code[opOffset]));
        code[opOffset + 1 + InlineCacheLayout.COUNTER] = InlineCacheLayout.backedOff(code[opOffset + 1 + InlineCacheLayout.COUNTER]);
    }

    /** Sets every adaptive counter of a fresh copy to its warm-up value (caches start at zero). */
    public static char[] warmCopy(CodeObject co) {
        char[] code = co.copyCode();
        for (Instruction in : Instruction.decode(code)) {
            if (in.op() != null && in.op().cacheUnits() > 0) {
                code[in.opOffset() + 1 + InlineCacheLayout.COUNTER] = InlineCacheLayout.initialCounter();
            }
        }
        return code;
    }
}
