package io.github.freethread.allocator;

import org.agrona.UnsafeApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every bad-input case, in fast and in checked mode. */
class BadInputTest {
    private Allocator allocator;

    private Heap heap(boolean checked) {
        allocator = Allocator.create(AllocatorConfig.defaults().withChecked(checked));
        return allocator.newHeap();
    }

    @AfterEach
    void close() {
        allocator.close();
    }

    private static String hex(long address) {
        return "0x" + Long.toHexString(address);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldRejectFreeOfForeignAddress(boolean checked) {
        Heap heap = heap(checked);
        long foreign = UnsafeApi.allocateMemory(64);
        try {
            assertThatThrownBy(() -> heap.free(foreign)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(hex(foreign)).hasMessageContaining("foreign");
            assertThatThrownBy(() -> heap.free(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0x0");
            assertThatThrownBy(() -> heap.free(-16)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> heap.usableSize(foreign)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(hex(foreign));
        } finally {
            UnsafeApi.freeMemory(foreign);
        }
        assertUsable(heap);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldRejectFreeOfInteriorAndMisalignedAddresses(boolean checked) {
        Heap heap = heap(checked);
        long block = heap.malloc(100);
        assertThatThrownBy(() -> heap.free(block + 8)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(hex(block + 8)).hasMessageContaining("interior");
        assertThatThrownBy(() -> heap.free(block + 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(hex(block + 3)).hasMessageContaining("3 bytes into");
        long huge = heap.malloc(5L << 20);
        assertThatThrownBy(() -> heap.free(huge + 4096)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(hex(huge + 4096));
        assertThatThrownBy(() -> heap.realloc(block + 16, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(hex(block + 16));
        heap.free(block);
        heap.free(huge);
        assertUsable(heap);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldRejectAddressesThatWereNeverHandedOut(boolean checked) {
        Heap heap = heap(checked);
        long block = heap.malloc(64);
        long beyond = block + 64 * 1000; // same page, past the linked blocks
        assertThatThrownBy(() -> heap.free(beyond)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(hex(beyond)).hasMessageContaining("never handed out");
        long unusedPage = (block & ~SegmentLayout.SEGMENT_MASK) + 63 * (1L << SegmentLayout.SMALL_PAGE_SHIFT);
        assertThatThrownBy(() -> heap.free(unusedPage)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(hex(unusedPage)).hasMessageContaining("unused page");
        heap.free(block);
        assertUsable(heap);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldRejectDoubleFreeOfHugeBlockInEveryMode(boolean checked) {
        Heap heap = heap(checked);
        long huge = heap.malloc(3L << 20);
        long other = heap.malloc(3L << 20);
        heap.free(huge);
        assertThatThrownBy(() -> heap.free(huge)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(hex(huge));
        heap.free(other);
        assertUsable(heap);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldRejectDoubleFreeWhenThePageHasNoOutstandingBlock(boolean checked) {
        Heap heap = heap(checked);
        long a = heap.malloc(64);
        heap.free(a);
        assertThatThrownBy(() -> heap.free(a)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("double free").hasMessageContaining(hex(a));
        assertUsable(heap);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldRejectNegativeSizesAndBadAlignments(boolean checked) {
        Heap heap = heap(checked);
        assertThatThrownBy(() -> heap.malloc(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> heap.mallocAligned(16, 24)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("24");
        assertThatThrownBy(() -> heap.mallocAligned(16, 8L << 20)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> heap.malloc(1L << 60)).isInstanceOf(IllegalArgumentException.class);
        long block = heap.malloc(8);
        assertThatThrownBy(() -> heap.realloc(block, -5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(hex(block));
        heap.free(block);
        assertUsable(heap);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldRefuseMallocFromAnotherThreadOrAfterClose(boolean checked) throws Exception {
        Heap heap = heap(checked);
        long block = heap.malloc(5000);
        Throwable[] seen = new Throwable[1];
        Thread other = new Thread(() -> {
            try {
                heap.malloc(5000);
            } catch (Throwable t) {
                seen[0] = t;
            }
        });
        other.start();
        other.join();
        assertThat(seen[0]).isInstanceOf(IllegalStateException.class).hasMessageContaining("owned by");
        heap.close();
        assertThatThrownBy(() -> heap.malloc(16)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        heap.free(block); // frees still work after close
        assertUsable(allocator.newHeap());
    }

    @org.junit.jupiter.api.Test
    void shouldDetectEveryDoubleFreeInCheckedMode() {
        Heap heap = heap(true);
        long a = heap.malloc(64);
        long b = heap.malloc(64);
        heap.free(a);
        assertThatThrownBy(() -> heap.free(a)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("double free").hasMessageContaining(hex(a));
        assertThatThrownBy(() -> heap.usableSize(a)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(hex(a));
        heap.free(b);
        heap.assertInvariants();
        assertUsable(heap);
    }

    @org.junit.jupiter.api.Test
    void shouldRefuseAFreeThroughAnotherThreadsHeapInCheckedMode() throws Exception {
        Heap heap = heap(true);
        long block = heap.malloc(64);
        Throwable[] seen = new Throwable[1];
        Thread other = new Thread(() -> {
            try {
                heap.free(block);
            } catch (Throwable t) {
                seen[0] = t;
            }
        });
        other.start();
        other.join();
        assertThat(seen[0]).isInstanceOf(IllegalStateException.class).hasMessageContaining(hex(block))
                .hasMessageContaining("owned by");
        heap.free(block);
        assertUsable(heap);
    }

    private void assertUsable(Heap heap) {
        long[] blocks = new long[100];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = heap.malloc(16 + i);
        }
        for (long block : blocks) {
            heap.free(block);
        }
        heap.assertInvariants();
    }
}
