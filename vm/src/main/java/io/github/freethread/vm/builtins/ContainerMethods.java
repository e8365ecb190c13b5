package io.github.freethread.vm.builtins;

import static io.github.freethread.vm.builtins.BuiltinTable.*;
import static io.github.freethread.vm.runtime.VmThread.*;

import java.util.Arrays;

import io.github.freethread.vm.interp.Calls;
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

/** Methods of list, tuple and dict. */
final class ContainerMethods {
    private static final NumberedTable TABLE = ContainerMethods::dispatch;

    private ContainerMethods() {
    }

    static void register() {
        int L = TypeIds.LIST;
        add("append", L, null, new Numbered(TABLE, 0));
        add("pop", L, null, new Numbered(TABLE, 1));
        add("insert", L, null, new Numbered(TABLE, 2));
        add("extend", L, null, new Numbered(TABLE, 3));
        add("index", L, null, new Numbered(TABLE, 4));
        add("count", L, null, new Numbered(TABLE, 5));
        add("remove", L, null, new Numbered(TABLE, 6));
        add("sort", L, null, new Numbered(TABLE, 7));
        add("reverse", L, null, new Numbered(TABLE, 8));
        add("copy", L, null, new Numbered(TABLE, 9));
        add("clear", L, null, new Numbered(TABLE, 10));

        int T = TypeIds.TUPLE;
        add("index", T, null, new Numbered(TABLE, 11));
        add("count", T, null, new Numbered(TABLE, 12));

        int D = TypeIds.DICT;
        add("get", D, null, new Numbered(TABLE, 13));
        add("keys", D, null, new Numbered(TABLE, 14));
        add("values", D, null, new Numbered(TABLE, 15));
        add("items", D, null, new Numbered(TABLE, 16));
        add("pop", D, null, new Numbered(TABLE, 17));
        add("setdefault", D, null, new Numbered(TABLE, 18));
        add("update", D, null, new Numbered(TABLE, 19));
        add("copy", D, null, new Numbered(TABLE, 20));
        add("clear", D, null, new Numbered(TABLE, 21));
    }

    private static long clamp(long i, long size) {
        if (i < 0) {
            i += size;
        }
        return Math.max(0, Math.min(i, size));
    }

    /** dict.update(other): a dict, or an iterable of pairs. */
    static void update(VmThread t, long d, long other) {
        if (typeOf(other) == TypeIds.DICT) {
            Dicts.update(t, d, other); // both dicts locked (address order), as CPython's dict_merge
            return;
        }
        long[] pairs = Iterators.toArray(t, other);
        try {
            for (int i = 0; i < pairs.length; i++) {
                long p = pairs[i];
                long[] kv;
                try {
                    kv = Iterators.toArray(t, p);
                } catch (PyError e) {
                    throw PyError.typeError("cannot convert dictionary update sequence element #" + i + " to a sequence");
                }
                try {
                    if (kv.length != 2) {
                        throw PyError.valueError("dictionary update sequence element #" + i + " has length " + kv.length
                            + "; 2 is required");
                    }
                    Dicts.put(t, d, kv[0], kv[1]);
                } finally {
                    for (long x : kv) {
                        t.decref(x);
                    }
                }
            }
        } finally {
            for (long p : pairs) {
                t.decref(p);
            }
        }
    }

    /** list.sort(key=, reverse=) in place: stable, using only {@code <} as Python does. */
    static void sort(VmThread t, long l, long[] a, int o, int n, long k) {
        long key = 0;
        boolean reverse = false;
        int nkw = kwCount(k);
        int npos = n - nkw;
        for (int i = 0; i < nkw; i++) {
            String name = kwName(k, i);
            long v = a[o + npos + i];
            if (name.equals("key")) {
                key = typeOf(v) == TypeIds.NONE ? 0 : v;
            } else if (name.equals("reverse")) {
                reverse = Ops.truth(v);
            } else {
                throw PyError.typeError("'" + name + "' is an invalid keyword argument for sort()");
            }
        }
        // As CPython's list.sort: the list appears empty while sorting (its items are ours, owned),
        // so key functions and other threads can neither see nor free them mid-sort.
        long[] items = Lists.takeAll(t, l);
        int len = items.length;
        long[] keys = new long[len];
        long[] sorted = null;
        try {
            for (int i = 0; i < len; i++) {
                keys[i] = key == 0 ? t.newRef(items[i]) : Calls.call(t, key, new long[] {items[i]}, 1);
            }
            Integer[] idx = new Integer[len];
            for (int i = 0; i < len; i++) {
                idx[i] = reverse ? len - 1 - i : i;
            }
            final long[] ks = keys;
            Arrays.sort(idx, (x, y) -> Ops.compare(t, 0, ks[x], ks[y]) ? -1 : Ops.compare(t, 0, ks[y], ks[x]) ? 1 : 0);
            sorted = new long[len];
            for (int i = 0; i < len; i++) {
                // stability under reverse: sorting the reversed input, then reading it backwards
                sorted[i] = items[reverse ? idx[len - 1 - i] : idx[i]];
            }
        } finally {
            for (long x : keys) {
                t.xdecref(x);
            }
            if (sorted == null) {
                Lists.restoreAll(t, l, items); // a key or comparison failed: original order back
            }
        }
        if (!Lists.restoreAll(t, l, sorted)) {
            throw PyError.valueError("list modified during sort");
        }
    }

