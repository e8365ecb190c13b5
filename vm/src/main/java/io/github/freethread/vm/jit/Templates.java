package io.github.freethread.vm.jit;

import static io.github.freethread.vm.jit.FrameState.*;

import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;

import io.github.freethread.vm.bytecode.BinaryOp;
import io.github.freethread.vm.bytecode.InlineCacheLayout;
import io.github.freethread.vm.bytecode.Instruction;
import io.github.freethread.vm.bytecode.Opcode;
import io.github.freethread.vm.interp.Calls;
import io.github.freethread.vm.interp.GenericInstructions;
import io.github.freethread.vm.interp.Op;
import io.github.freethread.vm.interp.StackInstructions;
import io.github.freethread.vm.interp.WithStatement;

/**
 * The per-instruction templates of {@link JitCompiler}. {@link #emit} translates one instruction
 * at the model state {@link FrameState} describes and returns whether control falls through.
 *
 * <p>Templates with fast paths (float and int arithmetic, compare-and-branch, subscripts, global
 * and attribute loads, exact-argument calls, iteration) guard like the quickened forms they come
 * from; on a failed guard they materialise their operands and call the generic instruction body,
 * so both paths leave the same model state. Every other instruction materialises the whole stack
 * and calls the interpreter's body for it with constant stack pointers.
 */
final class Templates {
    private final JitCompiler jc;
    private final CodeBuilder cb;
    private final FrameState st;
    private final Label[] labels;

    Templates(JitCompiler jc, CodeBuilder cb, FrameState st, Label[] labels) {
        this.jc = jc;
        this.cb = cb;
        this.st = st;
        this.labels = labels;
    }

    private void sp() {
        cb.iload(SB);
        if (st.depth != 0) {
            cb.ldc(st.depth).iadd();
        }
    }

    private void ci() {
        cb.aload(THIS).getfield(JitCompiler.compiledDesc(), "ci", JitCompiler.codeInfoDesc());
    }

    private void throwSite(int pc) {
        jc.throwSite(cb, st, pc);
    }

    private Object constValue(int d) {
        return st.kind[d] == CONST && st.aux[d] >= 0 ? jc.co.constants().get(st.aux[d]) : null;
    }

    /** After a generic body changed the stack to {@code newDepth} entries, all in their slots. */
    private void generic(int newDepth) {
        st.reset(newDepth);
    }

    boolean emit(Instruction in, Opcode q) {
        int pc = in.start();
        int arg = in.arg();
        Opcode op = in.op();
        int d = st.depth;
        switch (op) {
            case NOP -> {
            }
            case POP_TOP -> {
                st.release(d - 1);
                st.depth--;
            }
            case PUSH_NULL -> st.pushConst(-1, 0);
            case LOAD_CONST -> st.pushConst(arg, jc.ci.consts[arg]);
            case COPY -> copy(d - arg);
            case SWAP -> st.swap(d - 1, d - arg);
            case LOAD_FAST -> loadFast(pc, arg);
            case STORE_FAST -> storeFast(arg);
            case DELETE_FAST -> {
                st.materializeBorrowsOf(arg, d);
                throwSite(pc);
                cb.aload(T);
                ci();
                cb.aload(S).iload(FP).ldc(arg);
                st.call(StackInstructions.class, "deleteFast");
            }
            case LOAD_GLOBAL -> loadGlobal(pc, arg, in, q);
            case BINARY_OP -> binaryOp(pc, arg, q);
            case UNARY_NEGATIVE -> negative(pc);
            case COMPARE_OP -> compare(pc, arg, q);
            case BINARY_SUBSCR -> subscript(pc);
            case STORE_SUBSCR -> storeSubscript(pc);
            case POP_JUMP_IF_FALSE, POP_JUMP_IF_TRUE -> popJump(pc, arg, op == Opcode.POP_JUMP_IF_TRUE);
            case JUMP_FORWARD -> {
                st.flushAll();
                cb.goto_(labels[arg]);
                return false;
            }
            case JUMP_BACKWARD -> {
                st.flushAll();
                throwSite(pc);
                cb.aload(T);
                st.call(JitRuntime.class, "poll");
                cb.goto_(labels[arg]);
                return false;
            }
            case FOR_ITER -> forIter(pc, arg, in);
            case RETURN_VALUE -> {
                st.materialize(d - 1);
                for (int i = 0; i < d - 1; i++) {
                    st.release(i);
                }
                st.loadSlot(d - 1);
                cb.lreturn();
                return false;
            }
            case RAISE_VARARGS -> {
                st.flushAll();
                throwSite(pc);
                cb.aload(T).ldc(arg).aload(S);
                sp();
                st.call(GenericInstructions.class, "raise");
                cb.athrow();
                return false;
            }
            case RERAISE -> {
                st.flushAll();
                throwSite(pc);
                cb.aload(S);
                sp();
                st.call(StackInstructions.class, "reraise");
                cb.athrow();
                return false;
            }
            default -> genericBody(pc, in, q);
        }
        return true;
    }

