package io.github.freethread.vm.runtime;

import static io.github.freethread.vm.runtime.ListLayout.*;

import java.util.function.LongConsumer;

import org.agrona.UnsafeApi;

import io.github.freethread.allocator.Allocator;
import io.github.freethread.collections.lock.CriticalSections;
import io.github.freethread.collections.lock.ObjectLock;
import io.github.freethread.refcount.ObjectHeader;

/**
 * The list algorithm over {@link ListLayout}: lock-free reads, mutation in a critical section on
 * the list's lock word, replaced item arrays freed through QSBR. Follows CPython's free-threaded
 * {@code Objects/listobject.c} (read for the mechanism, not copied): {@code list_get_item_ref}
 * (load array, bound by the array's own capacity, load slot, conditional increment that re-checks
 * the slot), {@code Py_BEGIN_CRITICAL_SECTION} around every mutation, pointer-wise atomic moves
 * when items shift, and {@code _PyMem_FreeDelayed} for old arrays. Deviation: a replaced array is
 * cleared slot by slot before it goes to QSBR (invariant L5 of {@link ListLayout}), so a stale
 * reader can never confirm an address that was freed and reused (see docs/collections.md §5).
 *
 * <p>Ownership (fields of {@link ListLayout}):
 * <table>
 *   <caption>who writes what</caption>
 *   <tr><th>field</th><th>written by</th><th>read by</th><th>mode</th></tr>
 *   <tr><td>size</td><td>holder of the list's lock (or the creating thread before publication)</td>
 *       <td>any thread</td><td>putLongRelease / getLongAcquire (a hint for lock-free readers; exact under the lock)</td></tr>
 *   <tr><td>items pointer</td><td>lock holder</td><td>any thread</td>
 *       <td>putLongRelease after the array is initialised / getLongAcquire</td></tr>
 *   <tr><td>array capacity word</td><td>lock holder, before publication</td><td>any thread</td>
 *       <td>plain (immutable once published; ordered by the pointer's release/acquire)</td></tr>
 *   <tr><td>slots</td><td>lock holder</td><td>any thread</td><td>putLongRelease (and opaque when
 *       clearing a retired array) / getLongAcquire, volatile re-read in tryIncrefCompare</td></tr>
 *   <tr><td>capacity mirror</td><td>lock holder</td><td>lock holder</td><td>plain</td></tr>
 * </table>
 *
 * <p>Method families: {@code getOwned}/{@code snapshotOwned} are safe on lists other threads
 * mutate (they return owned references); {@code *Private} methods are for a list not yet visible
 * to another thread (builders); the borrowed accessors {@link #get} and {@link #snapshot} are only
 * for a list the caller holds locked or that no other thread can reach.
 */
public final class Lists {
    private Lists() {
    }

    // ------------------------------------------------------------------ creation and reads

    /** A new, empty list with room for {@code capacity} items; private to the caller until published. */
    public static long newList(VmThread t, long capacity) {
        checkCapacity(capacity);
        long l = t.alloc(TypeIds.LIST, Layouts.LIST_PAYLOAD);
        UnsafeApi.putLong(l + SIZE, 0);
        UnsafeApi.putLong(l + CAPACITY_MIRROR, capacity);
        UnsafeApi.putLong(l + ITEMS, capacity == 0 ? 0 : newArray(t, capacity));
        return l;
    }

    private static long newArray(VmThread t, long capacity) {
        long a = t.ts.heap().malloc(arrayBytes(capacity));
        UnsafeApi.putLong(a + ARRAY_CAPACITY, capacity);
        UnsafeApi.setMemory(a + ARRAY_SLOTS, 8 * capacity, (byte) 0); // (L4) before publication
        return a;
    }

    /** len(l): exact under the list's lock, else the latest published size (acquire: pairs with putLongRelease of size). */
    public static long size(long l) {
        return UnsafeApi.getLongAcquire(null, l + SIZE);
    }

