package io.github.freethread.vm.jit;

import static io.github.freethread.vm.jit.FrameState.*;
import static java.lang.constant.ConstantDescs.CD_CallSite;
import static java.lang.constant.ConstantDescs.CD_MethodHandles_Lookup;
import static java.lang.constant.ConstantDescs.CD_MethodType;
import static java.lang.constant.ConstantDescs.CD_String;
import static java.lang.constant.ConstantDescs.CD_int;

import java.lang.classfile.Label;
import java.lang.constant.ClassDesc;
import java.lang.constant.DirectMethodHandleDesc;
import java.lang.constant.DynamicCallSiteDesc;
import java.lang.constant.MethodHandleDesc;
import java.lang.constant.MethodTypeDesc;

import io.github.freethread.vm.bytecode.InlineCacheLayout;
import io.github.freethread.vm.bytecode.Instruction;
import io.github.freethread.vm.bytecode.Opcode;
import io.github.freethread.vm.bytecode.BinaryOp;
import io.github.freethread.vm.interp.Calls;
import io.github.freethread.vm.runtime.CodeInfo;
import io.github.freethread.vm.runtime.VmThread;

/**
 * The CALL / CALL_KW template. With the feedback {@code CALL_PY_EXACT_ARGS} (a Python function
 * called with exactly its parameter count) the site is an {@code invokedynamic} linked by
 * {@link CompiledCalls#bootstrap}: guard on the function's code index, then the callee's compiled
 * code entered directly once it exists ({@link CompiledCalls#direct}), the generic call when the
 * guard fails. Every other call is the interpreter's generic {@code Calls.callFromStack}. Either
 * way the whole stack is materialised first (the callee's frame starts over the arguments, which
 * must be in their slots) and the result is left in the slot of the callable.
 *
 * <p><b>Inlining of leaf functions</b> ({@link #inline}). When the callee named by the feedback
 * is a {@link LeafFunction} (one arithmetic expression over int or float parameters, typed by
 * the callee's quickened copy in the compiling thread, nothing else), the
 * site evaluates the expression inline on unboxed values instead of calling: no frame, no
 * argument counting, and the result stays unboxed (INTV / DUAL) for the next template
 * ({@code eval_a(i, j) * v[j]} never allocates the float). The inline path is speculative and
 * has no side effects until it commits: every check that could make the call behave otherwise
 * jumps to the real call ({@link #call}'s exact-args site) with the arguments as they were —
 * the callable is not a function with the cached code (rebound global), the call would exceed
 * the recursion limit or the data stack (RecursionError is raised by the real call), an argument
 * is not of its parameter's type (a 64-bit INT, or a float), an int operation overflows, a divisor is zero, an int true division has an
 * operand the double cannot hold exactly. So every exception, with its traceback (the callee's
 * line under the caller's), comes from the real call. On commit the site counts what the real
 * call counts: a specialisation hit and the two safe-point countdowns (call and frame entry).
 *
 * <p>Unwind states. The inline path's only throwing point is its safe point, at offset {@code pc}
 * with the model's owned slots (arguments borrowed or in their slots as they were). The real call
 * needs the callable and the arguments owned in their slots; its throw site is recorded at
 * {@code pc + 1} (a cache unit of the same CALL: same line, same exception-table entry), so the
 * two paths have their own owned-slot masks and the unwinder releases exactly what each holds.
 */
final class CallTemplates extends TemplateGroup {
    private static final DirectMethodHandleDesc BOOTSTRAP = MethodHandleDesc.ofMethod(DirectMethodHandleDesc.Kind.STATIC,
        FrameState.desc(CompiledCalls.class), "bootstrap",
        MethodTypeDesc.of(CD_CallSite, CD_MethodHandles_Lookup, CD_String, CD_MethodType, CD_int, CD_int));
    private static final MethodTypeDesc SITE = MethodTypeDesc.of(CD_int, CD_THREAD, CD_LONGS, CD_int);

    CallTemplates(Templates tp) {
        super(tp);
    }