    // ------------------------------------------------------------------ stack and locals

    private void copy(int src) {
        int d = st.depth;
        switch (st.kind[src]) {
            case BORROWED -> {
                cb.lload(longVar(src)).lstore(longVar(d));
                st.kind[d] = BORROWED;
                st.aux[d] = st.aux[src];
                st.depth++;
            }
            case CONST -> st.pushConst(st.aux[src], st.constAddr[src]);
            default -> {
                st.materialize(src);
                cb.aload(T);
                st.loadSlot(src);
                st.call(JitRuntime.class, "incref");
                st.loadSlot(src);
                st.storeSlotFromStack(d);
                st.kind[d] = MEM;
                st.depth++;
            }
        }
    }

    private void loadFast(int pc, int k) {
        int d = st.depth;
        if (k < 64 && (jc.bound[pc] & (1L << k)) != 0) {
            cb.aload(S).iload(FP).ldc(k).iadd().laload().lstore(longVar(d)); // definitely bound: no check
            st.kind[d] = BORROWED;
            st.aux[d] = k;
            st.depth++;
            return;
        }
        Label ok = cb.newLabel();
        cb.aload(S).iload(FP).ldc(k).iadd().laload().lstore(longVar(d));
        cb.lload(longVar(d)).lconst_0().lcmp().ifne(ok);
        throwSite(pc);
        cb.aload(THIS).ldc(k);
        st.call(JitRuntime.class, "unbound");
        cb.athrow();
        cb.labelBinding(ok);
        st.kind[d] = BORROWED;
        st.aux[d] = k;
        st.depth++;
    }

    private void localIndex(int k) {
        cb.iload(FP).ldc(k).iadd();
    }

    private void storeFast(int k) {
        int top = st.depth - 1;
        st.materializeBorrowsOf(k, top);
        switch (st.kind[top]) {
            case BORROWED -> {
                if (st.aux[top] != k) {
                    cb.aload(T).lload(longVar(top));
                    st.call(JitRuntime.class, "incref");
                    cb.aload(T).aload(S);
                    localIndex(k);
                    cb.lload(longVar(top));
                    st.call(JitRuntime.class, "storeLocal");
                }
            }
            case DUAL, INTV -> st.unboxedOrObject(top, () -> {
                cb.aload(T).aload(S);
                localIndex(k);
                if (st.kind[top] == INTV) {
                    cb.lload(longVar(top));
                    st.call(JitRuntime.class, "storeLong");
                } else {
                    cb.dload(doubleVar(top));
                    st.call(JitRuntime.class, "storeDouble");
                }
            }, () -> {
                cb.aload(T).aload(S);
                localIndex(k);
                cb.lload(A);
                st.call(JitRuntime.class, "storeLocal");
            });
            default -> {
                st.materialize(top);
                cb.aload(T).aload(S);
                localIndex(k);
                st.loadSlot(top);
                st.call(JitRuntime.class, "storeLocal");
            }
        }
        st.depth--;
    }

