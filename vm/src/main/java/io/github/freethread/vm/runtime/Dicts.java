package io.github.freethread.vm.runtime;

import static io.github.freethread.vm.runtime.DictLayout.*;

import java.util.function.LongConsumer;

import org.agrona.UnsafeApi;

import io.github.freethread.allocator.Allocator;
import io.github.freethread.collections.lock.CriticalSections;
import io.github.freethread.refcount.ObjectHeader;

/**
 * The dict algorithm over {@link DictLayout}: insertion-ordered entries plus an open-addressing
 * index, as CPython's {@code dictobject.c}; thread-safe as CPython's free-threaded build (read for
 * the mechanism, not copied): lock-free lookups ({@link DictLookup}), every mutation inside a
 * critical section on the dict's lock word, replaced keys tables cleared (D5) and freed through
 * QSBR. The dict holds one reference to each live key and value.
 *
 * <p>Ownership (fields of {@link DictLayout}):
 * <table>
 *   <caption>who writes what</caption>
 *   <tr><th>field</th><th>written by</th><th>read by</th><th>mode</th></tr>
 *   <tr><td>used</td><td>lock holder</td><td>any (len)</td><td>putLongRelease / getLongAcquire</td></tr>
 *   <tr><td>keys pointer</td><td>lock holder</td><td>any</td><td>putLongRelease after the table is
 *       initialised and after keysVersion / getLongAcquire</td></tr>
 *   <tr><td>keysVersion</td><td>lock holder</td><td>any (LOAD_GLOBAL guards)</td><td>putLongRelease
 *       before a new table is published / getLongAcquire after loading the pointer</td></tr>
 *   <tr><td>table indexSize, capacity</td><td>lock holder before publication</td><td>any</td>
 *       <td>plain, immutable (ordered by the pointer's release/acquire)</td></tr>
 *   <tr><td>table filled</td><td>lock holder</td><td>any</td><td>putLongRelease after the entry is
 *       written / getLongAcquire</td></tr>
 *   <tr><td>index slots</td><td>lock holder</td><td>any</td><td>putIntRelease after the entry is
 *       written / getIntAcquire</td></tr>
 *   <tr><td>entry hash</td><td>lock holder before its index slot is published</td><td>any</td><td>plain, immutable</td></tr>
 *   <tr><td>entry key, value</td><td>lock holder</td><td>any</td><td>putLongRelease (value before key
 *       when clearing) / getLongAcquire, volatile re-read in tryOwnSlot</td></tr>
 * </table>
 *
 * <p>Borrowed accessors ({@link #get}, {@link #entryKey}, {@link #entryValue}, {@link #filled},
 * {@link #find}) are for dicts the caller holds locked or that no other thread can reach; code
 * that reads a dict other threads may mutate uses the owned reads ({@link #getOwned},
 * {@link #itemsOwned}, {@link #iterStep}, {@link #loadCached}).
 */
public final class Dicts {
    private Dicts() {
    }

    public static long newDict(VmThread t, long expected) {
        long d = t.alloc(TypeIds.DICT, PAYLOAD);
        UnsafeApi.putLong(d + USED, 0);
        UnsafeApi.putLong(d + KEYS, expected > 0 ? newTable(t, Math.max(MIN_CAPACITY, expected)) : 0);
        UnsafeApi.putLong(d + KEYS_VERSION, t.nextKeysVersion());
        return d;
    }

    private static long newTable(VmThread t, long capacity) {
        long isz = indexSizeFor(capacity);
        long table = t.ts.heap().malloc(tableBytes(isz, capacity));
        UnsafeApi.putLong(table + T_INDEX_SIZE, isz);
        UnsafeApi.putLong(table + T_CAPACITY, capacity);
        UnsafeApi.putLong(table + T_FILLED, 0);
        UnsafeApi.setMemory(table + T_INDICES, 4 * isz, (byte) 0xFF); // EMPTY
        UnsafeApi.setMemory(table + entriesOffset(isz), capacity * ENTRY_SIZE, (byte) 0); // (D4)
        return table;
    }

