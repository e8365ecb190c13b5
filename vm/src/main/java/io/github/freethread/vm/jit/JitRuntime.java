package io.github.freethread.vm.jit;

import static io.github.freethread.vm.runtime.Layouts.*;
import static io.github.freethread.vm.runtime.VmThread.*;

import org.agrona.UnsafeApi;

import io.github.freethread.vm.bytecode.ExceptionTable;
import io.github.freethread.vm.interp.FrameCounts;
import io.github.freethread.vm.interp.GenericInstructions;
import io.github.freethread.vm.interp.NumericResults;
import io.github.freethread.vm.interp.QuickenedInstructions;
import io.github.freethread.vm.interp.StackInstructions;
import io.github.freethread.vm.runtime.Numbers;
import io.github.freethread.vm.runtime.ClassTable;
import io.github.freethread.vm.runtime.CodeInfo;
import io.github.freethread.vm.runtime.Iterators;
import io.github.freethread.vm.runtime.ListFastPaths;
import io.github.freethread.vm.runtime.ListFloats;
import io.github.freethread.vm.runtime.Lists;
import io.github.freethread.vm.runtime.Ops;
import io.github.freethread.vm.runtime.PyError;
import io.github.freethread.vm.runtime.Sequences;
import io.github.freethread.vm.runtime.TypeIds;
import io.github.freethread.vm.runtime.VmThread;

/**
 * The static methods compiled code calls ({@link JitCompiler} emits {@code invokestatic}s of
 * them). Small on purpose: C2 inlines them into each compiled Python function. Guarded fast paths
 * return 0 / false / -1 on a guard failure; the compiled code then takes the generic path inline
 * (it never rewrites any thread's quickened code). Stack conventions are the interpreter's
 * ({@code s}, {@code sp}, operands owned until success).
 */
public final class JitRuntime {
    private JitRuntime() {
    }

    // ------------------------------------------------------------------ frame

    public static void poll(VmThread t) {
        t.countSafePoint();
    }

    public static RuntimeException badEntry(CompiledCode cc, int entry) {
        return new IllegalStateException("compiled " + cc.ci.code.name() + " has no entry at offset " + entry);
    }

    public static PyError unbound(CompiledCode cc, int slot) {
        return StackInstructions.unbound(cc.ci, slot);
    }

    /**
     * The exception path of compiled code (the interpreter's catch block): materialise the error,
     * add this frame's traceback entry (unless re-raised here), release the owned value-stack
     * slots of the raising instruction above the handler's depth ({@link CompiledCode#ownedAt}),
     * push the exception and return the handler's offset; without a handler release them all
     * and rethrow. A StackOverflowError becomes RecursionError, as in the interpreter.
     */
    public static int unwind(CompiledCode cc, VmThread t, Throwable x, int instr, long[] s, int sb) {
        PyError e;
        if (x instanceof PyError p) {
            e = p;
        } else if (x instanceof StackOverflowError) {
            e = new PyError(ClassTable.RECURSION_ERROR, "maximum recursion depth exceeded");
        } else if (x instanceof RuntimeException r) {
            throw r;
        } else if (x instanceof Error err) {
            throw err;
        } else {
            throw new IllegalStateException(x);
        }
        CodeInfo ci = cc.ci;
        long exc = t.materialize(e);
        if (!e.reraised) {
            t.addTraceback(exc, ci.index, ci.code.lineAt(instr));
        }
        e.reraised = false;
        ExceptionTable.Entry h = ci.code.exceptionTable().handlerFor(instr);
        long owned = cc.ownedAt(instr);
        int keep = h == null ? 0 : h.depth();
        for (int d = keep; d < 64; d++) {
            if ((owned & (1L << d)) != 0) {
                long v = s[sb + d];
                if (v != 0) {
                    s[sb + d] = 0;
                    FrameCounts.decref(t, v);
                }
            }
        }
        if (h == null) {
            throw e;
        }
        s[sb + keep] = exc;
        e.exc = 0;
        return h.target();
    }

    // ------------------------------------------------------------------ values

