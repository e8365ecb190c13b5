package io.github.freethread.allocator;

import org.agrona.UnsafeApi;

import java.util.HashSet;
import java.util.Set;

/**
 * One page of the allocator's free-list protocol over caller-supplied memory, outside any segment
 * and heap: the exact {@link Page} code (three lists, threadFree CAS, delayed-free states) with
 * the owner's and the foreign threads' operations exposed one by one. Made for concurrency tests
 * (the jcstress tests {@code Allocator_0N_*} drive it) and for studying the protocol; the real
 * allocator never uses it.
 *
 * <p>Roles, not threads: the <em>owner</em> operations ({@link #allocate}, {@link #free},
 * {@link #markFull}, {@link #markNotFull}, {@link #drainDelayed}, {@link #abandon},
 * {@link #reclaim}) must be called by one thread at a time, with happens-before between
 * successive owners (as with a heap and its thread); {@link #freeForeign} may be called by any
 * thread at any time; the quiescent queries only when no operation runs.
 *
 * <p>{@link #abandon} and {@link #reclaim} perform the page part of {@code Abandonment.abandon}
 * and {@code Abandonment.reclaim}: stop delayed frees (NEVER_DELAYED, waiting out a foreign thread
 * in DELAYED_FREEING), drain the owner's delayed list, clear the owner; and for the new owner:
 * publish itself, re-enable delayed frees, collect.
 */
public final class StandalonePage {
    private final Page page;
    private Heap owner;
    private long ownerIds;

    private StandalonePage(long memory, long blockSize, int blocks) {
        this.page = new Page(null, 0, memory, blockSize * blocks);
        this.owner = Heap.detached(++ownerIds);
        page.init(SizeClasses.binOf(blockSize), blockSize, owner, false);
        for (int i = 0; i < blocks; i++) {
            long block = memory + i * blockSize;
            UnsafeApi.putLong(block, i + 1 < blocks ? block + blockSize : 0);
        }
        page.free = memory;
        page.capacity = blocks;
    }

    /**
     * A page of {@code blocks} blocks of {@code blockSize} bytes at {@code memory} (which the caller
     * owns and frees after the page is no longer used). The calling thread is the first owner.
     *
     * @throws IllegalArgumentException if memory is not 8-byte aligned, blockSize not a positive
     *                                  multiple of 8, or blocks not positive
     */
    public static StandalonePage over(long memory, long blockSize, int blocks) {
        if (memory == 0 || (memory & 7) != 0) {
            throw new IllegalArgumentException("page memory must be 8-byte aligned and non-null, was " + SegmentLayout.hex(memory));
        }
        if (blockSize < 8 || (blockSize & 7) != 0 || blocks <= 0) {
            throw new IllegalArgumentException("need blockSize a positive multiple of 8 and blocks > 0, got " + blockSize
                    + " x " + blocks);
        }
        return new StandalonePage(memory, blockSize, blocks);
    }

    /** Address of block {@code index}. */
    public long block(int index) {
        return page.blockAddress(index);
    }

    // ------------------------------------------------------------------ owner role

    /** Owner: pops a free block, collecting local and thread frees when free is empty; 0 if none. */
    public long allocate() {
        if (page.free == 0) {
            page.collect();
        }
        long block = page.free;
        if (block != 0) {
            page.free = UnsafeApi.getLong(block);
            page.used++;
        }
        return block;
    }

    /** Owner: frees a block onto localFree (and leaves the full state, as the heap would). */
    public void free(long block) {
        requireBlock(block);
        if (page.used <= 0) {
            throw BadAddress.doubleFree(block, page);
        }
        UnsafeApi.putLong(block, page.localFree);
        page.localFree = block;
        page.used--;
        if (page.inFull) {
            markNotFull();
        }
    }

    /** Owner: drains the delayed list and collects threadFree and localFree (as on a heap's slow path). */
    public void collect() {
        drainDelayed();
        page.collect();
    }

