package io.github.freethread.allocator;

import org.agrona.UnsafeApi;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckedModeTest {

    private static Allocator checked() {
        return Allocator.create(AllocatorConfig.defaults().withChecked(true));
    }

    @Test
    void shouldReportWriteAfterFreeWithTheBlockAddress() {
        try (Allocator allocator = checked()) {
            Heap heap = allocator.newHeap();
            long block = heap.malloc(64);
            heap.free(block);
            UnsafeApi.putInt(block + 24, 1234); // write after free
            assertThatThrownBy(() -> {
                for (int i = 0; i < 10_000; i++) {
                    heap.malloc(64);
                }
            }).isInstanceOf(HeapCorruptionException.class)
                    .hasMessageContaining("0x" + Long.toHexString(block))
                    .hasMessageContaining("offset 24");
        }
    }

    @Test
    void shouldReportAnOverwrittenFreeListLink() {
        try (Allocator allocator = checked()) {
            Heap heap = allocator.newHeap();
            long a = heap.malloc(32);
            long b = heap.malloc(32);
            heap.free(a);
            heap.free(b);
            UnsafeApi.putLong(b, 0x1234_5678L); // clobber b's link (b is the most recently freed)
            assertThatThrownBy(() -> {
                for (int i = 0; i < 10_000; i++) {
                    heap.malloc(32);
                }
            }).isInstanceOf(HeapCorruptionException.class).hasMessageContaining("0x" + Long.toHexString(b));
        }
    }

    @Test
    void shouldHandOutIntactBlocksAndKnowExactlyWhichAreLive() {
        try (Allocator allocator = checked()) {
            Heap heap = allocator.newHeap();
            long[] blocks = new long[3000];
            for (int i = 0; i < blocks.length; i++) {
                blocks[i] = heap.malloc(8 + i % 500);
                UnsafeApi.setMemory(blocks[i], 8 + i % 500, (byte) 1);
            }
            for (int i = 0; i < blocks.length; i += 2) {
                heap.free(blocks[i]);
            }
            for (int i = 0; i < blocks.length; i++) {
                assertThat(allocator.isLiveBlock(blocks[i])).isEqualTo(i % 2 == 1);
            }
            for (int i = 0; i < blocks.length; i += 2) {
                blocks[i] = heap.malloc(8 + i % 500); // reuse verifies the poison of every reused block
            }
            heap.assertInvariants();
            for (long block : blocks) {
                heap.free(block);
            }
            heap.collect();
            assertThat(allocator.leaks().isEmpty()).isTrue();
        }
    }

    @Test
    void shouldReportLeaksAtClose() {
        Allocator allocator = checked();
        Heap heap = allocator.newHeap();
        long a = heap.malloc(100);
        long b = heap.malloc(100);
        long c = heap.malloc(4000);
        heap.free(b);
        allocator.close();
        LeakReport report = allocator.leaksAtClose();
        assertThat(report.blockCount()).isEqualTo(2);
        assertThat(report.bytes()).isEqualTo(112 + 4096);
        assertThat(report.groups()).extracting(LeakReport.Group::blockSize).containsExactly(112L, 4096L);
        assertThat(report.groups().get(0).samples()).containsExactly(a);
        assertThat(report.groups().get(1).samples()).containsExactly(c);
        assertThat(report.toString()).contains("0x" + Long.toHexString(a));
    }

    @Test
    void shouldDetectDoubleFreeByAnotherThread() throws Exception {
        try (Allocator allocator = checked()) {
            Heap heap = allocator.newHeap();
            long keep = heap.malloc(64);
            long block = heap.malloc(64);
            heap.free(block);
            Throwable[] seen = new Throwable[1];
            Thread other = new Thread(() -> {
                try {
                    allocator.free(block);
                } catch (Throwable t) {
                    seen[0] = t;
                }
            });
            other.start();
            other.join();
            assertThat(seen[0]).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("double free")
                    .hasMessageContaining("0x" + Long.toHexString(block));
            heap.free(keep);
        }
    }
}