    public static boolean isFloat(long o) {
        return typeOf(o) == TypeIds.FLOAT;
    }

    public static boolean isInt(long o) {
        return typeOf(o) == TypeIds.INT;
    }

    public static boolean isFloatOrInt(long o) {
        int k = typeOf(o);
        return k == TypeIds.FLOAT || k == TypeIds.INT;
    }

    /** A FLOAT's value or an INT's value converted to double (round to nearest, as Python's int-to-float). */
    public static double toDouble(long o) {
        return typeOf(o) == TypeIds.FLOAT ? floatValue(o) : (double) intValue(o);
    }

    /** An unboxed-or-boxed int as an object: {@code o} if non-zero, else the int {@code v} (small ints are the immortal ones). */
    public static long boxLong(VmThread t, long o, long v) {
        return o != 0 ? o : t.newInt(v);
    }

    /**
     * STORE_FAST of an unboxed int. Inline fast path (small enough for C2 to inline at every
     * site of a large compiled body): a small int {@code v} replacing an immortal local (both
     * shared immortals, no counting). Anything else: {@link #storeLongSlow}.
     */
    public static void storeLong(VmThread t, long[] s, int i, long v) {
        long old = s[i];
        if (v >= -5 && v <= 256 && old != 0 && isImmortal(old)) {
            s[i] = t.smallInt(v);
            return;
        }
        storeLongSlow(t, s, i, v);
    }

    /**
     * {@link #storeLong}'s general path: overwrites the local's INT in place if the local is its
     * only reference and {@code v} is not a small int (those are shared immortals), else stores
     * {@code newInt(v)}.
     */
    public static void storeLongSlow(VmThread t, long[] s, int i, long v) {
        long old = s[i];
        if (old != 0 && (v < -5 || v > 256) && typeOf(old) == TypeIds.INT && t.hasExactlyOneOwnReference(old)) {
            UnsafeApi.putLong(old + INT_VALUE, v);
            return;
        }
        s[i] = t.newInt(v);
        if (old != 0) {
            FrameCounts.decref(t, old);
        }
    }

    /** {@code x op y} of a comparison (CompareOp ordinal) on longs. */
    public static boolean compareLongs(int arg, long x, long y) {
        return ((COMPARE_TABLE >>> (3 * arg + Long.compare(x, y) + 1)) & 1) != 0;
    }

    /**
     * {@link #compareLongs}' truth table: bits {@code 3*op .. 3*op+2} are the result of CompareOp
     * ordinal {@code op} (LT LE EQ NE GT GE) for {@code Long.compare} = -1, 0, 1. A shift and a
     * mask instead of {@code Interpreter.cmp}'s switch: 20 bytecodes, so C2 inlines it everywhere
     * (CompiledIntCompareTest checks it against the switch for every op).
     */
    static final long COMPARE_TABLE = 0b001L | 0b011L << 3 | 0b010L << 6 | 0b101L << 9 | 0b100L << 12 | 0b110L << 15;

    /** c[k] for an unboxed index: the lock-free list read inline ({@link ListFastPaths#getFast}), else {@link #subscriptLongSlow}. */
    public static long subscriptLong(VmThread t, long c, long k) {
        if (typeOf(c) == TypeIds.LIST) {
            long r = ListFastPaths.getFast(t, c, k);
            if (r != 0) {
                return r;
            }
        }
        return subscriptLongSlow(t, c, k);
    }

    /** c[k] for an unboxed index: list/tuple directly (no int object), else generic with a boxed index. */
    public static long subscriptLongSlow(VmThread t, long c, long k) {
        int tc = typeOf(c);
        if (tc == TypeIds.LIST && k >= 0) {
            long r = Lists.getOwned(t, c, k);
            if (r != 0) {
                return r;
            }
        } else if (tc == TypeIds.TUPLE && k >= 0 && k < tupleSize(c)) {
            long r = tupleItem(c, k);
            FrameCounts.incref(t, r);
            return r;
        }
        long i = t.newInt(k);
        try {
            return Sequences.getItem(t, c, i);
        } finally {
            FrameCounts.decref(t, i);
        }
    }

