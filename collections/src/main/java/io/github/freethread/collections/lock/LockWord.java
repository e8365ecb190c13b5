package io.github.freethread.collections.lock;

/**
 * Layout of the 64-bit per-object lock word (at {@code obj + LOCK_OFFSET} of the object header,
 * or at any 8-byte aligned address for containers that keep their own).
 *
 * <pre>
 *  63                              32 31                          2   1   0
 * +----------------------------------+-----------------------------+---+---+
 * |  owner id (critical-section      |          zero               | P | L |
 * |  stack id of the holder, or 0)   |                             |   |   |
 * +----------------------------------+-----------------------------+---+---+
 *   L = LOCKED   held by the thread whose id is in the high half
 *   P = PARKED   at least one thread is (or is about to be) parked in the ParkingLot on this word
 * </pre>
 * The word is 0 when free and uncontended. Only the holder clears L; waiters set P (under their
 * parking-lot bucket lock, while L is set); the unlocker clears P (under the same bucket lock)
 * when it wakes the last waiter.
 */
public final class LockWord {
    /** Bit set while the lock is held. */
    public static final long LOCKED = 1L;
    /** Bit set while a thread may be parked on the word. */
    public static final long PARKED = 2L;
    /** Shift of the owner id. */
    public static final int OWNER_SHIFT = 32;

    private LockWord() {}

    /** The word of a lock held by {@code ownerId} with no parked thread. */
    public static long held(int ownerId) {
        return ((long) ownerId << OWNER_SHIFT) | LOCKED;
    }

    /** Owner id in {@code word} (0 when free). */
    public static int owner(long word) {
        return (int) (word >>> OWNER_SHIFT);
    }

    /** True when {@code word} says "held". */
    public static boolean isLocked(long word) {
        return (word & LOCKED) != 0;
    }

    /** Checks that {@code address} can hold a lock word (non-zero, 8-byte aligned). */
    public static void checkAddress(long address) {
        if (address == 0 || (address & 7) != 0) {
            throw new IllegalArgumentException("lock word address 0x" + Long.toHexString(address)
                    + " is null or not 8-byte aligned");
        }
    }

    /** Readable form of a word, for errors. */
    public static String describe(long word) {
        return (isLocked(word) ? "locked by " + owner(word) : "free") + ((word & PARKED) != 0 ? ", parked" : "");
    }
}
