package io.github.freethread.allocator;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ReuseGateTest {

    /** A gate that opens when the test says so: tickets count up, safe below the threshold. */
    static final class ManualGate implements ReuseGate {
        final AtomicLong issued = new AtomicLong();
        final AtomicLong safeBelow = new AtomicLong();

        @Override
        public long retireTicket() {
            return issued.incrementAndGet();
        }

        @Override
        public boolean isSafe(long ticket) {
            return ticket < safeBelow.get();
        }
    }

    @Test
    void shouldHoldEmptyPagesUntilTheGateSaysTheyAreSafe() {
        ManualGate gate = new ManualGate();
        try (Allocator allocator = Allocator.create(AllocatorConfig.defaults().withReuseGate(gate))) {
            Heap heap = allocator.newHeap();
            long[] blocks = new long[5000];
            for (int i = 0; i < blocks.length; i++) {
                blocks[i] = heap.malloc(64); // 5 pages of 64-byte blocks
            }
            Set<Long> oldPages = new HashSet<>();
            for (long block : blocks) {
                oldPages.add(block >>> SegmentLayout.SMALL_PAGE_SHIFT);
                heap.free(block);
            }
            heap.collect();
            heap.assertInvariants();
            AllocatorStats held = allocator.stats();
            assertThat(gate.issued.get()).isGreaterThanOrEqualTo(4);
            assertThat(held.retiredPageCount()).isEqualTo((int) gate.issued.get());
            assertThat(held.committedBytes()).isPositive();
            // Another size class must not land in a retired page.
            long[] others = new long[200];
            for (int i = 0; i < others.length; i++) {
                others[i] = heap.malloc(4000);
                assertThat(oldPages).doesNotContain(others[i] >>> SegmentLayout.SMALL_PAGE_SHIFT);
            }
            for (long other : others) {
                heap.free(other);
            }
            gate.safeBelow.set(Long.MAX_VALUE);
            heap.collect();
            heap.assertInvariants();
            AllocatorStats released = allocator.stats();
            assertThat(released.retiredPageCount()).isZero();
            assertThat(released.committedBytes()).isZero();
        }
    }

    @Test
    void shouldDelayTheUnmapOfAFreedHugeBlock() {
        ManualGate gate = new ManualGate();
        try (Allocator allocator = Allocator.create(AllocatorConfig.defaults().withReuseGate(gate))) {
            Heap heap = allocator.newHeap();
            long huge = heap.malloc(6L << 20);
            heap.free(huge);
            assertThat(allocator.stats().segmentCount()).isEqualTo(1);
            assertThat(allocator.isLiveBlock(huge)).isFalse();
            gate.safeBelow.set(Long.MAX_VALUE);
            heap.collect();
            assertThat(allocator.stats().segmentCount()).isZero();
            assertThat(allocator.stats().reservedBytes()).isZero();
        }
    }
}
