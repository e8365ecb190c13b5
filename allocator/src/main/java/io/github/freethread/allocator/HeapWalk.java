package io.github.freethread.allocator;

import org.agrona.UnsafeApi;

import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;

/**
 * Visiting live blocks (a future cycle collector needs it) and the liveness query. A block is live
 * if it lies below its page's capacity and is on none of the page's three lists nor on a heap's
 * delayed list; in checked mode the live bits say it directly. Requires quiescence: the lists are
 * owner-plain and are read without synchronisation.
 */
final class HeapWalk {
    private HeapWalk() {
    }

    static void walk(Allocator allocator, BlockVisitor visitor) {
        Set<Long> delayed = allDelayedBlocks(allocator);
        for (Segment segment : allocator.space.segments) {
            for (Page page : segment.pages) {
                if (page.state != Page.IN_USE) {
                    continue;
                }
                if (segment.isHuge()) {
                    if (page.isHugeLive()) {
                        visitor.visit(page.start, page.blockSize);
                    }
                    continue;
                }
                BitSet free = allocator.checked ? null : freeBlocks(page, delayed);
                for (int i = 0; i < page.capacity; i++) {
                    boolean live = free == null ? page.isMarkedLive(i) : !free.get(i);
                    if (live) {
                        visitor.visit(page.blockAddress(i), page.blockSize);
                    }
                }
            }
        }
    }

    static boolean isLive(Allocator allocator, long address) {
        Segment segment = allocator.space.map.lookupAcquire(address);
        if (segment == null) {
            return false;
        }
        Page page = segment.pages[(int) ((address - segment.base) >>> segment.pageShift)];
        int index = page.blockIndexAnywhere(address);
        if (index < 0 || page.state != Page.IN_USE) {
            return false;
        }
        if (segment.isHuge()) {
            return page.isHugeLive();
        }
        if (allocator.checked) {
            return page.isMarkedLive(index);
        }
        return !freeBlocks(page, allDelayedBlocks(allocator)).get(index);
    }

    /** Indices of the page's blocks that are on one of its lists or a delayed list. */
    static BitSet freeBlocks(Page page, Set<Long> delayed) {
        BitSet free = new BitSet(page.capacity);
        mark(page, page.free, free);
        mark(page, page.localFree, free);
        mark(page, ThreadFreeWord.head(page.threadFree), free);
        if (!delayed.isEmpty()) {
            for (int i = 0; i < page.capacity; i++) {
                if (delayed.contains(page.blockAddress(i))) {
                    free.set(i);
                }
            }
        }
        return free;
    }

    private static void mark(Page page, long head, BitSet free) {
        int guard = 0;
        for (long block = head; block != 0 && guard <= page.capacity; block = UnsafeApi.getLong(block), guard++) {
            int index = page.blockIndexAnywhere(block);
            if (index >= 0) {
                free.set(index);
            }
        }
    }

    static Set<Long> allDelayedBlocks(Allocator allocator) {
        Set<Long> blocks = new HashSet<>();
        for (Heap heap : allocator.heaps) {
            blocks.addAll(HeapPages.delayedBlocks(heap));
        }
        return blocks;
    }
}
