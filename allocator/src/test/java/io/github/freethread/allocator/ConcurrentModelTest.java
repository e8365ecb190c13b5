package io.github.freethread.allocator;

import org.agrona.UnsafeApi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Randomized model test: threads allocate, write a pattern, free locally, hand blocks to each
 * other through mailboxes, free or realloc what they receive, and exit (some closing their heap,
 * some just dying). A shared model of live ranges checks that no two live blocks ever overlap;
 * every block's pattern is verified before it is freed or resized; at the end the statistics
 * balance and every byte is returned.
 */
class ConcurrentModelTest {

    /** One live block in the model. */
    record Live(long address, long size, long tag) {
    }

    @ParameterizedTest(name = "threads={0} ops={1} checked={2}")
    @CsvSource({"4, 60000, false", "3, 15000, true"})
    void shouldNeverOverlapLoseOrCorruptBlocksAcrossThreads(int threads, int opsPerThread, boolean checked) throws Exception {
        Allocator allocator = Allocator.create(AllocatorConfig.defaults().withChecked(checked));
        ConcurrentSkipListMap<Long, Long> ranges = new ConcurrentSkipListMap<>();
        List<ConcurrentLinkedQueue<Live>> mailboxes = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            mailboxes.add(new ConcurrentLinkedQueue<>());
        }
        AtomicLong mallocs = new AtomicLong();
        AtomicLong requested = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch doneAllocating = new CountDownLatch(threads);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int self = t;
            Thread worker = new Thread(() -> {
                try {
                    new Worker(allocator, self, threads, ranges, mailboxes, mallocs, requested, opsPerThread, doneAllocating)
                            .run();
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    doneAllocating.countDown();
                }
            }, "model-" + t);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        if (failure.get() != null) {
            throw new AssertionError("worker failed", failure.get());
        }
        assertThat(ranges).isEmpty();