    /**
     * Item {@code i} (borrowed) of a list the caller holds locked or that no other thread can
     * reach; 0 if {@code i} is outside the current array.
     */
    public static long get(long l, long i) {
        long a = UnsafeApi.getLongAcquire(null, l + ITEMS);
        if (a == 0 || i < 0 || i >= arrayCapacity(a)) {
            return 0;
        }
        return UnsafeApi.getLongAcquire(null, slot(a, i));
    }

    /**
     * l[i] for {@code 0 <= i} as an OWNED reference, or 0 if {@code i >= len(l)}; safe while other
     * threads mutate the list. Lock-free path:
     * <ol>
     *   <li>load the array pointer (acquire: pairs with the release that published it; its capacity
     *       word and slots are initialised, and QSBR keeps it readable until our next quiescent point);
     *   <li>bound {@code i} by that array's own capacity word (never by the header's size: it may be
     *       newer than the array we hold);
     *   <li>load the slot (acquire: pairs with the writer's release store of the slot); 0 means
     *       empty, cleared (retired array) or beyond size: ask under the lock;
     *   <li>{@link VmThread#tryOwnSlot}: count the item, then re-read the slot; still there means it
     *       was a member, and alive, when we counted (writers store a slot before dropping the old
     *       item; retired arrays are cleared).
     * </ol>
     * Any failure takes the lock, which is exact.
     */
    public static long getOwned(VmThread t, long l, long i) {
        long a = UnsafeApi.getLongAcquire(null, l + ITEMS);
        if (a != 0 && i < UnsafeApi.getLong(a + ARRAY_CAPACITY)) {
            long s = slot(a, i);
            long v = UnsafeApi.getLongAcquire(null, s);
            if (v != 0 && t.tryOwnSlot(s, v)) {
                return v;
            }
        }
        return getLocked(t, l, i);
    }

    private static long getLocked(VmThread t, long l, long i) {
        CriticalSections cs = lock(t, l);
        try {
            if (i < 0 || i >= UnsafeApi.getLong(l + SIZE)) {
                return 0;
            }
            long v = UnsafeApi.getLong(slot(items(l), i));
            t.increfShared(v);
            return v;
        } finally {
            cs.exit();
        }
    }

    static long items(long l) {
        return UnsafeApi.getLong(l + ITEMS);
    }

    /** Enters the critical section on {@code l}'s lock word; the caller exits it in a finally. */
    static CriticalSections lock(VmThread t, long l) {
        CriticalSections cs = t.ctx.sections();
        cs.enter(l + ObjectHeader.LOCK_OFFSET);
        return cs;
    }

    /** All items as OWNED references (an atomic snapshot, taken under the lock). */
    public static long[] snapshotOwned(VmThread t, long l) {
        CriticalSections cs = lock(t, l);
        try {
            int n = (int) UnsafeApi.getLong(l + SIZE);
            long[] r = new long[n];
            long a = items(l);
            for (int i = 0; i < n; i++) {
                long v = UnsafeApi.getLong(slot(a, i));
                t.incref(v);
                r[i] = v;
            }
            return r;
        } finally {
            cs.exit();
        }
    }

    /** Items as borrowed references: only for a list the caller holds locked or that no other thread can reach. */
    public static long[] snapshot(long l) {
        int n = (int) size(l);
        long[] r = new long[n];
        long a = items(l);
        for (int i = 0; i < n; i++) {
            r[i] = UnsafeApi.getLong(slot(a, i));
        }
        return r;
    }

    /** Drops every reference in {@code refs} (for owned snapshots). */
    public static void release(VmThread t, long[] refs) {
        for (long r : refs) {
            t.decref(r);
        }
    }

    // ------------------------------------------------------------------ private builders

    /** Appends to a list no other thread can reach yet (BUILD_LIST, comprehensions); takes over {@code item}. */
    public static void appendPrivate(VmThread t, long l, long item) {
        long n = UnsafeApi.getLong(l + SIZE);
        long a = ensure(t, l, n + 1);
        UnsafeApi.putLong(slot(a, n), item);
        UnsafeApi.putLong(l + SIZE, n + 1);
    }

