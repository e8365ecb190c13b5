package io.github.freethread.vm.jit;

import static io.github.freethread.vm.jit.FrameState.*;

import java.lang.classfile.Label;

import io.github.freethread.vm.bytecode.BinaryOp;
import io.github.freethread.vm.bytecode.CompareOp;
import io.github.freethread.vm.bytecode.Opcode;
import io.github.freethread.vm.interp.GenericInstructions;
import io.github.freethread.vm.interp.Op;
import io.github.freethread.vm.runtime.Numbers;

/**
 * The number templates of {@link Templates}: float and int arithmetic with unboxed results
 * (DUAL / INTV), unary minus, comparisons kept as a JVM int (COND) for compare-and-branch. Each
 * has a guarded fast path and the generic operator as its slow path; both meet before the
 * operands are released, so the model state after the instruction is the same on both.
 */
final class NumberTemplates extends TemplateGroup {
    NumberTemplates(Templates tp) {
        super(tp);
    }

    private static boolean isFloatOp(int arg) {
        int o = arg % BinaryOp.INPLACE_OFFSET;
        return o == BinaryOp.ADD.ordinal() || o == BinaryOp.SUBTRACT.ordinal() || o == BinaryOp.MULTIPLY.ordinal()
            || o == BinaryOp.TRUE_DIVIDE.ordinal();
    }

    private boolean floatHint(int d) {
        return st.kind[d] == DUAL || tp.constValue(d) instanceof Double;
    }

    /** A borrowed local with a float cache (FrameState invariant 3): probably a float, checked at run time. */
    private boolean cachedFloat(int d) {
        return st.kind[d] == BORROWED && st.hasCache(st.aux[d]);
    }

    private boolean intHint(int d) {
        return st.kind[d] == INTV || tp.constValue(d) instanceof Long;
    }

    private static boolean isIntOp(int arg) {
        int o = arg % BinaryOp.INPLACE_OFFSET;
        return o == BinaryOp.ADD.ordinal() || o == BinaryOp.SUBTRACT.ordinal() || o == BinaryOp.MULTIPLY.ordinal()
            || o == BinaryOp.FLOOR_DIVIDE.ordinal() || o == BinaryOp.REMAINDER.ordinal() || o == BinaryOp.POWER.ordinal();
    }

    void binaryOp(int pc, int arg, Opcode q) {
        int d = st.depth;
        boolean floatFeedback = q == Opcode.BINARY_OP_ADD_FLOAT || q == Opcode.BINARY_OP_SUBTRACT_FLOAT
            || q == Opcode.BINARY_OP_MULTIPLY_FLOAT || q == Opcode.BINARY_OP_TRUE_DIVIDE_FLOAT;
        for (int k = d - 2; k < d; k++) {
            if (st.kind[k] == COND) {
                st.materialize(k);
            }
        }
        boolean intFeedback = q == Opcode.BINARY_OP_ADD_INT || q == Opcode.BINARY_OP_SUBTRACT_INT || q == Opcode.BINARY_OP_MULTIPLY_INT;
        if (isIntOp(arg) && st.kind[d - 2] != DUAL && st.kind[d - 1] != DUAL && !floatHint(d - 2) && !floatHint(d - 1)
            && (intFeedback || (q == Opcode.BINARY_OP && (intHint(d - 2) || intHint(d - 1))))) {
            intBinary(pc, arg, d - 2, arg % BinaryOp.INPLACE_OFFSET);
            return;
        }
        if (isFloatOp(arg) && (floatFeedback || (q == Opcode.BINARY_OP
            && (floatHint(d - 2) || floatHint(d - 1) || cachedFloat(d - 2) || cachedFloat(d - 1))))) {
            floatBinary(pc, arg, d - 2, arg % BinaryOp.INPLACE_OFFSET);
            return;
        }
        st.materializeRange(d - 2, d);
        tp.throwSite(pc);
        if (q == Opcode.BINARY_OP_ADD_INT || q == Opcode.BINARY_OP_SUBTRACT_INT || q == Opcode.BINARY_OP_MULTIPLY_INT) {
            cb.aload(T).loadConstant(q.code()).loadConstant(arg).aload(S);
            tp.sp();
            st.call(JitRuntime.class, "intArithmetic");
        } else {
            cb.aload(T).aconst_null().iconst_0().iconst_0().loadConstant(arg).aload(S);
            tp.sp();
            cb.iconst_0();
            st.call(GenericInstructions.class, "binaryOp");
        }
        cb.pop();
        st.depth = d - 1;
        st.kind[d - 2] = MEM;
    }