    /**
     * Emits the call (the caller, {@link GenericTemplates#genericBody}, has materialised the stack,
     * recorded the throw site and models the result after it).
     */
    void call(Instruction in, Opcode q, int arg) {
        if (q == Opcode.CALL_PY_EXACT_ARGS) {
            exactSite(jc.cache32(in, InlineCacheLayout.CALL_FUNCTION_VERSION), arg);
        } else {
            cb.aload(T).aload(S);
            tp.sp();
            cb.ldc(arg);
            if (in.op() == Opcode.CALL_KW) {
                cb.iconst_1();
            } else {
                cb.iconst_0();
            }
            st.call(Calls.class, "callFromStack");
        }
        cb.pop();
    }

    /** {@code CompiledCalls} exact-args call on the stack ending at the model depth; leaves the new sp. */
    private void exactSite(int codeIndex, int nargs) {
        cb.aload(T).aload(S);
        tp.sp();
        cb.invokedynamic(DynamicCallSiteDesc.of(BOOTSTRAP, "callExact", SITE, codeIndex, nargs));
    }

    // ------------------------------------------------------------------ leaf inlining

    private static final ClassDesc CD_MATH = ClassDesc.of("java.lang.Math");
    private static final MethodTypeDesc LONG_LONG_TO_LONG = MethodTypeDesc.of(java.lang.constant.ConstantDescs.CD_long,
        java.lang.constant.ConstantDescs.CD_long, java.lang.constant.ConstantDescs.CD_long);

    /** {@code -Dftvm.jit.inlineLeaves=false} turns leaf inlining off (to measure it); the sites are then linked calls. */
    static final boolean INLINE_LEAVES = Boolean.parseBoolean(System.getProperty("ftvm.jit.inlineLeaves", "true"));

    /** JVM variables of the inline path, above the model's and {@link LoopCountReport}'s. */
    private int paramVar(int k) {
        return st.afterCachesVar() + 2 * k;
    }

    private int exprVar(int e) {
        return paramVar(8) + 2 * e;
    }

