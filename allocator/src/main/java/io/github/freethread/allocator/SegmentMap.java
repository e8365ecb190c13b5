package io.github.freethread.allocator;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Address -&gt; page slot ({@link Page}, and so its {@link Segment}) in O(1) without hashing: a two-level radix table keyed by
 * {@code address >>> SEGMENT_SHIFT} (one entry per 4 MiB of address space). The top level has
 * 2^12 slots of lazily created leaves of 2^14 entries, covering 2^48 bytes of user address space;
 * an address above that is foreign. Every 4 MiB chunk of a huge segment points at that segment.
 *
 * <p>This is the Java counterpart of mimalloc's segment map ({@code mi_segment_map}): it is what
 * lets {@code free} reject a foreign address without reading memory that may not be mapped.
 *
 * <pre>
 * Ownership / ordering
 *  field          writer                         reader              mode
 *  leaves[i]      register (any thread, CAS)     lookup (any thread)  CAS / plain or getAcquire
 *  leaf[j]        register / unregister (any     lookup (any thread)  setRelease / getAcquire
 *                 thread that maps or unmaps
 *                 the segment; one writer per
 *                 entry at a time since address
 *                 ranges are exclusive)                               setRelease / plain or getAcquire
 * </pre>
 * release in register pairs with getAcquire in lookupAcquire; lookup (the free path) reads plain,
 * relying on the block hand-off (see there).
 */
final class SegmentMap {
    private static final int LEAF_BITS = 14;
    private static final int LEAF_SIZE = 1 << LEAF_BITS;
    private static final int TOP_SIZE = 1 << (48 - SegmentLayout.SEGMENT_SHIFT - LEAF_BITS);
    private static final VarHandle TOP = MethodHandles.arrayElementVarHandle(Page[][][].class);
    private static final VarHandle LEAF = MethodHandles.arrayElementVarHandle(Page[][].class);

    /** leaves[top][index] is the page array of the segment covering that 4 MiB chunk, or null. */
    private final Page[][][] leaves = new Page[TOP_SIZE][][];

    /** The table itself, for the free fast path ({@link #pageAt}). */
    Page[][][] table() {
        return leaves;
    }

    /**
     * The page slot containing {@code address}, or null if no segment of ours does. Entries hold
     * the segment's page array, so the slot is {@code pages[(address & SEGMENT_MASK) * pages.length
     * >>> SEGMENT_SHIFT]} (64, 8 or 1 slots); for a later chunk of a huge segment this yields the
     * huge page, whose block-start check then rejects the address.
     *
     * <p>Plain loads: the caller of a valid free or query holds a block that was handed out after
     * its segment was registered, and that hand-off orders the registration before this read; for
     * an invalid address a stale null or stale entry only changes which IllegalArgumentException
     * is thrown (Page and Segment identity fields are final, so even a racy read sees them built).
     * {@link #lookupAcquire} is for callers without such an edge.
     */
    static Page pageAt(Page[][][] table, long address) {
        long key = address >>> SegmentLayout.SEGMENT_SHIFT;
        long top = key >>> LEAF_BITS;
        if (top >= TOP_SIZE) {
            return null;
        }
        Page[][] leaf = table[(int) top];
        if (leaf == null) {
            return null;
        }
        Page[] pages = leaf[(int) (key & (LEAF_SIZE - 1))];
        if (pages == null) {
            return null;
        }
        return pages[(int) (((address & SegmentLayout.SEGMENT_MASK) * pages.length) >>> SegmentLayout.SEGMENT_SHIFT)];
    }

    /** The segment containing {@code address}, or null (plain loads, see {@link #pageAt}). */
    Segment lookup(long address) {
        Page page = pageAt(leaves, address);
        return page == null ? null : page.segment;
    }

    /** Like {@link #lookup} with acquire loads: pairs with the CAS / setRelease in register. */
    Segment lookupAcquire(long address) {
        long key = address >>> SegmentLayout.SEGMENT_SHIFT;
        long top = key >>> LEAF_BITS;
        if (top >= TOP_SIZE) {
            return null;
        }
        Page[][] leaf = (Page[][]) TOP.getAcquire(leaves, (int) top); // pairs with CAS in leafFor
        if (leaf == null) {
            return null;
        }
        Page[] pages = (Page[]) LEAF.getAcquire(leaf, (int) (key & (LEAF_SIZE - 1))); // pairs with setRelease in set
        return pages == null ? null : pages[0].segment;
    }

    void register(Segment segment) {
        set(segment, segment.pages);
    }

    void unregister(Segment segment) {
        set(segment, null);
    }

    private void set(Segment segment, Page[] value) {
        long first = segment.base >>> SegmentLayout.SEGMENT_SHIFT;
        long chunks = (segment.size + SegmentLayout.SEGMENT_MASK) >>> SegmentLayout.SEGMENT_SHIFT;
        for (long key = first; key < first + chunks; key++) {
            Page[][] leaf = leafFor(key);
            // release: pairs with getAcquire in lookupAcquire
            LEAF.setRelease(leaf, (int) (key & (LEAF_SIZE - 1)), value);
        }
    }

    private Page[][] leafFor(long key) {
        long top = key >>> LEAF_BITS;
        if (top >= TOP_SIZE) {
            throw new IllegalStateException("segment address beyond the 48-bit map: " + SegmentLayout.hex(key << SegmentLayout.SEGMENT_SHIFT));
        }
        Page[][] leaf = (Page[][]) TOP.getAcquire(leaves, (int) top);
        if (leaf == null) {
            Page[][] fresh = new Page[LEAF_SIZE][];
            // CAS (volatile): pairs with getAcquire in lookupAcquire / leafFor
            Page[][] witness = (Page[][]) TOP.compareAndExchange(leaves, (int) top, (Page[][]) null, fresh);
            leaf = witness == null ? fresh : witness;
        }
        return leaf;
    }
}
