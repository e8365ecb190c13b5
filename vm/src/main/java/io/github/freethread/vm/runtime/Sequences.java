package io.github.freethread.vm.runtime;

import static io.github.freethread.vm.runtime.Layouts.*;
import static io.github.freethread.vm.runtime.VmThread.*;

import org.agrona.UnsafeApi;

import io.github.freethread.collections.lock.CriticalSections;

/** Subscripts, slices, repetition and extension of str, list, tuple, range and dict. */
public final class Sequences {
    private Sequences() {
    }

    /** A Python index as a long; TypeError naming the container when it is not an int. */
    static long index(long container, long i, String what) {
        int ti = typeOf(i);
        if (ti == TypeIds.INT || ti == TypeIds.BOOL) {
            return intValue(i);
        }
        if (ti == TypeIds.BIGINT) {
            throw PyError.indexError("cannot fit 'int' into an index-sized integer");
        }
        throw PyError.typeError(what + " indices must be integers or slices, not " + typeName(i));
    }

    public static long getItem(VmThread t, long c, long i) {
        int tc = typeOf(c);
        if (tc == TypeIds.DICT) {
            long v = Dicts.getOwned(t, c, i);
            if (v == 0) {
                throw new PyError(t.newException(ClassTable.KEY_ERROR, t.tupleOf(i)));
            }
            return v;
        }
        if (typeOf(i) == TypeIds.SLICE) {
            return slice(t, c, i);
        }
        switch (tc) {
            case TypeIds.LIST: {
                long k = index(c, i, "list");
                if (k < 0) {
                    k += Lists.size(c); // racy size, as CPython's list_subscript: the owned read re-checks the bound
                }
                long v = k < 0 ? 0 : Lists.getOwned(t, c, k);
                if (v == 0) {
                    throw PyError.indexError("list index out of range");
                }
                return v;
            }
            case TypeIds.TUPLE: {
                long n = tupleSize(c);
                long k = index(c, i, "tuple");
                if (k < 0) {
                    k += n;
                }
                if (k < 0 || k >= n) {
                    throw PyError.indexError("tuple index out of range");
                }
                return t.newRef(tupleItem(c, k));
            }
            case TypeIds.STR: {
                long n = strLength(c);
                long k = index(c, i, "string");
                if (k < 0) {
                    k += n;
                }
                if (k < 0 || k >= n) {
                    throw PyError.indexError("string index out of range");
                }
                return t.newStr(Character.toString(strChar(c, (int) k)));
            }
            case TypeIds.RANGE: {
                long n = UnsafeApi.getLong(c + RANGE_LENGTH);
                long k = index(c, i, "range");
                if (k < 0) {
                    k += n;
                }
                if (k < 0 || k >= n) {
                    throw PyError.indexError("range object index out of range");
                }
                return t.newInt(UnsafeApi.getLong(c + RANGE_START) + k * UnsafeApi.getLong(c + RANGE_STEP));
            }
            default:
                throw PyError.typeError("'" + typeName(c) + "' object is not subscriptable");
        }
    }

    /** Resolves a slice against a length: {start, stop, step, count}. */
    public static long[] sliceIndices(long s, long n) {
        long stepObj = UnsafeApi.getLong(s + SLICE_STEP);
        long step = 1;
        if (typeOf(stepObj) != TypeIds.NONE) {
            step = index(0, stepObj, "slice");
            if (step == 0) {
                throw PyError.valueError("slice step cannot be zero");
            }
        }
        long lower = step < 0 ? -1 : 0;
        long upper = step < 0 ? n - 1 : n;
        long start = bound(UnsafeApi.getLong(s + SLICE_START), n, step < 0 ? upper : lower, lower, upper);
        long stop = bound(UnsafeApi.getLong(s + SLICE_STOP), n, step < 0 ? lower : upper, lower, upper);
        long count;
        if (step > 0) {
            count = start < stop ? (stop - start + step - 1) / step : 0;
        } else {
            count = stop < start ? (start - stop - step - 1) / (-step) : 0;
        }
        return new long[] {start, stop, step, count};
    }

