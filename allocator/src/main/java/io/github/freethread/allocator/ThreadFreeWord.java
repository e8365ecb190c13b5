package io.github.freethread.allocator;

/**
 * Encoding of a page's {@code threadFree} word: the head of the list of blocks that other threads
 * freed (8-byte aligned address) in the high bits and the delayed-free state in the low two bits.
 * State and head change together in one CAS, which is what makes the delayed-free hand-shake safe.
 *
 * <pre>
 *  63                                             3  2  1   0
 *  +-----------------------------------------------+--+------+
 *  | head block address (low 3 bits always zero)     | 0| state|
 *  +-----------------------------------------------+--+------+
 *
 *  state NO_DELAYED      foreign frees push onto the list (page is in a bin queue)
 *        USE_DELAYED     page is in the owner's full queue: the next foreign free goes to the
 *                        owner heap's delayed list instead, so the owner notices (mimalloc's
 *                        MI_USE_DELAYED_FREE)
 *        DELAYED_FREEING a foreign thread is pushing to the owner heap's delayed list right now;
 *                        the owner waits before changing the state or the heap
 *        NEVER_DELAYED   page is abandoned (no owner heap): always push onto the list
 * </pre>
 */
final class ThreadFreeWord {
    static final long NO_DELAYED = 0;
    static final long USE_DELAYED = 1;
    static final long DELAYED_FREEING = 2;
    static final long NEVER_DELAYED = 3;
    static final long STATE_MASK = 3;

    private ThreadFreeWord() {
    }

    static long head(long word) {
        return word & ~STATE_MASK;
    }

    static long state(long word) {
        return word & STATE_MASK;
    }

    static long pack(long head, long state) {
        return head | state;
    }
}