    /** c[k] = v for an unboxed index: the elided list store inline ({@link ListFastPaths#setFast}), else {@link #storeSubscrLongSlow}. */
    public static void storeSubscrLong(VmThread t, long v, long c, long k) {
        if (typeOf(c) == TypeIds.LIST && ListFastPaths.setFast(t, c, k, v)) {
            return;
        }
        storeSubscrLongSlow(t, v, c, k);
    }

    /** c[k] = v for an unboxed index (list fast path, else generic with a boxed index). */
    public static void storeSubscrLongSlow(VmThread t, long v, long c, long k) {
        if (typeOf(c) == TypeIds.LIST && k >= 0 && Lists.set(t, c, k, v)) {
            return;
        }
        long i = t.newInt(k);
        try {
            Sequences.setItem(t, c, i, v);
        } finally {
            FrameCounts.decref(t, i);
        }
    }

    /** True if {@code x // y} and {@code x % y} are plain 64-bit operations (no zero divisor, no MIN // -1). */
    /**
     * True if {@code x ** y} is an int that {@link Numbers#exactPower} computes in a long: a
     * non-negative exponent and, unless the base is 0 or ±1, {@code bitLength(|x|) * y <= 62}
     * (conservative: a false answer only sends the operation to the generic path).
     */
    public static boolean powerFits(long x, long y) {
        if (y < 0) {
            return false;
        }
        if (x >= -1 && x <= 1) {
            return true;
        }
        return y < Long.SIZE && (Long.SIZE - Long.numberOfLeadingZeros(Math.abs(x))) * y <= 62;
    }

    public static boolean divisionFits(long x, long y) {
        return y != 0 && (x != Long.MIN_VALUE || y != -1);
    }

    public static long floorDiv(long x, long y) {
        return Math.floorDiv(x, y);
    }

    public static long floorMod(long x, long y) {
        return Math.floorMod(x, y);
    }

    public static boolean bothInts(long a, long b) {
        return typeOf(a) == TypeIds.INT && typeOf(b) == TypeIds.INT;
    }

    /** An unboxed-or-boxed value as an object: {@code o} if non-zero, else a new float {@code d}. */
    public static long box(VmThread t, long o, double d) {
        return o != 0 ? o : t.newFloat(d);
    }

    // Counting: an immortal object (None, bools, small ints, constants) needs none, and is tested
    // inline first; only a mortal one calls FrameCounts. This keeps each inlined site small (C2's
    // budget for one compiled body counts the bytecodes of everything it inlines).

    public static void xdecref(VmThread t, long o) {
        if (o != 0 && !isImmortal(o)) {
            FrameCounts.decref(t, o);
        }
    }

    public static void incref(VmThread t, long o) {
        if (!isImmortal(o)) {
            FrameCounts.incref(t, o);
        }
    }

    public static void decref(VmThread t, long o) {
        if (!isImmortal(o)) {
            FrameCounts.decref(t, o);
        }
    }

    /** STORE_FAST of an owned value into data-stack slot {@code i}. */
    public static void storeLocal(VmThread t, long[] s, int i, long v) {
        long old = s[i];
        s[i] = v;
        if (old != 0 && !isImmortal(old)) {
            FrameCounts.decref(t, old);
        }
    }

    /**
     * STORE_FAST of an unboxed float: overwrites the local's float in place if the local is its
     * only reference (nobody else can see the object: as the interpreter's NumericResults rule
     * 1), else stores a new float.
     */
    public static void storeDouble(VmThread t, long[] s, int i, double d) {
        long old = s[i];
        if (old != 0 && typeOf(old) == TypeIds.FLOAT && t.hasExactlyOneOwnReference(old)) {
            UnsafeApi.putDouble(old + FLOAT_VALUE, d);
            return;
        }
        s[i] = t.newFloat(d);
        if (old != 0) {
            FrameCounts.decref(t, old);
        }
    }

    public static long bool(VmThread t, long c) {
        return c != 0 ? t.trueObj : t.falseObj;
    }

