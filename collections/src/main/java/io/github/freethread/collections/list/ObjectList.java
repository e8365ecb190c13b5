package io.github.freethread.collections.list;

import org.agrona.UnsafeApi;

import io.github.freethread.collections.ThreadContext;
import io.github.freethread.collections.lock.CriticalSections;
import io.github.freethread.collections.object.ObjectSpace;

/**
 * A list of runtime objects with lock-free indexed reads and locked mutation, after CPython's
 * free-threaded {@code Objects/listobject.c} ({@code list_get_item_ref}, {@code _Py_TryXGetRef},
 * item arrays freed with {@code _PyMem_FreeDelayed}). Layout and invariants: {@link ListLayout}.
 *
 * <p><b>Lock-free read</b> ({@link #get}), each step and why it is safe:
 * <ol>
 * <li>load {@code size} (opaque): a hint only; an index outside it is reported out of range,
 *     which is a linearizable answer at the moment of the load;</li>
 * <li>load {@code items} (acquire; pairs with the release store in {@code replaceArray}): the
 *     array and its capacity are fully initialised; the array is not freed before this thread's
 *     next quiescent point, because a replaced array goes through QSBR;</li>
 * <li>check the index against the array's own capacity (immutable): the size and array loads are
 *     not atomic together, so the slot address must be bounded by the array actually loaded;</li>
 * <li>load the slot (acquire; pairs with the release stores of writers): 0 means "moved or
 *     removed" and sends us to the locked path;</li>
 * <li>a slot word tagged when stored ({@link ObjectSpace#slotTag}: the item was deferred or
 *     immortal) answers {@code getUse}, and {@code get} of an immortal item, from this one load, as
 *     in the dict (docs/collections.md section 4, step 6: 6u, 6i); a per-thread index tag (high
 *     16 bits) answers {@code get} and {@code getUse} with one increment of the reader's own count
 *     slot (6p); otherwise</li>
 * <li>{@code tryIncrefCompare(slot, item)}: the header is readable (objects' memory is reused only
 *     by the same size class, pages only after a grace period); the increment fails on a dead
 *     object; the slot re-check after the increment proves the item was in the list at that
 *     instant (a replaced array's slots are cleared before retirement, invariant (4)), so the
 *     reference we now hold is to a live member;</li>
 * <li>on any failure, the locked path ({@link #getLocked}) answers exactly.</li>
 * </ol>
 *
 * <p><b>Mutation</b> happens inside a critical section on the list's lock word; slots and the
 * array pointer are written with release stores so lock-free readers see initialised data. The
 * list owns one counted reference per slot: {@code append/insert/set} take a new reference to the
 * item (the caller keeps its own), {@code pop} hands the list's reference to the caller.
 *
 * <p>Deviation from CPython: CPython does not clear a retired array; we do (invariant (4)), which
 * closes an ABA window where a stale reader confirms against a slot of a retired array whose item
 * was since freed and its memory reused for a new object at the same address.
 *
 * <p>Ownership: the head and arrays are off-heap (see {@link ListLayout}); this Java handle's
 * fields are final.
 */
public final class ObjectList {
    private final ObjectSpace space;
    private final long head;
    private final long lockWord;

    private ObjectList(ObjectSpace space, long head) {
        this.space = space;
        this.head = head;
        this.lockWord = head + ListLayout.LOCK_OFFSET;
    }

    /** A new empty list. */
    public static ObjectList create(ThreadContext t) {
        ObjectSpace space = t.runtime().space();
        long head = space.allocateMemory(t, ListLayout.HEAD_SIZE);
        UnsafeApi.setMemory(head, ListLayout.HEAD_SIZE, (byte) 0);
        return new ObjectList(space, head);
    }

    /** Address of the head (for diagnostics and tests). */
    public long address() {
        return head;
    }

    /** Address of the list's lock word (for critical sections that span the list and more). */
    public long lockWord() {
        return lockWord;
    }

    // ------------------------------------------------------------------ reads

