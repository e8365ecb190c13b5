package io.github.freethread.bench.allocator;

/**
 * Bounded SPSC ring of block objects (never null), for the object-based allocators: the same
 * index protocol as {@link LongRing} ({@link SpscIndices}), with an {@code Object[]} for slots.
 */
final class RefRing {
    /** Slot contents are handed between the two threads by the release/acquire in {@link SpscIndices}. */
    private final Object[] slots;
    private final int mask;
    private final SpscIndices indices;

    RefRing(int capacity) {
        this.indices = new SpscIndices(capacity);
        this.slots = new Object[capacity];
        this.mask = capacity - 1;
    }

    /** Producer only: enqueues {@code block}; false when the ring is full. */
    boolean offer(Object block) {
        long index = indices.claimForOffer();
        if (index < 0) {
            return false;
        }
        slots[(int) index & mask] = block;
        indices.commitOffer(index);
        return true;
    }

    /** Consumer only: the oldest block, or null when the ring is empty. */
    Object poll() {
        long index = indices.claimForPoll();
        if (index < 0) {
            return null;
        }
        int slot = (int) index & mask;
        Object block = slots[slot];
        slots[slot] = null; // do not keep a freed block reachable; ordered before commitPoll's release
        indices.commitPoll(index);
        return block;
    }
}
