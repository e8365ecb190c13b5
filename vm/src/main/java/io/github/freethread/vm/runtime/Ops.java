package io.github.freethread.vm.runtime;

import static io.github.freethread.vm.runtime.Layouts.*;
import static io.github.freethread.vm.runtime.VmThread.*;

import org.agrona.UnsafeApi;

/**
 * Generic object operations with Python semantics: hashing, equality and ordering, truth,
 * binary operators over every type (numbers delegate to {@link Numbers}), membership and length.
 * Arguments are borrowed; object results are owned.
 */
public final class Ops {
    private Ops() {
    }

    // ------------------------------------------------------------------ hash / eq

    public static long hash(VmThread t, long o) {
        switch (typeOf(o)) {
            case TypeIds.INT, TypeIds.BOOL:
                return Numbers.hashLong(intValue(o));
            case TypeIds.BIGINT:
                return Numbers.hashBig(bigValue(o));
            case TypeIds.FLOAT:
                return Numbers.hashDouble(floatValue(o), o);
            case TypeIds.STR:
                return strHash(o);
            case TypeIds.TUPLE: {
                t.enterRecursive("");
                try {
                    return tupleHash(t, o);
                } finally {
                    t.leaveRecursive();
                }
            }
            case TypeIds.LIST, TypeIds.DICT, TypeIds.SLICE, TypeIds.DICT_VIEW:
                throw PyError.typeError("unhashable type: '" + typeName(o) + "'");
            default:
                return (o >>> 4) | (o << 60) >>> 1;
        }
    }

    private static long tupleHash(VmThread t, long o) {
        final long p1 = 0x9E3779B185EBCA87L;
        final long p2 = 0xC2B2AE3D27D4EB4FL;
        final long p5 = 0x27D4EB2F165667C5L;
        long n = tupleSize(o);
        long acc = p5;
        for (long i = 0; i < n; i++) {
            long lane = hash(t, tupleItem(o, i));
            acc += lane * p2;
            acc = Long.rotateLeft(acc, 31);
            acc *= p1;
        }
        acc += n ^ (p5 ^ 3527539L);
        return acc == -1 ? 1546275796L : acc;
    }

    /** Python {@code a == b}. */
    public static boolean eq(VmThread t, long a, long b) {
        if (a == b) {
            return true; // identity implies equality (PyObject_RichCompareBool), NaN included
        }
        int ta = typeOf(a);
        int tb = typeOf(b);
        if (Numbers.isNumber(a) && Numbers.isNumber(b)) {
            return Numbers.compare(a, b) == 0;
        }
        if (ta != tb) {
            return false;
        }
        if (ta == TypeIds.TUPLE || ta == TypeIds.LIST || ta == TypeIds.DICT) {
            t.enterRecursive(" in comparison");
            try {
                return sameTypeEq(t, ta, a, b);
            } finally {
                t.leaveRecursive();
            }
        }
        return sameTypeEq(t, ta, a, b);
    }

    /** {@code a == b} for two objects of the same type id {@code ta} (containers recurse through {@link #eq}). */
    private static boolean sameTypeEq(VmThread t, int ta, long a, long b) {
        switch (ta) {
            case TypeIds.STR:
                return strEquals(a, b);
            case TypeIds.TUPLE: {
                long n = tupleSize(a);
                if (n != tupleSize(b)) {
                    return false;
                }
                for (long i = 0; i < n; i++) {
                    if (!eq(t, tupleItem(a, i), tupleItem(b, i))) {
                        return false;
                    }
                }
                return true;
            }
            case TypeIds.LIST: {
                if (Lists.size(a) != Lists.size(b)) {
                    return false;
                }
                long[][] ab = Lists.snapshotPairOwned(t, a, b); // both lists at one instant (two-lock section), owned
                try {
                    long[] xa = ab[0];
                    long[] xb = ab[1];
                    if (xa.length != xb.length) {
                        return false;
                    }
                    for (int i = 0; i < xa.length; i++) {
                        if (!eq(t, xa[i], xb[i])) {
                            return false;
                        }
                    }
                    return true;
                } finally {
                    Lists.release(t, ab[0]);
                    Lists.release(t, ab[1]);
                }
            }
            case TypeIds.DICT:
                return Dicts.equal(t, a, b);
            case TypeIds.RANGE: {
                long na = UnsafeApi.getLong(a + RANGE_LENGTH);
                long nb = UnsafeApi.getLong(b + RANGE_LENGTH);
                if (na != nb) {
                    return false;
                }
                if (na == 0) {
                    return true;
                }
                if (UnsafeApi.getLong(a + RANGE_START) != UnsafeApi.getLong(b + RANGE_START)) {
                    return false;
                }
                return na == 1 || UnsafeApi.getLong(a + RANGE_STEP) == UnsafeApi.getLong(b + RANGE_STEP);
            }
            default:
                return false;
        }
    }

