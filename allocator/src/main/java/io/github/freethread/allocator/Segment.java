package io.github.freethread.allocator;

/**
 * Metadata of one segment: its address range, kind and page slots. Lives on the Java heap and is
 * found from any block address through {@link SegmentMap}; pages are found by
 * {@code pages[(address - base) >>> pageShift]}.
 *
 * <pre>
 * Ownership
 *  field            writer                                   reader                 mode
 *  base,size,kind,  constructor                              any thread             final
 *   pageShift,pages
 *  heap             owner heap; abandon (owner or adopter of  owner, stats          plain (hand-over through
 *                   a dead owner) sets null; reclaimer sets                          the abandoned queue, a
 *                   itself after polling the segment                                 happens-before edge)
 *  usedSlots        owner heap                                owner, stats (racy)    plain
 *  inFreeSlotList   owner heap                                owner                  plain
 *  purgeQueued      owner heap (HeapPurge)                    owner                  plain
 * </pre>
 * Invariant (S1): usedSlots == number of pages whose state is not {@code Page.FREE}.
 */
final class Segment {
    final long base;
    final long size;
    final int kind;
    final int pageShift;
    final Page[] pages;

    Heap heap;
    int usedSlots;
    boolean inFreeSlotList;
    /**
     * Bit {@code slot}: that page is in its heap's purge queue (at most 64 slots per segment). Kept
     * here rather than as a field of {@link Page}, whose layout the fast paths are sensitive to.
     */
    long purgeQueued;

    Segment(long base, long size, int kind) {
        this.base = base;
        this.size = size;
        this.kind = kind;
        this.pageShift = SegmentLayout.pageShift(kind);
        int slots = SegmentLayout.slotCount(kind);
        this.pages = new Page[slots];
        long slotSize = kind == SegmentLayout.KIND_HUGE ? size : 1L << pageShift;
        for (int i = 0; i < slots; i++) {
            pages[i] = new Page(this, i, base + i * slotSize, slotSize);
        }
    }

    boolean isPurgeQueued(int slot) {
        return (purgeQueued & (1L << slot)) != 0;
    }

    void setPurgeQueued(int slot, boolean queued) {
        purgeQueued = queued ? purgeQueued | (1L << slot) : purgeQueued & ~(1L << slot);
    }

    boolean isHuge() {
        return kind == SegmentLayout.KIND_HUGE;
    }

    boolean hasFreeSlot() {
        return usedSlots < pages.length;
    }

    /**
     * Owner: a free slot of this segment, marked in use by the caller's {@code Page.init}; one whose
     * memory is still committed (awaiting purge) if there is one, so reuse does not re-fault.
     */
    Page takeFreeSlot() {
        Page first = null;
        for (Page page : pages) {
            if (page.state == Page.FREE) {
                if (page.committedEnd != 0) {
                    usedSlots++;
                    return page;
                }
                if (first == null) {
                    first = page;
                }
            }
        }
        if (first != null) {
            usedSlots++;
            return first;
        }
        throw new IllegalStateException("segment " + SegmentLayout.hex(base) + " has no free page slot");
    }

    /** Checks (S1). Owner or quiescent. */
    void assertInvariants() {
        int used = 0;
        for (Page page : pages) {
            if (page.state != Page.FREE) {
                used++;
            }
        }
        if (used != usedSlots) {
            throw new AssertionError("(S1) segment " + SegmentLayout.hex(base) + ": usedSlots=" + usedSlots
                    + " but " + used + " pages are not FREE");
        }
    }

    @Override
    public String toString() {
        return SegmentLayout.kindName(kind) + " segment " + SegmentLayout.hex(base) + " (" + usedSlots + "/" + pages.length + " pages)";
    }
}