        Heap main = allocator.heap();
        main.collect(); // abandons dead workers' heaps, reclaims every abandoned segment
        main.assertInvariants();
        AllocatorStats stats = allocator.stats();
        assertThat(stats.mallocCount()).isEqualTo(mallocs.get());
        assertThat(stats.requestedBytes()).isEqualTo(requested.get());
        assertThat(stats.liveBlocks()).isZero();
        assertThat(stats.usedBytes()).isZero();
        assertThat(stats.committedBytes()).isZero();
        assertThat(stats.segmentCount()).isZero();
        assertThat(stats.abandonedSegmentCount()).isZero();
        assertThat(allocator.leaks().isEmpty()).isTrue();
        allocator.close();
    }

    private static final class Worker {
        private final Allocator allocator;
        private final int self;
        private final int threads;
        private final ConcurrentSkipListMap<Long, Long> ranges;
        private final List<ConcurrentLinkedQueue<Live>> mailboxes;
        private final AtomicLong mallocs;
        private final AtomicLong requested;
        private final int ops;
        private final CountDownLatch doneAllocating;
        private final SplittableRandom random;
        private final List<Live> mine = new ArrayList<>();
        private Heap heap;

        Worker(Allocator allocator, int self, int threads, ConcurrentSkipListMap<Long, Long> ranges,
               List<ConcurrentLinkedQueue<Live>> mailboxes, AtomicLong mallocs, AtomicLong requested, int ops,
               CountDownLatch doneAllocating) {
            this.allocator = allocator;
            this.self = self;
            this.threads = threads;
            this.ranges = ranges;
            this.mailboxes = mailboxes;
            this.mallocs = mallocs;
            this.requested = requested;
            this.ops = ops;
            this.doneAllocating = doneAllocating;
            this.random = new SplittableRandom(1000 + self);
        }

        void run() throws InterruptedException {
            heap = allocator.heap();
            for (int i = 0; i < ops; i++) {
                int op = random.nextInt(100);
                if (op < 45 || mine.isEmpty()) {
                    mine.add(allocate(randomSize()));
                } else if (op < 65) {
                    release(takeRandom());
                } else if (op < 80) {
                    mailboxes.get(random.nextInt(threads)).offer(takeRandom());
                } else if (op < 90) {
                    Live received = mailboxes.get(self).poll();
                    if (received != null) {
                        if (random.nextBoolean()) {
                            release(received);
                        } else {
                            mine.add(resize(received, randomSize()));
                        }
                    }
                } else {
                    mine.add(resize(takeRandom(), randomSize()));
                }
            }
            for (Live live : mine) {
                mailboxes.get(random.nextInt(threads)).offer(live);
            }
            mine.clear();
            doneAllocating.countDown();
            doneAllocating.await();
            Live received;
            while ((received = mailboxes.get(self).poll()) != null) {
                release(received);
            }
            heap.collect();
            heap.assertInvariants();
            if (self % 2 == 0) {
                heap.close(); // odd workers just die: the allocator notices
            }
        }

        private long randomSize() {
            int kind = random.nextInt(1000);
            if (kind < 700) {
                return random.nextInt(257);
            }
            if (kind < 950) {
                return 257 + random.nextInt(8000);
            }
            if (kind < 998) {
                return 16_000 + random.nextInt(300_000);
            }
            return 2_500_000 + random.nextInt(2_000_000);
        }

        private Live allocate(long size) {
            long address = heap.malloc(size);
            mallocs.incrementAndGet();
            requested.addAndGet(size);
            Live live = new Live(address, size, random.nextLong());
            claim(live);
            writePattern(live);
            return live;
        }

        private Live resize(Live old, long size) {
            verifyPattern(old);
            unclaim(old);
            long address = heap.realloc(old.address(), size);
            if (address != old.address()) {
                mallocs.incrementAndGet();
                requested.addAndGet(size);
            }
            Live live = new Live(address, size, old.tag());
            claim(live);
            verifyPrefix(live, Math.min(prefixLimit(old.size()), size));
            writePattern(live);
            return live;
        }

        private void release(Live live) {
            verifyPattern(live);
            unclaim(live);
            heap.free(live.address());
        }

        private Live takeRandom() {
            int index = random.nextInt(mine.size());
            Live live = mine.get(index);
            mine.set(index, mine.get(mine.size() - 1));
            mine.remove(mine.size() - 1);
            return live;
        }

        private void claim(Live live) {
            long start = live.address();
            long end = start + Math.max(1, live.size());
            Map.Entry<Long, Long> below = ranges.floorEntry(start);
            if (below != null && below.getValue() > start) {
                throw new AssertionError("block " + hex(start) + "+" + live.size() + " overlaps live block at " + hex(below.getKey()));
            }
            Map.Entry<Long, Long> above = ranges.ceilingEntry(start);
            if (above != null && above.getKey() < end) {
                throw new AssertionError("block " + hex(start) + "+" + live.size() + " overlaps live block at " + hex(above.getKey()));
            }
            if (ranges.putIfAbsent(start, end) != null) {
                throw new AssertionError("block " + hex(start) + " handed out twice");
            }
            if (allocator.usableSize(start) < live.size()) {
                throw new AssertionError("usable size below request at " + hex(start));
            }
        }

        private void unclaim(Live live) {
            if (ranges.remove(live.address()) == null) {
                throw new AssertionError("model lost block " + hex(live.address()));
            }
        }

        private static void writePattern(Live live) {
            long size = live.size();
            for (long off = 0; off + 8 <= prefixLimit(size); off += 8) {
                UnsafeApi.putLong(live.address() + off, live.tag() + off);
            }
            if (size >= 8) {
                UnsafeApi.putLong(live.address() + size - 8, ~live.tag());
            }
        }

        private static void verifyPattern(Live live) {
            verifyPrefix(live, prefixLimit(live.size()));
            long size = live.size();
            if (size >= 8 && UnsafeApi.getLong(live.address() + size - 8) != ~live.tag()) {
                throw new AssertionError("tail of block " + hex(live.address()) + " was overwritten");
            }
        }

        /** The pattern covers the first words up to 56 bytes, and never the tail word. */
        private static long prefixLimit(long size) {
            return Math.min(size - 8, 56);
        }

        private static void verifyPrefix(Live live, long limit) {
            for (long off = 0; off + 8 <= limit; off += 8) {
                if (UnsafeApi.getLong(live.address() + off) != live.tag() + off) {
                    throw new AssertionError("contents of block " + hex(live.address()) + " changed at offset " + off);
                }
            }
        }

        private static String hex(long address) {
            return "0x" + Long.toHexString(address);
        }
    }
}