    /** Rich comparison; op is a CompareOp ordinal (LT, LE, EQ, NE, GT, GE). Returns the bool. */
    public static boolean compare(VmThread t, int op, long a, long b) {
        if (op == 2 || op == 3) {
            boolean e = a == b && typeOf(a) == TypeIds.FLOAT ? !Double.isNaN(floatValue(a)) : eq(t, a, b);
            return op == 2 ? e : !e;
        }
        int c = order(t, op, a, b);
        if (c == 2) {
            return false; // NaN: every ordering is false
        }
        return switch (op) {
            case 0 -> c < 0;
            case 1 -> c <= 0;
            case 4 -> c > 0;
            default -> c >= 0;
        };
    }

    static final String[] CMP_SYMBOLS = {"<", "<=", "==", "!=", ">", ">="};

    /** Three-way ordering (2 = unordered NaN); TypeError for types that do not order. */
    public static int order(VmThread t, int op, long a, long b) {
        if (Numbers.isNumber(a) && Numbers.isNumber(b)) {
            return Numbers.compare(a, b);
        }
        int ta = typeOf(a);
        if (ta == typeOf(b) && (ta == TypeIds.TUPLE || ta == TypeIds.LIST)) {
            t.enterRecursive(" in comparison");
            try {
                return nonNumberOrder(t, op, a, b);
            } finally {
                t.leaveRecursive();
            }
        }
        return nonNumberOrder(t, op, a, b);
    }

    /** {@link #order} past the numbers: str, tuple and list orderings, else TypeError. */
    private static int nonNumberOrder(VmThread t, int op, long a, long b) {
        int ta = typeOf(a);
        int tb = typeOf(b);
        if (ta == tb) {
            switch (ta) {
                case TypeIds.STR:
                    return Integer.signum(str(a).compareTo(str(b)));
                case TypeIds.TUPLE: {
                    long na = tupleSize(a);
                    long nb = tupleSize(b);
                    for (long i = 0; i < na && i < nb; i++) {
                        long x = tupleItem(a, i);
                        long y = tupleItem(b, i);
                        if (!eq(t, x, y)) {
                            int c = order(t, op, x, y);
                            return c;
                        }
                    }
                    return Long.compare(na, nb);
                }
                case TypeIds.LIST: {
                    long[][] ab = Lists.snapshotPairOwned(t, a, b); // owned: compared without holding the locks
                    try {
                        long[] xa = ab[0];
                        long[] xb = ab[1];
                        for (int i = 0; i < xa.length && i < xb.length; i++) {
                            if (!eq(t, xa[i], xb[i])) {
                                return order(t, op, xa[i], xb[i]);
                            }
                        }
                        return Integer.compare(xa.length, xb.length);
                    } finally {
                        Lists.release(t, ab[0]);
                        Lists.release(t, ab[1]);
                    }
                }
                default:
                    break;
            }
        }
        throw PyError.typeError("'" + CMP_SYMBOLS[op] + "' not supported between instances of '" + typeName(a)
            + "' and '" + typeName(b) + "'");
    }

    // ------------------------------------------------------------------ truth, len

