package io.github.freethread.allocator;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A mimalloc-style off-heap allocator: segments from the OS, pages of one size class each, a heap
 * per thread with sharded free lists. See {@code docs/allocator.md} for the design as built.
 *
 * <p>Hot code holds a {@link Heap} and calls it directly; the methods here are conveniences that
 * find the calling thread's heap through a {@code ThreadLocal} ({@link #heap()}).
 *
 * <pre>
 * Ownership / ordering
 *  field                    writer                          reader              mode
 *  config, checked, gate,   constructor                     any                 final
 *   space, current
 *  heaps                    newHeap (any thread), abandon   abandonDeadHeaps,   CopyOnWriteArrayList
 *                                                           stats, walk, close
 *  abandoned                Abandonment.abandon (offer),    reclaimers (poll)   ConcurrentLinkedQueue:
 *                                                                               offer happens-before poll
 *  retiredHuge              freeHuge (any thread) with a    any slow path       ConcurrentLinkedQueue
 *                           gate other than ALWAYS
 *  closedMallocs,           Abandonment (onHeapAbandoned)   stats               atomic
 *   closedRequested
 *  closed                   close (CAS)                     any                 volatile / CAS
 * </pre>
 */
public final class Allocator implements AutoCloseable {
    private static final VarHandle CLOSED;

