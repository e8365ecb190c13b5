package io.github.freethread.allocator;

import org.agrona.UnsafeApi;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FootprintTest {

    @Test
    void shouldThrowAClearExceptionAtTheLimitAndStayUsable() {
        long limit = 1L << 20;
        try (Allocator allocator = Allocator.create(AllocatorConfig.defaults().withMaxFootprint(limit))) {
            Heap heap = allocator.newHeap();
            long[] blocks = new long[100_000];
            int n = 0;
            FootprintLimitExceededException failure = null;
            try {
                while (true) {
                    blocks[n++] = heap.malloc(1000);
                }
            } catch (FootprintLimitExceededException e) {
                failure = e;
                n--;
            }
            assertThat(failure.getMessage()).contains("limit").contains(Long.toString(limit));
            assertThat(allocator.stats().committedBytes()).isLessThanOrEqualTo(limit);
            assertThat((long) n * 1024).isGreaterThan(limit * 8 / 10);
            assertThatThrownBy(() -> heap.malloc(2L << 20)).isInstanceOf(FootprintLimitExceededException.class);
            heap.assertInvariants();
            for (int i = 0; i < n / 2; i++) {
                heap.free(blocks[i]);
            }
            for (int i = 0; i < n / 2; i++) {
                blocks[i] = heap.malloc(1000); // room again
            }
            for (int i = 0; i < n; i++) {
                heap.free(blocks[i]);
            }
            heap.collect();
            heap.assertInvariants();
            assertThat(allocator.stats().committedBytes()).isZero();
            long huge = heap.malloc(limit / 2);
            heap.free(huge);
        }
    }

    @Test
    void shouldReturnMemoryToTheOsAfterABurstOfFrees() throws IOException {
        try (Allocator allocator = Allocator.create(AllocatorConfig.defaults())) {
            assumeTrue(allocator.osLayer().equals("linux-mmap"), "resident footprint is measured through Linux /proc");
            Heap heap = allocator.newHeap();
            long burst = 256L << 20;
            int count = (int) (burst / 1024);
            long[] blocks = new long[count];
            long before = residentBytes();
            for (int i = 0; i < count; i++) {
                blocks[i] = heap.malloc(1024);
                UnsafeApi.putLong(blocks[i] + 512, i); // touch every block's memory
            }
            long peak = residentBytes();
            assertThat(allocator.stats().committedBytes()).isGreaterThanOrEqualTo(burst);
            assertThat(peak - before).as("resident growth during the burst").isGreaterThan(burst / 2);
            for (long block : blocks) {
                heap.free(block);
            }
            heap.collect();
            long after = residentBytes();
            assertThat(allocator.stats().committedBytes()).isZero();
            assertThat(allocator.stats().reservedBytes()).isZero();
            assertThat(peak - after).as("resident drop after the frees (before %d, peak %d, after %d)", before, peak, after)
                    .isGreaterThan(burst * 3 / 4);
        }
    }

    @Test
    void shouldDecommitEmptyPagesOfASegmentThatStaysMapped() throws IOException {
        try (Allocator allocator = Allocator.create(AllocatorConfig.defaults())) {
            assumeTrue(allocator.osLayer().equals("linux-mmap"), "resident footprint is measured through Linux /proc");
            Heap heap = allocator.newHeap();
            long keep = heap.malloc(64); // keeps its segment mapped
            int count = 60_000;
            long[] blocks = new long[count];
            for (int i = 0; i < count; i++) {
                blocks[i] = heap.malloc(2048);
                UnsafeApi.putLong(blocks[i] + 1024, i);
            }
            long committedPeak = allocator.stats().committedBytes();
            long peak = residentBytes();
            for (long block : blocks) {
                heap.free(block);
            }
            heap.collect();
            long after = residentBytes();
            assertThat(allocator.stats().committedBytes()).isLessThan(committedPeak / 100);
            assertThat(allocator.stats().segmentCount()).isEqualTo(1);
            assertThat(peak - after).isGreaterThan((long) count * 2048 * 3 / 4);
            heap.free(keep);
        }
    }

    private static long residentBytes() throws IOException {
        String[] statm = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+");
        return Long.parseLong(statm[1]) * 4096;
    }
}
