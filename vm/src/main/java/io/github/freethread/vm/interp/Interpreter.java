package io.github.freethread.vm.interp;

import static io.github.freethread.vm.runtime.Layouts.*;
import static io.github.freethread.vm.runtime.VmThread.*;

import org.agrona.UnsafeApi;

import io.github.freethread.vm.bytecode.ExceptionTable;
import io.github.freethread.vm.jit.CompiledCode;
import io.github.freethread.vm.jit.Tier;
import io.github.freethread.vm.bytecode.InlineCacheLayout;
import io.github.freethread.vm.bytecode.Opcode;
import io.github.freethread.vm.runtime.ClassTable;
import io.github.freethread.vm.runtime.CodeInfo;
import io.github.freethread.vm.runtime.Dicts;
import io.github.freethread.vm.runtime.GlobalLoads;
import io.github.freethread.vm.runtime.Iterators;
import io.github.freethread.vm.runtime.Lists;
import io.github.freethread.vm.runtime.Ops;
import io.github.freethread.vm.runtime.PyError;
import io.github.freethread.vm.runtime.Sequences;
import io.github.freethread.vm.runtime.TypeIds;
import io.github.freethread.vm.runtime.VmConfig;
import io.github.freethread.vm.runtime.VmThread;

/**
 * The frame loop: one Java invocation of {@link #execute} per Python frame, a tight switch over
 * 16-bit code units of the thread's private code copy.
 *
 * <p>Frame layout on the thread's data stack ({@code long[]} of object addresses, every non-zero
 * slot an owned reference): {@code [fp, fp+nlocals)} locals, then the value stack from
 * {@code sb = fp + nlocals} up to {@code sp} (exclusive). Operands stay on the stack until an
 * operation succeeded, so the unwinder can always drop {@code [fp, sp)}. Exceptions are Java
 * {@link PyError}s; on catch the frame adds its traceback entry (unless the error was re-raised
 * here), then looks the raising instruction up in the code's exception table (zero-cost
 * handling): pop to the entry's depth, push the exception, jump to the handler.
 *
 * <p>Specialisation (PEP 659): see {@link Specializer}; quickened forms live only in this
 * thread's copy of the code ({@link VmThread#code}), so rewriting needs no synchronisation and a
 * guard failure in one thread never affects another.
 *
 * <p>Safe points: every 256 back-edges or calls the thread polls its {@code ThreadState} (merge
 * queue, QSBR quiescent state).
 */
public final class Interpreter {
    private Interpreter() {
    }

    static final int[] CACHE = new int[256];

    static {
        for (Opcode o : Opcode.values()) {
            CACHE[o.code()] = o.cacheUnits();
        }
    }

    /**
     * Runs a frame whose locals are already in {@code t.data[fp .. fp+nlocals)}; returns the result
     * (owned). Runs the compiled form when the code has one ({@link CompiledCode}, published with
     * a release store: {@link CodeInfo#compiled()} is the acquire), else interprets.
     */
    public static long execute(VmThread t, CodeInfo ci, long globals, int fp) {
        CompiledCode cc = ci.compiled();
        if (cc != null) {
            int savedTop = enterFrame(t, ci, fp);
            try {
                return cc.run(t, globals, fp, 0);
            } finally {
                leaveFrame(t, fp, fp + ci.nlocals, savedTop);
            }
        }
        return interpret(t, ci, globals, fp);
    }

    /**
     * Frame entry shared with compiled code: recursion limit (the locals are released if it is
     * exceeded), the thread's data-stack top, a safe point. Returns the previous top.
     */
    public static int enterFrame(VmThread t, CodeInfo ci, int fp) {
        int sb = fp + ci.nlocals;
        if (++t.depth > t.vm.config.recursionLimit()) {
            t.depth--;
            long[] s = t.data;
            for (int i = fp; i < sb; i++) {
                t.xdecref(s[i]);
                s[i] = 0;
            }
            throw new PyError(ClassTable.RECURSION_ERROR, "maximum recursion depth exceeded");
        }
        int savedTop = t.top;
        t.top = sb + ci.code.maxStack() + 2;
        if (--t.pollCountdown <= 0) {
            t.safePointAtFrameEntry(); // a stop request is deferred: this frame has no handler yet
        }
        return savedTop;
    }

