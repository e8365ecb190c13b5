package io.github.freethread.vm.builtins;

import static io.github.freethread.vm.builtins.BuiltinTable.*;
import static io.github.freethread.vm.runtime.VmThread.*;

import java.math.BigDecimal;
import java.math.BigInteger;

import io.github.freethread.vm.runtime.ClassTable;
import io.github.freethread.vm.runtime.Dicts;
import io.github.freethread.vm.runtime.Iterators;
import io.github.freethread.vm.runtime.Lists;
import io.github.freethread.vm.runtime.Ops;
import io.github.freethread.vm.runtime.PyError;
import io.github.freethread.vm.runtime.Reprs;
import io.github.freethread.vm.runtime.Sequences;
import io.github.freethread.vm.runtime.TypeIds;
import io.github.freethread.vm.runtime.VmThread;

/** Calling a class: int(), float(), str(), bool(), list(), tuple(), dict(), range(), type(), exceptions. */
public final class Constructors {
    private Constructors() {
    }

    public static long call(VmThread t, int cls, long[] a, int o, int n, long k) {
        String name = ClassTable.name(cls);
        if (ClassTable.isException(cls)) {
            noKw(name, k);
            long args = t.newTuple(n);
            for (int i = 0; i < n; i++) {
                tupleInit(args, i, t.newRef(a[o + i]));
            }
            return t.newException(cls, args);
        }
        switch (cls) {
            case ClassTable.INT:
                range("int", 0, 2, n, k);
                return n == 0 ? t.newInt(0) : toInt(t, a[o], n == 2 ? (int) intValue(a[o + 1]) : -1);
            case ClassTable.FLOAT:
                range("float", 0, 1, n, k);
                return n == 0 ? t.newFloat(0) : toFloat(t, a[o]);
            case ClassTable.STR:
                range("str", 0, 1, n, k);
                return n == 0 ? t.vm.emptyStr : typeOf(a[o]) == TypeIds.STR ? t.newRef(a[o]) : t.newStr(Reprs.str(t, a[o]));
            case ClassTable.BOOL:
                range("bool", 0, 1, n, k);
                return t.bool(n != 0 && Ops.truth(a[o]));
            case ClassTable.LIST: {
                range("list", 0, 1, n, k);
                // Items first: if iterating raises, no half-built list is left behind (it leaked).
                long[] items = n == 1 ? Iterators.toArray(t, a[o]) : new long[0];
                long l = Lists.newList(t, 0);
                for (long x : items) {
                    Lists.appendPrivate(t, l, x); // l is new: no other thread can reach it yet
                }
                return l;
            }
            case ClassTable.TUPLE: {
                range("tuple", 0, 1, n, k);
                if (n == 0) {
                    return t.vm.emptyTuple;
                }
                if (typeOf(a[o]) == TypeIds.TUPLE) {
                    return t.newRef(a[o]);
                }
                long[] items = Iterators.toArray(t, a[o]);
                long tup = t.newTuple(items.length);
                for (int i = 0; i < items.length; i++) {
                    tupleInit(tup, i, items[i]);
                }
                return tup;
            }
            case ClassTable.DICT: {
                int nkw = kwCount(k);
                int npos = n - nkw;
                if (npos > 1) {
                    throw PyError.typeError("dict expected at most 1 argument, got " + npos);
                }
                long d = Dicts.newDict(t, 0);
                try {
                    if (npos == 1) {
                        ContainerMethods.update(t, d, a[o]);
                    }
                    for (int i = 0; i < nkw; i++) {
                        Dicts.put(t, d, tupleItem(k, i), a[o + npos + i]);
                    }
                } catch (PyError e) {
                    t.decref(d);
                    throw e;
                }
                return d;
            }
            case ClassTable.RANGE: {
                noKw("range", k);
                if (n < 1 || n > 3) {
                    throw PyError.typeError("range expected " + (n < 1 ? "at least 1 argument" : "at most 3 arguments")
                        + ", got " + n);
                }
                long[] v = new long[n];
                boolean big = false;
                for (int i = 0; i < n; i++) {
                    long x = a[o + i];
                    if (!isInt(x)) {
                        throw PyError.typeError("'" + typeName(x) + "' object cannot be interpreted as an integer");
                    }
                    big |= typeOf(x) == TypeIds.BIGINT;
                    v[i] = big ? 0 : intValue(x);
                }
                if (big) {
                    return n == 1 ? Sequences.newBigRange(t, t.newInt(0), a[o], t.newInt(1))
                        : Sequences.newBigRange(t, a[o], a[o + 1], n == 3 ? a[o + 2] : t.newInt(1));
                }
                return n == 1 ? Sequences.newRange(t, 0, v[0], 1) : Sequences.newRange(t, v[0], v[1], n == 3 ? v[2] : 1);
            }
            case ClassTable.TYPE:
                exactly("type", 1, n, k);
                return t.vm.classObj(classOf(a[o]));
            case ClassTable.OBJECT:
                throw PyError.typeError("cannot create 'object' instances in the ftvm subset");
            default:
                throw PyError.typeError("cannot create '" + name + "' instances");
        }
    }

