package io.github.freethread.vm.builtins;

import static io.github.freethread.vm.builtins.BuiltinTable.*;
import static io.github.freethread.vm.runtime.VmThread.*;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Arrays;

import org.agrona.UnsafeApi;

import io.github.freethread.vm.interp.Calls;
import io.github.freethread.vm.runtime.ClassTable;
import io.github.freethread.vm.runtime.Iterators;
import io.github.freethread.vm.runtime.Layouts;
import io.github.freethread.vm.runtime.Lists;
import io.github.freethread.vm.runtime.Numbers;
import io.github.freethread.vm.runtime.Ops;
import io.github.freethread.vm.runtime.PyError;
import io.github.freethread.vm.runtime.Reprs;
import io.github.freethread.vm.runtime.TypeIds;
import io.github.freethread.vm.runtime.VmThread;

/** The functions of the builtins module (classes such as int and list are in {@link Constructors}). */
final class Builtins {
    private static final NumberedTable TABLE = Builtins::dispatch;

    private Builtins() {
    }

    static void register() {
        add("print", 0, null, new Numbered(TABLE, 0));
        add("len", 0, null, new Numbered(TABLE, 1));
        add("repr", 0, null, new Numbered(TABLE, 2));
        add("abs", 0, null, new Numbered(TABLE, 3));
        add("min", 0, null, new Numbered(TABLE, 4));
        add("max", 0, null, new Numbered(TABLE, 5));
        add("sum", 0, null, new Numbered(TABLE, 6));
        add("enumerate", 0, null, new Numbered(TABLE, 7));
        add("zip", 0, null, new Numbered(TABLE, 8));
        add("map", 0, null, new Numbered(TABLE, 9));
        add("filter", 0, null, new Numbered(TABLE, 10));
        add("sorted", 0, null, new Numbered(TABLE, 11));
        add("reversed", 0, null, new Numbered(TABLE, 12));
        add("round", 0, null, new Numbered(TABLE, 13));
        add("divmod", 0, null, new Numbered(TABLE, 14));
        add("pow", 0, null, new Numbered(TABLE, 15));
        add("isinstance", 0, null, new Numbered(TABLE, 16));
        add("hash", 0, null, new Numbered(TABLE, 17));
        add("id", 0, null, new Numbered(TABLE, 18));
        add("iter", 0, null, new Numbered(TABLE, 19));
        add("next", 0, null, new Numbered(TABLE, 20));
        add("all", 0, null, new Numbered(TABLE, 21));
        add("any", 0, null, new Numbered(TABLE, 22));
        add("callable", 0, null, new Numbered(TABLE, 23));
        add("chr", 0, null, new Numbered(TABLE, 24));
        add("ord", 0, null, new Numbered(TABLE, 25));
    }

    static boolean isInstance(VmThread t, long x, long cls) {
        if (typeOf(cls) == TypeIds.TUPLE) {
            for (long i = 0; i < tupleSize(cls); i++) {
                if (isInstance(t, x, tupleItem(cls, i))) {
                    return true;
                }
            }
            return false;
        }
        if (typeOf(cls) != TypeIds.CLASS) {
            throw PyError.typeError("isinstance() arg 2 must be a type, a tuple of types, or a union");
        }
        return ClassTable.isSubclass(classOf(x), UnsafeApi.getInt(cls + Layouts.CLASS_INDEX));
    }

    private static boolean allAny(VmThread t, long iterable, boolean all) {
        long it = Iterators.iter(t, iterable);
        try {
            long x;
            while ((x = Iterators.next(t, it)) != 0) {
                boolean b = Ops.truth(x);
                t.decref(x);
                if (b != all) {
                    return !all;
                }
            }
            return all;
        } finally {
            t.decref(it);
        }
    }