    static CriticalSections lock(VmThread t, long d) {
        CriticalSections cs = t.ctx.sections();
        cs.enter(d + ObjectHeader.LOCK_OFFSET);
        return cs;
    }

    /** len(d) (acquire: pairs with putLongRelease of used). */
    public static long size(long d) {
        return UnsafeApi.getLongAcquire(null, d + USED);
    }

    /** The keys version (acquire: pairs with putLongRelease in bumpVersion). */
    public static int keysVersion(long d) {
        return (int) UnsafeApi.getLongAcquire(null, d + KEYS_VERSION);
    }

    private static long table(long d) {
        return UnsafeApi.getLongAcquire(null, d + KEYS);
    }

    /** Entries appended to the current table (borrowed view: locked or private dicts). */
    public static long filled(long d) {
        long table = table(d);
        return table == 0 ? 0 : UnsafeApi.getLongAcquire(null, table + T_FILLED);
    }

    /** Key of entry {@code i} (borrowed) or 0 if deleted or out of range; locked or private dicts only. */
    public static long entryKey(long d, long i) {
        long table = table(d);
        if (table == 0 || i < 0 || i >= UnsafeApi.getLongAcquire(null, table + T_FILLED)) {
            return 0;
        }
        return UnsafeApi.getLongAcquire(null, entry(table, i) + ENTRY_KEY);
    }

    /** Value of entry {@code i} (borrowed) or 0; locked or private dicts only. */
    public static long entryValue(long d, long i) {
        long table = table(d);
        if (table == 0 || i < 0 || i >= UnsafeApi.getLongAcquire(null, table + T_FILLED)) {
            return 0;
        }
        return UnsafeApi.getLongAcquire(null, entry(table, i) + ENTRY_VALUE);
    }

    /** Entry number of {@code key} or -1 (looked up under the lock; the number may be stale at once). */
    public static long find(VmThread t, long d, long key) {
        long hash = Ops.hash(t, key);
        CriticalSections cs = lock(t, d);
        try {
            return DictLookup.findLocked(t, UnsafeApi.getLong(d + KEYS), key, hash);
        } finally {
            cs.exit();
        }
    }

    /** Value for {@code key} (BORROWED) or 0: only for dicts no other thread mutates. */
    public static long get(VmThread t, long d, long key) {
        long ix = find(t, d, key);
        return ix < 0 ? 0 : entryValue(d, ix);
    }

    /** d[key] as an OWNED reference, or 0 if absent; TypeError if unhashable. Safe on shared dicts. */
    public static long getOwned(VmThread t, long d, long key) {
        long hash = Ops.hash(t, key);
        long v = DictLookup.lookupOwned(t, d, key, hash);
        return v != DictLookup.RETRY_LOCKED ? v : getLocked(t, d, key, hash);
    }

    private static long getLocked(VmThread t, long d, long key, long hash) {
        CriticalSections cs = lock(t, d);
        try {
            long table = UnsafeApi.getLong(d + KEYS);
            long ix = DictLookup.findLocked(t, table, key, hash);
            if (ix < 0) {
                return 0;
            }
            long v = UnsafeApi.getLong(entry(table, ix) + ENTRY_VALUE);
            t.increfShared(v);
            return v;
        } finally {
            cs.exit();
        }
    }

    /** {@code key in d}. */
    public static boolean contains(VmThread t, long d, long key) {
        long v = getOwned(t, d, key);
        if (v == 0) {
            return false;
        }
        t.decref(v);
        return true;
    }

    /**
     * The specialised global load (LOAD_GLOBAL_MODULE/BUILTIN): value of entry {@code ix} as an
     * OWNED reference if the dict's keys version still equals {@code version}, else 0 (deopt).
     * Pointer first (acquire), version second (acquire): a writer stores the new version before it
     * publishes a replaced table, so a reader that loaded the new table also sees the new version
     * and never reads entry {@code ix} of a table it was not cached for. Insertions into the same
     * table keep entry numbers; deletions and retirements clear the value, which the slot re-check
     * of {@link VmThread#tryOwnSlot} catches.
     */
    public static long loadCached(VmThread t, long d, int ix, int version) {
        long table = UnsafeApi.getLongAcquire(null, d + KEYS); // acquire: pairs with putLongRelease(KEYS) in publish
        if (table == 0 || (int) UnsafeApi.getLongAcquire(null, d + KEYS_VERSION) != version
            || ix >= UnsafeApi.getLongAcquire(null, table + T_FILLED)) {
            return 0;
        }
        long vs = entry(table, ix) + ENTRY_VALUE;
        long v = UnsafeApi.getLongAcquire(null, vs); // acquire: pairs with putLongRelease of the value
        return v != 0 && t.tryOwnSlot(vs, v) ? v : 0;
    }