    public static long isTrueObj(VmThread t, long o) {
        return o == t.trueObj ? 1 : 0;
    }

    /** Truth value of a borrowed object. */
    public static boolean truth(VmThread t, long c) {
        return c == t.trueObj || c != t.falseObj && Ops.truth(c);
    }

    /** Truth value of an owned object, which is released. */
    public static boolean truthDrop(VmThread t, long c) {
        boolean b = truth(t, c);
        FrameCounts.decref(t, c);
        return b;
    }

    /**
     * The generic path of a binary operator on compiled-code operands: each is an object
     * ({@code o != 0}, borrowed) or an unboxed float {@code d} (boxed here for the call and
     * released after, also when the operator raises). Returns the owned result.
     */
    public static long numberSlow(VmThread t, int arg, long oa, double da, long ob, double db) {
        return boxedOperation(t, arg, oa, da, ob, db, false);
    }

    /** {@link Ops#binary} ({@code compare} false) or {@link Ops#compare} (0 / 1) on boxed operands, boxes released after. */
    private static long boxedOperation(VmThread t, int arg, long oa, double da, long ob, double db, boolean compare) {
        long a = oa != 0 ? oa : t.newFloat(da);
        long b = 0;
        try {
            b = ob != 0 ? ob : t.newFloat(db);
            return compare ? (Ops.compare(t, arg, a, b) ? 1 : 0) : Ops.binary(t, arg, a, b);
        } finally {
            if (oa == 0) {
                FrameCounts.decref(t, a);
            }
            if (ob == 0 && b != 0) {
                FrameCounts.decref(t, b);
            }
        }
    }

    /** -o for a borrowed object that is not a float (owned result). */
    public static long negative(VmThread t, long o) {
        return Ops.negative(t, o);
    }

    /**
     * A comparison on compiled-code operands (object or unboxed float, as {@link #numberSlow}):
     * two floats or two ints directly (COMPARE_OP_FLOAT / _INT), else the generic comparison.
     */
    public static boolean compare(VmThread t, int arg, long oa, double da, long ob, double db) {
        boolean fa = oa == 0 || typeOf(oa) == TypeIds.FLOAT;
        boolean fb = ob == 0 || typeOf(ob) == TypeIds.FLOAT;
        if (fa && fb) {
            return NumericResults.compareFloats(arg, oa == 0 ? da : floatValue(oa), ob == 0 ? db : floatValue(ob));
        }
        if (oa != 0 && ob != 0 && bothInts(oa, ob)) {
            return io.github.freethread.vm.interp.Interpreter.cmp(arg, Long.compare(intValue(oa), intValue(ob)));
        }
        return boxedOperation(t, arg, oa, da, ob, db, true) != 0;
    }

    /** BINARY_OP_*_INT: int fast path, else the generic operator; pops both, pushes the result. */
    public static int intArithmetic(VmThread t, int quickOp, int arg, long[] s, int sp) {
        long a = s[sp - 2];
        long b = s[sp - 1];
        if (bothInts(a, b)) {
            long x = intValue(a);
            long y = intValue(b);
            long z = QuickenedInstructions.intOp(quickOp, x, y);
            if (QuickenedInstructions.intFits(quickOp, x, y, z)) {
                return NumericResults.pushInt(t, s, sp, a, b, z);
            }
        }
        return GenericInstructions.binaryOp(t, null, 0, 0, arg, s, sp, false);
    }

    // ------------------------------------------------------------------ names and attributes

    public static int moduleAttribute(VmThread t, CodeInfo ci, int arg, int ix, int version, long[] s, int sp, boolean method) {
        int r = QuickenedInstructions.moduleAttributeCached(t, ix, version, s, sp, method);
        if (r >= 0) {
            t.specHits++;
            return r;
        }
        if (method) {
            return GenericInstructions.loadMethod(t, ci, null, 0, 0, arg, s, sp, false);
        }
        GenericInstructions.loadAttr(t, ci, null, 0, 0, arg, s, sp, false);
        return sp;
    }

