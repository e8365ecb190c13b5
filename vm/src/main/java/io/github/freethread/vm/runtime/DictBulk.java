package io.github.freethread.vm.runtime;

import static io.github.freethread.vm.runtime.DictLayout.*;

import org.agrona.UnsafeApi;

import io.github.freethread.collections.lock.CriticalSections;
import io.github.freethread.refcount.ObjectHeader;

/**
 * Whole-dict operations of {@link Dicts} (split from it to keep one concern per file): atomic
 * owned snapshots, one iteration step, {@code dict.update(dict)} in a two-lock section, and dict
 * equality on a snapshot. Same ownership and memory-ordering rules as {@link Dicts}: every read of
 * entries here happens under the dict's lock, except {@link #iterStepLockFree}, which reads like
 * {@code DictLookup.lookupOwned} (argument on that method); results are owned references.
 */
final class DictBulk {
    private DictBulk() {
    }

    /** Live entries of {@code table} as [k0, v0, k1, v1, ...]; counted (new references) if {@code count}. */
    static long[] collectLocked(VmThread t, long table, boolean count) {
        if (table == 0) {
            return new long[0];
        }
        long filled = UnsafeApi.getLong(table + T_FILLED);
        long[] r = new long[(int) (2 * filled)];
        int n = 0;
        for (long i = 0; i < filled; i++) {
            long e = entry(table, i);
            long k = UnsafeApi.getLong(e + ENTRY_KEY);
            if (k != 0) {
                long v = UnsafeApi.getLong(e + ENTRY_VALUE);
                if (count) {
                    t.increfShared(k);
                    t.increfShared(v);
                }
                r[n++] = k;
                r[n++] = v;
            }
        }
        return n == r.length ? r : java.util.Arrays.copyOf(r, n);
    }

    /** An atomic snapshot of the live entries as OWNED references [k0, v0, k1, v1, ...]. */
    static long[] itemsOwned(VmThread t, long d) {
        CriticalSections cs = Dicts.lock(t, d);
        try {
            return collectLocked(t, UnsafeApi.getLong(d + KEYS), true);
        } finally {
            cs.exit();
        }
    }

    /** {@link #iterStepLockFree}'s answer "ask under the lock" (never a valid position: those are >= -1). */
    static final long STEP_LOCKED = -2;

    /**
     * One iteration step WITHOUT the dict's lock, as a lookup ({@code DictLookup.lookupOwned}):
     * the first live entry at or after {@code pos} of the table read now, counted; -1 when
     * exhausted; {@link #STEP_LOCKED} when only the lock can answer. Argument:
     * <ol>
     *   <li>{@code table = getLongAcquire(KEYS)} pairs with {@code putLongRelease(KEYS)} in
     *       {@code Dicts.publish}: the table's header and entries are initialised; QSBR keeps it
     *       readable until our next quiescent point (none inside this method) even if a writer
     *       retires it now. 0: the dict is empty at this instant (exhausted).
     *   <li>{@code filled = getLongAcquire(T_FILLED)} pairs with {@code putLongRelease(T_FILLED)}
     *       in {@code Dicts.putLocked}: hash, key and value of every entry below it were stored
     *       before (plain stores ordered by that release).
     *   <li>key {@code k = getLongAcquire(key slot)}. 0 is a deleted entry, or a retired table
     *       (D5: retirement clears every value, then every key, with release stores, after the
     *       new table was published): if {@code KEYS} no longer holds our table, the positions
     *       we scan no longer describe the dict, so the lock answers (a retired table must never
     *       make us skip entries present throughout; the same rule as lookupOwned's). Else skip.
     *   <li>the key (if wanted) is counted with {@code tryOwnSlot} (conditional increment, then
     *       the slot re-read: it was in its slot, alive, when counted); then the value: read
     *       (acquire, pairs with the writer's release of the value), 0 = being deleted (the value
     *       is cleared before the key) or retired, else counted with {@code tryOwnSlot}.
     *       Deletion clears the value before the key, so "key still in its slot at its re-check,
     *       value still in its slot afterwards" means the pair was bound at the value's re-check
     *       (a concurrent {@code d[k] = v2} gives (k, v) or (k, v2), both live bindings).
     *   <li>any failed count or a cleared value: the lock answers from the same position.
     * </ol>
     * Weakly consistent like the locked step (a compaction renumbers entries; an entry deleted and
     * re-inserted moves to the end and may be seen twice), never unsafe.
     */
    static long iterStepLockFree(VmThread t, long d, long pos, boolean wantKey, boolean wantValue, long[] out) {
        long table = UnsafeApi.getLongAcquire(null, d + KEYS); // acquire: pairs with putLongRelease(KEYS) in Dicts.publish/clear
        if (table == 0) {
            return -1;
        }
        long filled = UnsafeApi.getLongAcquire(null, table + T_FILLED); // acquire: pairs with putLongRelease(T_FILLED) in putLocked
        for (long i = pos; i < filled; i++) {
            long e = entry(table, i);
            long ks = e + ENTRY_KEY;
            long k = UnsafeApi.getLongAcquire(null, ks); // acquire: pairs with the release that cleared it (D5)
            if (k == 0) {
                if (UnsafeApi.getLongAcquire(null, d + KEYS) != table) {
                    return STEP_LOCKED; // retired table: its cleared keys prove nothing
                }
                continue; // a deleted entry
            }
            if (wantKey && !t.tryOwnSlot(ks, k)) {
                return STEP_LOCKED;
            }
            long v = 0;
            if (wantValue) {
                long vs = e + ENTRY_VALUE;
                v = UnsafeApi.getLongAcquire(null, vs); // acquire: pairs with the writer's putLongRelease of the value
                if (v == 0 || !t.tryOwnSlot(vs, v)) {
                    if (wantKey) {
                        t.decref(k);
                    }
                    return STEP_LOCKED;
                }
            }
            out[0] = wantKey ? k : 0;
            out[1] = v;
            return i + 1;
        }
        return -1;
    }