    static {
        SegmentLayout.checkGeometry();
        try {
            CLOSED = MethodHandles.lookup().findVarHandle(Allocator.class, "closed", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final AllocatorConfig config;
    final boolean checked;
    final ReuseGate gate;
    final SegmentSpace space;
    final ConcurrentLinkedQueue<Segment> abandoned = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Page> retiredHuge = new ConcurrentLinkedQueue<>();
    final CopyOnWriteArrayList<Heap> heaps = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Heap> current = new ThreadLocal<>();
    private final AtomicLong heapIds = new AtomicLong();
    private final AtomicLong closedMallocs = new AtomicLong();
    private final AtomicLong closedRequested = new AtomicLong();
    private volatile int closed;
    private volatile LeakReport leaksAtClose;

    private Allocator(AllocatorConfig config, OsMemory os) {
        this.config = config;
        this.checked = config.checked();
        this.gate = config.reuseGate();
        this.space = new SegmentSpace(os, config.maxFootprintBytes());
    }

    /** A new allocator with its own segments; memory is mapped on first use. */
    public static Allocator create(AllocatorConfig config) {
        return new Allocator(config, OsMemory.platformDefault());
    }

    /**
     * Starts binding the platform's OS memory layer (mmap / munmap downcalls) on a background
     * daemon thread and returns at once, so that the first {@link #create} does not pay for it on
     * the critical path. Optional: without it the first {@code create} binds on its own thread.
     * Calling it more than once, or after a {@code create}, does nothing visible. If the binding
     * fails, every later {@code create} throws an {@link IllegalStateException} with the cause.
     */
    public static void bindOsMemoryInBackground() {
        OsMemoryBinding.PLATFORM.startInBackground();
    }

    /**
     * Binds the platform's OS memory layer now, on the calling thread (or waits for the thread
     * that is binding it): for a front end that runs its own start-up thread.
     *
     * @throws IllegalStateException if the binding failed (its throwable is the cause); every
     *         later {@link #create} reports the same failure
     */
    public static void bindOsMemory() {
        OsMemoryBinding.PLATFORM.get();
    }

    /** A new allocator on a given OS layer (tests use it to run on the portable fallback). */
    static Allocator create(AllocatorConfig config, OsMemory os) {
        return new Allocator(config, os);
    }

    /** The configuration this allocator was created with. */
    public AllocatorConfig config() {
        return config;
    }

    /** The calling thread's heap for this allocator, created on first use (or after it was closed). */
    public Heap heap() {
        Heap heap = current.get();
        if (heap == null || heap.closed != 0) {
            heap = newHeap();
            current.set(heap);
        }
        return heap;
    }

    /** A new heap owned by the calling thread; close it when the thread is done with it. */
    public Heap newHeap() {
        ensureOpen();
        Heap heap = new Heap(this, heapIds.incrementAndGet());
        heaps.add(heap);
        return heap;
    }

    /** {@code heap().malloc(size)}. */
    public long malloc(long size) {
        return heap().malloc(size);
    }

    /** {@code heap().zalloc(size)}. */
    public long zalloc(long size) {
        return heap().zalloc(size);
    }

    /** {@code heap().mallocAligned(size, alignment)}. */
    public long mallocAligned(long size, long alignment) {
        return heap().mallocAligned(size, alignment);
    }

    /** {@code heap().realloc(address, newSize)}. */
    public long realloc(long address, long newSize) {
        return heap().realloc(address, newSize);
    }

    /** Frees a block from any thread ({@code heap().free(address)}). */
    public void free(long address) {
        heap().free(address);
    }

    /** {@code heap().usableSize(address)}. */
    public long usableSize(long address) {
        return heap().usableSize(address);
    }

    /**
     * Whether {@code address} is a block of this allocator that is currently allocated. Exact in
     * checked mode (live bits). In fast mode exact only when no thread allocates or frees
     * concurrently (it searches the page's free lists and the heaps' delayed lists).
     */
    public boolean isLiveBlock(long address) {
        return HeapWalk.isLive(this, address);
    }

    /** A snapshot of the statistics; exact when quiescent, approximate while threads run. */
    public AllocatorStats stats() {
        return StatsCollector.collect(this);
    }

    /** Visits every live block. Quiescent use only (no concurrent malloc/free). */
    public void walk(BlockVisitor visitor) {
        HeapWalk.walk(this, visitor);
    }

    /** The live blocks now, grouped by size class. Quiescent use only. */
    public LeakReport leaks() {
        return LeakReport.of(this);
    }

    /** The leak report computed by {@link #close()} in checked mode, or null. */
    public LeakReport leaksAtClose() {
        return leaksAtClose;
    }

    /** Which OS layer backs this allocator ({@code linux-mmap} or {@code portable-arena}). */
    public String osLayer() {
        return space.os.name();
    }

    /**
     * Releases all memory. Every thread must be done with the allocator (joined, or otherwise
     * ordered before this call); blocks become invalid. In checked mode live blocks are reported
     * as leaks (logged at WARNING and kept in {@link #leaksAtClose()}). Idempotent.
     */
    @Override
    public void close() {
        if (!CLOSED.compareAndSet(this, 0, 1)) {
            return;
        }
        if (checked) {
            LeakReport report = LeakReport.of(this);
            leaksAtClose = report;
            if (!report.isEmpty()) {
                // the logger is looked up only here: creating it at class load costs start-up time
                System.getLogger(Allocator.class.getName())
                        .log(System.Logger.Level.WARNING, "allocator closed with leaks: {0}", report);
            }
        }
        for (Heap heap : heaps) {
            heap.closed = 1;
            Arrays.fill(heap.direct, Page.EMPTY);
        }
        heaps.clear();
        abandoned.clear();
        retiredHuge.clear();
        space.releaseAll();
    }

    /** True once {@link #close()} has run. */
    public boolean isClosed() {
        return closed != 0;
    }

    // =================================================================== internals

    private void ensureOpen() {
        if (closed != 0) {
            throw new IllegalStateException("the allocator is closed");
        }
    }

    long mallocHuge(Heap heap, long size) {
        if (size > SegmentLayout.HUGE_SIZE_MAX) {
            throw new IllegalArgumentException("allocation of " + size + " bytes is larger than the maximum block size "
                    + SegmentLayout.HUGE_SIZE_MAX);
        }
        long blockSize = SegmentLayout.roundUp(Math.max(size, SegmentLayout.LARGE_BLOCK_MAX + 1), SegmentLayout.OS_PAGE_SIZE);
        Segment segment = space.newHugeSegment(blockSize);
        segment.heap = heap;
        Page page = segment.pages[0];
        segment.usedSlots = 1;
        page.init(SizeClasses.HUGE_BIN, blockSize, null, false);
        page.capacity = 1;
        page.used = 1;
        page.committedEnd = blockSize;
        page.markHugeLive(); // volatile: publishes the page to a freeing thread that found the segment
        return segment.base;
    }

    /** Any thread: frees a huge block exactly once, then unmaps it (now or when the gate allows). */
    void freeHuge(Page page, long block) {
        if (!page.claimHugeFree()) {
            throw BadAddress.doubleFree(block, page);
        }
        if (gate == ReuseGate.ALWAYS) {
            space.release(page.segment);
        } else {
            page.retireTicket = gate.retireTicket();
            retiredHuge.offer(page); // publishes retireTicket to the releasing thread
        }
    }

    void releaseSafeRetiredHuge() {
        Page page;
        while ((page = retiredHuge.peek()) != null && gate.isSafe(page.retireTicket)) {
            if (retiredHuge.remove(page)) {
                space.release(page.segment);
            }
        }
    }

    /** Abandons the heaps of threads that terminated without closing them. */
    void abandonDeadHeaps() {
        for (Heap heap : heaps) {
            if (heap.closed == 0 && !heap.owner.isAlive() && heap.tryClose()) {
                Abandonment.abandon(heap);
            }
        }
    }

    void onHeapAbandoned(Heap heap) {
        closedMallocs.addAndGet(heap.mallocCount);
        closedRequested.addAndGet(heap.requestedBytes);
        heaps.remove(heap);
    }

    long closedMallocs() {
        return closedMallocs.get();
    }

    long closedRequested() {
        return closedRequested.get();
    }
}
