package io.github.freethread.allocator;

/**
 * Geometry of segments and pages: the constants that turn an address into its segment and page.
 *
 * <pre>
 * A normal segment: SEGMENT_SIZE bytes, aligned to SEGMENT_SIZE, split into equal page slots.
 * All metadata lives on the Java heap (Segment / Page objects), so every byte is block memory.
 *
 *  base = addr &amp; ~SEGMENT_MASK                                    base + 4 MiB
 *  |&lt;-- slot 0 --&gt;|&lt;-- slot 1 --&gt;|  ...                    |&lt;-- slot n-1 --&gt;|
 *  +--------------+--------------+---------------------------+----------------+
 *  | blk|blk|blk..| blk|blk|...  |                           |                |
 *  +--------------+--------------+---------------------------+----------------+
 *  slot = (addr - base) &gt;&gt;&gt; pageShift
 *
 *  kind    pageShift  slot size   slots  block sizes
 *  SMALL   16         64 KiB      64     8 B .. 16 KiB
 *  MEDIUM  19         512 KiB     8      &gt; 16 KiB .. 128 KiB
 *  LARGE   22         4 MiB       1      &gt; 128 KiB .. 2 MiB
 *  HUGE    63 (=&gt; 0)  whole seg   1      &gt; 2 MiB: one block at base, segment size rounded
 *                                        up to OS_PAGE_SIZE, every 4 MiB chunk registered
 *
 * Inside a page, block i starts at page.start + i * blockSize; blocks [0, capacity) have been
 * linked into the free lists ("extended"), blocks [capacity, reserved) are untouched memory.
 * </pre>
 */
final class SegmentLayout {
    static final int SEGMENT_SHIFT = 22;
    static final long SEGMENT_SIZE = 1L << SEGMENT_SHIFT;
    static final long SEGMENT_MASK = SEGMENT_SIZE - 1;

    static final int KIND_SMALL = 0;
    static final int KIND_MEDIUM = 1;
    static final int KIND_LARGE = 2;
    static final int KIND_HUGE = 3;
    static final int KIND_COUNT = 4;

    static final int SMALL_PAGE_SHIFT = 16;
    static final int MEDIUM_PAGE_SHIFT = 19;
    static final int LARGE_PAGE_SHIFT = SEGMENT_SHIFT;
    /** Shift that maps every offset inside a huge segment to slot 0. */
    static final int HUGE_PAGE_SHIFT = 63;

    static final long SMALL_BLOCK_MAX = 16 * 1024;
    static final long MEDIUM_BLOCK_MAX = 128 * 1024;
    static final long LARGE_BLOCK_MAX = 2 * 1024 * 1024;

    /** Largest size served through a heap's direct size-&gt;page table. */
    static final int DIRECT_SIZE_MAX = 1024;

    static final long OS_PAGE_SIZE = 4096;
    /** Bytes of blocks linked into a page's free list per extension step (mimalloc: 4 KiB). */
    static final long EXTEND_BYTES = 4096;

    /** Largest huge request accepted (keeps size arithmetic far from overflow). */
    static final long HUGE_SIZE_MAX = 1L << 46;
    /** Largest alignment mallocAligned accepts: segment bases are aligned to SEGMENT_SIZE. */
    static final long ALIGNMENT_MAX = SEGMENT_SIZE;

    private SegmentLayout() {
    }

    static int pageShift(int kind) {
        return switch (kind) {
            case KIND_SMALL -> SMALL_PAGE_SHIFT;
            case KIND_MEDIUM -> MEDIUM_PAGE_SHIFT;
            case KIND_LARGE -> LARGE_PAGE_SHIFT;
            case KIND_HUGE -> HUGE_PAGE_SHIFT;
            default -> throw new IllegalArgumentException("unknown segment kind " + kind);
        };
    }

    static int slotCount(int kind) {
        return kind == KIND_HUGE ? 1 : (int) (SEGMENT_SIZE >>> pageShift(kind));
    }

    static int kindOfBlockSize(long blockSize) {
        if (blockSize <= SMALL_BLOCK_MAX) {
            return KIND_SMALL;
        }
        if (blockSize <= MEDIUM_BLOCK_MAX) {
            return KIND_MEDIUM;
        }
        if (blockSize <= LARGE_BLOCK_MAX) {
            return KIND_LARGE;
        }
        return KIND_HUGE;
    }

    static String kindName(int kind) {
        return switch (kind) {
            case KIND_SMALL -> "small";
            case KIND_MEDIUM -> "medium";
            case KIND_LARGE -> "large";
            default -> "huge";
        };
    }

    static long roundUp(long value, long alignment) {
        return (value + alignment - 1) & -alignment;
    }

    /** Validates the compile-time geometry; called once from Allocator's static initialiser. */
    static void checkGeometry() {
        for (int kind = KIND_SMALL; kind <= KIND_LARGE; kind++) {
            long slot = 1L << pageShift(kind);
            if (slot * slotCount(kind) != SEGMENT_SIZE) {
                throw new IllegalStateException("slots of kind " + kindName(kind) + " do not tile a segment");
            }
            if (slotCount(kind) > Long.SIZE) {
                throw new IllegalStateException("kind " + kindName(kind) + " has more slots than Segment.purgeQueued has bits");
            }
        }
        if ((1L << SMALL_PAGE_SHIFT) < 4 * SMALL_BLOCK_MAX || (1L << MEDIUM_PAGE_SHIFT) < 4 * MEDIUM_BLOCK_MAX
                || SEGMENT_SIZE < 2 * LARGE_BLOCK_MAX) {
            throw new IllegalStateException("a page must hold several blocks of its largest size class");
        }
    }

    static String hex(long address) {
        return "0x" + Long.toHexString(address);
    }
}
