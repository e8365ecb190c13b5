package io.github.freethread.vm.runtime;

import static io.github.freethread.vm.runtime.Layouts.*;

import org.agrona.UnsafeApi;

/**
 * The list algorithm over the list layout of {@link Layouts}: a header object holding size,
 * capacity and a raw item array (grown by 1.5x, like CPython's over-allocation). The list holds
 * one reference per item. Single-writer for now; issue 6 puts mutation inside a critical section
 * on the header's lock word (reads of a published item array stay lock-free).
 */
public final class Lists {
    private Lists() {
    }

    public static long newList(VmThread t, long capacity) {
        long l = t.alloc(TypeIds.LIST, LIST_PAYLOAD);
        UnsafeApi.putLong(l + LIST_SIZE, 0);
        UnsafeApi.putLong(l + LIST_CAPACITY, capacity);
        UnsafeApi.putLong(l + LIST_ITEMS, capacity == 0 ? 0 : t.ts.heap().malloc(8 * capacity));
        return l;
    }

    public static long size(long l) {
        return UnsafeApi.getLong(l + LIST_SIZE);
    }

    public static long items(long l) {
        return UnsafeApi.getLong(l + LIST_ITEMS);
    }

    /** Item {@code i} (borrowed); the caller checked the bounds. */
    public static long get(long l, long i) {
        return UnsafeApi.getLong(items(l) + 8 * i);
    }

    private static void ensure(VmThread t, long l, long needed) {
        long cap = UnsafeApi.getLong(l + LIST_CAPACITY);
        if (needed <= cap) {
            return;
        }
        long newCap = Math.max(needed, cap + (cap >> 1) + 4);
        long old = items(l);
        long fresh = t.ts.heap().malloc(8 * newCap);
        long n = size(l);
        if (n > 0) {
            UnsafeApi.copyMemory(old, fresh, 8 * n);
        }
        UnsafeApi.putLong(l + LIST_ITEMS, fresh);
        UnsafeApi.putLong(l + LIST_CAPACITY, newCap);
        if (old != 0) {
            t.rt.allocator().free(old);
        }
    }

    /** Appends, taking over the caller's reference to {@code item}. */
    public static void appendOwned(VmThread t, long l, long item) {
        long n = size(l);
        ensure(t, l, n + 1);
        UnsafeApi.putLong(items(l) + 8 * n, item);
        UnsafeApi.putLong(l + LIST_SIZE, n + 1);
    }

    /** Appends a new reference to {@code item}. */
    public static void append(VmThread t, long l, long item) {
        t.incref(item);
        appendOwned(t, l, item);
    }

    /** l[i] = v (new reference); the caller checked the bounds. */
    public static void set(VmThread t, long l, long i, long v) {
        long slot = items(l) + 8 * i;
        long old = UnsafeApi.getLong(slot);
        t.incref(v);
        UnsafeApi.putLong(slot, v);
        t.decref(old);
    }

    public static void insert(VmThread t, long l, long i, long v) {
        long n = size(l);
        if (i < 0) {
            i = Math.max(0, i + n);
        }
        if (i > n) {
            i = n;
        }
        ensure(t, l, n + 1);
        long it = items(l);
        if (n > i) {
            UnsafeApi.copyMemory(it + 8 * i, it + 8 * (i + 1), 8 * (n - i));
        }
        t.incref(v);
        UnsafeApi.putLong(it + 8 * i, v);
        UnsafeApi.putLong(l + LIST_SIZE, n + 1);
    }

    /** Removes item {@code i} (checked by the caller) and returns it as an owned reference. */
    public static long remove(long l, long i) {
        long n = size(l);
        long it = items(l);
        long v = UnsafeApi.getLong(it + 8 * i);
        if (n - i - 1 > 0) {
            UnsafeApi.copyMemory(it + 8 * (i + 1), it + 8 * i, 8 * (n - i - 1));
        }
        UnsafeApi.putLong(l + LIST_SIZE, n - 1);
        return v;
    }

    /** Replaces the whole content by {@code vals[0..n)} (owned references taken over); drops old items. */
    public static void replaceAll(VmThread t, long l, long[] vals, int n) {
        long oldN = size(l);
        long old = items(l);
        long[] olds = new long[(int) oldN];
        for (int i = 0; i < oldN; i++) {
            olds[i] = UnsafeApi.getLong(old + 8L * i);
        }
        UnsafeApi.putLong(l + LIST_SIZE, 0);
        ensure(t, l, n);
        long it = items(l);
        for (int i = 0; i < n; i++) {
            UnsafeApi.putLong(it + 8L * i, vals[i]);
        }
        UnsafeApi.putLong(l + LIST_SIZE, n);
        for (long o : olds) {
            t.decref(o);
        }
    }

    /** Items as a Java array of borrowed references (a snapshot). */
    public static long[] snapshot(long l) {
        int n = (int) size(l);
        long[] a = new long[n];
        long it = items(l);
        for (int i = 0; i < n; i++) {
            a[i] = UnsafeApi.getLong(it + 8L * i);
        }
        return a;
    }

    /** A new list of the given borrowed items. */
    public static long of(VmThread t, long[] vals, int n) {
        long l = newList(t, n);
        for (int i = 0; i < n; i++) {
            append(t, l, vals[i]);
        }
        return l;
    }
}
