package io.github.freethread.vm.runtime;

import static io.github.freethread.vm.runtime.DictLayout.*;

import org.agrona.UnsafeApi;

/**
 * The dict algorithm over {@link DictLayout}: insertion-ordered entries plus an open-addressing
 * index table probed linearly-perturbed as in CPython's {@code dictobject.c} (read for the idea,
 * not copied). The dict holds one reference to each live key and value.
 *
 * <p>Thread safety: single-writer for now (one Python thread). Issue 6 adds per-object critical
 * sections on the header's lock word (collections' {@code CriticalSections}) around mutation;
 * the {@code keysVersion} word is what specialised global loads guard on.
 */
public final class Dicts {
    private Dicts() {
    }

    public static long newDict(VmThread t, long expected) {
        long d = t.alloc(TypeIds.DICT, PAYLOAD);
        UnsafeApi.putLong(d + USED, 0);
        UnsafeApi.putLong(d + FILLED, 0);
        UnsafeApi.putLong(d + CAPACITY, 0);
        UnsafeApi.putLong(d + INDEX_SIZE, 0);
        UnsafeApi.putLong(d + ENTRIES, 0);
        UnsafeApi.putLong(d + INDICES, 0);
        UnsafeApi.putLong(d + KEYS_VERSION, t.vm.nextKeysVersion());
        if (expected > 0) {
            rebuild(t, d, expected);
        }
        return d;
    }

    public static long size(long d) {
        return UnsafeApi.getLong(d + USED);
    }

    public static long filled(long d) {
        return UnsafeApi.getLong(d + FILLED);
    }

    public static int keysVersion(long d) {
        return (int) UnsafeApi.getLong(d + KEYS_VERSION);
    }

    static long entry(long d, long i) {
        return UnsafeApi.getLong(d + ENTRIES) + i * ENTRY_SIZE;
    }

    /** Key of entry {@code i} (borrowed), or 0 if deleted. */
    public static long entryKey(long d, long i) {
        return UnsafeApi.getLong(entry(d, i) + ENTRY_KEY);
    }

    public static long entryValue(long d, long i) {
        return UnsafeApi.getLong(entry(d, i) + ENTRY_VALUE);
    }

    /** Replaces the value of live entry {@code i} (takes a new reference to v). */
    public static void setEntryValue(VmThread t, long d, long i, long v) {
        long e = entry(d, i);
        long old = UnsafeApi.getLong(e + ENTRY_VALUE);
        t.incref(v);
        UnsafeApi.putLong(e + ENTRY_VALUE, v);
        t.decref(old);
    }

    /** Entry index of {@code key}, or -1. Hashes with {@link Ops#hash} (TypeError if unhashable). */
    public static long find(VmThread t, long d, long key) {
        return find(t, d, key, Ops.hash(t, key));
    }

    public static long find(VmThread t, long d, long key, long hash) {
        long size = UnsafeApi.getLong(d + INDEX_SIZE);
        if (size == 0) {
            return -1;
        }
        long mask = size - 1;
        long indices = UnsafeApi.getLong(d + INDICES);
        long entries = UnsafeApi.getLong(d + ENTRIES);
        long i = hash & mask;
        long perturb = hash;
        boolean strKey = VmThread.typeOf(key) == TypeIds.STR;
        while (true) {
            int ix = UnsafeApi.getInt(indices + 4 * i);
            if (ix == EMPTY) {
                return -1;
            }
            long e = entries + (long) ix * ENTRY_SIZE;
            long k = UnsafeApi.getLong(e + ENTRY_KEY);
            if (k != 0 && UnsafeApi.getLong(e + ENTRY_HASH) == hash) {
                if (k == key) {
                    return ix;
                }
                if (strKey ? VmThread.typeOf(k) == TypeIds.STR && VmThread.strEquals(k, key) : Ops.eq(t, k, key)) {
                    return ix;
                }
            }
            perturb >>>= 5;
            i = (i * 5 + perturb + 1) & mask;
        }
    }

    /** Value for {@code key} (borrowed) or 0. */
    public static long get(VmThread t, long d, long key) {
        long ix = find(t, d, key);
        return ix < 0 ? 0 : entryValue(d, ix);
    }

    /** d[key] = value (new references to both taken). */
    public static void put(VmThread t, long d, long key, long value) {
        long hash = Ops.hash(t, key);
        long ix = find(t, d, key, hash);
        if (ix >= 0) {
            setEntryValue(t, d, ix, value);
            return;
        }
        long filled = UnsafeApi.getLong(d + FILLED);
        if (filled >= UnsafeApi.getLong(d + CAPACITY)) {
            rebuild(t, d, UnsafeApi.getLong(d + USED) * 2 + 1);
            filled = UnsafeApi.getLong(d + FILLED);
        }
        long e = entry(d, filled);
        t.incref(key);
        t.incref(value);
        UnsafeApi.putLong(e + ENTRY_HASH, hash);
        UnsafeApi.putLong(e + ENTRY_KEY, key);
        UnsafeApi.putLong(e + ENTRY_VALUE, value);
        insertIndex(d, hash, filled);
        UnsafeApi.putLong(d + FILLED, filled + 1);
        UnsafeApi.putLong(d + USED, UnsafeApi.getLong(d + USED) + 1);
        UnsafeApi.putLong(d + KEYS_VERSION, t.vm.nextKeysVersion());
    }

