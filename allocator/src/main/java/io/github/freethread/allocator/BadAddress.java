package io.github.freethread.allocator;

/** The IllegalArgumentExceptions for addresses that are not live blocks; each names the address. */
final class BadAddress {
    private BadAddress() {
    }

    static IllegalArgumentException notOurs(long address) {
        return new IllegalArgumentException(SegmentLayout.hex(address)
                + " is not a block of this allocator: no segment of this allocator contains it (foreign address)");
    }

    static IllegalArgumentException notABlockStart(long address, Page page) {
        long blockSize = page.blockSize;
        if (blockSize == 0) {
            return new IllegalArgumentException(SegmentLayout.hex(address) + " is not a live block: it lies in an unused page of "
                    + page.segment + " (already freed, or never allocated)");
        }
        long off = address - page.start;
        if (off % blockSize != 0) {
            long blockStart = page.start + off / blockSize * blockSize;
            return new IllegalArgumentException(SegmentLayout.hex(address) + " is not the start of a block: it is "
                    + (address - blockStart) + " bytes into the " + blockSize + "-byte block at " + SegmentLayout.hex(blockStart)
                    + " (interior or misaligned address)");
        }
        return new IllegalArgumentException(SegmentLayout.hex(address) + " is not a live block: it was never handed out ("
                + page + " has linked only " + page.capacity + " blocks)");
    }

    static IllegalArgumentException doubleFree(long address, Page page) {
        return new IllegalArgumentException("double free of " + SegmentLayout.hex(address) + ": the " + page.blockSize
                + "-byte block is already free (" + page + ")");
    }
}