    /** Number of items (a snapshot). */
    public long length() {
        return UnsafeApi.getLongOpaque(null, head + ListLayout.SIZE_OFFSET);
    }

    /**
     * The item at {@code index}, as a new reference the caller must drop with {@code decref}.
     * Lock-free in the common case. IndexOutOfBoundsException (naming index and length) when out of
     * range.
     */
    public long get(ThreadContext t, long index) {
        return read(t, index, false);
    }

    /**
     * A <em>use</em> of the item at {@code index} (CPython's {@code _Py_TryXGetStackRef}): an item
     * with deferred counting comes back uncounted, tagged {@link ObjectSpace#UNCOUNTED_USE} and
     * valid until this thread's next safe point; any other item as a new reference. End it with
     * {@link ObjectSpace#releaseUse}. IndexOutOfBoundsException as {@link #get}.
     */
    public long getUse(ThreadContext t, long index) {
        return read(t, index, true);
    }

    /** The lock-free read; {@code use} (a constant at each call site) selects the confirmation. */
    private long read(ThreadContext t, long index, boolean use) {
        long size = UnsafeApi.getLongOpaque(null, head + ListLayout.SIZE_OFFSET);
        if (index < 0 || index >= size) {
            return getLocked(t, index); // exact answer (and message) under the lock
        }
        // acquire: pairs with putLongRelease in replaceArray()
        long array = UnsafeApi.getLongAcquire(null, head + ListLayout.ITEMS_OFFSET);
        if (array == 0 || index >= UnsafeApi.getLong(array + ListLayout.CAPACITY_OFFSET)) {
            return getLocked(t, index);
        }
        long slot = ListLayout.slot(array, index);
        // acquire: pairs with the putLongRelease of the writer that stored the item
        long w = UnsafeApi.getLongAcquire(null, slot);
        if ((w & ObjectSpace.SLOT_INDEX_MASK) != 0) {
            space.increfPerThreadSlot(t, w); // per-thread counted: our own slot; the load confirms
            return w & ~ObjectSpace.SLOT_TAGS;
        }
        if (use) {
            if ((w & ObjectSpace.SLOT_UNCOUNTED_USE) != 0) {
                return w & ~ObjectSpace.SLOT_IMMORTAL; // tagged deferred/immortal: the load confirms
            }
            if (w != 0) {
                long u = space.tryUseCompare(t, slot, w); // untagged: w is the address
                if (u != 0) {
                    return u;
                }
            }
        } else {
            if ((w & ObjectSpace.SLOT_IMMORTAL) != 0) {
                return w & ~ObjectSpace.SLOT_TAGS; // immortal: no count needed
            }
            if (w != 0 && space.tryIncrefCompareWord(t, slot, w)) {
                return ObjectSpace.slotObject(w);
            }
        }
        return getLocked(t, index); // a counted reference is a valid use too
    }

    /** The locked read path: exact, takes the list's critical section. */
    public long getLocked(ThreadContext t, long index) {
        CriticalSections cs = t.sections();
        cs.enter(lockWord);
        try {
            long size = sizePlain();
            ListLayout.checkIndex(index, size);
            long item = ObjectSpace.slotObject(UnsafeApi.getLong(ListLayout.slot(itemsPlain(), index)));
            space.incref(t, item);
            return item;
        } finally {
            cs.exit();
        }
    }

    /** A new list holding items {@code [from, to)} of this one (new references). */
    public ObjectList slice(ThreadContext t, long from, long to) {
        ObjectList copy = create(t);
        try {
            fillSlice(t, copy, from, to);
        } catch (RuntimeException e) {
            copy.dispose(t);
            throw e;
        }
        return copy;
    }

