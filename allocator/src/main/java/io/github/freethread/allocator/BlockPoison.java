package io.github.freethread.allocator;

import org.agrona.UnsafeApi;

/**
 * Checked mode: a freed block is filled with a poison pattern after its first word (the free-list
 * link) and the pattern is verified when the block is handed out again, so a write after free is
 * reported with the block's address.
 */
final class BlockPoison {
    static final long PATTERN = 0xDEADBEEFDEADBEEFL;

    private BlockPoison() {
    }

    static void poison(long block, long blockSize) {
        for (long p = block + 8; p < block + blockSize; p += 8) {
            UnsafeApi.putLong(p, PATTERN);
        }
    }

    /** @throws HeapCorruptionException naming the block and the first overwritten byte */
    static void verify(long block, long blockSize) {
        for (long p = block + 8; p < block + blockSize; p += 8) {
            if (UnsafeApi.getLong(p) != PATTERN) {
                throw new HeapCorruptionException("write after free: block " + SegmentLayout.hex(block) + " (" + blockSize
                        + " B) was modified at offset " + (p - block) + " (" + SegmentLayout.hex(p) + ") while it was free");
            }
        }
    }
}