    /**
     * Float + - * /: unboxed result (DUAL). A non-float operand or a zero divisor takes
     * {@link JitRuntime#numberSlow} on the operands as they are (no materialisation, so the
     * unwind state is the fast path's); both paths meet before the operands are released.
     */
    private void floatBinary(int pc, int arg, int a, int o) {
        int b = a + 1;
        Label slow = cb.newLabel();
        Label merge = cb.newLabel();
        // one operand must be a float object or unboxed float; the other may then be an int,
        // converted as Python converts the int operand of a float operation
        // (int op float with an int local on the left: a cached-float or constant right operand
        // makes the left one lenient, so `k * 0.5` with an int k stays unboxed)
        boolean aLenient = !floatHint(a) && (intHint(a) || floatHint(b) || cachedFloat(b));
        st.doubleOf(a, tp.constValue(a), slow, aLenient);
        cb.dstore(X);
        st.doubleOf(b, tp.constValue(b), slow, !aLenient);
        cb.dstore(Y);
        if (o == BinaryOp.TRUE_DIVIDE.ordinal()) {
            cb.dload(Y).dconst_0().dcmpl().ifeq(slow);
        }
        cb.dload(X).dload(Y);
        floatOperator(cb, o);
        cb.dstore(X);
        fastPathEnd(a, b);
        cb.goto_(merge);
        genericBinary(slow, pc, arg, a);
        releaseAndStore(a, b);
        cb.dconst_0().dstore(X);
        cb.labelBinding(merge);
        cb.dload(X).dstore(doubleVar(a));
        st.depth = a + 1;
        st.kind[a] = DUAL;
    }

    /**
     * The end of a fast path whose result goes to entry {@code a} as an unboxed DUAL (slot 0),
     * over operand entries {@code a..to}: a DUAL operand reached the fast path only with slot
     * 0 ({@link FrameState#doubleOf} sends a DUAL holding an object to the slow path), so there
     * is nothing to release; MEM and INTV operands are released (an INTV may hold an int object).
     * No release call at all on the hot path of `dx * dx`, `s + x * y` (smaller methods, less of
     * C2's inlining budget).
     */
    private void fastPathEnd(int a, int to) {
        for (int k = to; k >= a; k--) {
            if (st.kind[k] == MEM || st.kind[k] == INTV) {
                st.release(k);
            }
        }
        if (st.kind[a] != DUAL) {
            st.slotRef(a);
            cb.lconst_0().lastore();
        }
    }

    /** The slow path's end: operands a and a+1 released, the owned result in JVM variable B stored into a's slot. */
    private void releaseAndStore(int a, int b) {
        if (FrameState.hasSlotObject(st.kind[a]) && FrameState.hasSlotObject(st.kind[b])) {
            cb.aload(T);
            st.slotRef(a);
            cb.lload(B);
            st.call(OperandSlots.class, "releasePairAndStore");
        } else {
            st.release(b);
            st.release(a);
            st.slotRef(a);
            cb.lload(B).lastore();
        }
    }

    /**
     * At {@code slow}: the generic operator on entries a and a+1 as they are (an unboxed value is
     * boxed for the call: {@link JitRuntime#numberSlow}); the owned result goes to JVM variable B.
     */
    private void genericBinary(Label slow, int pc, int arg, int a) {
        cb.labelBinding(slow);
        tp.throwSite(pc);
        cb.aload(T).loadConstant(arg);
        st.operand(a);
        st.operand(a + 1);
        st.call(JitRuntime.class, "numberSlow");
        cb.lstore(B);
    }