    /**
     * Inlines the leaf callee of a CALL_PY_EXACT_ARGS site (see the class comment) and returns
     * true, or returns false (nothing emitted) when the site or the callee does not qualify.
     */
    boolean inline(int pc, Instruction in, Opcode q) {
        if (!INLINE_LEAVES || q != Opcode.CALL_PY_EXACT_ARGS || in.op() != Opcode.CALL || Opcode.CALL.cacheUnits() < 1) {
            return false;
        }
        VmThread t = CompilingThread.current();
        int nargs = in.arg();
        int codeIndex = jc.cache32(in, InlineCacheLayout.CALL_FUNCTION_VERSION);
        if (t == null || codeIndex < 0 || codeIndex >= t.vm.codes().size()) {
            return false;
        }
        CodeInfo callee = t.vm.code(codeIndex);
        LeafFunction leaf = LeafFunction.of(callee.code, nargs, t.quickenedOrNull(callee));
        int d = st.depth;
        int fd = d - nargs - 2;
        if (leaf == null || fd < 0) {
            return false;
        }
        int fk = st.kind[fd];
        if (!(fk == MEM || fk == BORROWED || fk == CONST) || st.kind[fd + 1] != CONST || st.aux[fd + 1] != -1) {
            return false;
        }
        for (int e = d - nargs; e < d; e++) {
            int k = st.kind[e];
            if (!(k == MEM || k == BORROWED || k == CONST || k == INTV || k == DUAL)) {
                return false;
            }
        }
        Label slow = cb.newLabel();
        Label merge = cb.newLabel();
        // guards: the cached function, room for its frame, int arguments
        st.view(fd);
        cb.ldc(codeIndex);
        st.call(CompiledCalls.class, "isFunctionOf");
        cb.ifeq(slow);
        cb.aload(T).aload(S).iload(SB).ldc(d - nargs).iadd().ldc(callee.frameSize);
        st.call(CompiledCalls.class, "mayEnterInline");
        cb.ifeq(slow);
        for (int k = 0; k < nargs; k++) {
            int e = d - nargs + k;
            if (leaf.paramFloat[k]) {
                st.doubleOf(e, tp.constValue(e), slow);
                cb.dstore(paramVar(k));
                continue;
            }
            if (st.kind[e] == DUAL) {
                // an int only if its slot holds an INT object (e.g. unary minus of an int)
                st.loadSlot(e);
                cb.lstore(A).lload(A).lconst_0().lcmp().ifeq(slow);
                cb.lload(A);
                st.call(JitRuntime.class, "isInt");
                cb.ifeq(slow);
                cb.lload(A).invokestatic(FrameState.desc(VmThread.class), "intValue",
                    MethodTypeDesc.of(java.lang.constant.ConstantDescs.CD_long, java.lang.constant.ConstantDescs.CD_long));
            } else {
                st.longOf(e, tp.constValue(e), slow);
            }
            cb.lstore(paramVar(k));
        }
        expression(leaf, slow);
        // commit: the real call's counting, then the callable and the arguments released
        tp.throwSite(pc);
        cb.aload(T);
        st.call(CompiledCalls.class, "inlinedCall");
        for (int e = fd; e < d; e++) {
            st.release(e);
        }
        cb.lconst_0().lstore(B).goto_(merge);
        // the real call on the arguments as they are, given to it owned in their slots
        cb.labelBinding(slow);
        for (int e = fd; e < d; e++) {
            switch (st.kind[e]) {
                case BORROWED -> {
                    st.writeBack(e); // FrameState invariant (3'): a reference is copied
                    cb.aload(T).lload(longVar(e));
                    st.call(JitRuntime.class, "incref");
                    st.slotRef(e);
                    cb.lload(longVar(e)).lastore();
                }
                case CONST -> {
                    st.slotRef(e);
                    cb.ldc(st.constAddr[e]).lastore();
                }
                case INTV, DUAL -> st.boxInPlace(e);
                default -> {
                }
            }
        }
        int[] saved = java.util.Arrays.copyOfRange(st.kind, fd, d);
        java.util.Arrays.fill(st.kind, fd, d, MEM);
        tp.throwSite(pc + 1);
        System.arraycopy(saved, 0, st.kind, fd, saved.length);
        exactSite(codeIndex, nargs);
        cb.pop();
        st.loadSlot(fd);
        cb.lstore(B);
        if (leaf.floatResult) {
            cb.dconst_0().dstore(exprVar(0));
        } else {
            cb.lconst_0().lstore(exprVar(0));
        }
        cb.labelBinding(merge);
        st.slotRef(fd);
        cb.lload(B).lastore();
        if (leaf.floatResult) {
            cb.dload(exprVar(0)).dstore(doubleVar(fd));
        } else {
            cb.lload(exprVar(0)).lstore(longVar(fd));
        }
        st.kind[fd] = leaf.floatResult ? DUAL : INTV;
        st.depth = fd + 1;
        if (Tier.TRACE) {
            System.err.println("ftvm jit: " + callee.code.name() + " inlined into " + jc.co.name() + " at offset " + pc);
        }
        return true;
    }

