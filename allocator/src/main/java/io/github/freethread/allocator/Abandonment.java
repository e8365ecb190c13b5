package io.github.freethread.allocator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Thread exit without losing a block (mimalloc's segment abandonment and reclaim, v1 style).
 *
 * <p>{@link #abandon}: the heap stops delayed frees on all its pages (state NEVER_DELAYED, waiting
 * out a foreign thread that is mid-way through one), drains its delayed list, collects and
 * releases what is empty, then clears the owner of every remaining page and offers each segment
 * on the allocator's abandoned queue. From then on foreign frees into those pages simply push
 * onto {@code threadFree} (NEVER_DELAYED never reads the heap), so nothing can be lost.
 *
 * <p>{@link #reclaim}: a heap that polled a segment from the queue (exclusive: the queue hands
 * each segment to one poller) makes itself the owner of every page, re-enables delayed free,
 * collects the frees that arrived meanwhile and puts each page into its bin queue, the full queue,
 * or releases it when empty.
 *
 * <p>Ordering: the abandoning thread's plain writes to pages and segments happen-before the
 * reclaimer's reads through {@code ConcurrentLinkedQueue.offer}/{@code poll}. A heap whose owner
 * thread died without {@link Heap#close()} is abandoned by whichever thread notices
 * ({@code Allocator.abandonDeadHeaps}); {@code Thread.isAlive() == false} gives the
 * happens-before edge from everything the dead thread wrote (JLS 17.4.4).
 */
final class Abandonment {
    private Abandonment() {
    }

    /** Owner (or adopter of a dead owner's heap), after winning {@code Heap.tryClose()}. */
    static void abandon(Heap heap) {
        List<Page> pages = queuedPages(heap);
        for (Page page : pages) {
            page.useDelayedFree(ThreadFreeWord.NEVER_DELAYED, true);
        }
        // No foreign thread can start a delayed free into this heap any more, and none is mid-way.
        heap.drainDelayedFree();
        for (Page page : queuedPages(heap)) {
            page.collect();
            if (page.used == 0) {
                if (page.inFull) {
                    heap.full.remove(page);
                    page.inFull = false;
                } else {
                    heap.queues[page.bin].remove(page);
                }
                HeapPages.retirePage(heap, page);
            }
        }
        HeapPages.releaseSafeRetired(heap);
        HeapPurge.purgeAll(heap); // no committed FREE page and no empty segment is handed over
        List<Segment> segments = new ArrayList<>(heap.segments);
        for (Segment segment : segments) {
            for (Page page : segment.pages) {
                if (page.state != Page.FREE) {
                    page.setHeap(null);
                    page.inFull = false;
                    page.prev = null;
                    page.next = null;
                }
            }
            segment.heap = null;
            segment.inFreeSlotList = false;
        }
        heap.segments.clear();
        for (var list : heap.withFreeSlot) {
            list.clear();
        }
        for (PageQueue queue : heap.queues) {
            queue.clear();
        }
        heap.full.clear();
        heap.retired.clear();
        Arrays.fill(heap.direct, Page.EMPTY);
        for (Segment segment : segments) {
            heap.allocator.abandoned.offer(segment); // happens-before the reclaimer's poll
        }
        heap.allocator.onHeapAbandoned(heap);
    }

    /** Reclaims up to {@code max} abandoned segments into {@code heap}; returns how many. */
    static int reclaimSome(Heap heap, int max) {
        int reclaimed = 0;
        Segment segment;
        while (reclaimed < max && (segment = heap.allocator.abandoned.poll()) != null) {
            reclaim(heap, segment);
            reclaimed++;
        }
        return reclaimed;
    }

    /** {@code heap}'s owner, holding {@code segment} exclusively (polled from the abandoned queue). */
    static void reclaim(Heap heap, Segment segment) {
        HeapPages.adoptSegment(heap, segment);
        for (Page page : segment.pages) {
            if (page.state == Page.FREE) {
                continue;
            }
            page.setHeap(heap); // release before delayed free is re-enabled below
            if (page.state == Page.RETIRED) {
                heap.retired.addLast(page);
                continue;
            }
            page.useDelayedFree(ThreadFreeWord.NO_DELAYED, true);
            page.collect();
            if (page.used == 0) {
                HeapPages.retirePage(heap, page);
                continue;
            }
            if (page.free != 0 || page.capacity < page.reserved) {
                heap.queues[page.bin].pushBack(page);
                HeapPages.updateDirect(heap, page.bin);
            } else {
                heap.full.pushBack(page);
                page.inFull = true;
                page.useDelayedFree(ThreadFreeWord.USE_DELAYED, false);
            }
        }
    }

    private static List<Page> queuedPages(Heap heap) {
        List<Page> pages = new ArrayList<>();
        for (PageQueue queue : heap.queues) {
            for (Page page = queue.first; page != null; page = page.next) {
                pages.add(page);
            }
        }
        for (Page page = heap.full.first; page != null; page = page.next) {
            pages.add(page);
        }
        return pages;
    }
}
