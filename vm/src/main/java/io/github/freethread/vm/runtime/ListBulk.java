package io.github.freethread.vm.runtime;

import static io.github.freethread.vm.runtime.ListLayout.*;

import org.agrona.UnsafeApi;

import io.github.freethread.collections.lock.CriticalSections;
import io.github.freethread.refcount.ObjectHeader;

/**
 * Whole-list operations of {@link Lists} (split from it to keep one concern per file): two-list
 * snapshots, list.remove by equality, the take-out/put-back pair behind list.sort, and reverse.
 * Same ownership and memory-ordering rules as {@link Lists}: every mutation in the list's
 * critical section, slots written with release stores, items compared only as owned references
 * outside any lock.
 */
final class ListBulk {
    private ListBulk() {
    }

    /**
     * Owned snapshots of two lists taken at one instant: both locked in one two-lock critical
     * section (address order, CPython's {@code Py_BEGIN_CRITICAL_SECTION2}), for list == list and
     * list ordering. {@code a == b} is one snapshot used twice (counted twice).
     */
    static long[][] snapshotPairOwned(VmThread t, long a, long b) {
        CriticalSections cs = t.ctx.sections();
        cs.enter2(a + ObjectHeader.LOCK_OFFSET, b + ObjectHeader.LOCK_OFFSET);
        try {
            return new long[][] {Lists.snapshotOwned(t, a), Lists.snapshotOwned(t, b)}; // each re-enters its lock (nested)
        } finally {
            cs.exit();
        }
    }

    /**
     * Removes the first item equal to {@code x} (list.remove): compares on an owned snapshot (no
     * lock held while comparing: equality may lock nested lists), then removes under the lock only
     * if the slot still holds that item, else retries. Returns false if no item equals x.
     */
    static boolean removeFirstEqual(VmThread t, long l, long x) {
        while (true) {
            long[] snap = Lists.snapshotOwned(t, l);
            int found = -1;
            try {
                for (int i = 0; i < snap.length; i++) {
                    if (Ops.eq(t, snap[i], x)) {
                        found = i;
                        break;
                    }
                }
                if (found < 0) {
                    return false;
                }
                long removed = 0;
                CriticalSections cs = Lists.lock(t, l);
                try {
                    long n = UnsafeApi.getLong(l + SIZE);
                    if (found < n && UnsafeApi.getLong(slot(Lists.items(l), found)) == snap[found]) {
                        removed = Lists.removeLocked(t, l, found, n);
                    }
                } finally {
                    cs.exit();
                }
                if (removed != 0) {
                    t.decref(removed);
                    return true;
                }
            } finally {
                Lists.release(t, snap);
            }
        }
    }

    /** Empties the list and hands its items to the caller (owned): list.sort's "appears empty while sorting". */
    static long[] takeAll(VmThread t, long l) {
        CriticalSections cs = Lists.lock(t, l);
        try {
            return Lists.takeAllLocked(t, l);
        } finally {
            cs.exit();
        }
    }

    /**
     * Puts sorted items (owned, taken over) back after {@link #takeAll}; false if the list was
     * appended to meanwhile, so the caller can raise "list modified during sort". What the
     * intruders become depends on who can have put them there:
     * <ul>
     *   <li>while only one thread has ever attached to the VM ({@link SingleThreadMode#isMulti}
     *       false), they came from the sort's own key function: they are dropped, as CPython drops
     *       them (the list is restored to the sorted items whatever the key function did to it);
     *   <li>once other threads exist, they may be other threads' appends. CPython's free-threaded
     *       build makes those wait for the list's lock, which its sort holds throughout; this sort
     *       does not hold the lock across Python code (a key function may block, and a lock-word
     *       wait does not release the GIL), so it keeps them after the sorted items: a built-in
     *       list operation never loses another thread's item. Deviation from CPython: in a
     *       multi-threaded program, items a key function appends to the list it sorts are kept.
     * </ul>
     * Dropped references are released after the lock is left: releasing may free objects, and
     * freeing must not run inside this list's critical section.
     */
    static boolean restoreAll(VmThread t, long l, long[] vals) {
        long[] intruders;
        boolean keep;
        CriticalSections cs = Lists.lock(t, l);
        try {
            intruders = Lists.takeAllLocked(t, l);
            keep = intruders.length > 0 && t.singleThread.isMulti();
            long a = Lists.ensure(t, l, vals.length + (keep ? intruders.length : 0));
            int n = 0;
            for (long v : vals) {
                UnsafeApi.putLongRelease(null, slot(a, n++), v);
            }
            if (keep) {
                for (long v : intruders) {
                    UnsafeApi.putLongRelease(null, slot(a, n++), v);
                }
            }
            UnsafeApi.putLongRelease(null, l + SIZE, n);
        } finally {
            cs.exit();
        }
        if (!keep) {
            for (long v : intruders) {
                t.decref(v);
            }
        }
        return intruders.length == 0;
    }

    /**
     * list.reverse() under the lock: pointer-wise swaps in place while the list is private to this
     * thread, else into a fresh array published in one store (swaps would let a lock-free reader
     * see the last item at index 0 and, still, at the end: twice).
     */
    static void reverse(VmThread t, long l) {
        CriticalSections cs = Lists.lock(t, l);
        try {
            long n = UnsafeApi.getLong(l + SIZE);
            long a = Lists.items(l);
            if (n > 1 && !t.isPrivate(l)) { // another thread may read: one atomic switch (see Lists.removeLocked)
                long fresh = Lists.newArrayLike(t, a);
                for (long i = 0; i < n; i++) {
                    UnsafeApi.putLong(slot(fresh, i), UnsafeApi.getLong(slot(a, n - 1 - i)));
                }
                Lists.republish(t, l, a, fresh, n);
                return;
            }
            for (long i = 0, j = n - 1; i < j; i++, j--) {
                long x = UnsafeApi.getLong(slot(a, i));
                UnsafeApi.putLongRelease(null, slot(a, i), UnsafeApi.getLong(slot(a, j)));
                UnsafeApi.putLongRelease(null, slot(a, j), x);
            }
        } finally {
            cs.exit();
        }
    }
}
