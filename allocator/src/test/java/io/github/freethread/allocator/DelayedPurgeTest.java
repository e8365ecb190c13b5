package io.github.freethread.allocator;

import org.agrona.UnsafeApi;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Delayed purge ({@link HeapPurge}): observed through the stats and a counting OS layer, never through timing. */
class DelayedPurgeTest {
    private static final int BATCH = 64;
    private static final long BLOCK = 8192;
    /** Small pages hold 8 blocks of 8 KiB; one page stays in use as the only page of its bin. */
    private static final long PAGE = 1L << SegmentLayout.SMALL_PAGE_SHIFT;

    @Test
    void shouldKeepEmptiedPagesCommittedAcrossAllocFreeRoundsAndPurgeThemOnCollect() {
        CountingMemory os = new CountingMemory(OsMemory.platformDefault());
        AllocatorConfig config = AllocatorConfig.defaults().withPurgeDelayNanos(Long.MAX_VALUE);
        try (Allocator allocator = Allocator.create(config, os)) {
            Heap heap = allocator.newHeap();
            round(heap);
            long committed = allocator.stats().committedBytes();
            assertThat(committed).as("emptied pages stay committed").isEqualTo(BATCH * BLOCK);
            assertThat(os.decommits.get()).isZero();
            for (int i = 0; i < 20; i++) {
                round(heap);
                heap.assertInvariants();
            }
            AllocatorStats stats = allocator.stats();
            assertThat(stats.committedBytes()).as("no page re-committed").isEqualTo(committed);
            assertThat(stats.peakCommittedBytes()).as("rounds reuse the cached pages").isEqualTo(committed);
            assertThat(os.decommits.get()).as("no madvise between rounds").isZero();
            assertThat(os.reserves.get()).as("one segment mapped for all rounds").isEqualTo(1);

            heap.collect();
            heap.assertInvariants();
            assertThat(allocator.stats().committedBytes()).as("collect purges the cache").isZero();
            assertThat(allocator.stats().reservedBytes()).as("collect unmaps the cached empty segment").isZero();
            assertThat(os.decommits.get()).isPositive();
        }
    }

    @Test
    void shouldPurgeTheOldestPagesOnceTheCacheExceedsItsBound() {
        AllocatorConfig config = AllocatorConfig.defaults().withPurgeDelayNanos(Long.MAX_VALUE);
        try (Allocator allocator = Allocator.create(config)) {
            Heap heap = allocator.newHeap();
            int count = (int) (4 * HeapPurge.CACHE_MAX_BYTES / BLOCK);
            long[] blocks = new long[count];
            for (int i = 0; i < count; i++) {
                blocks[i] = heap.malloc(BLOCK);
            }
            long committedPeak = allocator.stats().committedBytes();
            assertThat(committedPeak).isGreaterThanOrEqualTo(count * BLOCK);
            for (long block : blocks) {
                heap.free(block);
            }
            heap.assertInvariants();
            assertThat(heap.purge.cachedBytes).isLessThanOrEqualTo(HeapPurge.CACHE_MAX_BYTES);
            assertThat(allocator.stats().committedBytes()).as("bounded cache plus the bin's kept page")
                    .isLessThanOrEqualTo(HeapPurge.CACHE_MAX_BYTES + PAGE)
                    .isEqualTo(heap.purge.cachedBytes + PAGE);
            assertThat(allocator.stats().segmentCount()).as("the kept page's segment and one cached empty segment")
                    .isEqualTo(2);
        }
    }

    @Test
    void shouldDecommitAtOnceWithZeroDelay() {
        CountingMemory os = new CountingMemory(OsMemory.platformDefault());
        AllocatorConfig config = AllocatorConfig.defaults().withPurgeDelayNanos(0);
        try (Allocator allocator = Allocator.create(config, os)) {
            Heap heap = allocator.newHeap();
            round(heap);
            heap.assertInvariants();
            assertThat(heap.purge.cachedBytes).isZero();
            assertThat(allocator.stats().committedBytes()).as("only the bin's kept page").isEqualTo(PAGE);
            assertThat(os.decommits.get()).isEqualTo(BATCH * BLOCK / PAGE - 1);
        }
    }

