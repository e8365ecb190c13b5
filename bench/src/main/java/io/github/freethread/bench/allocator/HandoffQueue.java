package io.github.freethread.bench.allocator;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The producer/consumer case's queue (xmalloc-test's pattern): one thread allocates
 * {@link #BLOCK_SIZE}-byte blocks and offers them, the other polls and frees them, so every free
 * is a cross-thread free. Exactly one of the two rings is used, by the block type of the
 * implementation.
 *
 * <p>Ownership: the producer thread is the only one offering, the consumer the only one polling
 * (SPSC, see {@link SpscIndices}); {@link #drain} runs in the trial teardown, when JMH has stopped
 * both threads.
 */
@State(Scope.Group)
public class HandoffQueue {
    /** Blocks in flight at most. */
    static final int CAPACITY = 1024;
    /** Requested bytes per block. */
    static final int BLOCK_SIZE = 64;

    LongRing addresses;
    RefRing references;
    private AllocatorUnderTest under;

    /** Builds the ring matching the implementation's block type. */
    @Setup(Level.Trial)
    public void open(AllocatorUnderTest under) {
        this.under = under;
        under.retain();
        if (under.implementation.addressBased) {
            addresses = new LongRing(CAPACITY);
        } else {
            references = new RefRing(CAPACITY);
        }
    }

    /** Frees the blocks still in flight when the trial ends. */
    @TearDown(Level.Trial)
    public void drain() {
        if (addresses != null) {
            for (long address = addresses.poll(); address != 0; address = addresses.poll()) {
                under.freeFromAnyThread(address);
            }
        } else {
            for (Object block = references.poll(); block != null; block = references.poll()) {
                under.freeFromAnyThread(block);
            }
        }
        under.release();
    }
}