    private void fillSlice(ThreadContext t, ObjectList copy, long from, long to) {
        CriticalSections cs = t.sections();
        cs.enter2(lockWord, copy.lockWord);
        try {
            long size = sizePlain();
            if (from < 0 || to > size || from > to) {
                throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") out of range for length " + size);
            }
            long n = to - from;
            if (n > 0) {
                long array = copy.newArray(t, Math.max(n, ListLayout.MIN_CAPACITY));
                long src = itemsPlain();
                for (long i = 0; i < n; i++) {
                    long word = UnsafeApi.getLong(ListLayout.slot(src, from + i)); // tags and all
                    space.incref(t, ObjectSpace.slotObject(word)); // already shared for reading
                    UnsafeApi.putLong(ListLayout.slot(array, i), word);
                }
                copy.replaceArray(t, array, n);
            }
        } finally {
            cs.exit();
        }
    }

    /** A cursor over the items, weakly consistent under concurrent mutation (see {@link ListCursor}). */
    public ListCursor cursor(ThreadContext t) {
        return new ListCursor(this, t);
    }

    // ------------------------------------------------------------------ mutation

    /** Appends {@code item} (the list takes its own reference). */
    public void append(ThreadContext t, long item) {
        checkItem(item);
        CriticalSections cs = t.sections();
        cs.enter(lockWord);
        try {
            long size = sizePlain();
            long array = ensureCapacity(t, size + 1);
            space.incref(t, item);
            space.shareForReading(item);
            // release: the item's header/payload are visible to a reader that loads this slot
            UnsafeApi.putLongRelease(null, ListLayout.slot(array, size), item | space.slotTag(item));
            putSize(size + 1);
        } finally {
            cs.exit();
        }
    }

    /** Inserts {@code item} before {@code index} ({@code 0 <= index <= length}). */
    public void insert(ThreadContext t, long index, long item) {
        checkItem(item);
        CriticalSections cs = t.sections();
        cs.enter(lockWord);
        try {
            long size = sizePlain();
            if (index < 0 || index > size) {
                throw new IndexOutOfBoundsException("insert index " + index + " out of range for length " + size);
            }
            long array = ensureCapacity(t, size + 1);
            // shift right, back to front: a concurrent reader may see an item twice, never a hole
            // holding a non-member
            for (long i = size; i > index; i--) {
                UnsafeApi.putLongRelease(null, ListLayout.slot(array, i), UnsafeApi.getLong(ListLayout.slot(array, i - 1)));
            }
            space.incref(t, item);
            space.shareForReading(item);
            UnsafeApi.putLongRelease(null, ListLayout.slot(array, index), item | space.slotTag(item));
            putSize(size + 1);
        } finally {
            cs.exit();
        }
    }

    /** Replaces the item at {@code index}; the old item's reference is dropped. */
    public void set(ThreadContext t, long index, long item) {
        checkItem(item);
        long old;
        CriticalSections cs = t.sections();
        cs.enter(lockWord);
        try {
            ListLayout.checkIndex(index, sizePlain());
            long slot = ListLayout.slot(itemsPlain(), index);
            old = ObjectSpace.slotObject(UnsafeApi.getLong(slot));
            space.incref(t, item);
            space.shareForReading(item);
            UnsafeApi.putLongRelease(null, slot, item | space.slotTag(item));
        } finally {
            cs.exit();
        }
        space.decref(t, old); // outside the section: a deallocation may run arbitrary code
    }

    /** Removes and returns the last item; the caller receives the list's reference. */
    public long pop(ThreadContext t) {
        CriticalSections cs = t.sections();
        cs.enter(lockWord);
        try {
            long size = sizePlain();
            if (size == 0) {
                throw new IndexOutOfBoundsException("pop from empty list (length 0)");
            }
            return removeAt(t, size - 1, size);
        } finally {
            cs.exit();
        }
    }

    /** Removes and returns the item at {@code index}; the caller receives the list's reference. */
    public long pop(ThreadContext t, long index) {
        CriticalSections cs = t.sections();
        cs.enter(lockWord);
        try {
            long size = sizePlain();
            ListLayout.checkIndex(index, size);
            return removeAt(t, index, size);
        } finally {
            cs.exit();
        }
    }

    /** Removes the item at {@code index} and drops its reference. */
    public void delete(ThreadContext t, long index) {
        space.decref(t, pop(t, index));
    }

    /** Removes every item (dropping the references); the item array goes through QSBR. */
    public void clear(ThreadContext t) {
        long[] dropped;
        CriticalSections cs = t.sections();
        cs.enter(lockWord);
        try {
            dropped = detachAll(t);
        } finally {
            cs.exit();
        }
        for (long item : dropped) {
            space.decref(t, item);
        }
    }

    /**
     * Sorts the items, stably, with {@code comparator}. As in CPython, the list looks empty while
     * it is being sorted; if the comparator (or anyone, while the comparator blocked and the section
     * was suspended) modifies the list meanwhile, the sorted items are restored, the intruders are
     * dropped and IllegalStateException("list modified during sort") is thrown. If the comparator
     * throws, the original order is restored and the exception propagates.
     */
    public void sort(ThreadContext t, ObjectComparator comparator) {
        CriticalSections cs = t.sections();
        cs.enter(lockWord);
        long[] intruders = null;
        try {
            long[] items = detachAll(t);
            long[] sorted;
            try {
                sorted = MergeSort.sorted(items, comparator);
            } catch (RuntimeException | Error e) {
                intruders = restore(t, items);
                throw e;
            }
            intruders = restore(t, sorted);
            if (intruders.length != 0) {
                throw new IllegalStateException("list modified during sort");
            }
        } finally {
            cs.exit();
            if (intruders != null) {
                for (long item : intruders) {
                    space.decref(t, item);
                }
            }
        }
    }

    /** Drops every item and frees the head and array through QSBR; the handle is dead after. */
    public void dispose(ThreadContext t) {
        clear(t);
        t.qsbr().deferFree(head);
    }

    // ------------------------------------------------------------------ internals (under the lock)

    private long sizePlain() {
        return UnsafeApi.getLong(head + ListLayout.SIZE_OFFSET);
    }

    private long itemsPlain() {
        return UnsafeApi.getLong(head + ListLayout.ITEMS_OFFSET);
    }

    private void putSize(long size) {
        // release: readers that see the new size see the slots stored before it
        UnsafeApi.putLongRelease(null, head + ListLayout.SIZE_OFFSET, size);
    }

    private long removeAt(ThreadContext t, long index, long size) {
        long array = itemsPlain();
        long item = ObjectSpace.slotObject(UnsafeApi.getLong(ListLayout.slot(array, index)));
        for (long i = index; i < size - 1; i++) {
            UnsafeApi.putLongRelease(null, ListLayout.slot(array, i), UnsafeApi.getLong(ListLayout.slot(array, i + 1)));
        }
        UnsafeApi.putLongRelease(null, ListLayout.slot(array, size - 1), 0L); // invariant (3)
        putSize(size - 1);
        long capacity = UnsafeApi.getLong(array + ListLayout.CAPACITY_OFFSET);
        if (size - 1 < capacity / 4 && capacity > 4 * ListLayout.MIN_CAPACITY) {
            long smaller = newArray(t, ListLayout.grownCapacity(size - 1));
            UnsafeApi.copyMemory(ListLayout.slot(array, 0), ListLayout.slot(smaller, 0), (size - 1) << 3);
            replaceArray(t, smaller, size - 1);
        }
        return item;
    }

    /** Under the lock: the current array if it fits {@code needed}, else a grown copy. */
    private long ensureCapacity(ThreadContext t, long needed) {
        long array = itemsPlain();
        long capacity = array == 0 ? 0 : UnsafeApi.getLong(array + ListLayout.CAPACITY_OFFSET);
        if (needed <= capacity) {
            return array;
        }
        long grown = newArray(t, ListLayout.grownCapacity(needed));
        long size = sizePlain();
        if (size > 0) {
            UnsafeApi.copyMemory(ListLayout.slot(array, 0), ListLayout.slot(grown, 0), size << 3);
        }
        replaceArray(t, grown, size);
        return grown;
    }

    /** A zeroed item array of {@code capacity} (not yet published). */
    private long newArray(ThreadContext t, long capacity) {
        long bytes = ListLayout.arrayBytes(capacity);
        long array = space.allocateMemory(t, bytes);
        UnsafeApi.setMemory(array, bytes, (byte) 0);
        UnsafeApi.putLong(array + ListLayout.CAPACITY_OFFSET, capacity);
        return array;
    }

    /**
     * Under the lock: publishes {@code array} (already holding the first {@code liveSlots} items),
     * clears the old array's slots (invariant (4)) and retires it through QSBR.
     */
    private void replaceArray(ThreadContext t, long array, long liveSlots) {
        long old = itemsPlain();
        // release: pairs with getLongAcquire in get(): the array's capacity and slots are visible
        UnsafeApi.putLongRelease(null, head + ListLayout.ITEMS_OFFSET, array);
        if (old != 0) {
            long oldCapacity = UnsafeApi.getLong(old + ListLayout.CAPACITY_OFFSET);
            for (long i = 0; i < oldCapacity; i++) {
                // release: a stale reader's confirmation re-read sees 0 and fails
                UnsafeApi.putLongRelease(null, ListLayout.slot(old, i), 0L);
            }
            t.qsbr().deferFree(old);
        }
        putSize(liveSlots);
    }

    /** Under the lock: empties the list, returning its items (with the list's references). */
    private long[] detachAll(ThreadContext t) {
        long size = sizePlain();
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("list of " + size + " items is too large to detach");
        }
        long array = itemsPlain();
        long[] items = new long[(int) size];
        for (int i = 0; i < size; i++) {
            items[i] = ObjectSpace.slotObject(UnsafeApi.getLong(ListLayout.slot(array, i)));
        }
        if (array != 0) {
            UnsafeApi.putLongRelease(null, head + ListLayout.SIZE_OFFSET, 0L);
            long old = array;
            UnsafeApi.putLongRelease(null, head + ListLayout.ITEMS_OFFSET, 0L);
            long oldCapacity = UnsafeApi.getLong(old + ListLayout.CAPACITY_OFFSET);
            for (long i = 0; i < oldCapacity; i++) {
                UnsafeApi.putLongRelease(null, ListLayout.slot(old, i), 0L);
            }
            t.qsbr().deferFree(old);
        }
        return items;
    }

    /** Under the lock: puts {@code items} back into an empty list; returns what was added meanwhile. */
    private long[] restore(ThreadContext t, long[] items) {
        long[] intruders = detachAll(t);
        if (items.length > 0) {
            long array = newArray(t, Math.max(items.length, ListLayout.MIN_CAPACITY));
            for (int i = 0; i < items.length; i++) {
                UnsafeApi.putLong(ListLayout.slot(array, i), items[i] | space.slotTag(items[i]));
            }
            replaceArray(t, array, items.length);
        }
        return intruders;
    }

    private static void checkItem(long item) {
        if (item == 0) {
            throw new IllegalArgumentException("null object address cannot be a list item");
        }
    }

    /** Checks invariants (1)-(3) and (5) under the list's lock. */
    public void assertInvariants(ThreadContext t) {
        CriticalSections cs = t.sections();
        cs.enter(lockWord);
        try {
            long size = sizePlain();
            long array = itemsPlain();
            long capacity = array == 0 ? 0 : UnsafeApi.getLong(array + ListLayout.CAPACITY_OFFSET);
            if (size < 0 || size > capacity) {
                throw new AssertionError("(1) size " + size + " capacity " + capacity);
            }
            for (long i = 0; i < capacity; i++) {
                long item = UnsafeApi.getLong(ListLayout.slot(array, i));
                long tags = item & ObjectSpace.SLOT_TAGS;
                if (tags != 0 && (tags & ~space.slotTag(ObjectSpace.slotObject(item))) != 0) {
                    throw new AssertionError("(5) slot " + i + " tagged " + tags + " but the item's flags give "
                            + space.slotTag(ObjectSpace.slotObject(item)));
                }
                if (i < size && item == 0) {
                    throw new AssertionError("(2) slot " + i + " empty below size " + size);
                }
                if (i >= size && item != 0) {
                    throw new AssertionError("(3) slot " + i + " not cleared above size " + size);
                }
            }
        } finally {
            cs.exit();
        }
    }
}
