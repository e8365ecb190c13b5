package io.github.freethread.vm.interp;

import static io.github.freethread.vm.runtime.VmThread.*;

import io.github.freethread.vm.bytecode.InlineCacheLayout;
import io.github.freethread.vm.bytecode.Opcode;
import io.github.freethread.vm.runtime.CodeInfo;
import io.github.freethread.vm.runtime.Dicts;
import io.github.freethread.vm.runtime.TypeIds;
import io.github.freethread.vm.runtime.Vm;
import io.github.freethread.vm.runtime.VmThread;

/**
 * Quickened instructions whose bodies live out of {@link Interpreter#execute} (same conventions
 * as {@link GenericInstructions}: stack {@code s}, pointer {@code sp}, new pointer returned).
 * They are hot in some programs and absent from others; out of line, an absent one costs
 * {@code execute}'s inlining budget only its call, while C2 inlines a hot one at its call site
 * as if it were written there (see {@link GenericInstructions} on {@code DesiredMethodLimit}).
 * Float arithmetic, the most common quickened family in the workloads, stays inline.
 */
public final class QuickenedInstructions {
    private QuickenedInstructions() {
    }

    /**
     * BINARY_OP_ADD_INT / SUBTRACT_INT / MULTIPLY_INT. Returns the new sp, or its complement
     * ({@code ~sp}, negative) when the result went back into a local and the following
     * STORE_FAST was executed too (the caller then skips it).
     */
    static int intArithmetic(VmThread t, int op, char[] code, int instr, int cp, int pc, int arg, long[] s, int sp, int fp) {
        long a = s[sp - 2];
        long b = s[sp - 1];
        if (typeOf(a) != TypeIds.INT || typeOf(b) != TypeIds.INT) {
            return GenericInstructions.binaryDeopt(t, code, instr, cp, arg, s, sp);
        }
        long x = intValue(a);
        long y = intValue(b);
        long z = intOp(op, x, y);
        t.specHits++;
        if (!intFits(op, x, y, z)) {
            return GenericInstructions.binaryResult(t, arg, s, sp); // overflow: big int
        }
        if (NumericResults.intIntoLocal(t, code, pc, s, fp, a, b, z)) {
            return ~(sp - 2);
        }
        return NumericResults.pushInt(t, s, sp, a, b, z);
    }

    /** {@code x op y} with 64-bit wrap-around, op one of BINARY_OP_ADD_INT / SUBTRACT_INT / MULTIPLY_INT. */
    public static long intOp(int op, long x, long y) {
        return op == Op.BINARY_OP_ADD_INT ? x + y : op == Op.BINARY_OP_SUBTRACT_INT ? x - y : x * y;
    }

    /** True if {@code z = intOp(op, x, y)} did not overflow (else the result is a big int: generic path). */
    public static boolean intFits(int op, long x, long y, long z) {
        return op == Op.BINARY_OP_ADD_INT ? ((x ^ z) & (y ^ z)) >= 0
            : op == Op.BINARY_OP_SUBTRACT_INT ? ((x ^ y) & (x ^ z)) >= 0 : Math.multiplyHigh(x, y) == (z >> 63);
    }

    /**
     * COMPARE_OP_INT / COMPARE_OP_FLOAT: pops both operands and returns the result (0 or 1), the
     * caller pushes it or branches on it; on a guard failure deoptimises, pushes the generic
     * result and returns -1 (the stack then holds the bool: sp - 1).
     */
    static int compareNumbers(VmThread t, int op, char[] code, int instr, int cp, int arg, long[] s, int sp) {
        long a = s[sp - 2];
        long b = s[sp - 1];
        int want = op == Op.COMPARE_OP_INT ? TypeIds.INT : TypeIds.FLOAT;
        if (typeOf(a) != want || typeOf(b) != want) {
            GenericInstructions.compareDeopt(t, code, instr, cp, arg, s, sp);
            return -1;
        }
        boolean r = want == TypeIds.INT ? Interpreter.cmp(arg, Long.compare(intValue(a), intValue(b)))
            : NumericResults.compareFloats(arg, floatValue(a), floatValue(b));
        t.specHits++;
        FrameCounts.decref(t, a);
        FrameCounts.decref(t, b);
        return r ? 1 : 0;
    }

    /** LOAD_ATTR_MODULE (method = false) and LOAD_METHOD_MODULE (method = true; pushes [attr, NULL]). */
    public static int moduleAttribute(VmThread t, CodeInfo ci, char[] code, int instr, int cp, int arg, long[] s, int sp, boolean method) {
        int r = moduleAttributeCached(t, code[cp + InlineCacheLayout.LOAD_ATTR_INDEX],
            InlineCacheLayout.read32(code, cp + InlineCacheLayout.LOAD_ATTR_VERSION), s, sp, method);
        if (r >= 0) {
            t.specHits++;
            return r;
        }
        if (method) {
            Specializer.deopt(t, code, instr, cp, Opcode.LOAD_METHOD);
            return GenericInstructions.loadMethod(t, ci, code, instr, cp, arg, s, sp, false);
        }
        Specializer.deopt(t, code, instr, cp, Opcode.LOAD_ATTR);
        GenericInstructions.loadAttr(t, ci, code, instr, cp, arg, s, sp, false);
        return sp;
    }

    /**
     * The guarded part of LOAD_ATTR_MODULE / LOAD_METHOD_MODULE: if {@code s[sp-1]} is a module
     * whose dict's keys version is {@code version}, replaces it by entry {@code ix}'s value (owned;
     * safe against another thread rebinding the attribute: {@link Dicts#loadCached}, as
     * LOAD_GLOBAL_MODULE), pushes NULL for a method, returns the new sp; else -1 (nothing changed).
     */
    public static int moduleAttributeCached(VmThread t, int ix, int version, long[] s, int sp, boolean method) {
        long o = s[sp - 1];
        long v = typeOf(o) != TypeIds.MODULE ? 0 : Dicts.loadCached(t, Vm.moduleDict(o), ix, version);
        if (v == 0) {
            return -1;
        }
        s[sp - 1] = v;
        if (method) {
            s[sp++] = 0;
        }
        FrameCounts.decref(t, o);
        return sp;
    }

    /** LOAD_METHOD_BUILTIN: [meth, self] with the cached immortal unbound method of the cached type. */
    public static int builtinMethod(VmThread t, CodeInfo ci, char[] code, int instr, int cp, int arg, long[] s, int sp) {
        int r = builtinMethodCached(t, InlineCacheLayout.read32(code, cp + InlineCacheLayout.LOAD_ATTR_VERSION),
            code[cp + InlineCacheLayout.LOAD_ATTR_INDEX], s, sp);
        if (r >= 0) {
            t.specHits++;
            return r;
        }
        Specializer.deopt(t, code, instr, cp, Opcode.LOAD_METHOD);
        return GenericInstructions.loadMethod(t, ci, code, instr, cp, arg, s, sp, false);
    }

    /** The guarded part of LOAD_METHOD_BUILTIN: [meth, self] if {@code s[sp-1]}'s type id is {@code typeId}, new sp; else -1. */
    public static int builtinMethodCached(VmThread t, int typeId, int methodId, long[] s, int sp) {
        long o = s[sp - 1];
        if (typeOf(o) != typeId) {
            return -1;
        }
        s[sp - 1] = t.vm.builtinObj(methodId);
        s[sp++] = o; // self keeps the object's reference
        return sp;
    }
}
