package io.github.freethread.allocator;

import org.agrona.UnsafeApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Thread exit: abandon on close (or on thread death), reclaim by another heap, nothing lost. */
class AbandonmentTest {
    private final Allocator allocator = Allocator.create(AllocatorConfig.defaults());

    @AfterEach
    void close() {
        allocator.close();
    }

    private long[] allocateOnThread(int count, long size, boolean closeHeap) throws InterruptedException {
        long[] blocks = new long[count];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                Heap heap = allocator.heap();
                for (int i = 0; i < count; i++) {
                    blocks[i] = heap.malloc(size);
                    UnsafeApi.putLong(blocks[i], i);
                }
                for (int i = 0; i < count; i += 3) {
                    heap.free(blocks[i]); // some local frees before exit
                    blocks[i] = 0;
                }
                if (closeHeap) {
                    heap.close();
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        thread.start();
        thread.join();
        assertThat(failure.get()).isNull();
        return blocks;
    }

    @Test
    void shouldAbandonOnCloseAndLetAnotherHeapReclaimWithoutLosingBlocks() throws Exception {
        long[] blocks = allocateOnThread(20_000, 72, true);
        AllocatorStats abandoned = allocator.stats();
        assertThat(abandoned.abandonedSegmentCount()).isPositive();
        assertThat(abandoned.heapCount()).isZero();
        // Half the survivors are freed while nobody owns their pages: they wait on threadFree.
        for (int i = 0; i < blocks.length; i++) {
            if (blocks[i] != 0 && i % 2 == 0) {
                assertThat(UnsafeApi.getLong(blocks[i])).isEqualTo(i);
                allocator.free(blocks[i]);
                blocks[i] = 0;
            }
        }
        Heap main = allocator.heap();
        main.collect(); // reclaims every abandoned segment
        assertThat(allocator.stats().abandonedSegmentCount()).isZero();
        main.assertInvariants();
        for (int i = 0; i < blocks.length; i++) {
            if (blocks[i] != 0) {
                assertThat(UnsafeApi.getLong(blocks[i])).isEqualTo(i);
                main.free(blocks[i]); // now local frees: main owns the pages
            }
        }
        main.collect();
        main.assertInvariants();
        AllocatorStats end = allocator.stats();
        assertThat(end.liveBlocks()).isZero();
        assertThat(end.committedBytes()).isZero();
        assertThat(end.segmentCount()).isZero();
    }

    @Test
    void shouldAbandonTheHeapOfAThreadThatDiedWithoutClosingIt() throws Exception {
        long[] blocks = allocateOnThread(5_000, 300, false);
        assertThat(allocator.stats().heapCount()).isEqualTo(1);
        Heap main = allocator.heap();
        main.collect(); // notices the dead owner, abandons its heap, reclaims the segments
        AllocatorStats stats = allocator.stats();
        assertThat(stats.heapCount()).isEqualTo(1); // only main's
        assertThat(stats.abandonedSegmentCount()).isZero();
        main.assertInvariants();
        for (long block : blocks) {
            if (block != 0) {
                main.free(block);
            }
        }
        main.collect();
        assertThat(allocator.stats().liveBlocks()).isZero();
        assertThat(allocator.stats().segmentCount()).isZero();
    }

    @Test
    void shouldReclaimAbandonedSegmentsOnTheAllocationSlowPath() throws Exception {
        long[] blocks = allocateOnThread(3_000, 1000, true);
        int abandonedBefore = allocator.stats().abandonedSegmentCount();
        assertThat(abandonedBefore).isPositive();
        Heap main = allocator.newHeap();
        long fresh = main.malloc(5000); // needs a fresh page -> reclaims before mapping a segment
        assertThat(allocator.stats().abandonedSegmentCount()).isLessThan(abandonedBefore);
        main.free(fresh);
        for (long block : blocks) {
            if (block != 0) {
                main.free(block);
            }
        }
        main.collect();
        main.assertInvariants();
        assertThat(allocator.stats().liveBlocks()).isZero();
    }

    @Test
    void shouldKeepFreesByOtherThreadsDuringAbandonmentAndReclaim() throws Exception {
        long[] blocks = allocateOnThread(50_000, 40, true);
        Thread freer = new Thread(() -> {
            for (int i = 0; i < blocks.length; i += 2) {
                if (blocks[i] != 0) {
                    allocator.free(blocks[i]);
                }
            }
        });
        Heap main = allocator.heap();
        freer.start();
        for (int round = 0; round < 50; round++) {
            main.collect(); // reclaims while the freer thread pushes onto threadFree lists
        }
        freer.join();
        for (int i = 1; i < blocks.length; i += 2) {
            if (blocks[i] != 0) {
                main.free(blocks[i]);
            }
        }
        main.collect();
        main.assertInvariants();
        assertThat(allocator.stats().liveBlocks()).isZero();
        assertThat(allocator.stats().committedBytes()).isZero();
    }
}
