package io.github.freethread.allocator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SizeClassesTest {

    @Test
    void shouldGrowBlockSizesMonotonicallyInMultiplesOfEight() {
        long previous = 0;
        for (int bin = 1; bin <= SizeClasses.BIN_MAX; bin++) {
            long size = SizeClasses.blockSize(bin);
            assertThat(size).isGreaterThan(previous);
            assertThat(size % 8).isZero();
            previous = size;
        }
        assertThat(SizeClasses.blockSize(SizeClasses.BIN_MAX)).isEqualTo(SegmentLayout.LARGE_BLOCK_MAX);
    }

    @Test
    void shouldMapEverySizeToTheSmallestFittingBinWithLessThanQuarterWaste() {
        for (long size = 0; size <= SegmentLayout.LARGE_BLOCK_MAX; size += size < 70_000 ? 1 : 61) {
            int bin = SizeClasses.binOf(size);
            long block = SizeClasses.blockSize(bin);
            assertThat(block).as("size %d", size).isGreaterThanOrEqualTo(Math.max(size, 1));
            if (bin > 1) {
                assertThat(SizeClasses.blockSize(bin - 1)).as("size %d", size).isLessThan(size);
            }
            if (size > 64) {
                assertThat((double) block / size).as("waste of size %d", size).isLessThan(1.25);
            }
        }
    }

    @Test
    void shouldAgreeBetweenDirectTableAndBinOf() {
        for (int w = 0; w <= SegmentLayout.DIRECT_SIZE_MAX / 8; w++) {
            for (long size = Math.max(0, 8L * w - 7); size <= 8L * w; size++) {
                assertThat(SizeClasses.directBin(w)).isEqualTo(SizeClasses.binOf(size));
            }
        }
        for (int bin = 1; SizeClasses.blockSize(bin) <= SegmentLayout.DIRECT_SIZE_MAX; bin++) {
            for (int w = SizeClasses.directSlotLow(bin); w <= SizeClasses.directSlotHigh(bin); w++) {
                assertThat(SizeClasses.directBin(w)).isEqualTo(bin);
            }
        }
    }

    @Test
    void shouldFindBlockStartsExactlyByMultiplication() {
        for (int bin = 1; bin <= SizeClasses.BIN_MAX; bin++) {
            long blockSize = SizeClasses.blockSize(bin);
            long magic = SizeClasses.divisionMagic(blockSize);
            long area = 1L << SegmentLayout.pageShift(SegmentLayout.kindOfBlockSize(blockSize));
            long step = Math.max(1, area / 200_000);
            for (long off = 0; off < area; off += step) {
                long q = (off * magic) >>> 32;
                assertThat(q * blockSize == off).as("bin %d off %d", bin, off).isEqualTo(off % blockSize == 0);
            }
            for (long k = 0; k * blockSize < area; k++) {
                assertThat((k * blockSize * magic) >>> 32).isEqualTo(k);
            }
        }
    }
}