    static long toInt(VmThread t, long x, int base) {
        int ty = typeOf(x);
        if (base >= 0 && ty != TypeIds.STR) {
            throw PyError.typeError("int() can't convert non-string with explicit base");
        }
        switch (ty) {
            case TypeIds.INT, TypeIds.BIGINT:
                return t.newRef(x);
            case TypeIds.BOOL:
                return t.newInt(intValue(x));
            case TypeIds.FLOAT: {
                double d = floatValue(x);
                if (Double.isNaN(d)) {
                    throw PyError.valueError("cannot convert float NaN to integer");
                }
                if (Double.isInfinite(d)) {
                    throw PyError.overflow("cannot convert float infinity to integer");
                }
                if (Math.abs(d) < 9.0e18) {
                    return t.newInt((long) d);
                }
                return t.newInt(new BigDecimal(d).toBigInteger());
            }
            case TypeIds.STR: {
                String s = str(x);
                String txt = s.strip().replace("_", "");
                int b = base < 0 ? 10 : base;
                try {
                    if (s.strip().startsWith("_") || s.strip().endsWith("_") || s.contains("__") || txt.isEmpty()) {
                        throw new NumberFormatException();
                    }
                    String digits = txt;
                    boolean neg = false;
                    if (digits.startsWith("+") || digits.startsWith("-")) {
                        neg = digits.startsWith("-");
                        digits = digits.substring(1);
                    }
                    if (b == 0 || b == 16 || b == 8 || b == 2) {
                        String low = digits.toLowerCase();
                        if (low.startsWith("0x") && (b == 0 || b == 16)) {
                            b = 16;
                            digits = digits.substring(2);
                        } else if (low.startsWith("0o") && (b == 0 || b == 8)) {
                            b = 8;
                            digits = digits.substring(2);
                        } else if (low.startsWith("0b") && (b == 0 || b == 2)) {
                            b = 2;
                            digits = digits.substring(2);
                        } else if (b == 0) {
                            b = 10;
                        }
                    }
                    if (digits.isEmpty() || digits.startsWith("+") || digits.startsWith("-")) {
                        throw new NumberFormatException();
                    }
                    BigInteger v = new BigInteger(digits, b);
                    return t.newInt(neg ? v.negate() : v);
                } catch (NumberFormatException e) {
                    throw PyError.valueError("invalid literal for int() with base " + (base < 0 ? 10 : base) + ": "
                        + Reprs.repr(t, x));
                }
            }
            default:
                throw PyError.typeError("int() argument must be a string, a bytes-like object or a real number, not '"
                    + typeName(x) + "'");
        }
    }

    static long toFloat(VmThread t, long x) {
        int ty = typeOf(x);
        switch (ty) {
            case TypeIds.FLOAT:
                return t.newRef(x);
            case TypeIds.INT, TypeIds.BOOL:
                return t.newFloat((double) intValue(x));
            case TypeIds.BIGINT:
                return t.newFloat(io.github.freethread.vm.runtime.Numbers.bigToDouble(bigValue(x)));
            case TypeIds.STR: {
                String s = str(x).strip().replace("_", "");
                String low = s.toLowerCase();
                String body = low.startsWith("+") || low.startsWith("-") ? low.substring(1) : low;
                boolean neg = low.startsWith("-");
                if (body.equals("inf") || body.equals("infinity")) {
                    return t.newFloat(neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
                }
                if (body.equals("nan")) {
                    return t.newFloat(Double.NaN);
                }
                if (!body.isEmpty() && body.matches("(\\d+\\.?\\d*|\\.\\d+)(e[+-]?\\d+)?")) {
                    return t.newFloat(Double.parseDouble(s));
                }
                throw PyError.valueError("could not convert string to float: " + Reprs.repr(t, x));
            }
            default:
                throw PyError.typeError("float() argument must be a string or a real number, not '" + typeName(x) + "'");
        }
    }
}
