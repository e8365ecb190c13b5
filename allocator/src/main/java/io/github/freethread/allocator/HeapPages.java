package io.github.freethread.allocator;

import org.agrona.UnsafeApi;

import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Set;

/**
 * The owner's slow path over pages (mimalloc's {@code page.c} and {@code page-queue.c}): finding a
 * page with free blocks, moving pages between bin queues and the full queue, fresh pages from
 * segments, retiring empty pages through the {@link ReuseGate}, and collecting. All methods run on
 * the heap's owner thread (or the adopter of a dead owner's heap) and touch only that heap's
 * owner-plain state, apart from the documented atomics in {@link Page}.
 */
final class HeapPages {
    /** Abandoned segments a heap reclaims before it maps a fresh segment. */
    static final int RECLAIM_BATCH = 8;

    private HeapPages() {
    }

    /** A page of {@code bin} with {@code free != 0}, at the front of its queue. */
    static Page findPage(Heap heap, int bin) {
        PageQueue queue = heap.queues[bin];
        Page page = queue.first;
        while (page != null) {
            Page next = page.next;
            if (page.free == 0) {
                page.collect();
            }
            if (page.free == 0) {
                page.extend(heap.space, heap.checked);
            }
            if (page.free != 0) {
                queue.moveToFront(page);
                updateDirect(heap, bin);
                return page;
            }
            toFull(heap, queue, page);
            page = next;
        }
        page = newPage(heap, bin);
        updateDirect(heap, bin);
        return page;
    }

    private static Page newPage(Heap heap, int bin) {
        long blockSize = SizeClasses.blockSize(bin);
        int kind = SegmentLayout.kindOfBlockSize(blockSize);
        Segment segment = heap.withFreeSlot[kind].peekFirst();
        if (segment == null) {
            Abandonment.reclaimSome(heap, RECLAIM_BATCH);
            segment = heap.withFreeSlot[kind].peekFirst();
        }
        if (segment == null) {
            heap.allocator.abandonDeadHeaps();
            segment = heap.space.newSegment(kind);
            adoptSegment(heap, segment);
        }
        Page page = segment.takeFreeSlot();
        HeapPurge.taken(heap, page);
        if (!segment.hasFreeSlot()) {
            heap.withFreeSlot[kind].remove(segment);
            segment.inFreeSlotList = false;
        }
        page.init(bin, blockSize, heap, heap.checked);
        PageQueue queue = heap.queues[bin];
        queue.pushFront(page);
        try {
            page.extend(heap.space, heap.checked);
        } catch (FootprintLimitExceededException e) {
            queue.remove(page);
            freeSlot(heap, page);
            updateDirect(heap, bin);
            throw e;
        }
        HeapPurge.purgeExpired(heap);
        return page;
    }

    static void adoptSegment(Heap heap, Segment segment) {
        segment.heap = heap;
        heap.segments.add(segment);
        if (segment.hasFreeSlot() && !segment.inFreeSlotList) {
            heap.withFreeSlot[segment.kind].addLast(segment);
            segment.inFreeSlotList = true;
        }
    }

    private static void toFull(Heap heap, PageQueue queue, Page page) {
        queue.remove(page);
        heap.full.pushBack(page);
        page.inFull = true;
        page.useDelayedFree(ThreadFreeWord.USE_DELAYED, false);
    }

    /** A full page got a block back: it returns to the back of its bin queue. */
    static void unfull(Heap heap, Page page) {
        heap.full.remove(page);
        page.inFull = false;
        page.useDelayedFree(ThreadFreeWord.NO_DELAYED, false);
        PageQueue queue = heap.queues[page.bin];
        queue.pushBack(page);
        if (queue.first == page) {
            updateDirect(heap, page.bin);
        }
    }

    /** freeLocal when the page becomes empty, is full, or the free is a detectable double free. */
    static void freeLocalSlow(Heap heap, Page page, long block, int used) {
        if (used < 0) {
            throw BadAddress.doubleFree(block, page);
        }
        UnsafeApi.putLong(block, page.localFree);
        page.localFree = block;
        page.used = used;
        if (used == 0) {
            pageEmptied(heap, page);
        } else {
            unfull(heap, page);
        }
    }

    /**
     * A page has no outstanding block. The only page of its bin stays (so a malloc/free loop does
     * not map and unmap a page each time, mimalloc's retire heuristic); others are retired.
     */
    static void pageEmptied(Heap heap, Page page) {
        if (page.inFull) {
            heap.full.remove(page);
            page.inFull = false;
            page.useDelayedFree(ThreadFreeWord.NO_DELAYED, false);
            retirePage(heap, page);
            return;
        }
        if (page.prev == null && page.next == null) {
            return; // the only page of its bin queue (not in full, so it is in its bin queue)
        }
        PageQueue queue = heap.queues[page.bin];
        queue.remove(page);
        updateDirect(heap, page.bin);
        retirePage(heap, page);
    }

    /** An empty page out of every queue: released now, or once the reuse gate says so. */
    static void retirePage(Heap heap, Page page) {
        if (heap.gate == ReuseGate.ALWAYS) {
            freeSlot(heap, page);
        } else {
            page.state = Page.RETIRED;
            page.retireTicket = heap.gate.retireTicket();
            heap.retired.addLast(page);
        }
    }

    /** Releases retired pages whose ticket is safe, oldest first, stopping at the first unsafe one. */
    static void releaseSafeRetired(Heap heap) {
        Page page;
        while ((page = heap.retired.peekFirst()) != null && heap.gate.isSafe(page.retireTicket)) {
            heap.retired.pollFirst();
            freeSlot(heap, page);
        }
        heap.allocator.releaseSafeRetiredHuge();
    }