    // ------------------------------------------------------------------ globals

    private void loadGlobal(int pc, int arg, Instruction in, Opcode q) {
        int site = jc.globalSite(in, q);
        throwSite(pc);
        cb.aload(T).lload(GLOBALS).aload(THIS).getfield(JitCompiler.compiledDesc(), "globalSites", JitCompiler.CD_SITES)
            .ldc(site).ldc(jc.ci.names[arg]);
        st.call(GlobalSite.class, "load");
        st.storeSlotFromStack(st.depth);
        st.kind[st.depth] = MEM;
        st.depth++;
    }

    // ------------------------------------------------------------------ arithmetic

    private static boolean isFloatOp(int arg) {
        int o = arg % BinaryOp.INPLACE_OFFSET;
        return o == BinaryOp.ADD.ordinal() || o == BinaryOp.SUBTRACT.ordinal() || o == BinaryOp.MULTIPLY.ordinal()
            || o == BinaryOp.TRUE_DIVIDE.ordinal();
    }

    private boolean floatHint(int d) {
        return st.kind[d] == DUAL || constValue(d) instanceof Double;
    }

    private boolean intHint(int d) {
        return st.kind[d] == INTV || constValue(d) instanceof Long;
    }

    private static boolean isIntOp(int arg) {
        int o = arg % BinaryOp.INPLACE_OFFSET;
        return o == BinaryOp.ADD.ordinal() || o == BinaryOp.SUBTRACT.ordinal() || o == BinaryOp.MULTIPLY.ordinal()
            || o == BinaryOp.FLOOR_DIVIDE.ordinal() || o == BinaryOp.REMAINDER.ordinal();
    }

