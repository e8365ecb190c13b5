package io.github.freethread.refcount;

import org.agrona.UnsafeApi;

/**
 * Layout of the header at the start of every runtime object: offsets, the values the fields may
 * take, and validators. The counting algorithms ({@link ObjectRuntime}, {@link SharedCounting},
 * {@link Deallocation}) read offsets from here and never hard-code them.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                  lock word (64 bits)                          |  0  reserved for the collections
 *  |                                                               |     layer's per-object lock; once
 *  +---------------------------------------------------------------+     freed, the allocator's link
 *  |                  owner id (32 bits)                           |  8  thread id, or a sentinel below
 *  +---------------------------------------------------------------+
 *  |                  local count (32 bits, owner only, plain)     | 12  per-thread counted: slot index
 *  +---------------------------------------------------------------+
 *  |                  shared word (64 bits, atomic)                | 16
 *  |        shared count (62 bits, signed)               | state   |     state = low 2 bits
 *  +---------------------------------------------------------------+
 *  |                  type id (32 bits)                            | 24  bit 30 set once freed
 *  +---------------------------------------------------------------+
 *  |                  flags (32 bits)                              | 28  IMMORTAL, DEFERRED, RETIRED
 *  +---------------------------------------------------------------+
 *  |                  payload ...                                  | 32
 * </pre>
 *
 * <p>The lock word comes first on purpose: a mimalloc-style allocator links a freed block through
 * its first word, so placing the owner id and the shared word after it keeps the "freed"
 * sentinels this layer writes at deallocation readable by racing lock-free readers.
 *
 * <p>States of the shared word (CPython's {@code _Py_REF_SHARED_FLAG_MASK} encoding):
 * <ul>
 *   <li>{@link #BIASED} (0): the owner counts in the local count; shared count &ge; 0.</li>
 *   <li>{@link #SHARED_READ} (1): as BIASED, but lock-free readers may {@code tryIncref} at shared
 *       count 0, so the owner merges with a CAS instead of freeing directly
 *       (CPython's {@code _Py_REF_MAYBE_WEAKREF}).</li>
 *   <li>{@link #QUEUED} (2): in the owner's merge queue, which holds one reference; the shared
 *       count may be negative.</li>
 *   <li>{@link #MERGED} (3): shared-only; owner id is {@link #NO_OWNER} and the local count 0;
 *       the object dies when the shared word becomes exactly {@code MERGED} (count 0).</li>
 * </ul>
 */
public final class ObjectHeader {
    private ObjectHeader() {}

    /** Word reserved for the collections layer's per-object critical-section lock. */
    public static final int LOCK_OFFSET = 0;
    /** Owner thread's bias id, or one of the sentinels below. */
    public static final int OWNER_ID_OFFSET = 8;
    /** Local count: written only by the owner, with plain stores. */
    public static final int LOCAL_COUNT_OFFSET = 12;
    /** Shared word: {@code count << SHARED_SHIFT | state}; every access atomic. */
    public static final int SHARED_COUNT_OFFSET = 16;
    /** Type id from the {@link TypeRegistry}. */
    public static final int TYPE_ID_OFFSET = 24;
    /** Flag bits ({@link #FLAG_IMMORTAL}, {@link #FLAG_DEFERRED}, {@link #FLAG_RETIRED}). */
    public static final int FLAGS_OFFSET = 28;
    /** Size of the header; the payload starts at {@code obj + HEADER_SIZE}, 8-byte aligned. */
    public static final int HEADER_SIZE = 32;

