package io.github.freethread.allocator;

import org.agrona.UnsafeApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AllocatorApiTest {
    private final Allocator allocator = Allocator.create(AllocatorConfig.defaults());

    @AfterEach
    void close() {
        allocator.close();
    }

    @Test
    void shouldReturnDistinctAlignedBlocksThatHoldTheirContents() {
        Heap heap = allocator.newHeap();
        List<Long> blocks = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            long size = 1 + (i * 37L) % 3000;
            long block = heap.malloc(size);
            assertThat(block % 8).isZero();
            assertThat(seen.add(block)).isTrue();
            assertThat(heap.usableSize(block)).isGreaterThanOrEqualTo(size);
            UnsafeApi.putLong(block, i);
            UnsafeApi.putByte(block + size - 1, (byte) i);
            blocks.add(block);
        }
        for (int i = 0; i < blocks.size(); i++) {
            long size = 1 + (i * 37L) % 3000;
            if (size >= 16) {
                assertThat(UnsafeApi.getLong(blocks.get(i))).isEqualTo(i);
            }
            assertThat(UnsafeApi.getByte(blocks.get(i) + size - 1)).isEqualTo((byte) i);
        }
        for (long block : blocks) {
            heap.free(block);
        }
        heap.assertInvariants();
        heap.collect();
        assertThat(allocator.stats().liveBlocks()).isZero();
        assertThat(allocator.stats().committedBytes()).isZero();
    }

    @Test
    void shouldReuseAFreedBlockOfTheSameSize() {
        Heap heap = allocator.newHeap();
        long a = heap.malloc(64);
        heap.free(a);
        long b = heap.malloc(64);
        long c = heap.malloc(64);
        assertThat(b).isNotEqualTo(c);
        heap.free(b);
        heap.free(c);
        heap.assertInvariants();
    }

    @Test
    void shouldZeroZallocBlocks() {
        Heap heap = allocator.newHeap();
        long a = heap.malloc(256);
        UnsafeApi.setMemory(a, 256, (byte) 0x5A);
        heap.free(a);
        long b = heap.zalloc(256);
        for (int i = 0; i < 256; i++) {
            assertThat(UnsafeApi.getByte(b + i)).isZero();
        }
    }

    @Test
    void shouldReallocKeepingContents() {
        Heap heap = allocator.newHeap();
        long a = heap.malloc(40);
        for (int i = 0; i < 40; i++) {
            UnsafeApi.putByte(a + i, (byte) i);
        }
        long b = heap.realloc(a, 5000);
        assertThat(heap.usableSize(b)).isGreaterThanOrEqualTo(5000);
        for (int i = 0; i < 40; i++) {
            assertThat(UnsafeApi.getByte(b + i)).isEqualTo((byte) i);
        }
        long c = heap.realloc(b, 16);
        for (int i = 0; i < 16; i++) {
            assertThat(UnsafeApi.getByte(c + i)).isEqualTo((byte) i);
        }
        assertThat(heap.realloc(c, 15)).isEqualTo(c);
        long d = heap.realloc(0, 100);
        heap.free(c);
        heap.free(d);
        heap.collect();
        assertThat(allocator.stats().liveBlocks()).isZero();
    }

    @Test
    void shouldFreeBlocksOfAnotherThreadsHeap() throws Exception {
        Heap owner = allocator.newHeap();
        long[] blocks = new long[5000];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = owner.malloc(48);
        }
        Thread other = new Thread(() -> {
            Heap foreign = allocator.newHeap();
            for (long block : blocks) {
                foreign.free(block);
            }
            foreign.close();
        });
        other.start();
        other.join();
        owner.assertInvariants();
        owner.collect();
        owner.assertInvariants();
        assertThat(allocator.stats().liveBlocks()).isZero();
        long again = owner.malloc(48);
        assertThat(again).isNotZero();
        owner.free(again);
    }

    @Test
    void shouldServeHugeBlocksInTheirOwnSegment() {
        Heap heap = allocator.newHeap();
        long size = 9L << 20;
        long block = heap.malloc(size);
        assertThat(block & SegmentLayout.SEGMENT_MASK).isZero();
        UnsafeApi.putLong(block + size - 8, 42);
        assertThat(heap.usableSize(block)).isGreaterThanOrEqualTo(size);
        assertThat(allocator.stats().committedBytes()).isGreaterThanOrEqualTo(size);
        heap.free(block);
        assertThat(allocator.stats().committedBytes()).isZero();
        assertThatThrownBy(() -> heap.free(block)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Long.toHexString(block));
    }

    @Test
    void shouldAlignBlocksAsAsked() {
        Heap heap = allocator.newHeap();
        List<Long> blocks = new ArrayList<>();
        for (long alignment = 1; alignment <= SegmentLayout.ALIGNMENT_MAX; alignment <<= 1) {
            for (long size : new long[] {1, 24, 100, 3000, 70_000}) {
                long block = heap.mallocAligned(size, alignment);
                assertThat(block % alignment).as("size %d alignment %d", size, alignment).isZero();
                assertThat(heap.usableSize(block)).isGreaterThanOrEqualTo(size);
                blocks.add(block);
            }
        }
        for (long block : blocks) {
            heap.free(block);
        }
        heap.assertInvariants();
    }

    @Test
    void shouldNotTrustTheLastLocalPageCacheAfterThePageWasReleased() {
        Heap heap = allocator.newHeap();
        for (int round = 0; round < 50; round++) {
            long block = heap.malloc(64);
            heap.free(block); // caches the page
            heap.collect(); // releases the page and unmaps its segment
            assertThat(allocator.stats().segmentCount()).isZero();
            long again = heap.malloc(64); // a fresh segment, often at the same address
            long other = heap.malloc(64);
            heap.free(again);
            heap.free(other);
            heap.assertInvariants();
            assertThatThrownBy(() -> heap.free(other)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(allocator.stats().liveBlocks()).isZero();
    }
}
