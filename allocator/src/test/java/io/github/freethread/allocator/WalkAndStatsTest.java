package io.github.freethread.allocator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class WalkAndStatsTest {
    private Allocator allocator;

    @AfterEach
    void close() {
        allocator.close();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldWalkExactlyTheLiveBlocksIncludingWhileForeignFreesArePending(boolean checked) throws Exception {
        allocator = Allocator.create(AllocatorConfig.defaults().withChecked(checked));
        Heap heap = allocator.newHeap();
        Random random = new Random(7);
        Map<Long, Long> live = new HashMap<>();
        long[] all = new long[6000];
        for (int i = 0; i < all.length; i++) {
            long size = random.nextInt(10) == 0 ? 20_000 + random.nextInt(200_000) : 1 + random.nextInt(2000);
            all[i] = heap.malloc(size);
            live.put(all[i], heap.usableSize(all[i]));
        }
        long huge = heap.malloc(3L << 20);
        live.put(huge, heap.usableSize(huge));
        for (int i = 0; i < all.length; i += 3) {
            heap.free(all[i]);
            live.remove(all[i]);
        }
        Thread other = new Thread(() -> {
            for (int i = 1; i < all.length; i += 3) {
                allocator.free(all[i]); // pending on threadFree / delayed lists until collected
            }
        });
        other.start();
        other.join();
        for (int i = 1; i < all.length; i += 3) {
            live.remove(all[i]);
        }
        Map<Long, Long> walked = new HashMap<>();
        allocator.walk((address, size) -> assertThat(walked.put(address, size)).isNull());
        assertThat(walked).isEqualTo(live);
        for (long block : live.keySet()) {
            assertThat(allocator.isLiveBlock(block)).isTrue();
        }
        assertThat(allocator.isLiveBlock(all[0])).isFalse();
        assertThat(allocator.isLiveBlock(all[1])).isFalse();
        assertThat(allocator.isLiveBlock(all[2] + 8)).isFalse();

        heap.collect();
        heap.assertInvariants();
        AllocatorStats stats = allocator.stats();
        long liveBytes = live.values().stream().mapToLong(Long::longValue).sum();
        assertThat(stats.liveBlocks()).isEqualTo(live.size());
        assertThat(stats.usedBytes()).isEqualTo(liveBytes);
        assertThat(stats.mallocCount()).isEqualTo(all.length + 1);
        assertThat(stats.bins().stream().mapToLong(AllocatorStats.BinStats::liveBlocks).sum()).isEqualTo(live.size());
        assertThat(stats.committedBytes()).isGreaterThanOrEqualTo(liveBytes);
        assertThat(stats.reservedBytes()).isGreaterThanOrEqualTo(stats.committedBytes());
        assertThat(stats.peakCommittedBytes()).isGreaterThanOrEqualTo(stats.committedBytes());
        assertThat(stats.toString()).contains("committed").contains("live blocks").contains("bin");

        LeakReport leaks = allocator.leaks();
        assertThat(leaks.blockCount()).isEqualTo(live.size());
        assertThat(leaks.bytes()).isEqualTo(liveBytes);
        for (long block : live.keySet()) {
            heap.free(block);
        }
        heap.collect();
        AllocatorStats end = allocator.stats();
        assertThat(end.liveBlocks()).isZero();
        assertThat(end.committedBytes()).isZero();
        assertThat(allocator.leaks().isEmpty()).isTrue();
    }
}
