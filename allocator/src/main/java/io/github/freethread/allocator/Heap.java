package io.github.freethread.allocator;

import org.agrona.UnsafeApi;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A per-thread heap (mimalloc's {@code mi_heap_t}): the only place blocks are allocated from.
 *
 * <p>Fast paths. {@link #malloc} for sizes up to 1 KiB: one load from the direct table
 * ({@code direct[(size + 7) >>> 3]} is the page currently serving that size, or {@link Page#EMPTY}),
 * pop of {@code page.free}, two counter updates; no atomics, no locks, no allocation.
 * {@link #free}: if the address lies in the page of the previous local free and this heap still
 * owns that page ({@code lastLocal}; only this thread changes pages it owns, so the check reads
 * current values), the block-start check (one multiplication) and a push on {@code localFree}
 * ({@link #freeLocal}); otherwise the page from the {@link SegmentMap} (three array loads), the
 * block-start check, then the ownership test: owner -&gt; {@link #freeLocal}; anyone else -&gt;
 * {@link Page#freeForeign} (CAS on {@code threadFree}).
 * Everything else ({@link #mallocGeneric}) is the slow path: delayed frees, page search, page
 * queues, fresh pages, reclaiming abandoned segments, huge blocks, checked mode.
 *
 * <p>In checked mode the direct table stays all {@link Page#EMPTY}, so every allocation takes the
 * slow path, which verifies poison and marks the block live.
 *
 * <pre>
 * Ownership / ordering
 *  field                        writer                    reader                mode
 *  direct[], queues[], full,    owner thread              owner                 plain
 *   lastLocal,
 *   segments, withFreeSlot[],
 *   retired, purge (its fields
 *   queue, cachedBytes,
 *   emptySegment),
 *   mallocCount,                (an adopter after the     stats (racy reads of  plain; counters are
 *   requestedBytes               owner died: isAlive()     the counters, benign: monotone longs,
 *                                gives happens-before)     approximate snapshot) read as approximate
 *  delayedFree                  any foreign thread (CAS   owner (getAndSet)     CAS (release) / getAndSet
 *                               push); owner (take all)                         (acquire): pair
 *  closed                       owner or adopter (CAS)    any                   volatile / CAS
 * </pre>
 * Invariants ({@link #assertInvariants}):
 * <pre>
 *  (H1) direct[w] == queues[bin(w)].first, or EMPTY when that queue is empty or in checked mode
 *  (H2) every page in queues[b] has bin b, state IN_USE, !inFull, heap == this
 *  (H3) every page in full has inFull, state IN_USE, heap == this
 *  (H4) every page of every segment of this heap that is IN_USE is in exactly one queue;
 *       every RETIRED page is in retired
 *  (H6) purge.cachedBytes == sum of committedEnd over FREE pages of this heap's segments, and every such
 *       page with committedEnd != 0 is in purge.queue ({@link HeapPurge})
 *  (H7) a segment of this heap has usedSlots == 0  iff  it is purge.emptySegment
 *  (H5) each page satisfies (P1)..(P6) and each segment (S1)
 * </pre>
 */
public final class Heap implements AutoCloseable {
    private static final VarHandle DELAYED_FREE;
    private static final VarHandle CLOSED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            DELAYED_FREE = lookup.findVarHandle(Heap.class, "delayedFree", long.class);
            CLOSED = lookup.findVarHandle(Heap.class, "closed", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Allocator allocator;
    final SegmentMap map;
    /** The segment map's table, held directly: one load less on every free. */
    final Page[][][] mapTable;
    final SegmentSpace space;
    final boolean checked;
    final ReuseGate gate;
    final Thread owner;
    final long id;

    final Page[] direct;
    final PageQueue[] queues;
    final PageQueue full = new PageQueue(-1);
    final List<Segment> segments = new ArrayList<>();
    final ArrayDeque<Segment>[] withFreeSlot;
    final ArrayDeque<Page> retired = new ArrayDeque<>();
    /** Emptied pages kept committed and the cached empty segment (owner-plain, H6/H7); apart so the hot fields stay put. */
    final HeapPurge.State purge;

    long mallocCount;
    long requestedBytes;
    /** The page of the last local free (owner-only cache; never consulted in checked mode). */
    Page lastLocal = Page.EMPTY;
    volatile long delayedFree;
    volatile int closed;

    Heap(Allocator allocator, long id) {
        this.allocator = allocator;
        this.space = allocator.space;
        this.map = allocator.space.map;
        this.mapTable = map.table();
        this.checked = allocator.checked;
        this.gate = allocator.gate;
        this.owner = Thread.currentThread();
        this.id = id;
        this.direct = new Page[SegmentLayout.DIRECT_SIZE_MAX / 8 + 1];
        Arrays.fill(direct, Page.EMPTY);
        this.queues = new PageQueue[SizeClasses.BIN_COUNT];
        for (int bin = 0; bin < queues.length; bin++) {
            queues[bin] = new PageQueue(bin);
        }
        this.withFreeSlot = newSegmentLists(SegmentLayout.KIND_COUNT);
        this.purge = new HeapPurge.State(allocator.config.purgeDelayNanos());
    }

    /** A heap that only serves as the owner identity and delayed list of a {@link StandalonePage}. */
    private Heap(long id) {
        this.allocator = null;
        this.space = null;
        this.map = null;
        this.mapTable = null;
        this.checked = false;
        this.gate = ReuseGate.ALWAYS;
        this.owner = Thread.currentThread();
        this.id = id;
        this.direct = new Page[0];
        this.queues = new PageQueue[0];
        this.withFreeSlot = newSegmentLists(0);
        this.purge = new HeapPurge.State(0);
    }

    static Heap detached(long id) {
        return new Heap(id);
    }

    @SuppressWarnings("unchecked")
    private static ArrayDeque<Segment>[] newSegmentLists(int kinds) {
        ArrayDeque<Segment>[] lists = new ArrayDeque[kinds];
        for (int kind = 0; kind < kinds; kind++) {
            lists[kind] = new ArrayDeque<>();
        }
        return lists;
    }

    // =================================================================== public API

    /**
     * Allocates {@code size} bytes (8-byte aligned, contents unspecified). Owner thread only.
     * {@code malloc(0)} returns a unique minimal block.
     *
     * @throws IllegalArgumentException        if size is negative or absurdly large
     * @throws FootprintLimitExceededException if the footprint limit would be exceeded
     * @throws IllegalStateException           if the heap is closed or called from another thread
     */
    public long malloc(long size) {
        if (size >= 0 && size <= SegmentLayout.DIRECT_SIZE_MAX) {
            Page page = direct[(int) ((size + 7) >>> 3)];
            long block = page.free;
            if (block != 0) {
                page.free = UnsafeApi.getLong(block);
                page.used++;
                mallocCount++;
                requestedBytes += size;
                return block;
            }
        }
        return mallocGeneric(size, 0);
    }

    /** Like {@link #malloc} but the first {@code size} bytes are zero. */
    public long zalloc(long size) {
        long block = malloc(size);
        UnsafeApi.setMemory(block, size, (byte) 0);
        return block;
    }

    /**
     * Allocates {@code size} bytes at an address that is a multiple of {@code alignment}, a power
     * of two up to 4 MiB. Served from a size class whose blocks are all aligned, so the block is
     * freed with {@link #free} like any other.
     *
     * @throws IllegalArgumentException if alignment is not a power of two or above 4 MiB
     */
    public long mallocAligned(long size, long alignment) {
        if (alignment <= 0 || (alignment & (alignment - 1)) != 0 || alignment > SegmentLayout.ALIGNMENT_MAX) {
            throw new IllegalArgumentException("alignment must be a power of two between 1 and "
                    + SegmentLayout.ALIGNMENT_MAX + ", was " + alignment);
        }
        if (alignment <= 8) {
            return malloc(size);
        }
        return mallocGeneric(size, alignment);
    }

    /**
     * Resizes the block at {@code address} (0 means: allocate). Keeps the block when it is big
     * enough and not more than twice too big; otherwise allocates from this heap, copies
     * {@code min(usableSize, newSize)} bytes and frees the old block.
     *
     * @throws IllegalArgumentException if address is not a live block of this allocator
     */
    public long realloc(long address, long newSize) {
        if (address == 0) {
            return malloc(newSize);
        }
        if (newSize < 0) {
            throw new IllegalArgumentException("negative size " + newSize + " for realloc of " + SegmentLayout.hex(address));
        }
        Page page = pageOfBlock(address);
        if (checked) {
            requireLiveChecked(page, address, "realloc");
        }
        long usable = page.blockSize;
        if (newSize <= usable && newSize >= usable / 2) {
            return address;
        }
        long fresh = malloc(newSize);
        UnsafeApi.copyMemory(address, fresh, Math.min(usable, newSize));
        free(address);
        return fresh;
    }

    /**
     * Frees a block of this allocator, allocated by any heap; may be called from this heap's owner
     * only (another thread frees through its own heap).
     *
     * @throws IllegalArgumentException naming the address if it is not a block of this allocator
     *                                  (foreign, interior, misaligned, in an unused page), or on a
     *                                  double free that the mode detects (see docs/allocator.md)
     */
    public void free(long address) {
        Page page = lastLocal;
        long off = address - page.start;
        // A page this heap owns is only ever changed by this thread, so its fields are current
        // here: a cached page that was released since has capacity 0 and fails the block test.
        if (off >= 0 && off < page.areaSize && page.heap == this && page.blockIndex(address) >= 0) {
            freeLocal(page, address);
            return;
        }
        freeSlow(address);
    }

    private void freeSlow(long address) {
        Page page = pageOfBlock(address);
        if (checked) {
            freeChecked(page, address);
        } else if (page.heap == this) {
            lastLocal = page;
            freeLocal(page, address);
        } else {
            freeForeign(page, address);
        }
    }

    /**
     * Bytes usable at {@code address}: its block size.
     *
     * @throws IllegalArgumentException if address is not a block start of this allocator
     */
    public long usableSize(long address) {
        Page page = pageOfBlock(address);
        if (checked) {
            requireLiveChecked(page, address, "usableSize");
        }
        return page.blockSize;
    }

    /**
     * Owner: folds delayed and other threads' frees into the pages, releases empty pages (through
     * the reuse gate), reclaims abandoned segments, and abandons heaps whose thread died. It also
     * purges at once: every emptied page still kept committed for reuse (see
     * {@link AllocatorConfig#purgeDelayNanos()}) is decommitted and the cached empty segment is
     * unmapped, so the footprint after {@code collect()} is what the live blocks need.
     */
    public void collect() {
        ensureUsable();
        allocator.abandonDeadHeaps();
        HeapPages.collectAll(this);
    }

    /**
     * Owner thread exit: abandons this heap's segments to the allocator, from where other heaps
     * reclaim them. Blocks of this heap stay valid and may be freed by any thread later. The heap
     * cannot allocate afterwards; idempotent.
     */
    @Override
    public void close() {
        if (Thread.currentThread() != owner && owner.isAlive()) {
            throw new IllegalStateException("heap " + id + " is owned by " + owner.getName() + "; only its owner may close it");
        }
        if (tryClose()) {
            Abandonment.abandon(this);
        }
    }

    /** True once {@link #close()} ran (or the allocator abandoned the heap of a dead thread). */
    public boolean isClosed() {
        return closed != 0;
    }

    /** Owner or quiescent: checks (H1)..(H5) and every page and segment invariant. */
    public void assertInvariants() {
        HeapPages.assertInvariants(this);
    }

    @Override
    public String toString() {
        return "Heap " + id + " of " + owner.getName() + (isClosed() ? " (closed)" : "") + ", " + segments.size() + " segments";
    }

    // =================================================================== free paths

    /** Validates {@code address} and returns its page (O(1): three array loads, shift, multiply). */
    Page pageOfBlock(long address) {
        Page page = SegmentMap.pageAt(mapTable, address);
        if (page == null) {
            throw BadAddress.notOurs(address);
        }
        if (page.blockIndex(address) < 0) {
            throw BadAddress.notABlockStart(address, page);
        }
        return page;
    }

    /**
     * Owner path (mimalloc's mi_free_block_local): push on localFree, plain. The rare cases
     * (page becomes empty, page in the full queue, used count would drop below zero = detectable
     * double free) go to the slow path before anything is written, so a rejected free leaves the
     * lists intact.
     */
    void freeLocal(Page page, long block) {
        int used = page.used - 1;
        if (used <= 0 || page.inFull) {
            if (used != 0 || page.inFull || page.next != null || page.prev != null) {
                HeapPages.freeLocalSlow(this, page, block, used);
                return;
            }
            // the only page of its bin became empty: it stays (HeapPages.pageEmptied), just push
        }
        UnsafeApi.putLong(block, page.localFree);
        page.localFree = block;
        page.used = used;
    }

    /** Foreign path: any thread, any page not owned by the caller's heap. */
    void freeForeign(Page page, long block) {
        if (page.segment.isHuge()) {
            allocator.freeHuge(page, block);
        } else {
            page.freeForeign(block);
        }
    }

    private void freeChecked(Page page, long block) {
        if (Thread.currentThread() != owner && closed == 0) {
            throw new IllegalStateException("free of " + SegmentLayout.hex(block) + " through heap " + id + ", which is owned by "
                    + owner.getName() + ", from thread " + Thread.currentThread().getName() + " (checked mode)");
        }
        if (page.segment.isHuge()) {
            allocator.freeHuge(page, block);
            return;
        }
        if (!page.markFreed(page.blockIndex(block))) {
            throw BadAddress.doubleFree(block, page);
        }
        BlockPoison.poison(block, page.blockSize);
        if (page.heap == this) {
            freeLocal(page, block);
        } else {
            page.freeForeign(block);
        }
    }

    private void requireLiveChecked(Page page, long block, String operation) {
        boolean live = page.segment.isHuge() ? page.isHugeLive() : page.isMarkedLive(page.blockIndex(block));
        if (!live) {
            throw new IllegalArgumentException(operation + " of " + SegmentLayout.hex(block) + ": the block is free (checked mode)");
        }
    }

    /** Any foreign thread: hands a block of a full page to this (owner) heap; see Page.freeForeign. */
    void pushDelayed(long block) {
        long head;
        do {
            head = delayedFree; // volatile read
            UnsafeApi.putLong(block, head);
            // release: publishes the block's next pointer; pairs with getAndSet in drainDelayedFree
        } while (!DELAYED_FREE.compareAndSet(this, head, block));
    }

    /** Owner: frees every block other threads handed over through the delayed list. */
    void drainDelayedFree() {
        if ((long) DELAYED_FREE.getOpaque(this) == 0) {
            return;
        }
        long block = takeDelayed();
        while (block != 0) {
            long next = UnsafeApi.getLong(block);
            freeLocal(SegmentMap.pageAt(mapTable, block), block);
            block = next;
        }
    }

    long delayedHead() {
        return delayedFree;
    }

    /** Owner: takes the whole delayed list (acquire: pairs with the release CAS in pushDelayed). */
    long takeDelayed() {
        return (long) DELAYED_FREE.getAndSet(this, 0L);
    }

    // =================================================================== slow path

    /** Everything the fast path does not do; {@code alignment} 0 means 8. */
    long mallocGeneric(long size, long alignment) {
        ensureUsable();
        if (size < 0) {
            throw new IllegalArgumentException("negative allocation size " + size);
        }
        drainDelayedFree();
        HeapPages.releaseSafeRetired(this);
        int bin = binFor(size, alignment);
        long block;
        if (bin < 0) {
            try {
                block = allocator.mallocHuge(this, size);
            } catch (FootprintLimitExceededException e) {
                purgeOrRethrow(e);
                block = allocator.mallocHuge(this, size);
            }
        } else {
            Page page;
            try {
                page = HeapPages.findPage(this, bin);
            } catch (FootprintLimitExceededException e) {
                page = findPageAfterPurge(bin, e);
            }
            block = page.free;
            long next = UnsafeApi.getLong(block);
            if (checked) {
                CheckedBlocks.onHandOut(page, block, next);
            }
            page.free = next;
            page.used++;
        }
        mallocCount++;
        requestedBytes += size;
        return block;
    }

    /** Memory kept for reuse must not push the footprint over the limit: purge it, then retry once. */
    private Page findPageAfterPurge(int bin, FootprintLimitExceededException e) {
        purgeOrRethrow(e);
        return HeapPages.findPage(this, bin);
    }

    private void purgeOrRethrow(FootprintLimitExceededException e) {
        if (purge.cachedBytes == 0 && purge.emptySegment == null) {
            throw e;
        }
        HeapPurge.purgeAll(this);
    }

    /** Bin of a request, or -1 for a huge block. */
    static int binFor(long size, long alignment) {
        if (alignment <= 8) {
            return size > SegmentLayout.LARGE_BLOCK_MAX ? -1 : SizeClasses.binOf(size);
        }
        long wanted = Math.max(size, alignment);
        if (wanted > SegmentLayout.LARGE_BLOCK_MAX) {
            return -1;
        }
        for (int bin = SizeClasses.binOf(wanted); bin <= SizeClasses.BIN_MAX; bin++) {
            if (SizeClasses.blockSize(bin) % alignment == 0) {
                return bin;
            }
        }
        return -1;
    }

    void ensureUsable() {
        if (closed != 0) {
            throw new IllegalStateException("heap " + id + " is closed (its thread exited or close() was called)");
        }
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("heap " + id + " is owned by thread " + owner.getName()
                    + "; it was used from " + Thread.currentThread().getName());
        }
        if (allocator.isClosed()) {
            throw new IllegalStateException("the allocator is closed");
        }
    }

    /** Owner or adopter: wins the right to abandon this heap exactly once. */
    boolean tryClose() {
        return CLOSED.compareAndSet(this, 0, 1);
    }
}