    // ------------------------------------------------------------------ mutation (locked)

    /**
     * d[key] = value (new references to both taken). Atomic per dict. A private value bound to a
     * new name of a module's globals after threads started becomes immortal first (see
     * {@link SharedObjects#beforeNewGlobal}: threads then read it without counting).
     */
    public static void put(VmThread t, long d, long key, long value) {
        t.vm.shared.beforeNewGlobal(t, d, key, value);
        long hash = Ops.hash(t, key);
        long old;
        CriticalSections cs = lock(t, d);
        try {
            old = putLocked(t, d, key, hash, value);
        } finally {
            cs.exit();
        }
        if (old != 0) {
            t.decref(old);
        }
    }

    /** Insert or replace under the lock; returns the replaced value (owned, for the caller to drop after exit) or 0. */
    static long putLocked(VmThread t, long d, long key, long hash, long value) {
        long table = UnsafeApi.getLong(d + KEYS);
        long ix = DictLookup.findLocked(t, table, key, hash);
        if (ix >= 0) {
            long vs = entry(table, ix) + ENTRY_VALUE;
            long old = UnsafeApi.getLong(vs);
            t.incref(value);
            UnsafeApi.putLongRelease(null, vs, value); // release: pairs with getLongAcquire of the value in DictLookup/loadCached
            return old;
        }
        if (table == 0 || UnsafeApi.getLong(table + T_FILLED) >= capacity(table)) {
            table = rebuild(t, d, table, UnsafeApi.getLong(d + USED) * 2 + 1);
        }
        long filled = UnsafeApi.getLong(table + T_FILLED);
        long e = entry(table, filled);
        t.incref(key);
        t.incref(value);
        UnsafeApi.putLong(e + ENTRY_HASH, hash);
        UnsafeApi.putLong(e + ENTRY_KEY, key);
        UnsafeApi.putLong(e + ENTRY_VALUE, value); // all three published by the release stores below
        insertIndex(table, hash, filled);
        UnsafeApi.putLongRelease(null, table + T_FILLED, filled + 1); // release: pairs with getLongAcquire of filled (loadCached, iteration)
        UnsafeApi.putLongRelease(null, d + USED, UnsafeApi.getLong(d + USED) + 1);
        bumpVersion(t, d);
        return 0;
    }

    /**
     * dict.setdefault(key, dflt): the existing value, or {@code dflt} after inserting it, as an
     * OWNED reference; atomic (one critical section), so two threads never both insert.
     */
    public static long setDefault(VmThread t, long d, long key, long dflt) {
        long hash = Ops.hash(t, key);
        CriticalSections cs = lock(t, d);
        try {
            long table = UnsafeApi.getLong(d + KEYS);
            long ix = DictLookup.findLocked(t, table, key, hash);
            if (ix >= 0) {
                long v = UnsafeApi.getLong(entry(table, ix) + ENTRY_VALUE);
                t.increfShared(v);
                return v;
            }
            putLocked(t, d, key, hash, dflt);
            t.incref(dflt);
            return dflt;
        } finally {
            cs.exit();
        }
    }

    private static void bumpVersion(VmThread t, long d) {
        UnsafeApi.putLongRelease(null, d + KEYS_VERSION, t.nextKeysVersion()); // release: pairs with getLongAcquire in keysVersion/loadCached
    }