    private static long listAppend(VmThread t, long s, long[] a, int o, int n, long k) {
        exactly("list.append", 1, n, k);
        Lists.append(t, s, a[o]);
        return t.none;
    }

    private static long listPop(VmThread t, long s, long[] a, int o, int n, long k) {
        range("pop", 0, 1, n, k);
        return Lists.pop(t, s, n == 0 ? Long.MIN_VALUE : intValue(a[o]), "pop"); // bounds checked under the lock
    }

    private static long listInsert(VmThread t, long s, long[] a, int o, int n, long k) {
        exactly("insert", 2, n, k);
        Lists.insert(t, s, intValue(a[o]), a[o + 1]);
        return t.none;
    }

    private static long listExtend(VmThread t, long s, long[] a, int o, int n, long k) {
        exactly("list.extend", 1, n, k);
        Sequences.extend(t, s, a[o]);
        return t.none;
    }

    private static long listIndex(VmThread t, long s, long[] a, int o, int n, long k) {
        range("index", 1, 3, n, k);
        long[] items = Lists.snapshotOwned(t, s); // compared without the lock: equality may lock nested lists
        try {
            long size = items.length;
            long start = n > 1 ? clamp(intValue(a[o + 1]), size) : 0;
            long stop = n > 2 ? clamp(intValue(a[o + 2]), size) : size;
            for (long i = start; i < stop; i++) {
                if (Ops.eq(t, items[(int) i], a[o])) {
                    return t.newInt(i);
                }
            }
        } finally {
            Lists.release(t, items);
        }
        throw PyError.valueError(Reprs.repr(t, a[o]) + " is not in list");
    }

    private static long listCount(VmThread t, long s, long[] a, int o, int n, long k) {
        exactly("count", 1, n, k);
        long c = 0;
        long[] items = Lists.snapshotOwned(t, s);
        try {
            for (long x : items) {
                if (Ops.eq(t, x, a[o])) {
                    c++;
                }
            }
        } finally {
            Lists.release(t, items);
        }
        return t.newInt(c);
    }

    private static long listRemove(VmThread t, long s, long[] a, int o, int n, long k) {
        exactly("list.remove", 1, n, k);
        if (Lists.removeFirstEqual(t, s, a[o])) {
            return t.none;
        }
        throw PyError.valueError("list.remove(x): x not in list");
    }

    private static long listSort(VmThread t, long s, long[] a, int o, int n, long k) {
        int npos = n - kwCount(k);
        if (npos > 0) {
            throw PyError.typeError("sort() takes no positional arguments");
        }
        sort(t, s, a, o, n, k);
        return t.none;
    }

    private static long listReverse(VmThread t, long s, long[] a, int o, int n, long k) {
        exactly("reverse", 0, n, k);
        Lists.reverse(t, s);
        return t.none;
    }

    private static long listCopy(VmThread t, long s, long[] a, int o, int n, long k) {
        exactly("copy", 0, n, k);
        long[] items = Lists.snapshotOwned(t, s);
        return Lists.ofOwned(t, items, items.length);
    }

    private static long listClear(VmThread t, long s, long[] a, int o, int n, long k) {
        exactly("clear", 0, n, k);
        Lists.replaceAll(t, s, new long[0], 0);
        return t.none;
    }

    private static long tupleIndex(VmThread t, long s, long[] a, int o, int n, long k) {
        range("index", 1, 3, n, k);
        for (long i = 0; i < tupleSize(s); i++) {
            if (Ops.eq(t, tupleItem(s, i), a[o])) {
                return t.newInt(i);
            }
        }
        throw PyError.valueError("tuple.index(x): x not in tuple");
    }