    public static boolean truth(long o) {
        switch (typeOf(o)) {
            case TypeIds.BOOL, TypeIds.INT:
                return intValue(o) != 0;
            case TypeIds.NONE:
                return false;
            case TypeIds.FLOAT:
                return floatValue(o) != 0;
            case TypeIds.BIGINT:
                return true;
            case TypeIds.STR:
                return strLength(o) != 0;
            case TypeIds.TUPLE:
                return tupleSize(o) != 0;
            case TypeIds.LIST:
                return Lists.size(o) != 0;
            case TypeIds.DICT:
                return Dicts.size(o) != 0;
            case TypeIds.RANGE:
                return UnsafeApi.getLong(o + RANGE_LENGTH) != 0;
            case TypeIds.DICT_VIEW:
                return Dicts.size(UnsafeApi.getLong(o + ITER_TARGET)) != 0;
            default:
                return true;
        }
    }

    /** len(o), or -1 if o has no length. */
    public static long lengthOrMinus(long o) {
        return switch (typeOf(o)) {
            case TypeIds.STR -> strLength(o);
            case TypeIds.TUPLE -> tupleSize(o);
            case TypeIds.LIST -> Lists.size(o);
            case TypeIds.DICT -> Dicts.size(o);
            case TypeIds.RANGE -> UnsafeApi.getLong(o + RANGE_LENGTH);
            case TypeIds.DICT_VIEW -> Dicts.size(UnsafeApi.getLong(o + ITER_TARGET));
            default -> -1;
        };
    }

    public static long length(long o) {
        long n = lengthOrMinus(o);
        if (n < 0) {
            throw PyError.typeError("object of type '" + typeName(o) + "' has no len()");
        }
        return n;
    }

    // ------------------------------------------------------------------ binary operators

    /** {@code a op b} for a BinaryOp oparg (in-place forms included). */
    public static long binary(VmThread t, int oparg, long a, long b) {
        boolean inplace = oparg >= 12;
        int op = inplace ? oparg - 12 : oparg;
        if (Numbers.isNumber(a) && Numbers.isNumber(b)) {
            return Numbers.binary(t, op, a, b);
        }
        int ta = typeOf(a);
        int tb = typeOf(b);
        if (op == Numbers.ADD) {
            if (ta == TypeIds.STR && tb == TypeIds.STR) {
                return Strings.concat(t, a, b);
            }
            if (ta == TypeIds.LIST && tb == TypeIds.LIST) {
                if (inplace) {
                    Sequences.extend(t, a, b);
                    return t.newRef(a);
                }
                long[][] ab = Lists.snapshotPairOwned(t, a, b); // owned; taken over by the new list
                long r = Lists.newList(t, ab[0].length + ab[1].length);
                for (long x : ab[0]) {
                    Lists.appendPrivate(t, r, x);
                }
                for (long x : ab[1]) {
                    Lists.appendPrivate(t, r, x);
                }
                return r;
            }
            if (ta == TypeIds.LIST && inplace) {
                Sequences.extend(t, a, b);
                return t.newRef(a);
            }
            if (ta == TypeIds.TUPLE && tb == TypeIds.TUPLE) {
                long na = tupleSize(a);
                long nb = tupleSize(b);
                long r = t.newTuple(na + nb);
                for (long i = 0; i < na; i++) {
                    tupleInit(r, i, t.newRef(tupleItem(a, i)));
                }
                for (long i = 0; i < nb; i++) {
                    tupleInit(r, na + i, t.newRef(tupleItem(b, i)));
                }
                return r;
            }
            if (ta == TypeIds.STR || ta == TypeIds.LIST || ta == TypeIds.TUPLE) {
                String n = typeName(a);
                throw PyError.typeError("can only concatenate " + n + " (not \"" + typeName(b) + "\") to " + n);
            }
        }
        if (op == Numbers.MULTIPLY) {
            if (inplace && ta == TypeIds.LIST && isInt(b)) {
                long r = Sequences.repeat(t, a, b);
                long[] items = Lists.snapshotOwned(t, r);
                Lists.replaceAll(t, a, items, items.length);
                t.decref(r);
                return t.newRef(a);
            }
            if (isSeq(ta) && isInt(b)) {
                return Sequences.repeat(t, a, b);
            }
            if (isSeq(tb) && isInt(a)) {
                return Sequences.repeat(t, b, a);
            }
            if (isSeq(ta) && Numbers.isNumber(b) || isSeq(tb) && Numbers.isNumber(a)) {
                throw PyError.typeError("can't multiply sequence by non-int of type '" + typeName(isSeq(ta) ? b : a) + "'");
            }
        }
        if (op == Numbers.REMAINDER && ta == TypeIds.STR) {
            return Strings.percentFormat(t, a, b);
        }
        String sym = Numbers.symbol(op) + (inplace ? "=" : "");
        if (op == Numbers.POWER && inplace) {
            sym = "**=";
        }
        throw PyError.typeError("unsupported operand type(s) for " + sym + ": '" + typeName(a) + "' and '" + typeName(b) + "'");
    }