    /**
     * One iteration step (one short critical section): finds the first live entry at or after
     * position {@code pos} of the current table, stores OWNED references to its key and value into
     * {@code out[0]}, {@code out[1]} (only the ones {@code wantKey}/{@code wantValue} ask for) and
     * returns the position after it, or -1 when exhausted. Weakly consistent under concurrent
     * mutation (a compaction renumbers entries: items may be missed or repeated), never unsafe.
     */
    static long iterStep(VmThread t, long d, long pos, boolean wantKey, boolean wantValue, long[] out) {
        CriticalSections cs = Dicts.lock(t, d);
        try {
            long table = UnsafeApi.getLong(d + KEYS);
            if (table == 0) {
                return -1;
            }
            long filled = UnsafeApi.getLong(table + T_FILLED);
            for (long i = pos; i < filled; i++) {
                long e = entry(table, i);
                long k = UnsafeApi.getLong(e + ENTRY_KEY);
                if (k != 0) {
                    if (wantKey) {
                        t.increfShared(k);
                        out[0] = k;
                    }
                    if (wantValue) {
                        long v = UnsafeApi.getLong(e + ENTRY_VALUE);
                        t.increfShared(v);
                        out[1] = v;
                    }
                    return i + 1;
                }
            }
            return -1;
        } finally {
            cs.exit();
        }
    }

    /** dict.update(src) for a dict {@code src}: both locked (address order), entries copied. */
    static void update(VmThread t, long dst, long src) {
        if (dst == src) {
            return;
        }
        CriticalSections cs = t.ctx.sections();
        cs.enter2(dst + ObjectHeader.LOCK_OFFSET, src + ObjectHeader.LOCK_OFFSET);
        long[] kv;
        long[] replaced;
        try {
            kv = collectLocked(t, UnsafeApi.getLong(src + KEYS), true);
            replaced = new long[kv.length / 2];
            for (int i = 0; i < kv.length; i += 2) {
                replaced[i / 2] = Dicts.putLocked(t, dst, kv[i], Ops.hash(t, kv[i]), kv[i + 1]);
            }
        } finally {
            cs.exit();
        }
        Lists.release(t, kv); // our snapshot references
        for (long old : replaced) {
            t.xdecref(old); // values replaced in dst, dropped outside the section
        }
    }

    /** dict == dict: on an owned snapshot of {@code a}, each value compared with b's owned value. */
    static boolean equal(VmThread t, long a, long b) {
        if (a == b) {
            return true;
        }
        if (Dicts.size(a) != Dicts.size(b)) {
            return false;
        }
        long[] kv = itemsOwned(t, a);
        try {
            if (kv.length / 2 != Dicts.size(b)) {
                return false;
            }
            for (int i = 0; i < kv.length; i += 2) {
                long v = Dicts.getOwned(t, b, kv[i]);
                if (v == 0) {
                    return false;
                }
                try {
                    if (!Ops.eq(t, kv[i + 1], v)) {
                        return false;
                    }
                } finally {
                    t.decref(v);
                }
            }
            return true;
        } finally {
            Lists.release(t, kv);
        }
    }
}