    /** Frame exit: releases and clears {@code t.data[from .. to)}, pops the depth and the data-stack top. */
    public static void leaveFrame(VmThread t, int from, int to, int savedTop) {
        long[] s = t.data;
        for (int i = from; i < to; i++) {
            long v = s[i];
            if (v != 0) {
                s[i] = 0;
                FrameCounts.decref(t, v);
            }
        }
        t.depth--;
        t.top = savedTop;
    }

    private static long interpret(VmThread t, CodeInfo ci, long globals, int fp) {
        long[] s = t.data;
        int sb = fp + ci.nlocals;
        int sp = sb;
        int savedTop = enterFrame(t, ci, fp);
        final char[] code = t.code(ci);
        final long[] consts = ci.consts;
        final boolean specialise = t.vm.config.specialise();
        final boolean jit = t.vm.config.jit() != VmConfig.Jit.OFF;
        int pc = 0;
        int instr = 0;
        CompiledCode osr = null; // set when a hot loop continues in compiled code (on-stack replacement)
        int backEdges = 0; // this frame's; every BACK_EDGE_WEIGHT of them count towards the code's hotness
        try {
            if (jit && (osr = Tier.onCall(t, ci)) != null) {
                return osr.run(t, globals, fp, 0);
            }
            frame:
            while (true) {
                try {
                    while (true) {
                        instr = pc;
                        int unit = code[pc++];
                        int op = unit & 0xFF;
                        int arg = unit >>> 8;
                        while (op == Op.EXTENDED_ARG) {
                            unit = code[pc++];
                            arg = (arg << 8) | (unit >>> 8);
                            op = unit & 0xFF;
                        }
                        final int cp = pc;
                        // The hottest arms below restate pc from cp and their own (constant) cache
                        // size: the next dispatch then does not wait for this CACHE[] load, which
                        // otherwise chains three dependent loads (pc, code[pc], CACHE[op]) per
                        // instruction (seen with perf on nbody/pi_series).
                        pc += CACHE[op];
                        switch (op) {
                            case Op.NOP, Op.CACHE -> {
                            }
                            case Op.POP_TOP -> {
                                pc = cp;
                                FrameCounts.decref(t, s[--sp]);
                            }
                            case Op.PUSH_NULL -> {
                                pc = cp;
                                s[sp++] = 0;
                            }
                            case Op.COPY -> {
                                pc = cp;
                                long v = s[sp - arg];
                                FrameCounts.incref(t, v);
                                s[sp++] = v;
                            }
                            case Op.SWAP -> {
                                pc = cp;
                                long v = s[sp - 1];
                                s[sp - 1] = s[sp - arg];
                                s[sp - arg] = v;
                            }
                            case Op.LOAD_CONST -> {
                                pc = cp;
                                s[sp++] = consts[arg]; // immortal: no count needed
                            }
                            case Op.LOAD_FAST -> {
                                pc = cp;
                                long v = s[fp + arg];
                                if (v == 0) {
                                    throw StackInstructions.unbound(ci, arg);
                                }
                                FrameCounts.incref(t, v);
                                s[sp++] = v;
                            }
                            case Op.STORE_FAST -> {
                                pc = cp;
                                long old = s[fp + arg];
                                s[fp + arg] = s[--sp];
                                if (old != 0) {
                                    FrameCounts.decref(t, old);
                                }
                            }
                            case Op.DELETE_FAST -> StackInstructions.deleteFast(t, ci, s, fp, arg);
                            case Op.LOAD_GLOBAL -> {
                                if (specialise) {
                                    Specializer.loadGlobal(t, ci, code, instr, cp, globals, arg, true); // caches only; its borrowed result is not used
                                }
                                s[sp++] = GlobalLoads.load(t, globals, ci.names[arg]); // owned, safe against concurrent writers
                            }
                            case Op.LOAD_GLOBAL_MODULE -> {
                                // owned value of the cached entry if the globals' keys version still matches (Dicts.loadCached)
                                long v = Dicts.loadCached(t, globals, code[cp + InlineCacheLayout.LOAD_GLOBAL_INDEX],
                                    InlineCacheLayout.read32(code, cp + InlineCacheLayout.LOAD_GLOBAL_GLOBALS_VERSION));
                                if (v != 0) {
                                    t.specHits++;
                                } else {
                                    Specializer.deopt(t, code, instr, cp, Opcode.LOAD_GLOBAL);
                                    v = GlobalLoads.load(t, globals, ci.names[arg]);
                                }
                                s[sp++] = v;
                            }
                            case Op.LOAD_GLOBAL_BUILTIN -> {
                                long bd = t.vm.builtinsDict;
                                long v = 0;
                                if (Dicts.keysVersion(globals) == InlineCacheLayout.read32(code, cp + InlineCacheLayout.LOAD_GLOBAL_GLOBALS_VERSION)) {
                                    v = Dicts.loadCached(t, bd, code[cp + InlineCacheLayout.LOAD_GLOBAL_INDEX],
                                        InlineCacheLayout.read32(code, cp + InlineCacheLayout.LOAD_GLOBAL_BUILTINS_VERSION));
                                }
                                if (v != 0) {
                                    t.specHits++;
                                } else {
                                    Specializer.deopt(t, code, instr, cp, Opcode.LOAD_GLOBAL);
                                    v = GlobalLoads.load(t, globals, ci.names[arg]);
                                }
                                s[sp++] = v;
                            }
                            case Op.STORE_GLOBAL -> sp = StackInstructions.storeGlobal(t, ci, globals, arg, s, sp);
                            case Op.DELETE_GLOBAL -> StackInstructions.deleteGlobal(t, ci, globals, arg);
                            case Op.LOAD_ATTR -> GenericInstructions.loadAttr(t, ci, code, instr, cp, arg, s, sp, specialise);
                            case Op.LOAD_ATTR_MODULE -> {
                                pc = cp + InlineCacheLayout.LOAD_ATTR_UNITS;
                                sp = QuickenedInstructions.moduleAttribute(t, ci, code, instr, cp, arg, s, sp, false);
                            }
                            case Op.STORE_ATTR -> sp = GenericInstructions.storeAttr(t, ci, arg, s, sp);
                            case Op.DELETE_ATTR -> sp = GenericInstructions.deleteAttr(t, ci, arg, s, sp);
                            case Op.LOAD_METHOD -> sp = GenericInstructions.loadMethod(t, ci, code, instr, cp, arg, s, sp, specialise);
                            case Op.LOAD_METHOD_MODULE -> {
                                pc = cp + InlineCacheLayout.LOAD_ATTR_UNITS;
                                sp = QuickenedInstructions.moduleAttribute(t, ci, code, instr, cp, arg, s, sp, true);
                            }
                            case Op.LOAD_METHOD_BUILTIN -> {
                                pc = cp + InlineCacheLayout.LOAD_ATTR_UNITS;
                                sp = QuickenedInstructions.builtinMethod(t, ci, code, instr, cp, arg, s, sp);
                            }
                            case Op.BINARY_OP -> sp = GenericInstructions.binaryOp(t, code, instr, cp, arg, s, sp, specialise);
                            case Op.BINARY_OP_ADD_INT, Op.BINARY_OP_SUBTRACT_INT, Op.BINARY_OP_MULTIPLY_INT -> {
                                pc = cp + InlineCacheLayout.COUNTER_UNITS;
                                sp = QuickenedInstructions.intArithmetic(t, op, code, instr, cp, pc, arg, s, sp, fp);
                                if (sp < 0) {
                                    sp = ~sp;
                                    pc++; // the result went back into its local: the STORE_FAST is done
                                }
                            }
                            case Op.BINARY_OP_ADD_FLOAT, Op.BINARY_OP_SUBTRACT_FLOAT, Op.BINARY_OP_MULTIPLY_FLOAT,
                                 Op.BINARY_OP_TRUE_DIVIDE_FLOAT -> {
                                pc = cp + InlineCacheLayout.COUNTER_UNITS;
                                long a = s[sp - 2];
                                long b = s[sp - 1];
                                if (typeOf(a) != TypeIds.FLOAT || typeOf(b) != TypeIds.FLOAT
                                    || (op == Op.BINARY_OP_TRUE_DIVIDE_FLOAT && floatValue(b) == 0)) {
                                    sp = GenericInstructions.binaryDeopt(t, code, instr, cp, arg, s, sp);
                                    continue;
                                }
                                double x = floatValue(a);
                                double y = floatValue(b);
                                double z = op == Op.BINARY_OP_ADD_FLOAT ? x + y : op == Op.BINARY_OP_SUBTRACT_FLOAT ? x - y
                                    : op == Op.BINARY_OP_MULTIPLY_FLOAT ? x * y : x / y;
                                t.specHits++;
                                if (NumericResults.floatIntoLocal(t, code, pc, s, fp, a, b, z)) {
                                    sp -= 2;
                                    pc++; // the STORE_FAST is done
                                } else {
                                    sp = NumericResults.pushFloat(t, s, sp, a, b, z);
                                }
                            }
                            case Op.BINARY_OP_ADD_STR -> {
                                if (typeOf(s[sp - 2]) != TypeIds.STR || typeOf(s[sp - 1]) != TypeIds.STR) {
                                    sp = GenericInstructions.binaryDeopt(t, code, instr, cp, arg, s, sp);
                                } else {
                                    t.specHits++;
                                    sp = GenericInstructions.binaryResult(t, arg, s, sp);
                                }
                            }
                            case Op.UNARY_NEGATIVE -> {
                                pc = cp;
                                long a = s[sp - 1];
                                if (typeOf(a) == TypeIds.FLOAT && storesBackInPlace(t, code, pc, s, fp, a)) {
                                    UnsafeApi.putDouble(a + FLOAT_VALUE, -floatValue(a)); // x = -x on a private float
                                    FrameCounts.decref(t, a); // and the STORE_FAST x: the local keeps its reference
                                    sp--;
                                    pc++;
                                    continue;
                                }
                                GenericInstructions.unary(t, op, s, sp);
                            }
                            case Op.UNARY_POSITIVE, Op.UNARY_INVERT, Op.UNARY_NOT -> GenericInstructions.unary(t, op, s, sp);
                            case Op.COMPARE_OP -> sp = GenericInstructions.compareOp(t, code, instr, cp, arg, s, sp, specialise);
                            case Op.COMPARE_OP_INT, Op.COMPARE_OP_FLOAT -> {
                                pc = cp + InlineCacheLayout.COUNTER_UNITS;
                                int r = QuickenedInstructions.compareNumbers(t, op, code, instr, cp, arg, s, sp);
                                if (r < 0) {
                                    sp--; // deoptimised: the generic result is on the stack
                                    continue;
                                }
                                sp -= 2;
                                int next = code[pc];
                                int nextOp = next & 0xFF;
                                if (nextOp == Op.POP_JUMP_IF_FALSE || nextOp == Op.POP_JUMP_IF_TRUE) {
                                    // compare-and-branch: the bool never reaches the stack
                                    pc = (r != 0) == (nextOp == Op.POP_JUMP_IF_TRUE) ? next >>> 8 : pc + 1;
                                } else {
                                    s[sp++] = t.bool(r != 0);
                                }
                            }
                            case Op.COMPARE_OP_STR -> {
                                if (typeOf(s[sp - 2]) != TypeIds.STR || typeOf(s[sp - 1]) != TypeIds.STR) {
                                    sp = GenericInstructions.compareDeopt(t, code, instr, cp, arg, s, sp);
                                } else {
                                    t.specHits++;
                                    sp = GenericInstructions.compareResult(t, arg, s, sp);
                                }
                            }
                            case Op.IS_OP -> sp = StackInstructions.isOp(t, arg, s, sp);
                            case Op.CONTAINS_OP -> sp = GenericInstructions.containsOp(t, arg, s, sp);
                            case Op.BINARY_SUBSCR, Op.BINARY_SUBSCR_DICT, Op.BINARY_SUBSCR_STR_INT -> {
                                long c = s[sp - 2];
                                long i = s[sp - 1];
                                if (op == Op.BINARY_SUBSCR && specialise) {
                                    Specializer.subscr(t, code, instr, cp, c, i);
                                }
                                sp = StackInstructions.binarySubscr(t, s, sp);
                            }
                            case Op.BINARY_SUBSCR_LIST_INT, Op.BINARY_SUBSCR_TUPLE_INT -> {
                                long c = s[sp - 2];
                                long i = s[sp - 1];
                                long r = 0;
                                if (typeOf(i) == TypeIds.INT) {
                                    long k = intValue(i);
                                    if (op == Op.BINARY_SUBSCR_LIST_INT && typeOf(c) == TypeIds.LIST) {
                                        if (k >= 0) {
                                            r = Lists.getOwned(t, c, k); // owned (lock-free read), 0 if out of range
                                        }
                                    } else if (op == Op.BINARY_SUBSCR_TUPLE_INT && typeOf(c) == TypeIds.TUPLE) {
                                        if (k >= 0 && k < tupleSize(c)) {
                                            r = tupleItem(c, k);
                                            t.incref(r);
                                        }
                                    }
                                }
                                if (r != 0) {
                                    t.specHits++;
                                } else {
                                    t.specMisses++;
                                    r = Sequences.getItem(t, c, i);
                                }
                                sp -= 2;
                                t.decref(c);
                                t.decref(i);
                                s[sp++] = r;
                            }
                            case Op.STORE_SUBSCR, Op.STORE_SUBSCR_DICT -> {
                                long v = s[sp - 3];
                                long c = s[sp - 2];
                                long i = s[sp - 1];
                                if (op == Op.STORE_SUBSCR && specialise) {
                                    Specializer.storeSubscr(t, code, instr, cp, c, i);
                                }
                                sp = StackInstructions.storeSubscr(t, s, sp);
                            }
                            case Op.STORE_SUBSCR_LIST_INT -> {
                                long v = s[sp - 3];
                                long c = s[sp - 2];
                                long i = s[sp - 1];
                                if (typeOf(c) == TypeIds.LIST && typeOf(i) == TypeIds.INT && intValue(i) >= 0
                                    && Lists.set(t, c, intValue(i), v)) { // bound checked under the list's lock
                                    t.specHits++;
                                } else {
                                    t.specMisses++;
                                    Sequences.setItem(t, c, i, v);
                                }
                                sp -= 3;
                                t.decref(v);
                                t.decref(c);
                                t.decref(i);
                            }
                            case Op.DELETE_SUBSCR -> sp = StackInstructions.deleteSubscr(t, s, sp);
                            case Op.BUILD_SLICE -> sp = GenericInstructions.buildSlice(t, arg, s, sp);
                            case Op.BUILD_LIST -> sp = StackInstructions.buildList(t, arg, s, sp);
                            case Op.BUILD_TUPLE -> sp = GenericInstructions.buildTuple(t, arg, s, sp);
                            case Op.BUILD_MAP -> sp = StackInstructions.buildMap(t, arg, s, sp);
                            case Op.LIST_APPEND -> sp = StackInstructions.listAppend(t, arg, s, sp);
                            case Op.UNPACK_SEQUENCE, Op.UNPACK_SEQUENCE_TWO_TUPLE, Op.UNPACK_SEQUENCE_TUPLE, Op.UNPACK_SEQUENCE_LIST ->
                                sp = StackInstructions.unpackSequence(t, arg, s, sp);
                            case Op.FORMAT_VALUE -> sp = GenericInstructions.formatValue(t, arg, s, sp);
                            case Op.BUILD_STRING -> sp = GenericInstructions.buildString(t, arg, s, sp);
                            case Op.JUMP_FORWARD -> pc = arg;
                            case Op.JUMP_BACKWARD -> {
                                pc = arg;
                                t.countSafePoint();
                                if ((++backEdges & (Tier.BACK_EDGE_WEIGHT - 1)) == 0 && jit
                                    && (osr = Tier.onBackEdge(t, ci, arg)) != null) {
                                    break frame; // continue this loop in compiled code
                                }
                            }
                            case Op.POP_JUMP_IF_FALSE, Op.POP_JUMP_IF_TRUE -> {
                                pc = cp;
                                long c = s[--sp];
                                boolean b = c == t.trueObj ? true : c == t.falseObj ? false : Ops.truth(c);
                                FrameCounts.decref(t, c);
                                if (b == (op == Op.POP_JUMP_IF_TRUE)) {
                                    pc = arg;
                                }
                            }
                            case Op.GET_ITER -> StackInstructions.getIter(t, s, sp);
                            case Op.FOR_ITER, Op.FOR_ITER_TUPLE, Op.FOR_ITER_RANGE, Op.FOR_ITER_LIST -> {
                                long it = s[sp - 1];
                                long x = nextItem(t, op, code, instr, cp, pc, it, s, fp, specialise);
                                if (x == 0) {
                                    t.decref(it);
                                    sp--;
                                    pc = arg;
                                } else {
                                    s[sp++] = x;
                                }
                            }
                            case Op.RETURN_VALUE -> {
                                return s[--sp];
                            }
                            case Op.CALL_PY_EXACT_ARGS -> {
                                pc = cp + InlineCacheLayout.CALL_UNITS;
                                sp = Calls.callExactFromStack(t, code, instr, cp, arg, s, sp);
                            }
                            case Op.CALL, Op.CALL_KW, Op.CALL_PY_WITH_DEFAULTS, Op.CALL_BUILTIN, Op.CALL_LEN, Op.CALL_LIST_APPEND -> {
                                if (op == Op.CALL && specialise) {
                                    Specializer.call(t, code, instr, cp, s[sp - arg - 2], s[sp - arg - 1], arg);
                                }
                                sp = Calls.callFromStack(t, s, sp, arg, op == Op.CALL_KW);
                            }
                            case Op.MAKE_FUNCTION -> sp = GenericInstructions.makeFunction(t, arg, globals, s, sp);
                            case Op.IMPORT_NAME -> sp = GenericInstructions.importName(t, ci, arg, s, sp);
                            case Op.IMPORT_FROM -> sp = GenericInstructions.importFrom(t, ci, arg, s, sp);
                            case Op.RAISE_VARARGS -> throw GenericInstructions.raise(t, arg, s, sp);
                            case Op.RERAISE -> throw StackInstructions.reraise(s, sp);
                            case Op.PUSH_EXC_INFO -> GenericInstructions.pushExcInfo(t, s, sp++);
                            case Op.POP_EXCEPT -> GenericInstructions.popExcept(t, s[--sp]);
                            case Op.CHECK_EXC_MATCH -> GenericInstructions.checkExcMatch(t, s, sp);
                            case Op.LOAD_ASSERTION_ERROR -> s[sp++] = t.vm.classObj(ClassTable.ASSERTION_ERROR);
                            case Op.BEFORE_WITH -> sp = WithStatement.beforeWith(t, s, sp);
                            case Op.WITH_EXCEPT_START -> sp = WithStatement.withExceptStart(t, s, sp);
                            default -> throw new IllegalStateException("opcode " + op + " at offset " + instr + " in "
                                + ci.code.name() + " is not implemented");
                        }
                    }
                } catch (PyError e) {
                    long exc = t.materialize(e);
                    if (!e.reraised) {
                        t.addTraceback(exc, ci.index, ci.code.lineAt(instr));
                    }
                    e.reraised = false;
                    ExceptionTable.Entry h = ci.code.exceptionTable().handlerFor(instr);
                    if (h == null) {
                        throw e;
                    }
                    int depth = sb + h.depth();
                    while (sp > depth) {
                        t.xdecref(s[--sp]);
                        s[sp] = 0;
                    }
                    s[sp++] = exc;
                    e.exc = 0;
                    pc = h.target();
                } catch (StackOverflowError so) {
                    throw new PyError(ClassTable.RECURSION_ERROR, "maximum recursion depth exceeded");
                }
            }
            // on-stack replacement at the loop header pc: the compiled code takes over the value
            // stack [sb, sp) (its depth there is the verifier's static depth) and runs to the end
            sp = sb;
            return osr.run(t, globals, fp, pc);
        } finally {
            leaveFrame(t, fp, sp, savedTop);
        }
    }

