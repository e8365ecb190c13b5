package io.github.freethread.bench.allocator;

/**
 * Bounded SPSC ring of block addresses (never 0), for the address-based allocators. A primitive
 * ring rather than JCTools' {@code SpscArrayQueue<Long>}: boxing would put a heap allocation on
 * the measured path of exactly the implementations that avoid the heap. Index protocol and memory
 * ordering: {@link SpscIndices}.
 */
final class LongRing {
    /** Slot contents are handed between the two threads by the release/acquire in {@link SpscIndices}. */
    private final long[] slots;
    private final int mask;
    private final SpscIndices indices;

    LongRing(int capacity) {
        this.indices = new SpscIndices(capacity);
        this.slots = new long[capacity];
        this.mask = capacity - 1;
    }

    /** Producer only: enqueues {@code address}; false when the ring is full. */
    boolean offer(long address) {
        long index = indices.claimForOffer();
        if (index < 0) {
            return false;
        }
        slots[(int) index & mask] = address;
        indices.commitOffer(index);
        return true;
    }

    /** Consumer only: the oldest address, or 0 when the ring is empty. */
    long poll() {
        long index = indices.claimForPoll();
        if (index < 0) {
            return 0;
        }
        long address = slots[(int) index & mask];
        indices.commitPoll(index);
        return address;
    }
}