    /** A new list of the given borrowed items. */
    public static long of(VmThread t, long[] vals, int n) {
        long l = newList(t, n);
        for (int i = 0; i < n; i++) {
            t.incref(vals[i]);
            appendPrivate(t, l, vals[i]);
        }
        return l;
    }

    /** A new list taking over the owned references {@code vals[0..n)}. */
    public static long ofOwned(VmThread t, long[] vals, int n) {
        long l = newList(t, n);
        for (int i = 0; i < n; i++) {
            appendPrivate(t, l, vals[i]);
        }
        return l;
    }

    // ------------------------------------------------------------------ mutation (locked)

    /**
     * Makes room for {@code needed} items (caller holds the lock or the list is private) and returns
     * the current array. Growth ~1.5x as CPython. A replaced array: new one initialised, published
     * (release: pairs with getLongAcquire of the pointer in getOwned), old slots cleared (L5), then
     * handed to QSBR; a lock-free reader still holding it fails its slot re-check and retries locked.
     */
    static long ensure(VmThread t, long l, long needed) {
        long a = items(l);
        long cap = a == 0 ? 0 : arrayCapacity(a);
        if (needed <= cap) {
            return a;
        }
        long newCap = Math.max(needed, cap + (cap >> 1) + 4);
        return replaceArray(t, l, a, newCap, UnsafeApi.getLong(l + SIZE));
    }

    private static long replaceArray(VmThread t, long l, long old, long newCap, long n) {
        long fresh = t.ts.heap().malloc(arrayBytes(checkCapacity(newCap)));
        UnsafeApi.putLong(fresh + ARRAY_CAPACITY, newCap);
        if (n > 0) {
            UnsafeApi.copyMemory(old + ARRAY_SLOTS, fresh + ARRAY_SLOTS, 8 * n);
        }
        UnsafeApi.setMemory(fresh + ARRAY_SLOTS + 8 * n, 8 * (newCap - n), (byte) 0);
        UnsafeApi.putLongRelease(null, l + ITEMS, fresh); // release: pairs with getLongAcquire in getOwned/get
        UnsafeApi.putLong(l + CAPACITY_MIRROR, newCap);
        if (old != 0) {
            retire(t, old, n);
        }
        return fresh;
    }

    /** (L5): clears the first {@code n} slots of a replaced array word by word, then defers its free. */
    private static void retire(VmThread t, long old, long n) {
        for (long i = 0; i < n; i++) {
            UnsafeApi.putLongOpaque(null, slot(old, i), 0); // word-atomic: a racing reader sees the item or 0, never a torn address
        }
        t.ctx.qsbr().deferFree(old);
    }

    /** Appends, taking over the caller's reference to {@code item}. Atomic per list. */
    public static void appendOwned(VmThread t, long l, long item) {
        CriticalSections cs = lock(t, l);
        try {
            long n = UnsafeApi.getLong(l + SIZE);
            long a = ensure(t, l, n + 1);
            UnsafeApi.putLongRelease(null, slot(a, n), item); // release: pairs with getLongAcquire of the slot in getOwned
            UnsafeApi.putLongRelease(null, l + SIZE, n + 1); // release: pairs with getLongAcquire in size()
        } finally {
            cs.exit();
        }
    }

    /** Appends a new reference to {@code item}. */
    public static void append(VmThread t, long l, long item) {
        t.incref(item);
        appendOwned(t, l, item);
    }

    /** Appends every owned reference of {@code vals} in one critical section (list.extend). */
    public static void extendOwned(VmThread t, long l, long[] vals) {
        CriticalSections cs = lock(t, l);
        try {
            long n = UnsafeApi.getLong(l + SIZE);
            long a = ensure(t, l, n + vals.length);
            for (long v : vals) {
                UnsafeApi.putLongRelease(null, slot(a, n++), v); // release: as in appendOwned
            }
            UnsafeApi.putLongRelease(null, l + SIZE, n);
        } finally {
            cs.exit();
        }
    }