    /**
     * The page becomes a FREE slot. Its memory stays committed until the purge delay passes
     * ({@link HeapPurge}); an empty segment is kept as the heap's one cached empty segment.
     */
    static void freeSlot(Heap heap, Page page) {
        page.resetToFree();
        HeapPurge.schedule(heap, page);
        Segment segment = page.segment;
        segment.usedSlots--;
        if (!segment.inFreeSlotList) {
            heap.withFreeSlot[segment.kind].addLast(segment);
            segment.inFreeSlotList = true;
        }
        if (segment.usedSlots == 0) {
            HeapPurge.segmentEmptied(heap, segment);
        }
        HeapPurge.purgeExpired(heap);
    }

    /** Unmaps a segment whose pages are all FREE and decommitted (or un-accounted). */
    static void releaseSegment(Heap heap, Segment segment) {
        heap.segments.remove(segment);
        if (segment.inFreeSlotList) {
            heap.withFreeSlot[segment.kind].remove(segment);
            segment.inFreeSlotList = false;
        }
        segment.heap = null;
        heap.space.release(segment);
    }

    static void updateDirect(Heap heap, int bin) {
        if (heap.checked) {
            return;
        }
        int low = SizeClasses.directSlotLow(bin);
        if (low < 0) {
            return;
        }
        Page first = heap.queues[bin].first;
        Page target = first == null ? Page.EMPTY : first;
        for (int w = low, high = SizeClasses.directSlotHigh(bin); w <= high; w++) {
            heap.direct[w] = target;
        }
    }

    /** Heap.collect: everything freed so far goes back; empty pages are retired (even a bin's last). */
    static void collectAll(Heap heap) {
        heap.drainDelayedFree();
        for (PageQueue queue : heap.queues) {
            Page page = queue.first;
            while (page != null) {
                Page next = page.next;
                page.collect();
                if (page.used == 0) {
                    queue.remove(page);
                    retirePage(heap, page);
                }
                page = next;
            }
        }
        Page page = heap.full.first;
        while (page != null) {
            Page next = page.next;
            page.collect();
            if (page.used == 0) {
                pageEmptied(heap, page);
            } else if (page.free != 0) {
                unfull(heap, page);
            }
            page = next;
        }
        Iterator<Page> retired = heap.retired.iterator();
        while (retired.hasNext()) {
            Page candidate = retired.next();
            if (heap.gate.isSafe(candidate.retireTicket)) {
                retired.remove();
                freeSlot(heap, candidate);
            }
        }
        heap.allocator.releaseSafeRetiredHuge();
        Abandonment.reclaimSome(heap, Integer.MAX_VALUE);
        HeapPurge.purgeAll(heap);
        for (int bin = 1; bin <= SizeClasses.BIN_MAX; bin++) {
            updateDirect(heap, bin);
        }
    }

    /** Blocks on the heap's delayed list (quiescent read). */
    static Set<Long> delayedBlocks(Heap heap) {
        Set<Long> blocks = new HashSet<>();
        for (long block = heap.delayedHead(); block != 0; block = UnsafeApi.getLong(block)) {
            blocks.add(block);
        }
        return blocks;
    }

    /** (H1)..(H7); owner or quiescent. */
    static void assertInvariants(Heap heap) {
        Set<Long> delayed = delayedBlocks(heap);
        Set<Page> queued = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int bin = 0; bin < heap.queues.length; bin++) {
            PageQueue queue = heap.queues[bin];
            int count = 0;
            for (Page page = queue.first; page != null; page = page.next) {
                check(page.bin == bin && page.state == Page.IN_USE && !page.inFull && page.heap == heap,
                        "(H2) page in bin queue " + bin + " is " + page + " state " + page.state + " inFull " + page.inFull);
                check(queued.add(page), "(H4) page queued twice: " + page);
                page.assertInvariants(delayed);
                count++;
            }
            check(count == queue.count, "queue " + bin + " count " + queue.count + " but " + count + " linked");
            if (!heap.checked && bin > 0 && SizeClasses.directSlotLow(bin) >= 0) {
                Page expected = queue.first == null ? Page.EMPTY : queue.first;
                for (int w = SizeClasses.directSlotLow(bin); w <= SizeClasses.directSlotHigh(bin); w++) {
                    check(heap.direct[w] == expected, "(H1) direct[" + w + "] is not the first page of bin " + bin);
                }
            }
        }
        for (Page page = heap.full.first; page != null; page = page.next) {
            check(page.inFull && page.state == Page.IN_USE && page.heap == heap, "(H3) bad page in full queue: " + page);
            check(queued.add(page), "(H4) page queued twice: " + page);
            page.assertInvariants(delayed);
        }
        if (heap.checked) {
            for (Page page : heap.direct) {
                check(page == Page.EMPTY, "(H1) checked heap has a direct-table entry");
            }
        }
        for (Segment segment : heap.segments) {
            check(segment.heap == heap, "(H4) segment " + segment + " of the heap names another owner");
            segment.assertInvariants();
            for (Page page : segment.pages) {
                if (page.state == Page.IN_USE) {
                    check(queued.contains(page), "(H4) in-use page in no queue: " + page);
                } else if (page.state == Page.RETIRED) {
                    check(heap.retired.contains(page), "(H4) retired page not in the retired list: " + page);
                }
            }
        }
        HeapPurge.assertInvariants(heap);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}
