package io.github.freethread.allocator;

import org.agrona.UnsafeApi;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OsLayerTest {

    @Test
    void shouldUseMmapOnLinux() {
        if (System.getProperty("os.name").toLowerCase().contains("linux")) {
            assertThat(OsMemory.platformDefault()).isInstanceOf(LinuxMemory.class);
        }
    }

    @Test
    void shouldReserveSegmentsAlignedToTheirSizeAndZeroAfterDecommit() {
        for (OsMemory os : new OsMemory[] {OsMemory.platformDefault(), new PortableMemory()}) {
            long base = os.reserveAligned(SegmentLayout.SEGMENT_SIZE, SegmentLayout.SEGMENT_SIZE);
            assertThat(base & SegmentLayout.SEGMENT_MASK).as(os.name()).isZero();
            UnsafeApi.putLong(base, 7);
            UnsafeApi.putLong(base + SegmentLayout.SEGMENT_SIZE - 8, 9);
            assertThat(UnsafeApi.getLong(base + SegmentLayout.SEGMENT_SIZE - 8)).isEqualTo(9);
            boolean dropped = os.decommit(base, SegmentLayout.OS_PAGE_SIZE);
            if (dropped) {
                assertThat(UnsafeApi.getLong(base)).as("MADV_DONTNEED page reads zero").isZero();
            }
            os.release(base, SegmentLayout.SEGMENT_SIZE);
        }
    }

    @Test
    void shouldFindSegmentsByAddressAndForgetThemWhenUnmapped() {
        SegmentMap map = new SegmentMap();
        OsMemory os = OsMemory.platformDefault();
        long size = 3 * SegmentLayout.SEGMENT_SIZE + 4096;
        long base = os.reserveAligned(size, SegmentLayout.SEGMENT_SIZE);
        Segment huge = new Segment(base, size, SegmentLayout.KIND_HUGE);
        map.register(huge);
        assertThat(map.lookup(base)).isSameAs(huge);
        assertThat(map.lookup(base + 2 * SegmentLayout.SEGMENT_SIZE + 5)).isSameAs(huge);
        assertThat(map.lookup(base + size - 1)).isSameAs(huge);
        assertThat(map.lookup(base - 1)).isNull();
        assertThat(map.lookup(-8L)).isNull();
        assertThat(map.lookup(1L << 50)).isNull();
        map.unregister(huge);
        assertThat(map.lookup(base)).isNull();
        os.release(base, size);
    }

    @Test
    void shouldRunTheWholeAllocatorOnThePortableFallback() {
        try (Allocator allocator = Allocator.create(AllocatorConfig.defaults(), new PortableMemory())) {
            Heap heap = allocator.newHeap();
            long[] blocks = new long[2000];
            for (int i = 0; i < blocks.length; i++) {
                blocks[i] = heap.malloc(1 + i * 13L);
                UnsafeApi.putByte(blocks[i], (byte) i);
            }
            long huge = heap.malloc(5L << 20);
            for (int i = 0; i < blocks.length; i++) {
                assertThat(UnsafeApi.getByte(blocks[i])).isEqualTo((byte) i);
                heap.free(blocks[i]);
            }
            heap.free(huge);
            heap.collect();
            heap.assertInvariants();
            assertThat(allocator.osLayer()).isEqualTo("portable-arena");
            assertThat(allocator.stats().segmentCount()).isZero();
            assertThat(allocator.stats().committedBytes()).isZero();
        }
    }
}