    private static long bound(long o, long n, long dflt, long lower, long upper) {
        if (typeOf(o) == TypeIds.NONE) {
            return dflt;
        }
        long v;
        if (typeOf(o) == TypeIds.BIGINT) {
            v = bigValue(o).signum() < 0 ? Long.MIN_VALUE / 2 : Long.MAX_VALUE / 2;
        } else {
            v = index(0, o, "slice");
        }
        if (v < 0) {
            v += n;
            return v < lower ? lower : v;
        }
        return v > upper ? upper : v;
    }

    static long slice(VmThread t, long c, long s) {
        int tc = typeOf(c);
        long n = switch (tc) {
            case TypeIds.LIST -> Lists.size(c);
            case TypeIds.TUPLE -> tupleSize(c);
            case TypeIds.STR -> strLength(c);
            default -> throw PyError.typeError("'" + typeName(c) + "' object is not subscriptable");
        };
        long[] r = sliceIndices(s, n);
        long start = r[0];
        long step = r[2];
        long count = r[3];
        switch (tc) {
            case TypeIds.LIST:
                return listSlice(t, c, s);
            case TypeIds.TUPLE: {
                long tup = t.newTuple(count);
                for (long k = 0; k < count; k++) {
                    tupleInit(tup, k, t.newRef(tupleItem(c, start + k * step)));
                }
                return tup;
            }
            default: {
                StringBuilder sb = new StringBuilder((int) count);
                for (long k = 0; k < count; k++) {
                    sb.appendCodePoint(strChar(c, (int) (start + k * step)));
                }
                return t.newStr(sb.toString());
            }
        }
    }

    /**
     * l[s] for a list: one critical section on {@code l} computes the indices against the exact
     * size and copies the items (one new reference each) into a new, still private list — no
     * snapshot array, no second count and release per item (fannkuch's {@code perm1[:]}).
     */
    private static long listSlice(VmThread t, long c, long s) {
        if (t.elidesSections()) {
            return listSliceLocked(t, c, s); // SingleThreadMode: no other thread attached, and no safe point below (E2)
        }
        CriticalSections cs = Lists.lock(t, c);
        try {
            return listSliceLocked(t, c, s);
        } finally {
            cs.exit();
        }
    }

    /**
     * c[s] as a new list, with {@code c} locked (or no other thread attached): the items are
     * counted and written straight into the new list's array (private until returned), then its
     * size; immortal items (small ints, None, constants) are copied without counting.
     */
    private static long listSliceLocked(VmThread t, long c, long s) {
        long[] r = sliceIndices(s, UnsafeApi.getLong(c + ListLayout.SIZE)); // exact under the lock
        long n = r[3];
        long l = Lists.newList(t, n);
        long from = Lists.items(c);
        long to = Lists.items(l);
        for (long k = 0, j = r[0]; k < n; k++, j += r[2]) {
            long x = UnsafeApi.getLong(ListLayout.slot(from, j)); // plain: we hold the lock
            if (!VmThread.isImmortal(x)) {
                t.incref(x);
            }
            UnsafeApi.putLong(ListLayout.slot(to, k), x); // plain: the new list is private (L4 holds: slots >= n stay 0)
        }
        UnsafeApi.putLong(l + ListLayout.SIZE, n);
        return l;
    }

    public static void setItem(VmThread t, long c, long i, long v) {
        int tc = typeOf(c);
        if (tc == TypeIds.DICT) {
            Dicts.put(t, c, i, v);
            return;
        }
        if (tc == TypeIds.LIST) {
            if (typeOf(i) == TypeIds.SLICE) {
                setSlice(t, c, i, v);
                return;
            }
            if (!Lists.set(t, c, index(c, i, "list"), v)) {
                throw PyError.indexError("list assignment index out of range");
            }
            return;
        }
        throw PyError.typeError("'" + typeName(c) + "' object does not support item assignment");
    }

    /** l[s] = v: the new items are collected first (may run code), then the splice is one critical section. */
    private static void setSlice(VmThread t, long l, long s, long v) {
        long[] vals = Iterators.toArray(t, v); // owned
        io.github.freethread.collections.lock.CriticalSections cs = Lists.lock(t, l);
        try {
            setSliceLocked(t, l, s, vals);
        } catch (RuntimeException e) {
            Lists.release(t, vals);
            throw e;
        } finally {
            cs.exit();
        }
    }