    /**
     * True if the next instruction stores the result of this operation into the local that holds
     * {@code a}, and that local plus this stack slot are {@code a}'s only references: then the
     * operation may overwrite {@code a} in place (no allocation, no free), which no other code
     * can observe. CPython does this for str concatenation (BINARY_OP_INPLACE_ADD_UNICODE).
     */
    private static boolean storesBackInPlace(VmThread t, char[] code, int pc, long[] s, int fp, long a) {
        int next = code[pc];
        return (next & 0xFF) == Op.STORE_FAST && s[fp + (next >>> 8)] == a && t.hasExactlyTwoOwnReferences(a);
    }

    /**
     * FOR_ITER and its quickened forms: the next item (owned) or 0 when the iterator is exhausted
     * (the caller releases it). FOR_ITER_RANGE reuses the loop variable's int when the next
     * instruction stores into it ({@link StackInstructions#rangeNext}); a failed guard deoptimises.
     */
    private static long nextItem(VmThread t, int op, char[] code, int instr, int cp, int pc, long it, long[] s, int fp,
                                 boolean specialise) {
        if (op == Op.FOR_ITER_RANGE || op == Op.FOR_ITER_LIST) {
            int kind = typeOf(it) == TypeIds.ITER ? UnsafeApi.getInt(it + ITER_KIND) : -1;
            if (op == Op.FOR_ITER_RANGE && kind == Iterators.RANGE) {
                t.specHits++;
                int next = code[pc];
                return StackInstructions.rangeNext(t, it, s, (next & 0xFF) == Op.STORE_FAST ? fp + (next >>> 8) : -1);
            }
            if (op == Op.FOR_ITER_LIST && kind == Iterators.LIST) {
                t.specHits++;
                long x = StackInstructions.listNext(t, it);
                if (x != 0) {
                    return x;
                }
            } else {
                Specializer.deopt(t, code, instr, cp, Opcode.FOR_ITER);
            }
        } else if (op == Op.FOR_ITER && specialise) {
            Specializer.forIter(t, code, instr, cp, it);
        }
        return Iterators.next(t, it);
    }

    public static boolean cmp(int op, int c) {
        return switch (op) {
            case 0 -> c < 0;
            case 1 -> c <= 0;
            case 2 -> c == 0;
            case 3 -> c != 0;
            case 4 -> c > 0;
            default -> c >= 0;
        };
    }
}