    /**
     * l[i] = v for a Python index {@code i} (negative counts from the end, resolved under the
     * lock); takes a new reference to v. Returns false (nothing changed) when out of range.
     */
    public static boolean set(VmThread t, long l, long i, long v) {
        long old;
        int section = lockShort(t, l);
        try {
            old = setLocked(t, l, i, v);
        } finally {
            unlockShort(t, l, section);
        }
        if (old == 0) {
            return false;
        }
        t.decref(old);
        return true;
    }

    /** {@link #lockShort}: no lock taken, the thread elides list sections ({@link SingleThreadMode}). */
    static final int ELIDED = 0;
    /** {@link #lockShort}: the free lock word taken with one CAS, off the critical-section stack. */
    static final int SHORT = 1;
    /** {@link #lockShort}: a full critical section (the word was held). */
    static final int FULL = 2;

    /**
     * Takes {@code l}'s lock for a section that neither blocks nor runs code (a store). While the
     * thread elides list sections ({@link SingleThreadMode}, no other thread attached), none.
     * Else, if the word is free, directly, off the critical-section stack (CPython's
     * {@code LOCK_OBJECT} in {@code STORE_SUBSCR_LIST_INT}): no suspension can be needed while
     * nothing blocks, so the stack's rule holds; if it is held (another thread, or an enclosing
     * section of ours), a full section. Returns which, for {@link #unlockShort}.
     */
    static int lockShort(VmThread t, long l) {
        if (t.elidesSections()) {
            return ELIDED; // SingleThreadMode E1-E3: no other thread can reach l until we cleared the flag
        }
        CriticalSections cs = t.ctx.sections();
        if (ObjectLock.tryLock(l + ObjectHeader.LOCK_OFFSET, cs.id())) {
            return SHORT;
        }
        cs.enter(l + ObjectHeader.LOCK_OFFSET);
        return FULL;
    }

    static void unlockShort(VmThread t, long l, int section) {
        if (section == SHORT) {
            ObjectLock.unlock(l + ObjectHeader.LOCK_OFFSET, t.ctx.sections().id()); // release: pairs with the next holder's lock CAS
        } else if (section == FULL) {
            t.ctx.sections().exit();
        }
    }

    /**
     * The address of item {@code i} (a Python index: negative from the end) of {@code l}, or 0 if
     * it is out of range. The caller holds {@code l}'s lock (size and array are stable).
     */
    static long slotLocked(long l, long i) {
        long n = UnsafeApi.getLong(l + SIZE);
        long k = i < 0 ? i + n : i;
        return k < 0 || k >= n ? 0 : slot(items(l), k);
    }

    /** The body of {@link #set} under the lock: the old item (0 if {@code i} is out of range, nothing changed). */
    private static long setLocked(VmThread t, long l, long i, long v) {
        long s = slotLocked(l, i);
        if (s == 0) {
            return 0;
        }
        long old = UnsafeApi.getLong(s);
        t.incref(v);
        UnsafeApi.putLongRelease(null, s, v); // release: pairs with getLongAcquire of the slot; the slot changes before old is dropped
        return old;
    }

    /** list.insert(i, v) with Python's clamping of {@code i}; takes a new reference to v. */
    public static void insert(VmThread t, long l, long i, long v) {
        t.incref(v);
        CriticalSections cs = lock(t, l);
        try {
            long n = UnsafeApi.getLong(l + SIZE);
            if (i < 0) {
                i = Math.max(0, i + n);
            }
            if (i > n) {
                i = n;
            }
            long a = ensure(t, l, n + 1);
            for (long k = n; k > i; k--) { // pointer-wise moves: a reader sees an item (maybe its neighbour), never a torn word
                UnsafeApi.putLongRelease(null, slot(a, k), UnsafeApi.getLong(slot(a, k - 1)));
            }
            UnsafeApi.putLongRelease(null, slot(a, i), v);
            UnsafeApi.putLongRelease(null, l + SIZE, n + 1);
        } finally {
            cs.exit();
        }
    }