    public static int builtinMethod(VmThread t, CodeInfo ci, int arg, int typeId, int methodId, long[] s, int sp) {
        int r = QuickenedInstructions.builtinMethodCached(t, typeId, methodId, s, sp);
        if (r >= 0) {
            t.specHits++;
            return r;
        }
        return GenericInstructions.loadMethod(t, ci, null, 0, 0, arg, s, sp, false);
    }

    public static long assertionError(VmThread t) {
        return t.vm.classObj(ClassTable.ASSERTION_ERROR);
    }

    // ------------------------------------------------------------------ containers

    /**
     * c[i] on borrowed operands (owned result). Inline fast path: list[int] by {@link ListFastPaths#getFast}
     * (immortal or own item, read lock-free); anything else {@link #subscriptSlow}. Kept small so
     * that C2 inlines it at every site of a large compiled body (its inlining budget is the
     * bytecode size of everything it inlines: HotSpot's DesiredMethodLimit).
     */
    public static long subscript(VmThread t, long c, long i) {
        if (typeOf(c) == TypeIds.LIST && typeOf(i) == TypeIds.INT) {
            long r = ListFastPaths.getFast(t, c, intValue(i));
            if (r != 0) {
                return r;
            }
        }
        return subscriptSlow(t, c, i);
    }

    /** c[i] on borrowed operands (owned result): list[int] lock-free, tuple[int], else generic. */
    public static long subscriptSlow(VmThread t, long c, long i) {
        int tc = typeOf(c);
        if ((tc == TypeIds.LIST || tc == TypeIds.TUPLE) && typeOf(i) == TypeIds.INT) {
            long k = intValue(i);
            if (tc == TypeIds.LIST) {
                long r = k >= 0 ? Lists.getOwned(t, c, k) : 0;
                if (r != 0) {
                    return r;
                }
            } else if (k >= 0 && k < tupleSize(c)) {
                long r = tupleItem(c, k);
                FrameCounts.incref(t, r);
                return r;
            }
        }
        return Sequences.getItem(t, c, i);
    }

    /**
     * c[k] as a double without a float object: the address (uncounted, read at once by the
     * compiled code) of item {@code k >= 0} if it is a float that the code may read without
     * counting — a tuple's item (the tuple keeps it alive, floats are immutable to others) or
     * a list's item this thread owns ({@link ListFloats#ownFloatItem}) — else 0 (the caller
     * takes the counted {@link #subscript} path).
     */
    public static long floatItem(VmThread t, long c, long k) {
        int tc = typeOf(c);
        if (tc == TypeIds.LIST) {
            return ListFloats.ownFloatItem(t, c, k);
        }
        if (tc == TypeIds.TUPLE && k >= 0 && k < tupleSize(c)) {
            long v = tupleItem(c, k);
            return typeOf(v) == TypeIds.FLOAT ? v : 0;
        }
        return 0;
    }

    /**
     * BINARY_SUBSCR whose value feeds a float operator, into the DUAL entry at {@code s[at]}
     * (the container's slot, which holds no reference): an int index and a float item
     * {@link #floatItem} may read uncounted give its value with {@code s[at] = 0}; anything else
     * the owned result of {@link #subscript} (any type) in {@code s[at]}, and 0.0.
     */
    public static double floatSubscript(VmThread t, long[] s, int at, long c, long i) {
        if (typeOf(i) == TypeIds.INT) {
            return floatSubscriptLong(t, s, at, c, intValue(i));
        }
        s[at] = subscript(t, c, i);
        return 0.0;
    }

    /** {@link #floatSubscript} for an unboxed (constant) index. */
    public static double floatSubscriptLong(VmThread t, long[] s, int at, long c, long k) {
        long v = floatItem(t, c, k);
        if (v != 0) {
            s[at] = 0;
            return floatValue(v);
        }
        s[at] = subscriptLong(t, c, k);
        return 0.0;
    }