    /** Owner id of a merged object (and of every object in ATOMIC mode, and of deferred objects). */
    public static final int NO_OWNER = 0;
    /** Owner id of an immortal object: never counted, never freed. */
    public static final int IMMORTAL_OWNER = -1;
    /** Owner id written just before an object's memory is freed. */
    public static final int FREED_OWNER = -2;
    /** Bias id shared by every thread state in NONATOMIC mode (and the owner id of its objects). */
    public static final int SINGLE_THREAD_OWNER = -3;
    /** Bias id of a detached thread state: matches no header, so it never takes the owner path. */
    public static final int DETACHED_BIAS = -4;
    /**
     * Owner id of a <em>per-thread counted</em> object ({@link PerThreadCounting}): every thread
     * counts it in its own slot; the local-count field holds the object's index into the slot
     * arrays ({@link #PER_THREAD_INDEX_OFFSET}), the shared word (always MERGED) the folded count.
     */
    public static final int PER_THREAD_OWNER = -5;
    /** Per-thread counted objects: the index into every thread's slot array (reuses the local-count field). */
    public static final int PER_THREAD_INDEX_OFFSET = LOCAL_COUNT_OFFSET;

    /** Number of state bits below the shared count. */
    public static final int SHARED_SHIFT = 2;
    /** Mask of the state bits. */
    public static final long STATE_MASK = (1L << SHARED_SHIFT) - 1;
    /** One reference in the shared word. */
    public static final long SHARED_ONE = 1L << SHARED_SHIFT;
    /** State: owner counts locally. */
    public static final long BIASED = 0;
    /** State: owner counts locally; lock-free readers may increment at shared count zero. */
    public static final long SHARED_READ = 1;
    /** State: queued to the owner for merging. */
    public static final long QUEUED = 2;
    /** State: merged, shared-only. */
    public static final long MERGED = 3;

    /** Flag: immortal (owner id is {@link #IMMORTAL_OWNER}). */
    public static final int FLAG_IMMORTAL = 1;
    /** Flag: deferred counting (see docs/refcount.md, "Deferred objects"). */
    public static final int FLAG_DEFERRED = 2;
    /** Flag: a deferred object whose count reached zero; freed by {@code reclaimDeferred} after a grace period. */
    public static final int FLAG_RETIRED = 4;

    /** Bit set in the type id of a freed object (the low bits keep the type, for error messages). */
    public static final int TYPE_FREED_BIT = 0x4000_0000;

    /** The shared word's count (arithmetic shift: may be negative while QUEUED). */
    public static long sharedCount(long sharedWord) {
        return sharedWord >> SHARED_SHIFT;
    }

    /** The shared word's state bits. */
    public static long state(long sharedWord) {
        return sharedWord & STATE_MASK;
    }

    /** A shared word from count and state. */
    public static long sharedWord(long count, long state) {
        return (count << SHARED_SHIFT) | state;
    }

    /** Name of a state, for messages and {@link #describe}. */
    public static String stateName(long state) {
        return switch ((int) (state & STATE_MASK)) {
            case 0 -> "BIASED";
            case 1 -> "SHARED_READ";
            case 2 -> "QUEUED";
            default -> "MERGED";
        };
    }

    /** Address alignment check: headers are 8-byte aligned and non-null. */
    public static void checkAddress(long obj) {
        if (obj == 0 || (obj & 7) != 0) {
            throw new IllegalArgumentException("not an object address: 0x" + Long.toHexString(obj)
                + (obj == 0 ? " (null)" : " (not 8-byte aligned)"));
        }
    }

    /** A readable one-line dump of a header (plain reads; for diagnostics and test messages). */
    public static String describe(long obj) {
        long shared = UnsafeApi.getLongVolatile(null, obj + SHARED_COUNT_OFFSET);
        return "object 0x" + Long.toHexString(obj)
            + " {owner=" + UnsafeApi.getInt(obj + OWNER_ID_OFFSET)
            + ", local=" + UnsafeApi.getInt(obj + LOCAL_COUNT_OFFSET)
            + ", shared=" + sharedCount(shared) + " " + stateName(shared)
            + ", type=" + UnsafeApi.getInt(obj + TYPE_ID_OFFSET)
            + ", flags=0x" + Integer.toHexString(UnsafeApi.getInt(obj + FLAGS_OFFSET)) + "}";
    }
}
