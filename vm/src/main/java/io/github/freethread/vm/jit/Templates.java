package io.github.freethread.vm.jit;

import static io.github.freethread.vm.jit.FrameState.*;

import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;

import io.github.freethread.vm.bytecode.Instruction;
import io.github.freethread.vm.bytecode.Opcode;
import io.github.freethread.vm.interp.Calls;
import io.github.freethread.vm.interp.GenericInstructions;
import io.github.freethread.vm.interp.StackInstructions;

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
    final JitCompiler jc;
    final CodeBuilder cb;
    final FrameState st;
    private final Label[] labels;
    private final NumberTemplates numbers;
    private final GenericTemplates generics;

    Templates(JitCompiler jc, CodeBuilder cb, FrameState st, Label[] labels) {
        this.jc = jc;
        this.cb = cb;
        this.st = st;
        this.labels = labels;
        this.numbers = new NumberTemplates(this);
        this.generics = new GenericTemplates(this);
    }

    void sp() {
        cb.iload(SB);
        if (st.depth != 0) {
            cb.ldc(st.depth).iadd();
        }
    }

    /** Pushes the data-stack index {@code sb + d} of value-stack entry d. */
    private void slotIndex(int d) {
        cb.iload(SB);
        if (d != 0) {
            cb.ldc(d).iadd();
        }
    }

    void ci() {
        cb.aload(THIS).getfield(JitCompiler.compiledDesc(), "ci", JitCompiler.codeInfoDesc());
    }

    void throwSite(int pc) {
        jc.throwSite(cb, st, pc);
    }

    Object constValue(int d) {
        return st.kind[d] == CONST && st.aux[d] >= 0 ? jc.co.constants().get(st.aux[d]) : null;
    }

    /** After a generic body changed the stack to {@code newDepth} entries, all in their slots. */
    void generic(int newDepth) {
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
            case BINARY_OP -> numbers.binaryOp(pc, arg, q);
            case UNARY_NEGATIVE -> numbers.negative(pc);
            case COMPARE_OP -> numbers.compare(pc, arg, q);
            case BINARY_SUBSCR -> subscript(pc, in);
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
                LoopCountReport.emit(cb, st.loopCounterVar());
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
            default -> generics.genericBody(pc, in, q);
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
            cb.aload(S).iload(FP).loadConstant(k).iadd().laload().lstore(longVar(d)); // definitely bound: no check
            st.kind[d] = BORROWED;
            st.aux[d] = k;
            st.depth++;
            return;
        }
        Label ok = cb.newLabel();
        cb.aload(S).iload(FP).loadConstant(k).iadd().laload().lstore(longVar(d));
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

    /**
     * STORE_FAST: keeps invariants (3) and (3') of {@link FrameState} (the local's float cache):
     * an unboxed float into a cached local goes through {@link FrameState#storeCachedFloat} (no
     * memory write while the local's object is its own, STALE); every other store clears the
     * flag before the store (which may throw or allocate).
     */
    private void storeFast(int k) {
        int top = st.depth - 1;
        st.materializeBorrowsOf(k, top);
        if (st.kind[top] == BORROWED && st.aux[top] == k) {
            st.depth--;
            return; // x = x
        }
        switch (st.kind[top]) {
            case BORROWED -> {
                st.invalidateCache(k);
                st.writeBack(top); // a second reference to local aux[top]'s object
                cb.aload(T).lload(longVar(top));
                st.call(JitRuntime.class, "incref");
                cb.aload(T).aload(S);
                localIndex(k);
                cb.lload(longVar(top));
                st.call(JitRuntime.class, "storeLocal");
            }
            case DUAL, INTV -> st.unboxedOrObject(top, () -> {
                if (st.kind[top] == INTV) {
                    st.invalidateCache(k);
                    cb.aload(T).aload(S);
                    localIndex(k);
                    cb.lload(longVar(top));
                    st.call(JitRuntime.class, "storeLong");
                } else if (st.hasCache(k)) {
                    st.storeCachedFloat(k, doubleVar(top), () -> storeDouble(k, top));
                } else {
                    storeDouble(k, top);
                }
            }, () -> {
                st.invalidateCache(k);
                cb.aload(T).aload(S);
                localIndex(k);
                cb.lload(A);
                st.call(JitRuntime.class, "storeLocal");
            });
            default -> {
                st.invalidateCache(k);
                st.materialize(top);
                cb.aload(T).aload(S);
                localIndex(k);
                st.loadSlot(top);
                st.call(JitRuntime.class, "storeLocal");
            }
        }
        st.depth--;
    }

    /** The unboxed float of DUAL entry {@code top} into local k through {@link JitRuntime#storeDouble}. */
    private void storeDouble(int k, int top) {
        cb.aload(T).aload(S);
        localIndex(k);
        cb.dload(doubleVar(top));
        st.call(JitRuntime.class, "storeDouble");
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

    /**
     * BINARY_SUBSCR on the operands as they are: list/tuple[int] fast paths inside
     * {@link JitRuntime#subscript}. When the value feeds a float operator (feedback), a float
     * item is read as an unboxed DUAL without a count ({@link #floatSubscript}).
     */
    private void subscript(int pc, Instruction in) {
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
        if (feedsFloatOperator(in) && floatSubscript(c, i)) {
            return;
        }
        countedSubscript(c, i);
        cb.lstore(B);
        numbers.binaryResult(c, MEM);
    }

    /** Pushes the owned c[i] (JitRuntime.subscript / subscriptLong). */
    private void countedSubscript(int c, int i) {
        indexedCall(i, () -> {
            cb.aload(T);
            st.view(c);
        }, "subscriptLong", "subscript");
    }

    /**
     * c[i] as a DUAL in c's slot, in one call ({@link JitRuntime#floatSubscript}): the unboxed
     * value of a float item readable without a count, else the counted generic result (any
     * type) in the slot. Only for a container that does not own its slot (BORROWED / CONST),
     * which the call overwrites, and an index that is a constant int or an object.
     */
    private boolean floatSubscript(int c, int i) {
        boolean longIndex = constValue(i) instanceof Long;
        if ((st.kind[c] != BORROWED && st.kind[c] != CONST) || (!longIndex && st.kind[i] != MEM && st.kind[i] != BORROWED)) {
            return false;
        }
        cb.aload(T).aload(S);
        slotIndex(c);
        st.view(c);
        if (longIndex) {
            cb.ldc((Long) constValue(i));
        } else {
            st.view(i);
        }
        st.call(JitRuntime.class, longIndex ? "floatSubscriptLong" : "floatSubscript");
        cb.dstore(doubleVar(c));
        st.release(i);
        st.depth = c + 1;
        st.kind[c] = DUAL;
        return true;
    }

    /**
     * True if the value the BINARY_SUBSCR {@code in} pushes is next popped by a BINARY_OP whose
     * feedback is a float operator (nbody's {@code b1[0] - b2[0]}, {@code b[3] += dt * x}):
     * follows the straight-line stack effects of the simple instructions after it. Only a hint:
     * a wrong answer costs speed, never correctness (a DUAL holding an object is valid).
     */
    private boolean feedsFloatOperator(Instruction in) {
        int above = 0;
        int pc = in.next();
        while (pc < jc.at.length && jc.at[pc] != null) {
            Instruction n = jc.at[pc];
            switch (n.op()) {
                case LOAD_FAST, LOAD_CONST, LOAD_GLOBAL, LOAD_ATTR, LOAD_METHOD, PUSH_NULL, BINARY_SUBSCR, BINARY_OP,
                    UNARY_NEGATIVE, CALL -> {
                }
                default -> {
                    return false;
                }
            }
            int pops = n.op().pops(n.arg());
            if (pops > above) {
                return n.op() == Opcode.BINARY_OP && isFloatFeedback(feedbackOf(n));
            }
            above += n.op().pushes(n.arg()) - pops;
            pc = n.next();
        }
        return false;
    }

    private static boolean isFloatFeedback(Opcode q) {
        return q == Opcode.BINARY_OP_ADD_FLOAT || q == Opcode.BINARY_OP_SUBTRACT_FLOAT
            || q == Opcode.BINARY_OP_MULTIPLY_FLOAT || q == Opcode.BINARY_OP_TRUE_DIVIDE_FLOAT;
    }

    /** The quickened form the feedback copy holds for {@code n} (its generic op without feedback). */
    private Opcode feedbackOf(Instruction n) {
        char[] qk = jc.quickened;
        if (qk == null || n.opOffset() >= qk.length) {
            return n.op();
        }
        Opcode q = Opcode.byCode(qk[n.opOffset()] & 0xFF);
        return q != null && q.generic() == n.op() ? q : n.op();
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

    /**
     * STORE_SUBSCR. An unboxed float value (a DUAL whose slot is 0, nbody's {@code b[3] -= x})
     * goes to {@link JitRuntime#storeSubscrDouble} with no float object (in place when the old
     * item is a float only the list references); anything else is stored as an object.
     */
    private void storeSubscript(int pc) {
        int d = st.depth;
        int v = d - 3;
        int i = d - 1;
        boolean unboxedValue = st.kind[v] == DUAL;
        for (int k = v; k < d; k++) {
            if (k == v ? !unboxedValue : st.kind[k] == DUAL || st.kind[k] == COND || (k == d - 2 && st.kind[k] == INTV)) {
                st.materialize(k);
            }
        }
        throwSite(pc);
        boolean longIndex = constValue(i) instanceof Long;
        if (unboxedValue && (longIndex || st.kind[i] == MEM || st.kind[i] == BORROWED)) {
            cb.aload(T).aload(S);
            slotIndex(v);
            st.view(d - 2);
            if (longIndex) {
                cb.ldc((Long) constValue(i));
            } else {
                st.view(i);
            }
            cb.dload(doubleVar(v));
            st.call(JitRuntime.class, longIndex ? "storeSubscrDoubleLong" : "storeSubscrDouble");
        } else {
            if (unboxedValue) {
                st.materialize(v);
            }
            indexedCall(i, () -> {
                cb.aload(T);
                st.loadSlot(v);
                st.view(d - 2);
            }, "storeSubscrLong", "storeSubscr");
        }
        st.release(d - 1);
        st.release(d - 2);
        st.release(v); // a DUAL's slot is 0 after the unboxed store: nothing to release
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

}
