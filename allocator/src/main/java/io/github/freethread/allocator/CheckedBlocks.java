package io.github.freethread.allocator;

/** Checked mode at hand-out: the free-list link must be plausible, the poison intact, the block not live. */
final class CheckedBlocks {
    private CheckedBlocks() {
    }

    static void onHandOut(Page page, long block, long next) {
        if (next != 0 && page.blockIndexAnywhere(next) < 0) {
            throw new HeapCorruptionException("write after free: the free-list link in the first word of free block "
                    + SegmentLayout.hex(block) + " was overwritten with " + SegmentLayout.hex(next)
                    + ", which is no block of its " + page);
        }
        BlockPoison.verify(block, page.blockSize);
        if (!page.markLive(page.blockIndex(block))) {
            throw new HeapCorruptionException("block " + SegmentLayout.hex(block) + " was about to be handed out twice ("
                    + page + "): a free list is corrupt");
        }
    }
}