    /**
     * The end of a binary template: the operands a and a+1 are released and a becomes the result
     * of {@code kind}, whose slot takes JVM variable B (0 when the value is unboxed). When both
     * operands own their slots this is one shared call ({@link OperandSlots#releasePairAndStore}:
     * 11 bytes of JVM code instead of ~26), which keeps big methods under HugeMethodLimit.
     */
    void binaryResult(int a, int kind) {
        releaseAndStore(a, a + 1);
        st.depth = a + 1;
        st.kind[a] = kind;
    }

    /**
     * Int + - * // %: unboxed result (INTV) when both operands are 64-bit ints and the result
     * fits (no zero divisor); else the generic operator on the operands as objects.
     */
    private void intBinary(int pc, int arg, int a, int o) {
        int b = a + 1;
        Label slow = cb.newLabel();
        Label merge = cb.newLabel();
        longOperands(a, slow);
        if (o == BinaryOp.FLOOR_DIVIDE.ordinal() || o == BinaryOp.REMAINDER.ordinal()) {
            cb.lload(P).lload(Q);
            st.call(JitRuntime.class, "divisionFits");
            cb.ifeq(slow);
            cb.lload(P).lload(Q);
            st.call(JitRuntime.class, o == BinaryOp.FLOOR_DIVIDE.ordinal() ? "floorDiv" : "floorMod");
            cb.lstore(R);
        } else if (o == BinaryOp.POWER.ordinal()) {
            cb.lload(P).lload(Q);
            st.call(JitRuntime.class, "powerFits");
            cb.ifeq(slow);
            cb.lload(P).lload(Q);
            st.call(Numbers.class, "exactPower");
            cb.lstore(R);
        } else {
            int quick = o == BinaryOp.ADD.ordinal() ? Op.BINARY_OP_ADD_INT : o == BinaryOp.SUBTRACT.ordinal()
                ? Op.BINARY_OP_SUBTRACT_INT : Op.BINARY_OP_MULTIPLY_INT;
            cb.loadConstant(quick).lload(P).lload(Q);
            st.call(io.github.freethread.vm.interp.QuickenedInstructions.class, "intOp");
            cb.lstore(R);
            cb.loadConstant(quick).lload(P).lload(Q).lload(R);
            st.call(io.github.freethread.vm.interp.QuickenedInstructions.class, "intFits");
            cb.ifeq(slow);
        }
        cb.lconst_0().lstore(B).goto_(merge);
        genericBinary(slow, pc, arg, a);
        cb.lconst_0().lstore(R);
        cb.labelBinding(merge);
        cb.lload(R).lstore(longVar(a));
        binaryResult(a, INTV);
    }

    /** The JVM instruction of float operator {@code o} (+ - * /) on the two doubles on the JVM stack. */
    static void floatOperator(java.lang.classfile.CodeBuilder cb, int o) {
        if (o == BinaryOp.ADD.ordinal()) {
            cb.dadd();
        } else if (o == BinaryOp.SUBTRACT.ordinal()) {
            cb.dsub();
        } else if (o == BinaryOp.MULTIPLY.ordinal()) {
            cb.dmul();
        } else {
            cb.ddiv();
        }
    }

    /** Entries a and a+1 as longs into JVM variables P and Q, or a jump to {@code slow}. */
    private void longOperands(int a, Label slow) {
        st.longOf(a, tp.constValue(a), slow);
        cb.lstore(P);
        st.longOf(a + 1, tp.constValue(a + 1), slow);
        cb.lstore(Q);
    }

    void negative(int pc) {
        int top = st.depth - 1;
        if (st.kind[top] == COND || st.kind[top] == INTV) {
            st.materialize(top);
        }
        Label slow = cb.newLabel();
        Label merge = cb.newLabel();
        st.doubleOf(top, tp.constValue(top), slow);
        cb.dneg().dstore(X);
        fastPathEnd(top, top);
        cb.goto_(merge);
        cb.labelBinding(slow);
        tp.throwSite(pc);
        cb.aload(T);
        st.objectOf(top); // a DUAL's object (an unboxed value is a float: it took the fast path)
        st.call(JitRuntime.class, "negative");
        cb.lstore(B).dconst_0().dstore(X);
        st.release(top);
        st.slotRef(top);
        cb.lload(B).lastore();
        cb.labelBinding(merge);
        cb.dload(X).dstore(doubleVar(top));
        st.kind[top] = DUAL;
    }