    private static boolean isSeq(int type) {
        return type == TypeIds.STR || type == TypeIds.LIST || type == TypeIds.TUPLE;
    }

    public static long negative(VmThread t, long a) {
        int ta = typeOf(a);
        if (ta == TypeIds.FLOAT) {
            return t.newFloat(-floatValue(a));
        }
        if (ta == TypeIds.INT || ta == TypeIds.BOOL) {
            long v = intValue(a);
            return v == Long.MIN_VALUE ? t.newInt(bigValue(a).negate()) : t.newInt(-v);
        }
        if (ta == TypeIds.BIGINT) {
            return t.newInt(bigValue(a).negate());
        }
        throw PyError.typeError("bad operand type for unary -: '" + typeName(a) + "'");
    }

    public static long positive(VmThread t, long a) {
        int ta = typeOf(a);
        if (ta == TypeIds.BOOL) {
            return t.newInt(intValue(a));
        }
        if (Numbers.isNumber(a)) {
            return t.newRef(a);
        }
        throw PyError.typeError("bad operand type for unary +: '" + typeName(a) + "'");
    }

    public static long invert(VmThread t, long a) {
        int ta = typeOf(a);
        if (ta == TypeIds.INT || ta == TypeIds.BOOL) {
            return t.newInt(~intValue(a));
        }
        if (ta == TypeIds.BIGINT) {
            return t.newInt(bigValue(a).not());
        }
        throw PyError.typeError("bad operand type for unary ~: '" + typeName(a) + "'");
    }

    // ------------------------------------------------------------------ membership

    public static boolean contains(VmThread t, long container, long x) {
        switch (typeOf(container)) {
            case TypeIds.STR: {
                if (typeOf(x) != TypeIds.STR) {
                    throw PyError.typeError("'in <string>' requires string as left operand, not " + typeName(x));
                }
                return str(container).contains(str(x));
            }
            case TypeIds.LIST: {
                long[] items = Lists.snapshotOwned(t, container); // owned: compared without the lock
                try {
                    for (long y : items) {
                        if (eq(t, y, x)) {
                            return true;
                        }
                    }
                    return false;
                } finally {
                    Lists.release(t, items);
                }
            }
            case TypeIds.TUPLE: {
                long n = tupleSize(container);
                for (long i = 0; i < n; i++) {
                    if (eq(t, tupleItem(container, i), x)) {
                        return true;
                    }
                }
                return false;
            }
            case TypeIds.DICT:
                return Dicts.contains(t, container, x);
            case TypeIds.RANGE: {
                if (!isInt(x)) {
                    return Iterators.containsByIteration(t, container, x);
                }
                long start = UnsafeApi.getLong(container + RANGE_START);
                long step = UnsafeApi.getLong(container + RANGE_STEP);
                long n = UnsafeApi.getLong(container + RANGE_LENGTH);
                if (typeOf(x) == TypeIds.BIGINT) {
                    return false;
                }
                long v = intValue(x);
                long off = v - start;
                if (off % step != 0) {
                    return false;
                }
                long k = off / step;
                return k >= 0 && k < n;
            }
            case TypeIds.DICT_VIEW: {
                int kind = UnsafeApi.getInt(container + ITER_KIND);
                long d = UnsafeApi.getLong(container + ITER_TARGET);
                if (kind == Iterators.DICT_KEYS) {
                    return Dicts.contains(t, d, x);
                }
                return Iterators.containsByIteration(t, container, x);
            }
            default:
                if (typeOf(container) == TypeIds.ITER) {
                    return Iterators.containsByIteration(t, container, x);
                }
                throw PyError.typeError("argument of type '" + typeName(container) + "' is not iterable");
        }
    }
}
