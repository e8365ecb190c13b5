package io.github.freethread.collections.list;

/**
 * Off-heap layout of an {@link ObjectList}: a fixed head and a separately allocated item array.
 *
 * <pre>
 * head (HEAD_SIZE bytes, lives as long as the list)
 *   +0   +-----------------------------------------+
 *        | lock word (LockWord)                    |  critical sections of this list: CAS by
 *   +8   +-----------------------------------------+  every mutator
 *        | (unused: keeps the lock word's cache    |
 *        |  line apart from what readers load)     |
 *   +64  +-----------------------------------------+
 *        | items: address of the item array, or 0  |  written under the lock with putLongRelease,
 *   +72  +-----------------------------------------+  read lock-free with getLongAcquire
 *        | size (long)                             |  written under the lock (release),
 *   +80  +-----------------------------------------+  read lock-free (opaque) as a hint
 *        | (unused, to HEAD_SIZE = 128)            |
 *   +128 +-----------------------------------------+
 *
 * The lock word is written (two CASes) by every mutation, and lock-free readers load items and
 * size on every get: on one cache line, a {@code set} by one thread would evict the line every
 * other thread's next get needs. HEAD_SIZE = 128 is a size class whose blocks are 128-byte
 * aligned in our allocator, so the reader line is not shared with a neighbouring block either.
 *
 * item array (ARRAY_HEADER + 8 * capacity bytes, freed through QSBR when replaced)
 *   +0   +-----------------------------------------+
 *        | capacity (long), immutable              |  bounds for lock-free reads
 *   +8   +-----------------------------------------+
 *        | slot[0] object address | slot tags, or 0|  written under the lock with putLongRelease,
 *        | slot[1] ...                             |  read lock-free with getLongAcquire; tags in
 *        |                                         |  the low 2 bits (ObjectSpace.slotTag):
 *        |                                         |  1 uncounted use allowed, 2 immortal;
 *        |                                         |  high 16 bits: per-thread index + 1
 *        | slot[capacity-1]                        |
 *        +-----------------------------------------+
 * </pre>
 * Invariants (checked by {@link ObjectList#assertInvariants}):
 * <pre>
 *   (1) 0 &lt;= size &lt;= capacity (capacity = 0 when items = 0)
 *   (2) slot[i] != 0 for i &lt; size: the list holds one counted reference per slot
 *   (3) slot[i] == 0 for size &lt;= i &lt; capacity
 *   (4) a replaced item array has every slot cleared to 0 before it is handed to QSBR
 *   (5) a slot's tags are a subset of slotTag(its object) (taken when stored; flags only ever set)
 * </pre>
 * (3) and (4) make a lock-free reader of a stale slot read 0 (and fall back to the lock) rather
 * than an object that has left the list, so a successful confirmation means "in the list now".
 */
public final class ListLayout {
    /** Lock word offset in the head. */
    public static final int LOCK_OFFSET = 0;
    /** Item-array pointer offset in the head: one cache line after the lock word. */
    public static final int ITEMS_OFFSET = 64;
    /** Size offset in the head (on the readers' line, with items). */
    public static final int SIZE_OFFSET = 72;
    /** Head size: two cache lines. */
    public static final int HEAD_SIZE = 128;
    /** Capacity offset in an item array. */
    public static final int CAPACITY_OFFSET = 0;
    /** Offset of slot 0 in an item array. */
    public static final int ARRAY_HEADER = 8;
    /** Smallest capacity allocated. */
    public static final int MIN_CAPACITY = 4;
    /** Largest capacity (keeps byte sizes far from overflow). */
    public static final long MAX_CAPACITY = 1L << 40;

    private ListLayout() {}

    /** Address of slot {@code index} of the item array at {@code array}. */
    public static long slot(long array, long index) {
        return array + ARRAY_HEADER + (index << 3);
    }

    /** Bytes of an item array of {@code capacity}. */
    public static long arrayBytes(long capacity) {
        return ARRAY_HEADER + (capacity << 3);
    }

    /** Capacity to grow to when {@code needed} slots do not fit (about 1.5x, as CPython's ~1.125x+6
     *  but coarser to keep resizes rare). */
    public static long grownCapacity(long needed) {
        long c = needed + (needed >> 1) + MIN_CAPACITY;
        if (needed > MAX_CAPACITY) {
            throw new IllegalStateException("list too large: " + needed + " items");
        }
        return Math.min(c, MAX_CAPACITY);
    }

    /** Checks an index against a length; the message names both. */
    public static void checkIndex(long index, long length) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("list index " + index + " out of range for length " + length);
        }
    }
}