    /** Owner: the page moves to the owner's full queue; the next foreign free becomes a delayed free. */
    public void markFull() {
        page.inFull = true;
        page.useDelayedFree(ThreadFreeWord.USE_DELAYED, false);
    }

    /** Owner: the page leaves the full queue (waits out a foreign thread in DELAYED_FREEING). */
    public void markNotFull() {
        page.inFull = false;
        page.useDelayedFree(ThreadFreeWord.NO_DELAYED, false);
    }

    /** Owner: frees every block foreign threads handed over through the delayed list; returns how many. */
    public int drainDelayed() {
        int count = 0;
        long block = owner == null ? 0 : owner.takeDelayed();
        while (block != 0) {
            long next = UnsafeApi.getLong(block);
            free(block);
            block = next;
            count++;
        }
        return count;
    }

    /** Owner thread exit: no more delayed frees, drain them, the page has no owner afterwards. */
    public void abandon() {
        page.useDelayedFree(ThreadFreeWord.NEVER_DELAYED, true);
        drainDelayed();
        page.inFull = false;
        page.setHeap(null);
        owner = null;
    }

    /** A new owner takes an abandoned page: publish itself, re-enable delayed free, collect. */
    public void reclaim() {
        owner = Heap.detached(++ownerIds);
        page.setHeap(owner);
        page.useDelayedFree(ThreadFreeWord.NO_DELAYED, true);
        page.collect();
    }

    // ------------------------------------------------------------------ foreign role

    /** Any thread that is not the owner: frees a block (threadFree CAS, or delayed free). */
    public void freeForeign(long block) {
        requireBlock(block);
        page.freeForeign(block);
    }

    // ------------------------------------------------------------------ quiescent queries

    /** Blocks handed out and not yet collected back (frees pending on threadFree/delayed still count). */
    public int used() {
        return page.used;
    }

    /** Blocks in the page. */
    public int capacity() {
        return page.capacity;
    }

    /** How often {@code block} is on free, localFree, threadFree or the owner's delayed list (0 or 1 if sound). */
    public int timesListed(long block) {
        int times = 0;
        for (long head : new long[] {page.free, page.localFree, ThreadFreeWord.head(page.threadFree),
                owner == null ? 0 : owner.delayedHead()}) {
            int guard = 0;
            for (long b = head; b != 0 && guard <= page.capacity; b = UnsafeApi.getLong(b), guard++) {
                if (b == block) {
                    times++;
                }
            }
        }
        return times;
    }

    /** Length of the threadFree list. */
    public int threadFreeLength() {
        int length = 0;
        for (long b = ThreadFreeWord.head(page.threadFree); b != 0 && length <= page.capacity; b = UnsafeApi.getLong(b)) {
            length++;
        }
        return length;
    }

    /** Head of the threadFree list (the block pushed last), or 0. */
    public long threadFreeHead() {
        return ThreadFreeWord.head(page.threadFree);
    }

    /** The delayed-free state: "NO_DELAYED", "USE_DELAYED", "DELAYED_FREEING" or "NEVER_DELAYED". */
    public String delayedState() {
        return switch ((int) page.delayedState()) {
            case (int) ThreadFreeWord.NO_DELAYED -> "NO_DELAYED";
            case (int) ThreadFreeWord.USE_DELAYED -> "USE_DELAYED";
            case (int) ThreadFreeWord.DELAYED_FREEING -> "DELAYED_FREEING";
            default -> "NEVER_DELAYED";
        };
    }

    /** Checks the page invariants (P1)..(P6); throws AssertionError naming the broken one. */
    public void assertInvariants() {
        Set<Long> delayed = new HashSet<>();
        if (owner != null) {
            for (long b = owner.delayedHead(); b != 0; b = UnsafeApi.getLong(b)) {
                delayed.add(b);
            }
        }
        page.assertInvariants(delayed);
    }

    private void requireBlock(long block) {
        if (page.blockIndexAnywhere(block) < 0) {
            throw BadAddress.notABlockStart(block, page);
        }
    }

    @Override
    public String toString() {
        return page.toString();
    }
}
