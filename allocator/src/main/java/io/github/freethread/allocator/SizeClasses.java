package io.github.freethread.allocator;

/**
 * Size classes ("bins"), after mimalloc's {@code _mi_bin}: 8-byte steps up to 64 bytes, then four
 * bins per power of two (so internal fragmentation stays below 25%, 12.5% on average).
 *
 * <pre>
 *  bin  1..8   : 8, 16, 24, 32, 40, 48, 56, 64
 *  bin  9..12  : 80, 96, 112, 128
 *  bin 13..16  : 160, 192, 224, 256
 *  ...
 *  bin 65..68  : 1.25 MiB, 1.5 MiB, 1.75 MiB, 2 MiB   (LARGE_BLOCK_MAX)
 *  bin 69      : huge blocks (own segment), reported in statistics only
 * </pre>
 * Every block size is a multiple of 8; sizes in (2^b, 2^(b+1)] are multiples of 2^(b-2), which
 * {@code mallocAligned} relies on to find a bin whose blocks are all aligned.
 */
final class SizeClasses {
    static final int BIN_MAX = 68;
    static final int HUGE_BIN = 69;
    static final int BIN_COUNT = 70;

    private static final long[] BLOCK_SIZE = new long[BIN_COUNT];
    /** bin of each direct-table slot w = (size + 7) &gt;&gt;&gt; 3, for size 0..DIRECT_SIZE_MAX. */
    private static final byte[] DIRECT_BIN = new byte[SegmentLayout.DIRECT_SIZE_MAX / 8 + 1];

    static {
        for (int bin = 1; bin <= BIN_MAX; bin++) {
            BLOCK_SIZE[bin] = computeBlockSize(bin);
        }
        for (int w = 0; w < DIRECT_BIN.length; w++) {
            DIRECT_BIN[w] = (byte) binOf(w * 8L);
        }
    }

    private SizeClasses() {
    }

    private static long computeBlockSize(int bin) {
        if (bin <= 8) {
            return bin * 8L;
        }
        int b = 6 + (bin - 9) / 4;
        int i = (bin - 9) % 4;
        return (1L << b) + (i + 1) * (1L << (b - 2));
    }

    /** Bin of a request of {@code size} bytes, 0 &lt;= size &lt;= LARGE_BLOCK_MAX. */
    static int binOf(long size) {
        if (size <= 64) {
            return size == 0 ? 1 : (int) ((size + 7) >>> 3);
        }
        long s = size - 1;
        int b = 63 - Long.numberOfLeadingZeros(s);
        int idx = (int) ((s >>> (b - 2)) & 3);
        return 9 + (b - 6) * 4 + idx;
    }

    /** Bin of a request through the direct table slot {@code w = (size + 7) >>> 3}. */
    static int directBin(int w) {
        return DIRECT_BIN[w];
    }

    static long blockSize(int bin) {
        return BLOCK_SIZE[bin];
    }

    /** Smallest direct-table slot served by {@code bin}, or -1 when the bin is above the table. */
    static int directSlotLow(int bin) {
        if (BLOCK_SIZE[bin] > SegmentLayout.DIRECT_SIZE_MAX) {
            return -1;
        }
        return bin == 1 ? 0 : (int) (BLOCK_SIZE[bin - 1] / 8) + 1;
    }

    /** Largest direct-table slot served by {@code bin}. */
    static int directSlotHigh(int bin) {
        return (int) (BLOCK_SIZE[bin] / 8);
    }

    /** ceil(2^32 / blockSize): exact block-start test by multiplication (see Page.blockIndex). */
    static long divisionMagic(long blockSize) {
        return ((1L << 32) + blockSize - 1) / blockSize;
    }
}