    /** The leaf's expression on unboxed values: entry e of its stack in {@link #exprVar}(e); any guard failure jumps to {@code slow}. */
    private void expression(LeafFunction leaf, Label slow) {
        boolean[] isFloat = new boolean[leaf.maxDepth + 1];
        int top = 0;
        for (LeafFunction.Step s : leaf.ops) {
            switch (s.kind()) {
                case LeafFunction.PARAM -> {
                    if (s.floatResult()) {
                        cb.dload(paramVar(s.arg())).dstore(exprVar(top));
                    } else {
                        cb.lload(paramVar(s.arg())).lstore(exprVar(top));
                    }
                    isFloat[top++] = s.floatResult();
                }
                case LeafFunction.CONST_INT -> {
                    cb.ldc(s.intValue()).lstore(exprVar(top));
                    isFloat[top++] = false;
                }
                case LeafFunction.CONST_FLOAT -> {
                    cb.ldc(s.floatValue()).dstore(exprVar(top));
                    isFloat[top++] = true;
                }
                case LeafFunction.NEGATE -> {
                    int v = exprVar(top - 1);
                    if (isFloat[top - 1]) {
                        cb.dload(v).dneg().dstore(v);
                    } else {
                        cb.lload(v).ldc(Long.MIN_VALUE).lcmp().ifeq(slow); // -(-2**63) is a big int
                        cb.lload(v).lneg().lstore(v);
                    }
                }
                default -> {
                    top--;
                    binary(s.arg(), exprVar(top - 1), isFloat[top - 1], exprVar(top), isFloat[top], s.floatResult(), slow);
                    isFloat[top - 1] = s.floatResult();
                }
            }
        }
    }

    /** {@code x = x o y} with Python's int/float rules (see {@link LeafFunction}); guards jump to {@code slow}. */
    private void binary(int o, int x, boolean xf, int y, boolean yf, boolean floatResult, Label slow) {
        if (floatResult) {
            if (o == BinaryOp.TRUE_DIVIDE.ordinal() && !xf && !yf) {
                // int / int: exact as (double) x / (double) y only if both are exact doubles (|v| <= 2**53)
                cb.lload(x);
                st.call(CompiledCalls.class, "exactInDouble");
                cb.ifeq(slow);
                cb.lload(y);
                st.call(CompiledCalls.class, "exactInDouble");
                cb.ifeq(slow);
            }
            loadDouble(y, yf);
            cb.dstore(Y);
            if (o == BinaryOp.TRUE_DIVIDE.ordinal()) {
                cb.dload(Y).dconst_0().dcmpl().ifeq(slow); // ZeroDivisionError from the real call
            }
            loadDouble(x, xf);
            cb.dload(Y);
            NumberTemplates.floatOperator(cb, o);
            cb.dstore(x);
            return;
        }
        if (o == BinaryOp.FLOOR_DIVIDE.ordinal() || o == BinaryOp.REMAINDER.ordinal()) {
            cb.lload(y).lconst_0().lcmp().ifeq(slow);
            if (o == BinaryOp.FLOOR_DIVIDE.ordinal()) {
                // -2**63 // -1 is 2**63, a big int
                Label ok = cb.newLabel();
                cb.lload(y).ldc(-1L).lcmp().ifne(ok);
                cb.lload(x).ldc(Long.MIN_VALUE).lcmp().ifeq(slow);
                cb.labelBinding(ok);
            }
            cb.lload(x).lload(y).invokestatic(CD_MATH, o == BinaryOp.FLOOR_DIVIDE.ordinal() ? "floorDiv" : "floorMod", LONG_LONG_TO_LONG);
            cb.lstore(x);
            return;
        }
        // + - *: the 64-bit result, then the overflow test of QuickenedInstructions.intFits
        cb.lload(x).lload(y);
        if (o == BinaryOp.ADD.ordinal()) {
            cb.ladd().lstore(R);
            cb.lload(x).lload(R).lxor().lload(y).lload(R).lxor().land().lconst_0().lcmp().iflt(slow);
        } else if (o == BinaryOp.SUBTRACT.ordinal()) {
            cb.lsub().lstore(R);
            cb.lload(x).lload(y).lxor().lload(x).lload(R).lxor().land().lconst_0().lcmp().iflt(slow);
        } else {
            cb.lmul().lstore(R);
            cb.lload(x).lload(y).invokestatic(CD_MATH, "multiplyHigh", LONG_LONG_TO_LONG);
            cb.lload(R).ldc(63).lshr().lcmp().ifne(slow);
        }
        cb.lload(R).lstore(x);
    }

    private void loadDouble(int v, boolean isFloat) {
        if (isFloat) {
            cb.dload(v);
        } else {
            cb.lload(v).l2d();
        }
    }
}