    /**
     * Removes the item at Python index {@code i} (negative from the end; {@code Long.MIN_VALUE}
     * = the last) and returns it OWNED (the list's reference), or throws IndexError with {@code what}
     * ("pop" / "list assignment") naming the operation.
     */
    public static long pop(VmThread t, long l, long i, String what) {
        CriticalSections cs = lock(t, l);
        try {
            long n = UnsafeApi.getLong(l + SIZE);
            if (n == 0 && what.equals("pop")) {
                throw PyError.indexError("pop from empty list");
            }
            if (i == Long.MIN_VALUE) {
                i = n - 1;
            } else if (i < 0) {
                i += n;
            }
            if (i < 0 || i >= n) {
                throw PyError.indexError(what + " index out of range");
            }
            return removeLocked(t, l, i, n);
        } finally {
            cs.exit();
        }
    }

    /**
     * Removes item {@code i} of {@code n} (lock held) and returns it OWNED. Removing the last item
     * clears one slot. Removing an earlier one shifts the items after it down: in place (word by
     * word, release stores, as CPython's {@code ptr_wise_atomic_memmove}) only while the list is
     * private to this thread; otherwise into a fresh array published in one store
     * ({@link #republish}). Why: an in-place shift stores slot i, i+1, ... in ascending order, so
     * a lock-free reader that read slot j after it was overwritten (the item from j+1) could read
     * slot j+1 before it was overwritten and return the same item twice — no atomic pop can do
     * that (jcstress {@code Vm_11_ListShiftVsIndexedReads} observed it). With a fresh array a
     * reader sees the old array (before the pop; cleared after, L5, so a late read goes to the
     * lock) or the new one, and array pointers are read with acquire, never going back to the
     * old one once the new one was seen. Inserts need no copy: their descending stores can only
     * show a reader states it could see with an atomic insert.
     */
    static long removeLocked(VmThread t, long l, long i, long n) {
        long a = items(l);
        long v = UnsafeApi.getLong(slot(a, i));
        if (i < n - 1 && !t.isPrivate(l)) {
            long fresh = newArrayLike(t, a);
            UnsafeApi.copyMemory(slot(a, 0), slot(fresh, 0), 8 * i);
            UnsafeApi.copyMemory(slot(a, i + 1), slot(fresh, i), 8 * (n - 1 - i));
            republish(t, l, a, fresh, n);
            UnsafeApi.putLongRelease(null, l + SIZE, n - 1);
            return v;
        }
        for (long k = i; k < n - 1; k++) {
            UnsafeApi.putLongRelease(null, slot(a, k), UnsafeApi.getLong(slot(a, k + 1)));
        }
        UnsafeApi.putLongRelease(null, slot(a, n - 1), 0); // (L4)
        UnsafeApi.putLongRelease(null, l + SIZE, n - 1);
        return v;
    }

    /** A zeroed array of {@code a}'s capacity (L4 before publication), private to the caller. */
    static long newArrayLike(VmThread t, long a) {
        return newArray(t, arrayCapacity(a));
    }

    /**
     * Publishes {@code fresh} (filled privately, same capacity) as {@code l}'s array in one release
     * store (pairs with getLongAcquire of the pointer in getOwned/get), then retires the old array
     * (its first {@code n} slots cleared, L5, then QSBR). References move uncounted.
     */
    static void republish(VmThread t, long l, long old, long fresh, long n) {
        UnsafeApi.putLongRelease(null, l + ITEMS, fresh);
        retire(t, old, n);
    }

    /** Replaces the whole content by {@code vals[0..n)} (owned references taken over); drops the old items. */
    public static void replaceAll(VmThread t, long l, long[] vals, int n) {
        long[] olds;
        CriticalSections cs = lock(t, l);
        try {
            olds = takeAllLocked(t, l);
            long a = ensure(t, l, n);
            for (int i = 0; i < n; i++) {
                UnsafeApi.putLongRelease(null, slot(a, i), vals[i]);
            }
            UnsafeApi.putLongRelease(null, l + SIZE, n);
        } finally {
            cs.exit();
        }
        release(t, olds);
    }

