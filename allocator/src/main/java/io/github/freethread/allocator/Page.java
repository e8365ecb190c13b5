package io.github.freethread.allocator;

import org.agrona.UnsafeApi;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.BitSet;

/**
 * One page: a run of equal-sized blocks with mimalloc's sharded free lists.
 *
 * <p>The three lists ({@code mi_page_t}'s {@code free}, {@code local_free}, {@code xthread_free}):
 * <ul>
 *   <li>{@code free}: the owner allocates by popping it (plain loads and stores);</li>
 *   <li>{@code localFree}: the owner frees by pushing onto it (plain);</li>
 *   <li>{@code threadFree}: other threads push with CAS; the owner takes the whole list with one
 *       atomic read-modify-write ({@link #collectThreadFree}) that keeps the delayed-free state
 *       bits ({@link ThreadFreeWord}).</li>
 * </ul>
 * The next pointer of a free block is its first 8 bytes. When {@code free} runs dry the owner
 * folds {@code localFree} (and the collected thread frees) into it, or links more untouched
 * blocks ({@link #extend}), as mimalloc's {@code mi_page_extend_free} does.
 *
 * <pre>
 * Ownership / ordering
 *  field                 writer                        reader                     mode
 *  segment,slot,start,   constructor                   any                        final
 *   areaSize
 *  free, localFree,      owner heap                    owner; walk/stats when     plain
 *   capacity, inFull,                                  quiescent (racy otherwise,
 *   prev, next, bin,                                   documented as approximate)
 *   retireTicket, committedEnd
 *  used                  owner heap                    owner; stats (racy)        plain
 *  blockSize, magic,     owner in init/resetToFree     any freeing thread: the    plain (published to a
 *   reserved, state                                    block's hand-off to that   freeing thread by the
 *                                                      thread orders them)        hand-off of the block)
 *  heap                  owner (init, abandon),        owner check in free        plain for the owner check:
 *                        reclaimer                     (any thread); delayed      a thread only ever sees
 *                                                      free path                  itself there if it wrote
 *                                                                                 itself; setRelease /
 *                                                                                 getAcquire in the delayed path
 *  threadFree            any thread (CAS push);        owner (getAndBitwiseAnd)    volatile CAS / getAndBitwiseAnd
 *                        owner (state changes)
 *  hugeLive              allocating heap (set 1);      any                        volatile / CAS (exactly-once
 *                        any freeing thread (CAS 1-&gt;0)                              free of a huge block)
 *  liveBits[] (checked)  allocating owner (OR);        any                        getAndBitwiseOr / And
 *                        any freeing thread (AND)
 * </pre>
 *
 * Invariants (owner or quiescent; checked by {@link #assertInvariants}):
 * <pre>
 *  (P1) used + |free| + |localFree| == capacity      (blocks in threadFree and in a heap's delayed
 *                                                     list still count as used until collected)
 *  (P2) |threadFree| + |delayed blocks of this page| &lt;= used
 *  (P3) capacity &lt;= reserved  and  reserved * blockSize &lt;= areaSize
 *  (P4) every listed block is start + i * blockSize with i &lt; capacity, on exactly one list
 *  (P5) state == FREE  &lt;=&gt;  blockSize == 0;  state == FREE  =&gt;  used == 0 and all lists empty
 *  (P6) inFull  =&gt;  state == IN_USE and delayed-free state is USE_DELAYED, DELAYED_FREEING or NO_DELAYED
 * </pre>
 */
final class Page {
    static final int FREE = 0;
    static final int IN_USE = 1;
    static final int RETIRED = 2;

    /** The sentinel in empty direct-table slots: {@code free == 0}, never written. */
    static final Page EMPTY = new Page(null, -1, 0, 0);