    @Test
    void shouldPurgeTheCacheRatherThanFailAtTheFootprintLimit() {
        long limit = 2 * PAGE * 4;
        AllocatorConfig config = AllocatorConfig.defaults().withPurgeDelayNanos(Long.MAX_VALUE).withMaxFootprint(limit);
        try (Allocator allocator = Allocator.create(config)) {
            Heap heap = allocator.newHeap();
            long[] small = new long[(int) (limit / BLOCK)];
            for (int i = 0; i < small.length; i++) {
                small[i] = heap.malloc(BLOCK);
            }
            for (long block : small) {
                heap.free(block);
            }
            assertThat(heap.purge.cachedBytes).isPositive();
            long large = heap.malloc(limit / 2); // another size class: needs the cached bytes decommitted first
            assertThat(allocator.stats().committedBytes()).isLessThanOrEqualTo(limit);
            heap.free(large);
            heap.assertInvariants();
        }
    }

    @Test
    void shouldCacheARetiredPageOnlyAfterTheReuseGateSaysItIsSafe() {
        ReuseGateTest.ManualGate gate = new ReuseGateTest.ManualGate();
        CountingMemory os = new CountingMemory(OsMemory.platformDefault());
        AllocatorConfig config = AllocatorConfig.defaults().withPurgeDelayNanos(Long.MAX_VALUE).withReuseGate(gate);
        try (Allocator allocator = Allocator.create(config, os)) {
            Heap heap = allocator.newHeap();
            long[] blocks = new long[BATCH];
            Set<Long> oldPages = new HashSet<>();
            for (int i = 0; i < BATCH; i++) {
                blocks[i] = heap.malloc(BLOCK);
                oldPages.add(blocks[i] >>> SegmentLayout.SMALL_PAGE_SHIFT);
            }
            for (long block : blocks) {
                heap.free(block);
            }
            heap.assertInvariants();
            assertThat(allocator.stats().retiredPageCount()).isEqualTo(BATCH * BLOCK / PAGE - 1);
            assertThat(heap.purge.cachedBytes).as("retired pages wait for the gate, not in the cache").isZero();
            long other = heap.malloc(4000); // another size class must not land in a retired page
            assertThat(oldPages).doesNotContain(other >>> SegmentLayout.SMALL_PAGE_SHIFT);
            heap.free(other);

            gate.safeBelow.set(Long.MAX_VALUE);
            long again = heap.malloc(4000); // the slow path releases the safe pages into the cache
            heap.assertInvariants();
            assertThat(allocator.stats().retiredPageCount()).isZero();
            assertThat(heap.purge.cachedBytes).as("released pages stay committed").isPositive();
            assertThat(os.decommits.get()).isZero();
            heap.free(again);
            heap.collect();
            assertThat(allocator.stats().committedBytes()).isZero();
        }
    }

    @Test
    void shouldRejectANegativePurgeDelay() {
        assertThatThrownBy(() -> AllocatorConfig.defaults().withPurgeDelayNanos(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("purgeDelayNanos");
    }

    private static void round(Heap heap) {
        long[] blocks = new long[BATCH];
        for (int i = 0; i < BATCH; i++) {
            blocks[i] = heap.malloc(BLOCK);
            UnsafeApi.putLong(blocks[i] + 64, i); // touch the block's memory
        }
        for (long block : blocks) {
            heap.free(block);
        }
    }

    /** Counts the OS calls of a real OS layer. */
    private static final class CountingMemory implements OsMemory {
        final OsMemory os;
        final AtomicLong reserves = new AtomicLong();
        final AtomicLong decommits = new AtomicLong();

        CountingMemory(OsMemory os) {
            this.os = os;
        }

        @Override
        public long reserveAligned(long size, long alignment) {
            reserves.incrementAndGet();
            return os.reserveAligned(size, alignment);
        }

        @Override
        public void release(long address, long size) {
            os.release(address, size);
        }

        @Override
        public boolean decommit(long address, long size) {
            decommits.incrementAndGet();
            return os.decommit(address, size);
        }

        @Override
        public String name() {
            return "counting " + os.name();
        }
    }
}