    private void binaryOp(int pc, int arg, Opcode q) {
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
        if (isFloatOp(arg) && (floatFeedback || (q == Opcode.BINARY_OP && (floatHint(d - 2) || floatHint(d - 1))))) {
            floatBinary(pc, arg, d - 2, arg % BinaryOp.INPLACE_OFFSET);
            return;
        }
        st.materializeRange(d - 2, d);
        throwSite(pc);
        if (q == Opcode.BINARY_OP_ADD_INT || q == Opcode.BINARY_OP_SUBTRACT_INT || q == Opcode.BINARY_OP_MULTIPLY_INT) {
            cb.aload(T).ldc(q.code()).ldc(arg).aload(S);
            sp();
            st.call(JitRuntime.class, "intArithmetic");
        } else {
            cb.aload(T).aconst_null().iconst_0().iconst_0().ldc(arg).aload(S);
            sp();
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
        boolean aLenient = intHint(a) && !floatHint(a);
        st.doubleOf(a, constValue(a), slow, aLenient);
        cb.dstore(X);
        st.doubleOf(b, constValue(b), slow, !aLenient);
        cb.dstore(Y);
        if (o == BinaryOp.TRUE_DIVIDE.ordinal()) {
            cb.dload(Y).dconst_0().dcmpl().ifeq(slow);
        }
        cb.dload(X).dload(Y);
        if (o == BinaryOp.ADD.ordinal()) {
            cb.dadd();
        } else if (o == BinaryOp.SUBTRACT.ordinal()) {
            cb.dsub();
        } else if (o == BinaryOp.MULTIPLY.ordinal()) {
            cb.dmul();
        } else {
            cb.ddiv();
        }
        cb.dstore(X).lconst_0().lstore(B).goto_(merge);
        genericBinary(slow, pc, arg, a);
        cb.dconst_0().dstore(X);
        cb.labelBinding(merge);
        cb.dload(X).dstore(doubleVar(a));
        binaryResult(a, DUAL);
    }

    /**
     * At {@code slow}: the generic operator on entries a and a+1 as they are (an unboxed value is
     * boxed for the call: {@link JitRuntime#numberSlow}); the owned result goes to JVM variable B.
     */
    private void genericBinary(Label slow, int pc, int arg, int a) {
        cb.labelBinding(slow);
        throwSite(pc);
        cb.aload(T).ldc(arg);
        st.operand(a);
        st.operand(a + 1);
        st.call(JitRuntime.class, "numberSlow");
        cb.lstore(B);
    }

    /**
     * The end of a binary template: the operands a and a+1 are released and a becomes the result
     * of {@code kind}, whose slot takes JVM variable B (0 when the value is unboxed).
     */
    private void binaryResult(int a, int kind) {
        st.release(a + 1);
        st.release(a);
        st.slotRef(a);
        cb.lload(B).lastore();
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
        } else {
            int quick = o == BinaryOp.ADD.ordinal() ? Op.BINARY_OP_ADD_INT : o == BinaryOp.SUBTRACT.ordinal()
                ? Op.BINARY_OP_SUBTRACT_INT : Op.BINARY_OP_MULTIPLY_INT;
            cb.ldc(quick).lload(P).lload(Q);
            st.call(io.github.freethread.vm.interp.QuickenedInstructions.class, "intOp");
            cb.lstore(R);
            cb.ldc(quick).lload(P).lload(Q).lload(R);
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

    /** Entries a and a+1 as longs into JVM variables P and Q, or a jump to {@code slow}. */
    private void longOperands(int a, Label slow) {
        st.longOf(a, constValue(a), slow);
        cb.lstore(P);
        st.longOf(a + 1, constValue(a + 1), slow);
        cb.lstore(Q);
    }

    private void negative(int pc) {
        int top = st.depth - 1;
        if (st.kind[top] == COND || st.kind[top] == INTV) {
            st.materialize(top);
        }
        Label slow = cb.newLabel();
        Label merge = cb.newLabel();
        st.doubleOf(top, constValue(top), slow);
        cb.dneg().dstore(X).lconst_0().lstore(B).goto_(merge);
        cb.labelBinding(slow);
        throwSite(pc);
        cb.aload(T);
        st.objectOf(top); // a DUAL's object (an unboxed value is a float: it took the fast path)
        st.call(JitRuntime.class, "negative");
        cb.lstore(B).dconst_0().dstore(X);
        cb.labelBinding(merge);
        cb.dload(X).dstore(doubleVar(top));
        st.release(top);
        st.slotRef(top);
        cb.lload(B).lastore();
        st.kind[top] = DUAL;
    }

    /** Comparisons: one call whose result (0/1) stays in a JVM variable (COND) for a following branch. */
    private void compare(int pc, int arg, Opcode q) {
        int d = st.depth;
        int a = d - 2;
        int b = d - 1;
        // (an INTV operand that reaches the generic comparison is boxed in place by operand())
        if (st.kind[a] == COND) {
            st.materialize(a);
        }
        if (st.kind[b] == COND) {
            st.materialize(b);
        }
        boolean ints = st.kind[a] != DUAL && st.kind[b] != DUAL && !floatHint(a) && !floatHint(b)
            && (q == Opcode.COMPARE_OP_INT || intHint(a) || intHint(b));
        if (ints) {
            Label slow = cb.newLabel();
            Label merge = cb.newLabel();
            longOperands(a, slow);
            cb.ldc(arg).lload(P).lload(Q);
            st.call(JitRuntime.class, "compareLongs");
            cb.goto_(merge);
            cb.labelBinding(slow);
            st.objectOf(a);
            cb.lstore(P);
            st.objectOf(b);
            cb.lstore(Q);
            throwSite(pc);
            cb.aload(T).ldc(arg).lload(P).dconst_0().lload(Q).dconst_0();
            st.call(JitRuntime.class, "compare");
            cb.labelBinding(merge);
        } else {
            throwSite(pc);
            cb.aload(T).ldc(arg);
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

    private void popJump(int pc, int target, boolean ifTrue) {
        int c = st.depth - 1;
        st.materializeRange(0, c); // invariant (1) at the target
        switch (st.kind[c]) {
            case COND -> cb.lload(longVar(c)).lconst_0().lcmp();
            case DUAL, INTV -> st.unboxedOrObject(c, () -> {
                if (st.kind[c] == DUAL) {
                    cb.dload(doubleVar(c)).dconst_0().dcmpl(); // 0.0 and -0.0 are false, NaN true
                } else {
                    cb.lload(longVar(c)).lconst_0().lcmp();
                }
            }, () -> {
                throwSite(pc);
                cb.aload(T).lload(A);
                st.call(JitRuntime.class, "truthDrop");
            });
            case MEM -> {
                throwSite(pc);
                cb.aload(T);
                st.loadSlot(c);
                st.call(JitRuntime.class, "truthDrop");
            }
            default -> {
                throwSite(pc);
                cb.aload(T);
                st.view(c);
                st.call(JitRuntime.class, "truth");
            }
        }
        st.depth--;
        if (ifTrue) {
            cb.ifne(labels[target]);
        } else {
            cb.ifeq(labels[target]);
        }
    }

    // ------------------------------------------------------------------ containers and iteration

    /** BINARY_SUBSCR on the operands as they are: list/tuple[int] fast paths inside {@link JitRuntime#subscript}. */
    private void subscript(int pc) {
        int d = st.depth;
        int c = d - 2;
        int i = d - 1;
        if (st.kind[c] != MEM && st.kind[c] != BORROWED && st.kind[c] != CONST) {
            st.materialize(c);
        }
        if (st.kind[i] == DUAL || st.kind[i] == COND) {
            st.materialize(i);
        }
        throwSite(pc);
        indexedCall(i, () -> {
            cb.aload(T);
            st.view(c);
        }, "subscriptLong", "subscript");
        cb.lstore(B);
        binaryResult(c, MEM);
    }

    /**
     * Calls {@code JitRuntime.byLong(.., long index)} for an unboxed INTV index, else
     * {@code byObject(.., index object)}; {@code before} pushes the leading arguments.
     */
    private void indexedCall(int i, Runnable before, String byLong, String byObject) {
        if (st.kind[i] == INTV) {
            st.unboxedOrObject(i, () -> {
                before.run();
                cb.lload(longVar(i));
                st.call(JitRuntime.class, byLong);
            }, () -> {
                before.run();
                cb.lload(A);
                st.call(JitRuntime.class, byObject);
            });
        } else {
            before.run();
            st.view(i);
            st.call(JitRuntime.class, byObject);
        }
    }

    private void storeSubscript(int pc) {
        int d = st.depth;
        int v = d - 3;
        int i = d - 1;
        for (int k = v; k < d; k++) {
            if (k == v || st.kind[k] == DUAL || st.kind[k] == COND || (k == d - 2 && st.kind[k] == INTV)) {
                st.materialize(k);
            }
        }
        throwSite(pc);
        indexedCall(i, () -> {
            cb.aload(T);
            st.loadSlot(v);
            st.view(d - 2);
        }, "storeSubscrLong", "storeSubscr");
        st.release(d - 1);
        st.release(d - 2);
        st.release(v);
        st.depth = d - 3;
    }

    /**
     * FOR_ITER: a range iterator yields an unboxed int (INTV: no int object, no counting; a
     * following STORE_FAST overwrites the loop variable's int in place when it is unique);
     * other iterators go through {@link JitRuntime#forIterNext} (list fast path, else generic).
     * Exhausted: the iterator is released and control jumps with the loop's stack (all MEM).
     */
    private void forIter(int pc, int target, Instruction in) {
        st.flushAll();
        int it = st.depth - 1;
        Instruction next = jc.at[in.next()];
        Label other = cb.newLabel();
        Label exhausted = cb.newLabel();
        Label done = cb.newLabel();
        st.loadSlot(it);
        cb.lstore(A).lload(A);
        st.call(JitRuntime.class, "rangeLeft");
        cb.lstore(B).lload(B).lconst_0().lcmp().iflt(other).lload(B).lconst_0().lcmp().ifeq(exhausted);
        cb.lload(A);
        st.call(JitRuntime.class, "rangeTake");
        cb.lstore(longVar(it + 1)).lconst_0().lstore(B).goto_(done);
        cb.labelBinding(exhausted);
        cb.aload(T).lload(A);
        st.call(JitRuntime.class, "decref");
        cb.goto_(labels[target]);
        cb.labelBinding(other);
        throwSite(pc);
        cb.aload(T).lload(A).aload(S);
        if (next != null && next.op() == Opcode.STORE_FAST) {
            localIndex(next.arg());
        } else {
            cb.iconst_m1();
        }
        st.call(JitRuntime.class, "forIterNext");
        cb.lstore(B).lload(B).lconst_0().lcmp().ifeq(labels[target]); // exhausted: the iterator was released
        cb.lconst_0().lstore(longVar(it + 1));
        cb.labelBinding(done);
        st.slotRef(it + 1);
        cb.lload(B).lastore();
        st.kind[it + 1] = INTV;
        st.depth++;
    }

    // ------------------------------------------------------------------ everything else

    /** Materialises the whole stack and calls the interpreter's body of the instruction. */
    private void genericBody(int pc, Instruction in, Opcode q) {
        Opcode op = in.op();
        int arg = in.arg();
        int d = st.depth;
        int after = d - op.pops(arg) + op.pushes(arg);
        st.flushAll();
        throwSite(pc);
        switch (op) {
            case STORE_GLOBAL -> {
                cb.aload(T);
                ci();
                cb.lload(GLOBALS).ldc(arg).aload(S);
                sp();
                st.call(StackInstructions.class, "storeGlobal");
                cb.pop();
            }
            case DELETE_GLOBAL -> {
                cb.aload(T);
                ci();
                cb.lload(GLOBALS).ldc(arg);
                st.call(StackInstructions.class, "deleteGlobal");
            }
            case LOAD_ATTR -> {
                if (q == Opcode.LOAD_ATTR_MODULE) {
                    moduleAttribute(in, arg, false);
                } else {
                    attribute(arg, "loadAttr");
                }
            }
            case LOAD_METHOD -> {
                if (q == Opcode.LOAD_METHOD_MODULE) {
                    moduleAttribute(in, arg, true);
                } else if (q == Opcode.LOAD_METHOD_BUILTIN) {
                    cb.aload(T);
                    ci();
                    cb.ldc(arg).ldc(jc.cache32(in, InlineCacheLayout.LOAD_ATTR_VERSION)).ldc(jc.cache(in, InlineCacheLayout.LOAD_ATTR_INDEX))
                        .aload(S);
                    sp();
                    st.call(JitRuntime.class, "builtinMethod");
                    cb.pop();
                } else {
                    attribute(arg, "loadMethod");
                    cb.pop();
                }
            }
            case STORE_ATTR -> stackCall(GenericInstructions.class, "storeAttr", true, arg, true);
            case DELETE_ATTR -> stackCall(GenericInstructions.class, "deleteAttr", true, arg, true);
            case UNARY_POSITIVE, UNARY_INVERT, UNARY_NOT -> {
                cb.aload(T).ldc(op == Opcode.UNARY_POSITIVE ? Op.UNARY_POSITIVE : op == Opcode.UNARY_INVERT ? Op.UNARY_INVERT : Op.UNARY_NOT)
                    .aload(S);
                sp();
                st.call(GenericInstructions.class, "unary");
            }
            case IS_OP -> stackCall(StackInstructions.class, "isOp", false, arg, true);
            case CONTAINS_OP -> stackCall(GenericInstructions.class, "containsOp", false, arg, true);
            case DELETE_SUBSCR -> stackCall(StackInstructions.class, "deleteSubscr", false, -1, true);
            case BUILD_SLICE -> stackCall(GenericInstructions.class, "buildSlice", false, arg, true);
            case BUILD_LIST -> stackCall(StackInstructions.class, "buildList", false, arg, true);
            case BUILD_TUPLE -> stackCall(GenericInstructions.class, "buildTuple", false, arg, true);
            case BUILD_MAP -> stackCall(StackInstructions.class, "buildMap", false, arg, true);
            case LIST_APPEND -> stackCall(StackInstructions.class, "listAppend", false, arg, true);
            case UNPACK_SEQUENCE -> stackCall(StackInstructions.class, "unpackSequence", false, arg, true);
            case FORMAT_VALUE -> stackCall(GenericInstructions.class, "formatValue", false, arg, true);
            case BUILD_STRING -> stackCall(GenericInstructions.class, "buildString", false, arg, true);
            case GET_ITER -> stackCall(StackInstructions.class, "getIter", false, -1, false);
            case CALL, CALL_KW -> {
                if (q == Opcode.CALL_PY_EXACT_ARGS) {
                    cb.aload(T).aload(S);
                    sp();
                    cb.ldc(arg).ldc(jc.cache32(in, InlineCacheLayout.CALL_FUNCTION_VERSION));
                    st.call(JitRuntime.class, "callExact");
                } else {
                    cb.aload(T).aload(S);
                    sp();
                    cb.ldc(arg);
                    if (op == Opcode.CALL_KW) {
                        cb.iconst_1();
                    } else {
                        cb.iconst_0();
                    }
                    st.call(Calls.class, "callFromStack");
                }
                cb.pop();
            }
            case MAKE_FUNCTION -> {
                cb.aload(T).ldc(arg).lload(GLOBALS).aload(S);
                sp();
                st.call(GenericInstructions.class, "makeFunction");
                cb.pop();
            }
            case IMPORT_NAME -> stackCall(GenericInstructions.class, "importName", true, arg, true);
            case IMPORT_FROM -> stackCall(GenericInstructions.class, "importFrom", true, arg, true);
            case PUSH_EXC_INFO -> stackCall(GenericInstructions.class, "pushExcInfo", false, -1, false);
            case POP_EXCEPT -> {
                cb.aload(T);
                st.loadSlot(d - 1);
                st.call(GenericInstructions.class, "popExcept");
            }
            case CHECK_EXC_MATCH -> stackCall(GenericInstructions.class, "checkExcMatch", false, -1, false);
            case LOAD_ASSERTION_ERROR -> {
                cb.aload(T);
                st.call(JitRuntime.class, "assertionError");
                st.storeSlotFromStack(d);
            }
            case BEFORE_WITH -> stackCall(WithStatement.class, "beforeWith", false, -1, true);
            case WITH_EXCEPT_START -> stackCall(WithStatement.class, "withExceptStart", false, -1, true);
            default -> throw new IllegalStateException("no template for " + op + " at " + pc);
        }
        generic(after);
    }

    /** GenericInstructions.loadAttr / loadMethod without quickening (no code copy to write). */
    private void attribute(int arg, String name) {
        cb.aload(T);
        ci();
        cb.aconst_null().iconst_0().iconst_0().ldc(arg).aload(S);
        sp();
        cb.iconst_0();
        st.call(GenericInstructions.class, name);
    }

    /** {@code owner.name(t, [ci,] [arg,] s, sp)}, popping the returned sp if {@code returnsSp}. */
    private void stackCall(Class<?> owner, String name, boolean withCi, int arg, boolean returnsSp) {
        cb.aload(T);
        if (withCi) {
            ci();
        }
        if (arg >= 0) {
            cb.ldc(arg);
        }
        cb.aload(S);
        sp();
        st.call(owner, name);
        if (returnsSp) {
            cb.pop();
        }
    }

    private void moduleAttribute(Instruction in, int arg, boolean method) {
        cb.aload(T);
        ci();
        cb.ldc(arg).ldc(jc.cache(in, InlineCacheLayout.LOAD_ATTR_INDEX)).ldc(jc.cache32(in, InlineCacheLayout.LOAD_ATTR_VERSION))
            .aload(S);
        sp();
        if (method) {
            cb.iconst_1();
        } else {
            cb.iconst_0();
        }
        st.call(JitRuntime.class, "moduleAttribute");
        cb.pop();
    }
}