    private static final VarHandle THREAD_FREE;
    private static final VarHandle HEAP;
    private static final VarHandle HUGE_LIVE;
    private static final VarHandle LIVE_BITS = MethodHandles.arrayElementVarHandle(long[].class);

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            THREAD_FREE = lookup.findVarHandle(Page.class, "threadFree", long.class);
            HEAP = lookup.findVarHandle(Page.class, "heap", Heap.class);
            HUGE_LIVE = lookup.findVarHandle(Page.class, "hugeLive", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Segment segment;
    final int slot;
    final long start;
    final long areaSize;

    long free;
    long localFree;
    int used;
    int capacity;
    int reserved;
    long blockSize;
    long magic;
    int bin;
    int state;
    boolean inFull;
    /** RETIRED: the reuse-gate ticket; FREE with committed memory: the purge deadline (HeapPurge). */
    long retireTicket;
    long committedEnd;
    Page prev;
    Page next;
    Heap heap;
    volatile long threadFree;
    volatile int hugeLive;
    long[] liveBits;

    Page(Segment segment, int slot, long start, long areaSize) {
        this.segment = segment;
        this.slot = slot;
        this.start = start;
        this.areaSize = areaSize;
    }

    // ------------------------------------------------------------------ owner: life cycle

    /** Owner: turns a FREE slot into an IN_USE page of {@code bin} owned by {@code owner}. */
    void init(int bin, long blockSize, Heap owner, boolean checked) {
        this.bin = bin;
        this.blockSize = blockSize;
        this.magic = SizeClasses.divisionMagic(blockSize);
        this.reserved = (int) Math.min(Integer.MAX_VALUE, areaSize / blockSize);
        this.capacity = 0;
        this.used = 0;
        this.free = 0;
        this.localFree = 0;
        this.inFull = false;
        // committedEnd stays: a slot taken before its purge keeps its committed prefix (HeapPurge)
        this.state = IN_USE;
        this.liveBits = checked ? new long[(reserved + 63) >>> 6] : null;
        this.threadFree = ThreadFreeWord.NO_DELAYED; // volatile: the slot was FREE, nobody frees into it
        HEAP.setRelease(this, owner); // release: pairs with getAcquire in freeForeign
    }

    /**
     * Owner: links up to EXTEND_BYTES of untouched blocks onto {@code free} (which is empty) and
     * accounts the newly touched OS pages as committed.
     *
     * @return false if the page has no untouched blocks left
     * @throws FootprintLimitExceededException if committing would exceed the limit (page unchanged)
     */
    boolean extend(SegmentSpace space, boolean checked) {
        int left = reserved - capacity;
        if (left == 0) {
            return false;
        }
        int n = (int) Math.max(1, Math.min(left, SegmentLayout.EXTEND_BYTES / blockSize));
        long end = Math.min(areaSize, SegmentLayout.roundUp((capacity + (long) n) * blockSize, SegmentLayout.OS_PAGE_SIZE));
        if (end > committedEnd) {
            space.commit(end - committedEnd);
            committedEnd = end;
        }
        long first = start + capacity * blockSize;
        long block = first;
        for (int i = 1; i < n; i++) {
            long nextBlock = block + blockSize;
            UnsafeApi.putLong(block, nextBlock);
            if (checked) {
                BlockPoison.poison(block, blockSize);
            }
            block = nextBlock;
        }
        UnsafeApi.putLong(block, free);
        if (checked) {
            BlockPoison.poison(block, blockSize);
        }
        free = first;
        capacity += n;
        return true;
    }

    /**
     * Owner: makes the page a FREE slot again. Waits out a foreign thread that is still finishing
     * a delayed free on it (its last act is the state reset CAS, see {@link #freeForeign}).
     */
    void resetToFree() {
        awaitNoDelayedFreeing();
        threadFree = ThreadFreeWord.NO_DELAYED;
        HEAP.setRelease(this, (Heap) null);
        free = 0;
        localFree = 0;
        used = 0;
        capacity = 0;
        reserved = 0;
        blockSize = 0;
        magic = 0;
        inFull = false;
        liveBits = null;
        prev = null;
        next = null;
        state = FREE;
    }

    // ------------------------------------------------------------------ owner: collecting

    /** Owner: folds other threads' frees into localFree, and localFree into free if free is empty. */
    void collect() {
        if (ThreadFreeWord.head((long) THREAD_FREE.getOpaque(this)) != 0) {
            collectThreadFree();
        }
        if (free == 0 && localFree != 0) {
            free = localFree;
            localFree = 0;
        }
    }

    /**
     * Owner: takes the whole threadFree list with one atomic and-not (the state bits stay) and
     * prepends it to localFree.
     */
    void collectThreadFree() {
        // acquire: pairs with the release CAS in freeForeign, so the next pointers are visible
        long word = (long) THREAD_FREE.getAndBitwiseAnd(this, ThreadFreeWord.STATE_MASK);
        long head = ThreadFreeWord.head(word);
        if (head == 0) {
            return;
        }
        int count = 1;
        long tail = head;
        long nextBlock;
        while ((nextBlock = UnsafeApi.getLong(tail)) != 0) {
            tail = nextBlock;
            if (++count > capacity) {
                throw new HeapCorruptionException("thread-free list of page " + this + " is longer than the page's capacity "
                        + capacity + " (a cycle, or a write after free near " + SegmentLayout.hex(tail) + ")");
            }
        }
        UnsafeApi.putLong(tail, localFree);
        localFree = head;
        used -= count;
    }

    // ------------------------------------------------------------------ delayed-free state

    /**
     * Owner: sets the delayed-free state to {@code want} (mimalloc's {@code _mi_page_use_delayed_free}).
     * A NEVER_DELAYED state is kept unless {@code overrideNever}. Waits (spin, then yield) while a
     * foreign thread is in DELAYED_FREEING: that thread is between its two CASes in
     * {@link #freeForeign} and finishes without blocking on anything.
     */
    void useDelayedFree(long want, boolean overrideNever) {
        for (int spins = 0; ; spins++) {
            long word = threadFree; // volatile read
            long state = ThreadFreeWord.state(word);
            if (state == ThreadFreeWord.DELAYED_FREEING) {
                backOff(spins);
                continue;
            }
            if (state == want || (state == ThreadFreeWord.NEVER_DELAYED && !overrideNever)) {
                return;
            }
            // CAS (volatile): pairs with the CAS loops in freeForeign
            if (THREAD_FREE.compareAndSet(this, word, ThreadFreeWord.pack(ThreadFreeWord.head(word), want))) {
                return;
            }
        }
    }

    /** Owner, abandon or reclaim: publishes the page's owner heap (release: pairs with getAcquire in freeForeign). */
    void setHeap(Heap owner) {
        HEAP.setRelease(this, owner);
    }

    private void awaitNoDelayedFreeing() {
        for (int spins = 0; ThreadFreeWord.state(threadFree) == ThreadFreeWord.DELAYED_FREEING; spins++) {
            backOff(spins);
        }
    }

    /** Waiting for a foreign thread to finish its delayed free: spin briefly, then yield (it may be descheduled). */
    private static void backOff(int spins) {
        if (spins < 64) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }

    long delayedState() {
        return ThreadFreeWord.state(threadFree);
    }

    // ------------------------------------------------------------------ foreign path

    /**
     * Any thread that does not own the page: frees {@code block} (mimalloc's {@code _mi_free_block_mt}).
     * Normally one CAS pushes it onto threadFree. If the page sits in its owner's full queue
     * (USE_DELAYED) the block instead goes to the owner heap's delayed list so the owner notices
     * the page has space again; the DELAYED_FREEING state brackets that push so the owner cannot
     * abandon the heap or recycle the page in between.
     */
    void freeForeign(long block) {
        long word;
        long next;
        boolean delayed;
        do {
            word = threadFree; // volatile read
            delayed = ThreadFreeWord.state(word) == ThreadFreeWord.USE_DELAYED;
            if (delayed) {
                next = ThreadFreeWord.pack(ThreadFreeWord.head(word), ThreadFreeWord.DELAYED_FREEING);
            } else {
                UnsafeApi.putLong(block, ThreadFreeWord.head(word));
                next = ThreadFreeWord.pack(block, ThreadFreeWord.state(word));
            }
            // release (volatile CAS): publishes the block's next pointer; pairs with the acquire
            // getAndBitwiseAnd in collectThreadFree
        } while (!THREAD_FREE.compareAndSet(this, word, next));
        if (!delayed) {
            return;
        }
        // acquire: pairs with setRelease in init / Abandonment.reclaim; the owner set the heap
        // before it set USE_DELAYED, and cannot change it while we hold DELAYED_FREEING
        Heap owner = (Heap) HEAP.getAcquire(this);
        if (owner != null) {
            owner.pushDelayed(block);
        }
        boolean pushed = owner != null;
        do {
            word = threadFree;
            if (!pushed) {
                // Defensive: no owner (cannot happen by the protocol above) -> keep the block on
                // threadFree so that it is never lost.
                UnsafeApi.putLong(block, ThreadFreeWord.head(word));
                next = ThreadFreeWord.pack(block, ThreadFreeWord.NO_DELAYED);
            } else {
                next = ThreadFreeWord.pack(ThreadFreeWord.head(word), ThreadFreeWord.NO_DELAYED);
            }
            // release: ends DELAYED_FREEING; pairs with the volatile reads in useDelayedFree /
            // awaitNoDelayedFreeing, which wait for it
        } while (!THREAD_FREE.compareAndSet(this, word, next));
    }

    // ------------------------------------------------------------------ huge pages

    void markHugeLive() {
        hugeLive = 1; // volatile
    }

    /** Any thread: claims the one free of a huge block; false if it was already freed. */
    boolean claimHugeFree() {
        return HUGE_LIVE.compareAndSet(this, 1, 0);
    }

    boolean isHugeLive() {
        return hugeLive == 1;
    }

    // ------------------------------------------------------------------ checked mode: live bits

    /** Allocating owner: marks block {@code index} live; false if it already was (corruption). */
    boolean markLive(int index) {
        long bit = 1L << index;
        long old = (long) LIVE_BITS.getAndBitwiseOr(liveBits, index >>> 6, bit);
        return (old & bit) == 0;
    }

    /** Any freeing thread: marks block {@code index} free; false if it was not live (double free). */
    boolean markFreed(int index) {
        long bit = 1L << index;
        long old = (long) LIVE_BITS.getAndBitwiseAnd(liveBits, index >>> 6, ~bit);
        return (old & bit) != 0;
    }

    boolean isMarkedLive(int index) {
        long[] bits = liveBits;
        return bits != null && ((long) LIVE_BITS.getVolatile(bits, index >>> 6) & (1L << index)) != 0;
    }

    // ------------------------------------------------------------------ addresses

    /**
     * Index of the block that starts at {@code address}, or -1 if {@code address} is not the start
     * of a handed-out-able block of this page; {@code address} must not lie below {@code start}
     * (true when the page was found from the address). Exact without division: with
     * {@code magic = ceil(2^32 / blockSize)} and {@code off < 2^32}, {@code (off * magic) >>> 32}
     * equals {@code off / blockSize} whenever off is a multiple of blockSize.
     */
    int blockIndex(long address) {
        long off = address - start; // >= 0: the page was found from the address
        long q = (off * magic) >>> 32;
        // A FREE slot has magic == 0 and capacity == 0, so it fails the second test.
        if (q * blockSize != off || q >= capacity) {
            return -1;
        }
        return (int) q;
    }

    /** {@link #blockIndex} for an address that may lie outside this page (lists, user input). */
    int blockIndexAnywhere(long address) {
        if (address < start || address - start >= areaSize) {
            return -1;
        }
        return blockIndex(address);
    }

    long blockAddress(int index) {
        return start + index * blockSize;
    }

    // ------------------------------------------------------------------ invariants

    /** Owner or quiescent: checks (P1)..(P6); returns the free-block bitmap it built. */
    BitSet assertInvariants(java.util.Set<Long> delayedBlocks) {
        BitSet listed = new BitSet();
        if (state == FREE) {
            check(blockSize == 0 && used == 0 && free == 0 && localFree == 0
                    && ThreadFreeWord.head(threadFree) == 0, "(P5) FREE slot holds blocks");
            return listed;
        }
        check(blockSize > 0, "(P5) in-use page has no block size");
        check(capacity <= reserved && reserved * blockSize <= areaSize, "(P3) capacity <= reserved, reserved*blockSize <= areaSize");
        if (segment != null && segment.isHuge()) {
            return listed;
        }
        int freeCount = walkList(free, listed, "free");
        int localCount = walkList(localFree, listed, "localFree");
        int threadCount = walkList(ThreadFreeWord.head(threadFree), listed, "threadFree");
        check(used + freeCount + localCount == capacity,
                "(P1) used " + used + " + |free| " + freeCount + " + |localFree| " + localCount + " != capacity " + capacity);
        int delayedCount = 0;
        for (long block : delayedBlocks) {
            int index = blockIndexAnywhere(block);
            if (index >= 0) {
                check(!listed.get(index), "(P4) delayed block " + SegmentLayout.hex(block) + " also on a page list");
                delayedCount++;
            }
        }
        check(threadCount + delayedCount <= used, "(P2) |threadFree| " + threadCount + " + delayed " + delayedCount + " > used " + used);
        if (inFull) {
            check(state == IN_USE && delayedState() != ThreadFreeWord.NEVER_DELAYED, "(P6) full page with state " + delayedState());
        }
        return listed;
    }

    private int walkList(long head, BitSet listed, String name) {
        int count = 0;
        for (long block = head; block != 0; block = UnsafeApi.getLong(block)) {
            int index = blockIndexAnywhere(block);
            check(index >= 0, "(P4) " + name + " list holds " + SegmentLayout.hex(block) + " which is no block of the page");
            check(!listed.get(index), "(P4) block " + SegmentLayout.hex(block) + " listed twice (seen again on " + name + ")");
            listed.set(index);
            count++;
        }
        return count;
    }

    private void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message + " in " + this);
        }
    }

    @Override
    public String toString() {
        if (this == EMPTY) {
            return "EMPTY page";
        }
        String where = segment == null ? "standalone" : SegmentLayout.kindName(segment.kind) + " slot " + slot;
        return "page " + SegmentLayout.hex(start) + " [" + where
                + ", bin " + bin + ", block " + blockSize + " B, used " + used + "/" + capacity + "/" + reserved + "]";
    }
}