    /** Removes {@code key}; returns its value as an owned reference, or 0 if absent. */
    public static long pop(VmThread t, long d, long key) {
        long ix = find(t, d, key);
        if (ix < 0) {
            return 0;
        }
        long e = entry(d, ix);
        long k = UnsafeApi.getLong(e + ENTRY_KEY);
        long v = UnsafeApi.getLong(e + ENTRY_VALUE);
        UnsafeApi.putLong(e + ENTRY_KEY, 0);
        UnsafeApi.putLong(e + ENTRY_VALUE, 0);
        UnsafeApi.putLong(d + USED, UnsafeApi.getLong(d + USED) - 1);
        UnsafeApi.putLong(d + KEYS_VERSION, t.vm.nextKeysVersion());
        t.decref(k);
        return v;
    }

    /** Drops every entry. */
    public static void clear(VmThread t, long d) {
        long filled = filled(d);
        long entries = UnsafeApi.getLong(d + ENTRIES);
        long indices = UnsafeApi.getLong(d + INDICES);
        UnsafeApi.putLong(d + USED, 0);
        UnsafeApi.putLong(d + FILLED, 0);
        UnsafeApi.putLong(d + CAPACITY, 0);
        UnsafeApi.putLong(d + INDEX_SIZE, 0);
        UnsafeApi.putLong(d + ENTRIES, 0);
        UnsafeApi.putLong(d + INDICES, 0);
        UnsafeApi.putLong(d + KEYS_VERSION, t.vm.nextKeysVersion());
        for (long i = 0; i < filled; i++) {
            long e = entries + i * ENTRY_SIZE;
            long k = UnsafeApi.getLong(e + ENTRY_KEY);
            if (k != 0) {
                t.decref(k);
                t.decref(UnsafeApi.getLong(e + ENTRY_VALUE));
            }
        }
        if (entries != 0) {
            t.rt.allocator().free(entries);
            t.rt.allocator().free(indices);
        }
    }

    private static void insertIndex(long d, long hash, long entryNo) {
        long mask = UnsafeApi.getLong(d + INDEX_SIZE) - 1;
        long indices = UnsafeApi.getLong(d + INDICES);
        long i = hash & mask;
        long perturb = hash;
        while (UnsafeApi.getInt(indices + 4 * i) != EMPTY) {
            perturb >>>= 5;
            i = (i * 5 + perturb + 1) & mask;
        }
        UnsafeApi.putInt(indices + 4 * i, (int) entryNo);
    }

    /** Compacts live entries into new tables sized for {@code minCapacity} entries. */
    private static void rebuild(VmThread t, long d, long minCapacity) {
        long cap = Math.max(MIN_CAPACITY, minCapacity);
        long indexSize = 8;
        while (indexSize * 2 < cap * 3) {
            indexSize <<= 1;
        }
        var alloc = t.ts.heap();
        long newEntries = alloc.malloc(cap * ENTRY_SIZE);
        long newIndices = alloc.malloc(indexSize * 4);
        UnsafeApi.setMemory(newIndices, indexSize * 4, (byte) 0xFF);
        long oldEntries = UnsafeApi.getLong(d + ENTRIES);
        long oldIndices = UnsafeApi.getLong(d + INDICES);
        long filled = UnsafeApi.getLong(d + FILLED);
        UnsafeApi.putLong(d + ENTRIES, newEntries);
        UnsafeApi.putLong(d + INDICES, newIndices);
        UnsafeApi.putLong(d + CAPACITY, cap);
        UnsafeApi.putLong(d + INDEX_SIZE, indexSize);
        long n = 0;
        for (long i = 0; i < filled; i++) {
            long e = oldEntries + i * ENTRY_SIZE;
            long k = UnsafeApi.getLong(e + ENTRY_KEY);
            if (k != 0) {
                long ne = newEntries + n * ENTRY_SIZE;
                long h = UnsafeApi.getLong(e + ENTRY_HASH);
                UnsafeApi.putLong(ne + ENTRY_HASH, h);
                UnsafeApi.putLong(ne + ENTRY_KEY, k);
                UnsafeApi.putLong(ne + ENTRY_VALUE, UnsafeApi.getLong(e + ENTRY_VALUE));
                insertIndex(d, h, n);
                n++;
            }
        }
        UnsafeApi.putLong(d + FILLED, n);
        if (oldEntries != 0) {
            t.rt.allocator().free(oldEntries);
            t.rt.allocator().free(oldIndices);
        }
    }

    /** Checks (D1) on a quiescent dict; AssertionError naming the equation. */
    public static void assertInvariants(long d) {
        long used = size(d);
        long filled = filled(d);
        long cap = UnsafeApi.getLong(d + CAPACITY);
        long isz = UnsafeApi.getLong(d + INDEX_SIZE);
        if (!(used <= filled && filled <= cap && (cap == 0 || cap < isz))) {
            throw new AssertionError("(D1) used " + used + " <= filled " + filled + " <= capacity " + cap + " < indexSize " + isz);
        }
    }
}
