package io.github.freethread.allocator;

import java.util.ArrayList;
import java.util.List;

/** Builds an {@link AllocatorStats} snapshot from the segment registry and the heaps' counters. */
final class StatsCollector {
    private StatsCollector() {
    }

    static AllocatorStats collect(Allocator allocator) {
        int[] pages = new int[SizeClasses.BIN_COUNT];
        long[] live = new long[SizeClasses.BIN_COUNT];
        long[] capacity = new long[SizeClasses.BIN_COUNT];
        long hugeMax = 0;
        long usedBytes = 0;
        long liveBlocks = 0;
        int pageCount = 0;
        int retiredCount = 0;
        int segmentCount = 0;
        for (Segment segment : allocator.space.segments) {
            segmentCount++;
            for (Page page : segment.pages) {
                int state = page.state;
                if (state == Page.FREE) {
                    continue;
                }
                pageCount++;
                if (state == Page.RETIRED) {
                    retiredCount++;
                    continue;
                }
                int bin = page.bin;
                long blockSize = page.blockSize;
                int used = segment.isHuge() ? (page.isHugeLive() ? 1 : 0) : page.used;
                if (bin <= 0 || bin >= SizeClasses.BIN_COUNT || blockSize == 0) {
                    continue; // a page changing state under a racy snapshot
                }
                pages[bin]++;
                live[bin] += used;
                capacity[bin] += page.capacity;
                usedBytes += used * blockSize;
                liveBlocks += used;
                if (segment.isHuge()) {
                    hugeMax = Math.max(hugeMax, blockSize);
                }
            }
        }
        for (Page page : allocator.retiredHuge) {
            pageCount++;
            retiredCount++;
        }
        List<AllocatorStats.BinStats> bins = new ArrayList<>();
        for (int bin = 1; bin < SizeClasses.BIN_COUNT; bin++) {
            if (pages[bin] > 0) {
                long blockSize = bin == SizeClasses.HUGE_BIN ? hugeMax : SizeClasses.blockSize(bin);
                bins.add(new AllocatorStats.BinStats(bin, blockSize, pages[bin], live[bin], capacity[bin]));
            }
        }
        long mallocs = allocator.closedMallocs();
        long requested = allocator.closedRequested();
        int heapCount = 0;
        for (Heap heap : allocator.heaps) {
            mallocs += heap.mallocCount;
            requested += heap.requestedBytes;
            heapCount++;
        }
        SegmentSpace space = allocator.space;
        return new AllocatorStats(requested, mallocs, usedBytes, liveBlocks, space.committedBytes(), space.reservedBytes(),
                space.peakCommittedBytes(), space.peakReservedBytes(), space.maxFootprint(), segmentCount,
                space.peakSegmentCount(), allocator.abandoned.size(), pageCount, retiredCount, heapCount,
                space.os.name(), List.copyOf(bins));
    }
}
