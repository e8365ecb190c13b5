package io.github.freethread.allocator;

import java.util.ArrayDeque;

/**
 * Delayed purge (mimalloc's {@code mi_segment_schedule_purge} / {@code purge_delay}): a page slot
 * that became FREE keeps its committed memory for a while, so that the next page the heap needs
 * reuses it without re-faulting (a loop that fills and empties a few pages, such as 64 blocks of
 * 8 KiB allocated then freed, otherwise pays an madvise and one page fault per OS page per round).
 *
 * <p>Mechanism. {@link HeapPages#freeSlot} resets the page to FREE but leaves its
 * {@code committedEnd} (the bytes stay accounted as committed: the stats remain exact) and
 * schedules it: deadline {@code now + purgeDelayNanos} (in {@code Page.retireTicket}, unused while
 * FREE), appended to the heap's purge queue (FIFO, so roughly in deadline order). {@link Segment#takeFreeSlot} prefers a committed FREE
 * slot; taking one moves its bytes out of {@code cachedBytes}. The queue is lazy: an entry whose
 * page was taken again (not FREE) or already decommitted is dropped when it reaches the head; a
 * page freed again while still queued keeps its old position with a new deadline, which can hold
 * up the entries behind it by at most one delay. {@link #purgeExpired} runs on the slow paths that
 * touch pages (fresh page, freed slot) and decommits from the head while the head's deadline has
 * passed or {@code cachedBytes > CACHE_MAX_BYTES}. Delay 0 decommits in {@code freeSlot} itself
 * (the old eager behaviour).
 *
 * <p>Segments: a segment whose last page slot goes FREE is not unmapped at once; the heap keeps one
 * such empty segment ({@code State.emptySegment}, still in its free-slot list) and unmaps the
 * previous one when a second becomes empty. {@link #purgeAll} ({@code Heap.collect()}, heap close or
 * abandonment) decommits every cached page and unmaps the empty segment.
 *
 * <p>The {@link ReuseGate} is untouched: a page reaches {@code freeSlot} only once its retirement
 * ticket is safe, so caching it, re-initialising it for any size class, decommitting it or
 * unmapping its segment all happen after {@code gate.isSafe(ticket)}.
 *
 * <p>All methods run on the heap's owner thread (or the adopter of a dead owner's heap) and touch
 * owner-plain state only ({@link State} of {@code Heap.purge},
 * {@code Page.retireTicket} (the purge deadline while FREE: no extra field on the page, whose
 * layout the fast paths are sensitive to), {@code Page.committedEnd}, {@code Segment.purgeQueued}).
 */
final class HeapPurge {
    /** Most committed bytes of FREE pages a heap keeps before purging regardless of deadlines. */
    static final long CACHE_MAX_BYTES = SegmentLayout.SEGMENT_SIZE;

    private HeapPurge() {
    }

    /** A heap's purge state; owner-plain (see {@code Heap}'s ownership table). */
    static final class State {
        /** FREE pages still committed, in scheduling order (lazy: stale entries dropped at the head). */
        final ArrayDeque<Page> queue = new ArrayDeque<>();
        final long delayNanos;
        /** Committed bytes of the heap's FREE pages, kept for reuse until purged (H6). */
        long cachedBytes;
        /** The one segment with no used slot the heap keeps mapped, or null (H7). */
        Segment emptySegment;

        State(long delayNanos) {
            this.delayNanos = delayNanos;
        }
    }

    /** freeSlot: the page just became FREE with {@code committedEnd} bytes still committed. */
    static void schedule(Heap heap, Page page) {
        if (page.committedEnd == 0) {
            return;
        }
        if (heap.purge.delayNanos == 0) {
            decommit(heap.space, page);
            return;
        }
        heap.purge.cachedBytes += page.committedEnd;
        page.retireTicket = System.nanoTime() + heap.purge.delayNanos;
        if (!page.segment.isPurgeQueued(page.slot)) {
            heap.purge.queue.addLast(page);
            page.segment.setPurgeQueued(page.slot, true);
        }
    }

    /** newPage: a FREE slot was taken; its committed bytes are in use again. */
    static void taken(Heap heap, Page page) {
        heap.purge.cachedBytes -= page.committedEnd;
        if (page.segment == heap.purge.emptySegment) {
            heap.purge.emptySegment = null;
        }
    }

    /** Decommits scheduled pages whose deadline passed, and more while the cache is over its bound. */
    static void purgeExpired(Heap heap) {
        if (heap.purge.queue.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        Page page;
        while ((page = heap.purge.queue.peekFirst()) != null) {
            if (page.state == Page.FREE && page.committedEnd != 0) {
                if (heap.purge.cachedBytes <= CACHE_MAX_BYTES && page.retireTicket - now > 0) {
                    return;
                }
                heap.purge.cachedBytes -= page.committedEnd;
                decommit(heap.space, page);
            }
            heap.purge.queue.pollFirst();
            page.segment.setPurgeQueued(page.slot, false);
        }
    }

    /** Decommits every cached page and unmaps the cached empty segment. */
    static void purgeAll(Heap heap) {
        Page page;
        while ((page = heap.purge.queue.pollFirst()) != null) {
            page.segment.setPurgeQueued(page.slot, false);
            if (page.state == Page.FREE && page.committedEnd != 0) {
                heap.purge.cachedBytes -= page.committedEnd;
                decommit(heap.space, page);
            }
        }
        Segment empty = heap.purge.emptySegment;
        if (empty != null) {
            heap.purge.emptySegment = null;
            HeapPages.releaseSegment(heap, empty);
        }
    }

    /** freeSlot: the segment's last slot went FREE; keep it, unmapping the previously kept one. */
    static void segmentEmptied(Heap heap, Segment segment) {
        Segment previous = heap.purge.emptySegment;
        heap.purge.emptySegment = segment;
        if (previous != null && previous != segment) {
            releaseCached(heap, previous);
        }
    }

    /** Unmaps an empty segment, un-caching and un-accounting its still committed FREE pages. */
    private static void releaseCached(Heap heap, Segment segment) {
        for (Page page : segment.pages) {
            if (page.committedEnd != 0) {
                heap.purge.cachedBytes -= page.committedEnd;
                heap.space.uncommitForRelease(page.committedEnd);
                page.committedEnd = 0; // a queued entry for it is now stale and dropped at the head
            }
        }
        HeapPages.releaseSegment(heap, segment);
    }

    private static void decommit(SegmentSpace space, Page page) {
        long bytes = page.committedEnd;
        page.committedEnd = 0;
        space.decommit(page.start, bytes);
    }

    /** (H6) cachedBytes == committed bytes of FREE pages; each such page is queued; (H7) empty segments. */
    static void assertInvariants(Heap heap) {
        long cached = 0;
        for (Segment segment : heap.segments) {
            for (Page page : segment.pages) {
                if (page.state == Page.FREE && page.committedEnd != 0) {
                    cached += page.committedEnd;
                    check(segment.isPurgeQueued(page.slot), "(H6) committed FREE page not scheduled for purge: " + page);
                }
            }
            check((segment.usedSlots == 0) == (segment == heap.purge.emptySegment),
                    "(H7) empty segment " + segment + " is not the heap's one cached empty segment " + heap.purge.emptySegment);
        }
        check(cached == heap.purge.cachedBytes, "(H6) cachedBytes " + heap.purge.cachedBytes + " but FREE pages hold " + cached);
        check(heap.purge.emptySegment == null || heap.segments.contains(heap.purge.emptySegment),
                "(H7) cached empty segment not owned by the heap: " + heap.purge.emptySegment);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}
