package io.github.freethread.vm.runtime;

import static io.github.freethread.vm.runtime.DictLayout.*;

import org.agrona.UnsafeApi;

import io.github.freethread.collections.lock.CriticalSections;
import io.github.freethread.refcount.ObjectHeader;

/**
 * Whole-dict operations of {@link Dicts} (split from it to keep one concern per file): atomic
 * owned snapshots, one iteration step, {@code dict.update(dict)} in a two-lock section, and dict
 * equality on a snapshot. Same ownership and memory-ordering rules as {@link Dicts} (every read of
 * entries here happens under the dict's lock; results are owned references).
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