    private static long tupleCount(VmThread t, long s, long[] a, int o, int n, long k) {
        exactly("count", 1, n, k);
        long c = 0;
        for (long i = 0; i < tupleSize(s); i++) {
            if (Ops.eq(t, tupleItem(s, i), a[o])) {
                c++;
            }
        }
        return t.newInt(c);
    }

    private static long dictGet(VmThread t, long s, long[] a, int o, int n, long k) {
        range("get", 1, 2, n, k);
        long v = Dicts.getOwned(t, s, a[o]);
        return v != 0 ? v : n == 2 ? t.newRef(a[o + 1]) : t.none;
    }

    private static long dictKeys(VmThread t, long s, long[] a, int o, int n, long k) {
        exactly("keys", 0, n, k);
        return Iterators.newView(t, Iterators.DICT_KEYS, s);
    }

    private static long dictValues(VmThread t, long s, long[] a, int o, int n, long k) {
        exactly("values", 0, n, k);
        return Iterators.newView(t, Iterators.DICT_VALUES, s);
    }

    private static long dictItems(VmThread t, long s, long[] a, int o, int n, long k) {
        exactly("items", 0, n, k);
        return Iterators.newView(t, Iterators.DICT_ITEMS, s);
    }

    private static long dictPop(VmThread t, long s, long[] a, int o, int n, long k) {
        range("pop", 1, 2, n, k);
        long v = Dicts.pop(t, s, a[o]);
        if (v != 0) {
            return v;
        }
        if (n == 2) {
            return t.newRef(a[o + 1]);
        }
        throw new PyError(t.newException(ClassTable.KEY_ERROR, t.tupleOf(a[o])));
    }

    private static long dictSetdefault(VmThread t, long s, long[] a, int o, int n, long k) {
        range("setdefault", 1, 2, n, k);
        return Dicts.setDefault(t, s, a[o], n == 2 ? a[o + 1] : t.none); // atomic: one critical section
    }

    private static long dictUpdate(VmThread t, long s, long[] a, int o, int n, long k) {
        int nkw = kwCount(k);
        int npos = n - nkw;
        if (npos > 1) {
            throw PyError.typeError("update expected at most 1 argument, got " + npos);
        }
        if (npos == 1) {
            update(t, s, a[o]);
        }
        for (int i = 0; i < nkw; i++) {
            Dicts.put(t, s, tupleItem(k, i), a[o + npos + i]);
        }
        return t.none;
    }

    private static long dictCopy(VmThread t, long s, long[] a, int o, int n, long k) {
        exactly("copy", 0, n, k);
        long d = Dicts.newDict(t, Dicts.size(s));
        update(t, d, s);
        return d;
    }

    private static long dictClear(VmThread t, long s, long[] a, int o, int n, long k) {
        exactly("clear", 0, n, k);
        Dicts.clear(t, s);
        return t.none;
    }

    /** The implementations of the entries registered above, by number ({@link Numbered}). */
    private static long dispatch(int which, VmThread t, long s, long[] a, int o, int n, long k) {
        return switch (which) {
            case 0 -> listAppend(t, s, a, o, n, k);
            case 1 -> listPop(t, s, a, o, n, k);
            case 2 -> listInsert(t, s, a, o, n, k);
            case 3 -> listExtend(t, s, a, o, n, k);
            case 4 -> listIndex(t, s, a, o, n, k);
            case 5 -> listCount(t, s, a, o, n, k);
            case 6 -> listRemove(t, s, a, o, n, k);
            case 7 -> listSort(t, s, a, o, n, k);
            case 8 -> listReverse(t, s, a, o, n, k);
            case 9 -> listCopy(t, s, a, o, n, k);
            case 10 -> listClear(t, s, a, o, n, k);
            case 11 -> tupleIndex(t, s, a, o, n, k);
            case 12 -> tupleCount(t, s, a, o, n, k);
            case 13 -> dictGet(t, s, a, o, n, k);
            case 14 -> dictKeys(t, s, a, o, n, k);
            case 15 -> dictValues(t, s, a, o, n, k);
            case 16 -> dictItems(t, s, a, o, n, k);
            case 17 -> dictPop(t, s, a, o, n, k);
            case 18 -> dictSetdefault(t, s, a, o, n, k);
            case 19 -> dictUpdate(t, s, a, o, n, k);
            case 20 -> dictCopy(t, s, a, o, n, k);
            case 21 -> dictClear(t, s, a, o, n, k);
            default -> throw new IllegalStateException("no built-in number " + which);
        };
    }
}