    private static void insertIndex(long table, long hash, long entryNo) {
        long mask = indexSize(table) - 1;
        long i = hash & mask;
        long perturb = hash;
        while (UnsafeApi.getInt(indexSlot(table, i)) != EMPTY) {
            perturb >>>= 5;
            i = (i * 5 + perturb + 1) & mask;
        }
        UnsafeApi.putIntRelease(null, indexSlot(table, i), (int) entryNo); // release: pairs with getIntAcquire in DictLookup
    }

    /**
     * Replaces {@code old} by a compacted table for at least {@code minCapacity} entries (lock held):
     * build it privately, store the new keys version, publish the table (release), then clear the
     * old one (D5) and hand it to QSBR. References move to the new table uncounted.
     */
    private static long rebuild(VmThread t, long d, long old, long minCapacity) {
        long fresh = newTable(t, Math.max(MIN_CAPACITY, minCapacity));
        long n = 0;
        if (old != 0) {
            long filled = UnsafeApi.getLong(old + T_FILLED);
            for (long i = 0; i < filled; i++) {
                long e = entry(old, i);
                long k = UnsafeApi.getLong(e + ENTRY_KEY);
                if (k != 0) {
                    long ne = entry(fresh, n);
                    long h = UnsafeApi.getLong(e + ENTRY_HASH);
                    UnsafeApi.putLong(ne + ENTRY_HASH, h);
                    UnsafeApi.putLong(ne + ENTRY_KEY, k);
                    UnsafeApi.putLong(ne + ENTRY_VALUE, UnsafeApi.getLong(e + ENTRY_VALUE));
                    insertIndex(fresh, h, n);
                    n++;
                }
            }
        }
        UnsafeApi.putLong(fresh + T_FILLED, n);
        publish(t, d, fresh);
        if (old != 0) {
            retire(t, old);
        }
        return fresh;
    }

    /** New version first (release), then the table (release): a reader that sees the table sees the version. */
    private static void publish(VmThread t, long d, long table) {
        bumpVersion(t, d);
        UnsafeApi.putLongRelease(null, d + KEYS, table); // release: pairs with getLongAcquire in DictLookup, loadCached, table()
    }

    /** (D5): clears every entry of a replaced table (value before key, release), then defers its free. */
    private static void retire(VmThread t, long old) {
        long filled = UnsafeApi.getLong(old + T_FILLED);
        for (long i = 0; i < filled; i++) {
            long e = entry(old, i);
            UnsafeApi.putLongRelease(null, e + ENTRY_VALUE, 0);
            UnsafeApi.putLongRelease(null, e + ENTRY_KEY, 0); // release: a reader that acquires this 0 then sees the new table
        }
        t.ctx.qsbr().deferFree(old);
    }

    /** Removes {@code key}; returns its value as an OWNED reference, or 0 if absent. */
    public static long pop(VmThread t, long d, long key) {
        long hash = Ops.hash(t, key);
        long k;
        long v;
        CriticalSections cs = lock(t, d);
        try {
            long table = UnsafeApi.getLong(d + KEYS);
            long ix = DictLookup.findLocked(t, table, key, hash);
            if (ix < 0) {
                return 0;
            }
            long e = entry(table, ix);
            k = UnsafeApi.getLong(e + ENTRY_KEY);
            v = UnsafeApi.getLong(e + ENTRY_VALUE);
            UnsafeApi.putLongRelease(null, e + ENTRY_VALUE, 0); // value before key: see DictLookup step 5
            UnsafeApi.putLongRelease(null, e + ENTRY_KEY, 0);
            UnsafeApi.putLongRelease(null, d + USED, UnsafeApi.getLong(d + USED) - 1);
            bumpVersion(t, d);
        } finally {
            cs.exit();
        }
        t.decref(k);
        return v;
    }

    /** Drops every entry (the table is unpublished, cleared and freed through QSBR). */
    public static void clear(VmThread t, long d) {
        long[] kv;
        CriticalSections cs = lock(t, d);
        try {
            long old = UnsafeApi.getLong(d + KEYS);
            kv = DictBulk.collectLocked(t, old, false);
            bumpVersion(t, d);
            UnsafeApi.putLongRelease(null, d + KEYS, 0);
            UnsafeApi.putLongRelease(null, d + USED, 0);
            if (old != 0) {
                retire(t, old);
            }
        } finally {
            cs.exit();
        }
        Lists.release(t, kv);
    }