    /** Empties the list (lock held) and returns its items as owned references; the array is kept, cleared. */
    static long[] takeAllLocked(VmThread t, long l) {
        int n = (int) UnsafeApi.getLong(l + SIZE);
        long[] r = new long[n];
        long a = items(l);
        UnsafeApi.putLongRelease(null, l + SIZE, 0);
        for (int i = 0; i < n; i++) {
            long s = slot(a, i);
            r[i] = UnsafeApi.getLong(s);
            UnsafeApi.putLongRelease(null, s, 0);
        }
        return r;
    }

    /** Owned snapshots of two lists at one instant (two-lock section); see {@link ListBulk#snapshotPairOwned}. */
    public static long[][] snapshotPairOwned(VmThread t, long a, long b) {
        return ListBulk.snapshotPairOwned(t, a, b);
    }

    /** list.remove(x); false if no item equals x. See {@link ListBulk#removeFirstEqual}. */
    public static boolean removeFirstEqual(VmThread t, long l, long x) {
        return ListBulk.removeFirstEqual(t, l, x);
    }

    /** Empties the list and hands its items over (owned): list.sort's "appears empty". See {@link ListBulk#takeAll}. */
    public static long[] takeAll(VmThread t, long l) {
        return ListBulk.takeAll(t, l);
    }

    /** Puts sorted items back; false if others appended meanwhile (dropped while the VM has one thread, as in CPython; kept after them once other threads exist). See {@link ListBulk#restoreAll}. */
    public static boolean restoreAll(VmThread t, long l, long[] vals) {
        return ListBulk.restoreAll(t, l, vals);
    }

    /** list.reverse() in place under the lock. */
    public static void reverse(VmThread t, long l) {
        ListBulk.reverse(t, l);
    }

    // ------------------------------------------------------------------ deallocation and checks

    /**
     * Deallocation (the list's type calls it once, on the dying list, which no thread can reach):
     * reports every item to {@code visitor} and frees the item array at once (no reader can hold
     * it: readers hold a reference to the list).
     */
    public static void dispose(long l, LongConsumer visitor, Allocator alloc) {
        long n = UnsafeApi.getLong(l + SIZE);
        long a = items(l);
        for (long i = 0; i < n; i++) {
            long v = UnsafeApi.getLong(slot(a, i));
            if (v != 0 && UnsafeApi.getInt(v + ObjectHeader.OWNER_ID_OFFSET) != ObjectHeader.IMMORTAL_OWNER) {
                visitor.accept(v); // immortal items (small ints, constants) need no release: skip the call
            }
        }
        if (a != 0) {
            alloc.free(a);
        }
    }

    /** Checks (L1)-(L4) of {@link ListLayout} on a quiescent list; AssertionError naming the equation. */
    public static void assertInvariants(long l) {
        long n = UnsafeApi.getLong(l + SIZE);
        long a = items(l);
        long mirror = UnsafeApi.getLong(l + CAPACITY_MIRROR);
        if (a == 0) {
            if (n != 0) {
                throw new AssertionError("(L1) list 0x" + Long.toHexString(l) + " has no array but size " + n);
            }
            return;
        }
        long cap = arrayCapacity(a);
        if (n > cap || mirror != cap) {
            throw new AssertionError("(L2) size " + n + " <= capacity " + cap + " == mirror " + mirror);
        }
        for (long i = 0; i < cap; i++) {
            long v = UnsafeApi.getLong(slot(a, i));
            if (i < n && v == 0) {
                throw new AssertionError("(L3) slot " + i + " < size " + n + " is empty");
            }
            if (i >= n && v != 0) {
                throw new AssertionError("(L4) slot " + i + " >= size " + n + " holds 0x" + Long.toHexString(v));
            }
        }
    }
}