    /** Lock held (nested sections of Lists re-enter it); takes over {@code vals} unless it throws. */
    private static void setSliceLocked(VmThread t, long l, long s, long[] vals) {
        long[] r = sliceIndices(s, Lists.size(l));
        long[] old = Lists.snapshot(l); // borrowed: the lock is held
        if (r[2] != 1) {
            if (vals.length != r[3]) {
                throw PyError.valueError("attempt to assign sequence of size " + vals.length
                    + " to extended slice of size " + r[3]);
            }
            for (int k = 0; k < vals.length; k++) {
                Lists.set(t, l, r[0] + k * r[2], vals[k]);
            }
            for (int k = 0; k < vals.length; k++) {
                t.decref(vals[k]);
            }
            return;
        }
        long start = r[0];
        long stop = Math.max(r[1], start);
        long[] fresh = new long[(int) (old.length - (stop - start) + vals.length)];
        int j = 0;
        for (int k = 0; k < start; k++) {
            fresh[j++] = t.newRef(old[k]);
        }
        for (long x : vals) {
            fresh[j++] = x;
        }
        for (long k = stop; k < old.length; k++) {
            fresh[j++] = t.newRef(old[(int) k]);
        }
        Lists.replaceAll(t, l, fresh, j);
    }

    public static void delItem(VmThread t, long c, long i) {
        int tc = typeOf(c);
        if (tc == TypeIds.DICT) {
            long v = Dicts.pop(t, c, i);
            if (v == 0) {
                throw new PyError(t.newException(ClassTable.KEY_ERROR, t.tupleOf(i)));
            }
            t.decref(v);
            return;
        }
        if (tc == TypeIds.LIST) {
            if (typeOf(i) == TypeIds.SLICE) {
                CriticalSections cs = Lists.lock(t, c);
                try {
                    deleteSliceLocked(t, c, i);
                } finally {
                    cs.exit();
                }
                return;
            }
            t.decref(Lists.pop(t, c, index(c, i, "list"), "list assignment"));
            return;
        }
        throw PyError.typeError("'" + typeName(c) + "' object doesn't support item deletion");
    }

    /** del l[slice] with the list's lock held. */
    private static void deleteSliceLocked(VmThread t, long c, long i) {
        {
            {
                long[] r = sliceIndices(i, Lists.size(c));
                long[] old = Lists.snapshot(c); // borrowed: the lock is held
                boolean[] drop = new boolean[old.length];
                for (long k = 0; k < r[3]; k++) {
                    drop[(int) (r[0] + k * r[2])] = true;
                }
                long[] fresh = new long[old.length];
                int j = 0;
                for (int k = 0; k < old.length; k++) {
                    if (!drop[k]) {
                        fresh[j++] = t.newRef(old[k]);
                    }
                }
                Lists.replaceAll(t, c, fresh, j);
            }
        }
    }

    /**
     * list.extend(iterable). From a list: one critical section over both lists (address order),
     * so the items of {@code other} at one instant are appended at once, as CPython's
     * {@code list_extend} with {@code Py_BEGIN_CRITICAL_SECTION2}; from anything else the items
     * are collected first (that may run code), then appended in one section.
     */
    public static void extend(VmThread t, long l, long iterable) {
        if (typeOf(iterable) == TypeIds.LIST) {
            io.github.freethread.collections.lock.CriticalSections cs = t.ctx.sections();
            cs.enter2(l + io.github.freethread.refcount.ObjectHeader.LOCK_OFFSET,
                iterable + io.github.freethread.refcount.ObjectHeader.LOCK_OFFSET);
            try {
                long[] vals = Lists.snapshot(iterable); // borrowed under the lock, counted next
                for (long v : vals) {
                    t.incref(v);
                }
                Lists.extendOwned(t, l, vals); // re-enters l's section
            } finally {
                cs.exit();
            }
            return;
        }
        Lists.extendOwned(t, l, Iterators.toArray(t, iterable));
    }

