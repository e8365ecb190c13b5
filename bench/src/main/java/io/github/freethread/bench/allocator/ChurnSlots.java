package io.github.freethread.bench.allocator;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * One thread's live blocks in the churn case, after larson (Larson and Krishnan, "Memory allocation
 * for long-running server applications", ISMM 1998; mimalloc-bench runs it as
 * {@code larson 5 8 1000 5000 100 4141 N}): a table of {@link #SLOTS} live blocks of random sizes
 * in {@code [8, 1000]}; every step replaces a random slot with a new random-size block, so block
 * lifetimes are random (geometric) and the live set stays at {@link #SLOTS} blocks.
 *
 * <p>Deviation from larson: larson passes a thread's whole slot table to a new thread at the end of
 * each round, so frees become remote in bursts; here one replaced block in
 * {@link #REMOTE_ONE_IN} is handed to the other thread through {@link ChurnExchange} and freed
 * there, so remote frees are a steady fraction, and no thread is ever created on the measured path.
 * If the other thread's inbox is full the block is freed locally, so no step ever waits.
 *
 * <p>Ownership: thread-confined; filled and emptied by its owner thread in the trial setup and
 * teardown.
 */
@State(Scope.Thread)
public class ChurnSlots {
    /** Live blocks per thread (larson's chunks per thread, rounded to a power of two). */
    static final int SLOTS = 4096;
    /** Smallest requested size. */
    static final int MIN_SIZE = 8;
    /** Number of distinct sizes: sizes are {@code MIN_SIZE .. MIN_SIZE + SIZE_SPAN - 1} = 8..1000. */
    static final int SIZE_SPAN = 993;
    /** One replaced block in this many goes to the other thread to be freed (a power of two). */
    static final int REMOTE_ONE_IN = 8;
    /** Blocks taken from the inbox per step at most; more than the 1/REMOTE_ONE_IN arrival rate. */
    static final int INBOX_PER_STEP = 2;

    private long[] addresses;
    private Object[] references;
    private RandomBits random;
    /** The thread's allocator view these blocks came from (see AllocatorBenchmark on why not a method argument). */
    ThreadAllocator thread;
    private AllocatorUnderTest under;

    /** Fills every slot (seeded by JMH's thread index, so every implementation sees the same sizes). */
    @Setup(Level.Trial)
    public void fill(AllocatorUnderTest under, ThreadAllocator allocator, ThreadParams params) {
        this.under = under;
        this.thread = allocator;
        under.retain();
        this.random = new RandomBits(0x5EED_0000L + params.getThreadIndex());
        if (allocator.addresses != null) {
            addresses = new long[SLOTS];
            for (int i = 0; i < SLOTS; i++) {
                addresses[i] = allocator.addresses.allocate(RandomBits.inRange(random.next(), MIN_SIZE, SIZE_SPAN));
            }
        } else {
            references = new Object[SLOTS];
            for (int i = 0; i < SLOTS; i++) {
                references[i] = allocator.references.allocate(RandomBits.inRange(random.next(), MIN_SIZE, SIZE_SPAN));
            }
        }
    }

    /** One churn step for address-based allocators; returns the new block's address. */
    long step(AddressAllocator allocator, LongRing inbox, LongRing outbox) {
        for (int i = 0; i < INBOX_PER_STEP; i++) {
            long remote = inbox.poll();
            if (remote == 0) {
                break;
            }
            allocator.free(remote);
        }
        long bits = random.next();
        int slot = (int) bits & (SLOTS - 1);
        long old = addresses[slot];
        if (((bits >>> 12) & (REMOTE_ONE_IN - 1)) != 0 || !outbox.offer(old)) {
            allocator.free(old);
        }
        long fresh = allocator.allocate(RandomBits.inRange(bits, MIN_SIZE, SIZE_SPAN));
        addresses[slot] = fresh;
        return fresh;
    }

    /** One churn step for object-based allocators; returns the new block. */
    Object step(ReferenceAllocator allocator, RefRing inbox, RefRing outbox) {
        for (int i = 0; i < INBOX_PER_STEP; i++) {
            Object remote = inbox.poll();
            if (remote == null) {
                break;
            }
            allocator.free(remote);
        }
        long bits = random.next();
        int slot = (int) bits & (SLOTS - 1);
        Object old = references[slot];
        if (((bits >>> 12) & (REMOTE_ONE_IN - 1)) != 0 || !outbox.offer(old)) {
            allocator.free(old);
        }
        Object fresh = allocator.allocate(RandomBits.inRange(bits, MIN_SIZE, SIZE_SPAN));
        references[slot] = fresh;
        return fresh;
    }

    /** Frees every live block. */
    @TearDown(Level.Trial)
    public void empty() {
        if (addresses != null) {
            for (long address : addresses) {
                thread.addresses.free(address);
            }
        } else {
            for (Object block : references) {
                thread.references.free(block);
            }
        }
        under.release();
    }
}