    /**
     * Comparisons, kept as a JVM int (COND) that a following POP_JUMP_IF_* branches on directly
     * (no bool object, no truth test). Two 64-bit ints, or two floats (unboxed, cached float
     * locals read from their cache, float constants, and int constants a double represents
     * exactly: Python compares an int and a float exactly, which for such a constant is the
     * double comparison) are compared inline by JVM {@code lcmp} / {@code dcmpl} / {@code dcmpg};
     * anything else takes {@link JitRuntime#compare} on the operands as objects.
     */
    void compare(int pc, int arg, Opcode q) {
        int d = st.depth;
        int a = d - 2;
        int b = d - 1;
        // (an INTV operand that reaches the generic comparison is boxed in place by objectOf())
        if (st.kind[a] == COND) {
            st.materialize(a);
        }
        if (st.kind[b] == COND) {
            st.materialize(b);
        }
        boolean ints = st.kind[a] != DUAL && st.kind[b] != DUAL && !floatHint(a) && !floatHint(b)
            && !cachedFloat(a) && !cachedFloat(b) && (q == Opcode.COMPARE_OP_INT || intHint(a) || intHint(b));
        boolean floats = !ints && (q == Opcode.COMPARE_OP_FLOAT || floatHint(a) || floatHint(b) || cachedFloat(a) || cachedFloat(b));
        if (ints || floats) {
            Label slow = cb.newLabel();
            Label merge = cb.newLabel();
            if (ints) {
                longOperands(a, slow);
                cb.lload(P).lload(Q).lcmp();
            } else {
                st.doubleOf(a, exactDouble(tp.constValue(a)), slow);
                cb.dstore(X);
                st.doubleOf(b, exactDouble(tp.constValue(b)), slow);
                cb.dstore(Y);
                cb.dload(X).dload(Y);
                // NaN: every comparison false but !=, so < and <= take dcmpg (NaN -> 1), the others dcmpl (NaN -> -1)
                if (arg == CompareOp.LT.ordinal() || arg == CompareOp.LE.ordinal()) {
                    cb.dcmpg();
                } else {
                    cb.dcmpl();
                }
            }
            Label yes = cb.newLabel();
            cb.branch(conditionOf(arg), yes).iconst_0().goto_(merge);
            cb.labelBinding(yes);
            cb.iconst_1().goto_(merge);
            cb.labelBinding(slow);
            st.objectOf(a);
            cb.lstore(P);
            st.objectOf(b);
            cb.lstore(Q);
            tp.throwSite(pc);
            cb.aload(T).loadConstant(arg).lload(P).dconst_0().lload(Q).dconst_0();
            st.call(JitRuntime.class, "compare");
            cb.labelBinding(merge);
        } else {
            tp.throwSite(pc);
            cb.aload(T).loadConstant(arg);
            st.operand(a);
            st.operand(b);
            st.call(JitRuntime.class, "compare");
        }
        cb.i2l().lstore(longVar(a));
        st.release(b);
        st.release(a);
        st.depth = d - 1;
        st.kind[a] = COND;
    }

    /** The JVM branch taken when the int from lcmp / dcmp* means {@code arg} (a CompareOp) holds. */
    private static java.lang.classfile.Opcode conditionOf(int arg) {
        return switch (CompareOp.ofOparg(arg)) {
            case LT -> java.lang.classfile.Opcode.IFLT;
            case LE -> java.lang.classfile.Opcode.IFLE;
            case EQ -> java.lang.classfile.Opcode.IFEQ;
            case NE -> java.lang.classfile.Opcode.IFNE;
            case GT -> java.lang.classfile.Opcode.IFGT;
            case GE -> java.lang.classfile.Opcode.IFGE;
        };
    }

    /** A float constant, or an int constant that a double represents exactly (|v| <= 2**53), as a Double; else null. */
    private static Double exactDouble(Object c) {
        if (c instanceof Double v) {
            return v;
        }
        if (c instanceof Long v && Math.abs(v) <= (1L << 53)) {
            return (double) v;
        }
        return null;
    }
}