    static long repeat(VmThread t, long seq, long count) {
        long n = typeOf(count) == TypeIds.BIGINT ? (bigValue(count).signum() < 0 ? 0 : Long.MAX_VALUE) : intValue(count);
        if (n < 0) {
            n = 0;
        }
        switch (typeOf(seq)) {
            case TypeIds.STR: {
                String s = str(seq);
                if (n > 0 && (long) s.length() * n > Integer.MAX_VALUE) {
                    throw new PyError(ClassTable.MEMORY_ERROR, null);
                }
                return t.newStr(s.repeat((int) n));
            }
            case TypeIds.LIST: {
                long[] items = Lists.snapshotOwned(t, seq);
                try {
                    if (n > 0 && (long) items.length * n > Integer.MAX_VALUE) {
                        throw new PyError(ClassTable.MEMORY_ERROR, null);
                    }
                    long l = Lists.newList(t, items.length * n);
                    for (long k = 0; k < n; k++) {
                        for (long x : items) {
                            t.incref(x);
                            Lists.appendPrivate(t, l, x);
                        }
                    }
                    return l;
                } finally {
                    Lists.release(t, items);
                }
            }
            default: {
                long m = tupleSize(seq);
                long tup = t.newTuple(m * n);
                for (long k = 0; k < n; k++) {
                    for (long j = 0; j < m; j++) {
                        tupleInit(tup, k * m + j, t.newRef(tupleItem(seq, j)));
                    }
                }
                return tup;
            }
        }
    }

    public static long newSlice(VmThread t, long start, long stop, long step) {
        long s = t.alloc(TypeIds.SLICE, SLICE_PAYLOAD);
        UnsafeApi.putLong(s + SLICE_START, start);
        UnsafeApi.putLong(s + SLICE_STOP, stop);
        UnsafeApi.putLong(s + SLICE_STEP, step);
        return s;
    }

    public static long newRange(VmThread t, long start, long stop, long step) {
        if (step == 0) {
            throw PyError.valueError("range() arg 3 must not be zero");
        }
        long n;
        if (step > 0) {
            n = start < stop ? (stop - start + step - 1) / step : 0;
        } else {
            n = stop < start ? (start - stop - step - 1) / (-step) : 0;
        }
        long r = t.alloc(TypeIds.RANGE, RANGE_PAYLOAD);
        UnsafeApi.putLong(r + RANGE_START, start);
        UnsafeApi.putLong(r + RANGE_STOP, stop);
        UnsafeApi.putLong(r + RANGE_STEP, step);
        UnsafeApi.putLong(r + RANGE_LENGTH, n);
        UnsafeApi.putLong(r + RANGE_BIG, 0);
        return r;
    }

    /** A range whose bounds do not all fit in 64 bits (its length must). Takes new references to the bounds. */
    public static long newBigRange(VmThread t, long start, long stop, long step) {
        java.math.BigInteger a = bigValue(start);
        java.math.BigInteger b = bigValue(stop);
        java.math.BigInteger c = bigValue(step);
        if (c.signum() == 0) {
            throw PyError.valueError("range() arg 3 must not be zero");
        }
        java.math.BigInteger span = c.signum() > 0 ? b.subtract(a) : a.subtract(b);
        java.math.BigInteger absStep = c.abs();
        java.math.BigInteger n = span.signum() <= 0 ? java.math.BigInteger.ZERO
            : span.add(absStep).subtract(java.math.BigInteger.ONE).divide(absStep);
        if (n.bitLength() > 62) {
            throw PyError.overflow("Python int too large to convert to C ssize_t");
        }
        long r = t.alloc(TypeIds.RANGE, RANGE_PAYLOAD);
        UnsafeApi.putLong(r + RANGE_START, 0);
        UnsafeApi.putLong(r + RANGE_STOP, 0);
        UnsafeApi.putLong(r + RANGE_STEP, 1);
        UnsafeApi.putLong(r + RANGE_LENGTH, n.longValue());
        UnsafeApi.putLong(r + RANGE_BIG, t.tupleOf(start, stop, step));
        return r;
    }
}