    private static long print(VmThread t, long self, long[] a, int o, int n, long k) {
        String sep = " ";
        String end = "\n";
        int nkw = kwCount(k);
        int npos = n - nkw;
        for (int i = 0; i < nkw; i++) {
            String name = kwName(k, i);
            long v = a[o + npos + i];
            String val = typeOf(v) == TypeIds.NONE ? null : typeOf(v) == TypeIds.STR ? str(v) : bad(name, v);
            switch (name) {
                case "sep" -> sep = val == null ? " " : val;
                case "end" -> end = val == null ? "\n" : val;
                case "flush", "file" -> {
                }
                default -> throw PyError.typeError("'" + name + "' is an invalid keyword argument for print()");
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < npos; i++) {
            if (i > 0) {
                sb.append(sep);
            }
            sb.append(Reprs.str(t, a[o + i]));
        }
        sb.append(end);
        t.vm.out.print(sb);
        return t.none;
    }

    private static String bad(String name, long v) {
        throw PyError.typeError(name + " must be None or a string, not " + typeName(v));
    }

    private static long minMax(VmThread t, long[] a, int o, int n, long k, boolean min) {
        String fn = min ? "min" : "max";
        int nkw = kwCount(k);
        int npos = n - nkw;
        long key = 0;
        long dflt = 0;
        for (int i = 0; i < nkw; i++) {
            String name = kwName(k, i);
            if (name.equals("key")) {
                key = typeOf(a[o + npos + i]) == TypeIds.NONE ? 0 : a[o + npos + i];
            } else if (name.equals("default")) {
                dflt = a[o + npos + i];
            } else {
                throw PyError.typeError("'" + name + "' is an invalid keyword argument for " + fn + "()");
            }
        }
        long[] items;
        if (npos == 1) {
            items = Iterators.toArray(t, a[o]);
        } else if (npos == 0) {
            throw PyError.typeError(fn + " expected at least 1 argument, got 0");
        } else {
            items = Arrays.copyOfRange(a, o, o + npos);
            for (long x : items) {
                t.incref(x);
            }
        }
        try {
            if (items.length == 0) {
                if (dflt != 0) {
                    return t.newRef(dflt);
                }
                throw PyError.valueError(fn + "() arg is an empty sequence");
            }
            long best = items[0];
            long bestKey = key == 0 ? t.newRef(best) : Calls.call(t, key, new long[] {best}, 1);
            try {
                for (int i = 1; i < items.length; i++) {
                    long kx = key == 0 ? t.newRef(items[i]) : Calls.call(t, key, new long[] {items[i]}, 1);
                    boolean better = Ops.compare(t, min ? 0 : 4, kx, bestKey);
                    if (better) {
                        t.decref(bestKey);
                        bestKey = kx;
                        best = items[i];
                    } else {
                        t.decref(kx);
                    }
                }
            } finally {
                t.decref(bestKey);
            }
            return t.newRef(best);
        } finally {
            for (long x : items) {
                t.decref(x);
            }
        }
    }

    private static long sum(VmThread t, long self, long[] a, int o, int n, long k) {
        int nkw = kwCount(k);
        int npos = n - nkw;
        if (npos < 1 || npos > 2) {
            throw PyError.typeError("sum() takes at least 1 positional argument (" + npos + " given)");
        }
        long acc = npos == 2 ? t.newRef(a[o + 1]) : t.newInt(0);
        for (int i = 0; i < nkw; i++) {
            if (kwName(k, i).equals("start")) {
                t.decref(acc);
                acc = t.newRef(a[o + npos + i]);
            }
        }
        if (typeOf(acc) == TypeIds.STR) {
            t.decref(acc);
            throw PyError.typeError("sum() can't sum strings [use ''.join(seq) instead]");
        }
        long it = Iterators.iter(t, a[o]);
        try {
            long x;
            while ((x = Iterators.next(t, it)) != 0) {
                long r;
                try {
                    r = Ops.binary(t, Numbers.ADD, acc, x);
                } finally {
                    t.decref(x);
                }
                t.decref(acc);
                acc = r;
            }
        } catch (PyError e) {
            t.decref(acc);
            throw e;
        } finally {
            t.decref(it);
        }
        return acc;
    }

    private static long round(VmThread t, long self, long[] a, int o, int n, long k) {
        int nkw = kwCount(k);
        if (n < 1 || n > 2) {
            throw PyError.typeError("round() takes at most 2 arguments (" + n + " given)");
        }
        long x = a[o];
        long nd = n == 2 ? a[o + 1] : 0;
        if (nd != 0 && typeOf(nd) == TypeIds.NONE) {
            nd = 0;
        }
        int ty = typeOf(x);
        if (ty == TypeIds.FLOAT) {
            double d = floatValue(x);
            if (nd == 0) {
                if (Double.isNaN(d)) {
                    throw PyError.valueError("cannot convert float NaN to integer");
                }
                if (Double.isInfinite(d)) {
                    throw PyError.overflow("cannot convert float infinity to integer");
                }
                return t.newInt(new BigDecimal(Math.rint(d)).toBigInteger());
            }
            long digits = intValue(nd);
            if (!Double.isFinite(d) || d == 0) {
                return t.newFloat(d);
            }
            if (digits > 330) {
                return t.newFloat(d);
            }
            if (digits < -330) {
                return t.newFloat(Math.copySign(0.0, d));
            }
            double r = new BigDecimal(d).setScale((int) digits, RoundingMode.HALF_EVEN).doubleValue();
            return t.newFloat(r == 0 ? Math.copySign(0.0, d) : r);
        }
        if (ty == TypeIds.INT || ty == TypeIds.BOOL || ty == TypeIds.BIGINT) {
            if (nd == 0) {
                return t.newInt(bigValue(x));
            }
            long digits = intValue(nd);
            if (digits >= 0) {
                return t.newInt(bigValue(x));
            }
            BigDecimal r = new BigDecimal(bigValue(x)).setScale((int) digits, RoundingMode.HALF_EVEN);
            return t.newInt(r.toBigInteger());
        }
        throw PyError.typeError("type " + typeName(x) + " doesn't define __round__ method");
    }

    private static long builtinLen(VmThread t, long s, long[] a, int o, int n, long k) {
        exactly("len", 1, n, k);
        return t.newInt(Ops.length(a[o]));
    }

    private static long builtinRepr(VmThread t, long s, long[] a, int o, int n, long k) {
        exactly("repr", 1, n, k);
        return t.newStr(Reprs.repr(t, a[o]));
    }

    private static long builtinAbs(VmThread t, long s, long[] a, int o, int n, long k) {
        exactly("abs", 1, n, k);
        long x = a[o];
        int ty = typeOf(x);
        if (ty == TypeIds.FLOAT) {
            return t.newFloat(Math.abs(floatValue(x)));
        }
        if (ty == TypeIds.INT || ty == TypeIds.BOOL) {
            long v = intValue(x);
            return v == Long.MIN_VALUE ? t.newInt(bigValue(x).abs()) : t.newInt(Math.abs(v));
        }
        if (ty == TypeIds.BIGINT) {
            return t.newInt(bigValue(x).abs());
        }
        throw PyError.typeError("bad operand type for abs(): '" + typeName(x) + "'");
    }

    private static long builtinMin(VmThread t, long s, long[] a, int o, int n, long k) {
        return minMax(t, a, o, n, k, true);
    }

    private static long builtinMax(VmThread t, long s, long[] a, int o, int n, long k) {
        return minMax(t, a, o, n, k, false);
    }

    private static long builtinEnumerate(VmThread t, long s, long[] a, int o, int n, long k) {
        int npos = n - kwCount(k);
        long start = npos > 1 ? intValue(a[o + 1]) : 0;
        for (int i = 0; i < kwCount(k); i++) {
            if (!kwName(k, i).equals("start")) {
                throw PyError.typeError("'" + kwName(k, i) + "' is an invalid keyword argument for enumerate()");
            }
            start = intValue(a[o + npos + i]);
        }
        if (npos < 1 || npos > 2) {
            throw PyError.typeError("enumerate() takes at most 2 arguments (" + n + " given)");
        }
        long it = Iterators.iter(t, a[o]);
        long e = Iterators.newIter(t, Iterators.ENUMERATE, it, start, 0, 0);
        t.decref(it);
        return e;
    }

    private static long builtinZip(VmThread t, long s, long[] a, int o, int n, long k) {
        noKw("zip", k);
        long its = t.newTuple(n);
        for (int i = 0; i < n; i++) {
            tupleInit(its, i, Iterators.iter(t, a[o + i]));
        }
        long z = Iterators.newIter(t, Iterators.ZIP, its, 0, 0, 0);
        t.decref(its);
        return z;
    }

    private static long builtinMap(VmThread t, long s, long[] a, int o, int n, long k) {
        if (n < 2) {
            throw PyError.typeError("map() must have at least two arguments.");
        }
        long its = t.newTuple(n - 1);
        for (int i = 1; i < n; i++) {
            tupleInit(its, i - 1, Iterators.iter(t, a[o + i]));
        }
        long m = Iterators.newIter(t, Iterators.MAP, its, 0, 0, t.newRef(a[o]));
        t.decref(its);
        return m;
    }

    private static long builtinFilter(VmThread t, long s, long[] a, int o, int n, long k) {
        exactly("filter", 2, n, k);
        long it = Iterators.iter(t, a[o + 1]);
        long f = Iterators.newIter(t, Iterators.FILTER, it, 0, 0, t.newRef(a[o]));
        t.decref(it);
        return f;
    }

    private static long builtinSorted(VmThread t, long s, long[] a, int o, int n, long k) {
        int npos = n - kwCount(k);
        if (npos != 1) {
            throw PyError.typeError("sorted expected 1 argument, got " + npos);
        }
        long[] items = Iterators.toArray(t, a[o]);
        long l = Lists.newList(t, items.length);
        for (long x : items) {
            Lists.appendPrivate(t, l, x); // l is new: no other thread can reach it yet
        }
        try {
            ContainerMethods.sort(t, l, a, o + npos, n - npos, k);
        } catch (PyError e) {
            t.decref(l);
            throw e;
        }
        return l;
    }

    private static long builtinReversed(VmThread t, long s, long[] a, int o, int n, long k) {
        exactly("reversed", 1, n, k);
        long x = a[o];
        int ty = typeOf(x);
        if (ty == TypeIds.LIST) {
            return Iterators.newIter(t, Iterators.LIST_REVERSED, x, Lists.size(x) - 1, 0, 0);
        }
        if (ty == TypeIds.TUPLE || ty == TypeIds.STR || ty == TypeIds.RANGE) {
            long[] items = Iterators.toArray(t, x);
            long l = Lists.newList(t, items.length);
            for (int i = items.length - 1; i >= 0; i--) {
                Lists.appendPrivate(t, l, items[i]); // l is new: private
            }
            long it = Iterators.newIter(t, Iterators.LIST, l, 0, 0, 0);
            t.decref(l);
            return it;
        }
        throw PyError.typeError("'" + typeName(x) + "' object is not reversible");
    }

    private static long builtinDivmod(VmThread t, long s, long[] a, int o, int n, long k) {
        exactly("divmod", 2, n, k);
        long x = a[o];
        long y = a[o + 1];
        if (!Numbers.isNumber(x) || !Numbers.isNumber(y)) {
            throw PyError.typeError("unsupported operand type(s) for divmod(): '" + typeName(x) + "' and '" + typeName(y) + "'");
        }
        if (typeOf(x) == TypeIds.FLOAT || typeOf(y) == TypeIds.FLOAT) {
            double dy = Numbers.toDouble(y);
            if (dy == 0) {
                throw PyError.zeroDivision("float divmod()");
            }
            double[] r = Numbers.floatDivmod(Numbers.toDouble(x), dy);
            long q = t.newFloat(r[0]);
            long m = t.newFloat(r[1]);
            long tup = t.newTuple(2);
            tupleInit(tup, 0, q);
            tupleInit(tup, 1, m);
            return tup;
        }
        long q = Ops.binary(t, Numbers.FLOOR_DIVIDE, x, y);
        long m = Ops.binary(t, Numbers.REMAINDER, x, y);
        long tup = t.newTuple(2);
        tupleInit(tup, 0, q);
        tupleInit(tup, 1, m);
        return tup;
    }

    private static long builtinPow(VmThread t, long s, long[] a, int o, int n, long k) {
        range("pow", 2, 3, n, k);
        if (n == 3) {
            BigInteger m = bigValue(a[o + 2]);
            if (m.signum() == 0) {
                throw PyError.valueError("pow() 3rd argument cannot be 0");
            }
            BigInteger r = bigValue(a[o]).modPow(bigValue(a[o + 1]), m.abs());
            if (m.signum() < 0 && r.signum() != 0) {
                r = r.add(m);
            }
            return t.newInt(r);
        }
        return Ops.binary(t, Numbers.POWER, a[o], a[o + 1]);
    }

    private static long builtinIsinstance(VmThread t, long s, long[] a, int o, int n, long k) {
        exactly("isinstance", 2, n, k);
        return t.bool(isInstance(t, a[o], a[o + 1]));
    }

    private static long builtinHash(VmThread t, long s, long[] a, int o, int n, long k) {
        exactly("hash", 1, n, k);
        return t.newInt(Ops.hash(t, a[o]));
    }

    private static long builtinId(VmThread t, long s, long[] a, int o, int n, long k) {
        exactly("id", 1, n, k);
        return t.newInt(a[o]);
    }

    private static long builtinIter(VmThread t, long s, long[] a, int o, int n, long k) {
        exactly("iter", 1, n, k);
        return Iterators.iter(t, a[o]);
    }

    private static long builtinNext(VmThread t, long s, long[] a, int o, int n, long k) {
        range("next", 1, 2, n, k);
        long x = Iterators.next(t, a[o]);
        if (x == 0) {
            if (n == 2) {
                return t.newRef(a[o + 1]);
            }
            throw new PyError(ClassTable.STOP_ITERATION, null);
        }
        return x;
    }

    private static long builtinAll(VmThread t, long s, long[] a, int o, int n, long k) {
        exactly("all", 1, n, k);
        return t.bool(allAny(t, a[o], true));
    }

    private static long builtinAny(VmThread t, long s, long[] a, int o, int n, long k) {
        exactly("any", 1, n, k);
        return t.bool(allAny(t, a[o], false));
    }

    private static long builtinCallable(VmThread t, long s, long[] a, int o, int n, long k) {
        exactly("callable", 1, n, k);
        int ty = typeOf(a[o]);
        return t.bool(ty == TypeIds.FUNCTION || ty == TypeIds.BUILTIN || ty == TypeIds.CLASS);
    }

    private static long builtinChr(VmThread t, long s, long[] a, int o, int n, long k) {
        exactly("chr", 1, n, k);
        return t.newStr(new String(Character.toChars((int) intValue(a[o]))));
    }

    private static long builtinOrd(VmThread t, long s, long[] a, int o, int n, long k) {
        exactly("ord", 1, n, k);
        String x = str(a[o]);
        if (x.codePointCount(0, x.length()) != 1) {
            throw PyError.typeError("ord() expected a character, but string of length " + x.length() + " found");
        }
        return t.newInt(x.codePointAt(0));
    }

    /** The implementations of the entries registered above, by number ({@link Numbered}). */
    private static long dispatch(int which, VmThread t, long s, long[] a, int o, int n, long k) {
        return switch (which) {
            case 0 -> print(t, s, a, o, n, k);
            case 1 -> builtinLen(t, s, a, o, n, k);
            case 2 -> builtinRepr(t, s, a, o, n, k);
            case 3 -> builtinAbs(t, s, a, o, n, k);
            case 4 -> builtinMin(t, s, a, o, n, k);
            case 5 -> builtinMax(t, s, a, o, n, k);
            case 6 -> sum(t, s, a, o, n, k);
            case 7 -> builtinEnumerate(t, s, a, o, n, k);
            case 8 -> builtinZip(t, s, a, o, n, k);
            case 9 -> builtinMap(t, s, a, o, n, k);
            case 10 -> builtinFilter(t, s, a, o, n, k);
            case 11 -> builtinSorted(t, s, a, o, n, k);
            case 12 -> builtinReversed(t, s, a, o, n, k);
            case 13 -> round(t, s, a, o, n, k);
            case 14 -> builtinDivmod(t, s, a, o, n, k);
            case 15 -> builtinPow(t, s, a, o, n, k);
            case 16 -> builtinIsinstance(t, s, a, o, n, k);
            case 17 -> builtinHash(t, s, a, o, n, k);
            case 18 -> builtinId(t, s, a, o, n, k);
            case 19 -> builtinIter(t, s, a, o, n, k);
            case 20 -> builtinNext(t, s, a, o, n, k);
            case 21 -> builtinAll(t, s, a, o, n, k);
            case 22 -> builtinAny(t, s, a, o, n, k);
            case 23 -> builtinCallable(t, s, a, o, n, k);
            case 24 -> builtinChr(t, s, a, o, n, k);
            case 25 -> builtinOrd(t, s, a, o, n, k);
            default -> throw new IllegalStateException("no built-in number " + which);
        };
    }
}