    /** An atomic snapshot of the live entries as OWNED references [k0, v0, k1, v1, ...] (see {@link DictBulk}). */
    public static long[] itemsOwned(VmThread t, long d) {
        return DictBulk.itemsOwned(t, d);
    }

    /**
     * One iteration step: lock-free ({@link DictBulk#iterStepLockFree}), or under the lock
     * ({@link DictBulk#iterStep}) when the lock-free read cannot decide (a retired table, a
     * failed conditional increment, an entry being deleted).
     */
    public static long iterStep(VmThread t, long d, long pos, boolean wantKey, boolean wantValue, long[] out) {
        long next = DictBulk.iterStepLockFree(t, d, pos, wantKey, wantValue, out);
        return next != DictBulk.STEP_LOCKED ? next : DictBulk.iterStep(t, d, pos, wantKey, wantValue, out);
    }

    /** dict.update(src) for a dict {@code src}: both locked (address order); see {@link DictBulk#update}. */
    public static void update(VmThread t, long dst, long src) {
        DictBulk.update(t, dst, src);
    }

    /** dict == dict on an owned snapshot; see {@link DictBulk#equal}. */
    public static boolean equal(VmThread t, long a, long b) {
        return DictBulk.equal(t, a, b);
    }

    // ------------------------------------------------------------------ deallocation and checks

    /** Deallocation (once, on the dying dict no thread can reach): reports keys and values, frees the table at once. */
    public static void dispose(long d, LongConsumer visitor, Allocator alloc) {
        long table = UnsafeApi.getLong(d + KEYS);
        if (table == 0) {
            return;
        }
        long filled = UnsafeApi.getLong(table + T_FILLED);
        for (long i = 0; i < filled; i++) {
            long e = entry(table, i);
            long k = UnsafeApi.getLong(e + ENTRY_KEY);
            if (k != 0) {
                visitor.accept(k);
                visitor.accept(UnsafeApi.getLong(e + ENTRY_VALUE));
            }
        }
        alloc.free(table);
    }

    /** Checks (D1), (D3) and (D4) on a quiescent dict; AssertionError naming the equation. */
    public static void assertInvariants(long d) {
        assertInvariants(null, d);
    }

    /** Checks (D1)-(D4) on a quiescent dict ((D2), probing, only when {@code t} is given). */
    public static void assertInvariants(VmThread t, long d) {
        long used = UnsafeApi.getLong(d + USED);
        long table = UnsafeApi.getLong(d + KEYS);
        if (table == 0) {
            if (used != 0) {
                throw new AssertionError("(D1) dict without a table has used " + used);
            }
            return;
        }
        long filled = UnsafeApi.getLong(table + T_FILLED);
        long cap = capacity(table);
        long isz = indexSize(table);
        if (!(used <= filled && filled <= cap && cap < isz)) {
            throw new AssertionError("(D1) used " + used + " <= filled " + filled + " <= capacity " + cap + " < indexSize " + isz);
        }
        long live = 0;
        for (long i = 0; i < cap; i++) {
            long e = entry(table, i);
            long k = UnsafeApi.getLong(e + ENTRY_KEY);
            if (i >= filled && (k != 0 || UnsafeApi.getLong(e + ENTRY_VALUE) != 0)) {
                throw new AssertionError("(D4) entry " + i + " past filled " + filled + " is not zero");
            }
            if (i < filled && k != 0) {
                live++;
                if (t != null && DictLookup.findLocked(t, table, k, UnsafeApi.getLong(e + ENTRY_HASH)) != i) {
                    throw new AssertionError("(D2) entry " + i + " is not reachable by probing");
                }
            }
        }
        if (live != used) {
            throw new AssertionError("(D1) used " + used + " != live entries " + live);
        }
        long slots = 0;
        for (long i = 0; i < isz; i++) {
            if (UnsafeApi.getInt(indexSlot(table, i)) != EMPTY) {
                slots++;
            }
        }
        if (slots != filled) {
            throw new AssertionError("(D3) " + slots + " non-EMPTY index slots != filled " + filled);
        }
    }
}
