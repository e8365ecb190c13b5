package io.github.freethread.vm.runtime;

import static io.github.freethread.vm.runtime.DictLayout.*;

import org.agrona.UnsafeApi;

import io.github.freethread.refcount.ObjectHeader;

/**
 * Probing a dict's keys table, lock-free ({@link #lookupOwned}) and under the dict's lock
 * ({@link #findLocked}). Probe sequence as CPython's {@code dictobject.c}: {@code i = hash & mask},
 * then {@code perturb >>>= 5; i = (5i + perturb + 1) & mask}.
 *
 * <p>The lock-free lookup follows CPython's free-threaded {@code _Py_dict_lookup_threadsafe}
 * (read, not copied):
 * <ol>
 *   <li>load the table pointer (acquire: pairs with the release in {@code Dicts.publish}); its
 *       index size and capacity are immutable, and QSBR keeps it readable until our next quiescent
 *       point even if a writer replaces it now;
 *   <li>load index slots (acquire: pairs with {@code putIntRelease} made after the entry was
 *       written, so an entry number leads to a fully written entry); EMPTY means absent when the
 *       table was loaded (slots never return to EMPTY, D3);
 *   <li>compare the stored hash (immutable), then the key: the same address matches at once; an
 *       immortal key is compared directly; any other key is counted first
 *       ({@link VmThread#tryOwnSlot}) so equality never reads a freed key;
 *   <li>a key slot reading 0 is a deleted entry <em>or</em> a retired table whose keys were
 *       cleared (D5): the clearing is a release made after the new table was published, so after
 *       this acquire a re-load of the pointer shows whether the table changed; if so, ask under
 *       the lock (a retired table must never answer "absent" for a key present throughout);
 *   <li>load the value (acquire) and own it with {@link VmThread#tryOwnSlot}: the count succeeds
 *       and the slot still holds the value afterwards only if it was bound to the key at that
 *       instant (deletions and retirements clear the value before the key).
 * </ol>
 * Any failure answers {@link #RETRY_LOCKED}; the caller then looks up under the lock, exactly.
 */
final class DictLookup {
    private DictLookup() {
    }

    /** Lock-free lookup gave up (racing writer, uncountable object): look up under the lock. */
    static final long RETRY_LOCKED = -1;

    /** Owned value of {@code key} (hash {@code hash}), 0 if absent, or {@link #RETRY_LOCKED}. */
    static long lookupOwned(VmThread t, long d, long key, long hash) {
        long table = UnsafeApi.getLongAcquire(null, d + KEYS); // acquire: pairs with putLongRelease(KEYS) in Dicts.publish
        if (table == 0) {
            return 0;
        }
        long isz = indexSize(table);
        long mask = isz - 1;
        long entries = table + entriesOffset(isz);
        long i = hash & mask;
        long perturb = hash;
        boolean strKey = VmThread.typeOf(key) == TypeIds.STR;
        while (true) {
            int ix = UnsafeApi.getIntAcquire(null, indexSlot(table, i)); // acquire: pairs with putIntRelease in Dicts.insertIndex
            if (ix == EMPTY) {
                return 0;
            }
            long e = entries + (long) ix * ENTRY_SIZE;
            if (UnsafeApi.getLong(e + ENTRY_HASH) == hash) {
                long k = UnsafeApi.getLongAcquire(null, e + ENTRY_KEY); // acquire: pairs with the release that cleared it (D5)
                if (k == 0) {
                    if (UnsafeApi.getLongAcquire(null, d + KEYS) != table) {
                        return RETRY_LOCKED; // retired table: its cleared keys prove nothing
                    }
                } else {
                    int m = k == key ? 1 : keyEquals(t, e + ENTRY_KEY, k, key, strKey);
                    if (m == 1) {
                        long vs = e + ENTRY_VALUE;
                        long v = UnsafeApi.getLongAcquire(null, vs); // acquire: pairs with the writer's putLongRelease of the value
                        if (v != 0 && t.tryOwnSlot(vs, v)) {
                            return v;
                        }
                        return RETRY_LOCKED;
                    }
                    if (m < 0) {
                        return RETRY_LOCKED;
                    }
                }
            }
            perturb >>>= 5;
            i = (i * 5 + perturb + 1) & mask;
        }
    }

    /**
     * Equality of a stored key {@code k} (just read from {@code keySlot}) with the probe key: 1
     * equal, 0 not, -1 undecided (retry locked). Reads {@code k}'s content only while it is
     * immortal or counted by us.
     */
    private static int keyEquals(VmThread t, long keySlot, long k, long key, boolean strKey) {
        if (UnsafeApi.getInt(k + ObjectHeader.OWNER_ID_OFFSET) == ObjectHeader.IMMORTAL_OWNER) {
            return equal(t, k, key, strKey) ? 1 : 0;
        }
        if (!t.tryOwnSlot(keySlot, k)) {
            return -1; // deleted, retired, or not countable lock-free: the lock decides
        }
        try {
            return equal(t, k, key, strKey) ? 1 : 0;
        } finally {
            t.decref(k);
        }
    }

    private static boolean equal(VmThread t, long k, long key, boolean strKey) {
        return strKey ? VmThread.typeOf(k) == TypeIds.STR && VmThread.strEquals(k, key) : Ops.eq(t, k, key);
    }

    /** Entry number of {@code key} in {@code table}, or -1; the caller holds the dict's lock. */
    static long findLocked(VmThread t, long table, long key, long hash) {
        if (table == 0) {
            return -1;
        }
        long isz = indexSize(table);
        long mask = isz - 1;
        long entries = table + entriesOffset(isz);
        long i = hash & mask;
        long perturb = hash;
        boolean strKey = VmThread.typeOf(key) == TypeIds.STR;
        while (true) {
            int ix = UnsafeApi.getInt(indexSlot(table, i));
            if (ix == EMPTY) {
                return -1;
            }
            long e = entries + (long) ix * ENTRY_SIZE;
            long k = UnsafeApi.getLong(e + ENTRY_KEY);
            if (k != 0 && UnsafeApi.getLong(e + ENTRY_HASH) == hash && (k == key || equal(t, k, key, strKey))) {
                return ix;
            }
            perturb >>>= 5;
            i = (i * 5 + perturb + 1) & mask;
        }
    }
}
