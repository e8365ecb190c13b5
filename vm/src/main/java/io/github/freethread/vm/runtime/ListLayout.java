package io.github.freethread.vm.runtime;

import static io.github.freethread.vm.runtime.Layouts.LIST_CAPACITY;
import static io.github.freethread.vm.runtime.Layouts.LIST_ITEMS;
import static io.github.freethread.vm.runtime.Layouts.LIST_SIZE;

import org.agrona.UnsafeApi;

/**
 * Layout of a list: the object (header + payload of {@link Layouts}) and its out-of-line item
 * array, which carries its own capacity in its first word (CPython's free-threaded
 * {@code _PyListArray}): a lock-free reader that loaded the array pointer bounds its index by
 * the capacity of <em>that</em> array, never by a size or capacity read from the header, which
 * may already describe a newer array.
 *
 * <pre>
 *  list object                                   item array (freed through QSBR when replaced)
 *  +0   lock word (ObjectHeader.LOCK_OFFSET)     +0  long capacity            immutable once published
 *  ...  header                                   +8  slot[0]  ref | 0
 *  P+0  long size      (release; under lock)         slot[1]
 *  P+8  long capacity  (mirror of the array's;       ...
 *                       writer-side only)            slot[capacity-1]
 *  P+16 ptr  items -> item array | 0  (release)
 * </pre>
 *
 * <p>Invariants ({@link Lists#assertInvariants}), on a quiescent list:
 * <pre>
 *  (L1) items == 0  =>  size == 0 and capacity == 0
 *  (L2) size &lt;= capacity == array capacity word
 *  (L3) slot[i] != 0 (a counted reference) for i &lt; size
 *  (L4) slot[i] == 0 for size &lt;= i &lt; capacity
 *  (L5) a replaced (retired) array has every slot cleared to 0 before it is handed to QSBR
 * </pre>
 * (L4) and (L5) make "the slot still holds my item after my increment" a proof that the item was
 * a member at that instant.
 */
public final class ListLayout {
    private ListLayout() {
    }

    public static final int SIZE = LIST_SIZE;
    public static final int CAPACITY_MIRROR = LIST_CAPACITY;
    public static final int ITEMS = LIST_ITEMS;

    /** Offset of the capacity word in an item array. */
    public static final int ARRAY_CAPACITY = 0;
    /** Offset of slot 0 in an item array. */
    public static final int ARRAY_SLOTS = 8;

    /** Bytes of an item array of {@code capacity} slots. */
    public static long arrayBytes(long capacity) {
        return ARRAY_SLOTS + 8 * capacity;
    }

    /** Address of slot {@code i} of item array {@code array}. */
    public static long slot(long array, long i) {
        return array + ARRAY_SLOTS + 8 * i;
    }

    /** Capacity word of an item array (immutable once published). */
    public static long arrayCapacity(long array) {
        return UnsafeApi.getLong(array + ARRAY_CAPACITY);
    }

    /** Rejects a negative or absurd capacity before it reaches the allocator. */
    public static long checkCapacity(long capacity) {
        if (capacity < 0 || capacity > (1L << 40)) {
            throw new IllegalArgumentException("list capacity " + capacity + " out of range [0, 2^40]");
        }
        return capacity;
    }
}