    /**
     * STORE_SUBSCR of the DUAL entry at {@code s[at]} (0: the value is {@code d}; else the
     * owned object): an unboxed value goes into a list without a float object, in place when
     * the old item is a float only the list references ({@link ListFloats#storeDouble}); else
     * it is boxed into {@code s[at]} (which the caller releases after) and stored generically.
     */
    public static void storeSubscrDouble(VmThread t, long[] s, int at, long c, long i, double d) {
        if (typeOf(i) == TypeIds.INT) {
            storeSubscrDoubleLong(t, s, at, c, intValue(i), d);
            return;
        }
        if (s[at] == 0) {
            s[at] = t.newFloat(d);
        }
        storeSubscr(t, s[at], c, i);
    }

    /** {@link #storeSubscrDouble} for an unboxed (constant) index. */
    public static void storeSubscrDoubleLong(VmThread t, long[] s, int at, long c, long k, double d) {
        long o = s[at];
        if (o == 0) {
            if (typeOf(c) == TypeIds.LIST && ListFloats.storeDouble(t, c, k, d)) {
                return;
            }
            o = t.newFloat(d);
            s[at] = o;
        }
        storeSubscrLong(t, o, c, k);
    }

    /** c[i] = v on borrowed operands: the elided list store inline ({@link ListFastPaths#setFast}), else {@link #storeSubscrSlow}. */
    public static void storeSubscr(VmThread t, long v, long c, long i) {
        if (typeOf(c) == TypeIds.LIST && typeOf(i) == TypeIds.INT && ListFastPaths.setFast(t, c, intValue(i), v)) {
            return;
        }
        storeSubscrSlow(t, v, c, i);
    }

    /** c[i] = v on borrowed operands (list[int] fast path, bound checked under the list's lock; else generic). */
    public static void storeSubscrSlow(VmThread t, long v, long c, long i) {
        if (typeOf(c) == TypeIds.LIST && typeOf(i) == TypeIds.INT && intValue(i) >= 0 && Lists.set(t, c, intValue(i), v)) {
            return;
        }
        Sequences.setItem(t, c, i, v);
    }

    /** Values left in a RANGE iterator, or -1 if {@code it} is not one. */
    public static long rangeLeft(long it) {
        if (typeOf(it) != TypeIds.ITER || UnsafeApi.getInt(it + ITER_KIND) != Iterators.RANGE) {
            return -1;
        }
        return Math.max(0, UnsafeApi.getLong(it + ITER_END));
    }

    /** The next value of a RANGE iterator with {@link #rangeLeft} > 0 (advances it). */
    public static long rangeTake(long it) {
        return StackInstructions.rangeTake(it);
    }

    /**
     * FOR_ITER: the next item (owned) or 0 when exhausted, then the iterator is released.
     * {@code reuseSlot} as {@link StackInstructions#rangeNext}.
     */
    public static long forIterNext(VmThread t, long it, long[] s, int reuseSlot) {
        long x = 0;
        if (typeOf(it) == TypeIds.ITER) {
            int kind = UnsafeApi.getInt(it + ITER_KIND);
            if (kind == Iterators.RANGE) {
                x = StackInstructions.rangeNext(t, it, s, reuseSlot);
                if (x == 0) {
                    FrameCounts.decref(t, it);
                }
                return x;
            }
            if (kind == Iterators.LIST) {
                x = StackInstructions.listNext(t, it);
            }
        }
        if (x == 0) {
            x = Iterators.next(t, it);
            if (x == 0) {
                FrameCounts.decref(t, it);
            }
        }
        return x;
    }

    /**
     * UNPACK_SEQUENCE: a tuple of exactly {@code n} items is unpacked directly (first item on
     * top, each with a new reference; no item array), anything else by the interpreter's body.
     */
    public static int unpack(VmThread t, int n, long[] s, int sp) {
        long seq = s[sp - 1];
        if (typeOf(seq) != TypeIds.TUPLE || tupleSize(seq) != n) {
            return StackInstructions.unpackSequence(t, n, s, sp);
        }
        sp--;
        for (int i = n - 1; i >= 0; i--) {
            long item = tupleItem(seq, i);
            FrameCounts.incref(t, item);
            s[sp++] = item;
        }
        FrameCounts.decref(t, seq); // the items keep their own references
        return sp;
    }
}
