package io.github.freethread.bench.allocator;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The two mailboxes of the churn case: {@code inbox(side)} holds blocks the other side allocated
 * and handed over for this side to free. One ring per direction, so each ring is SPSC: side 1
 * offers into side 0's inbox and side 0 polls it, and the other way round. Exactly one of the two
 * ring arrays is used, by the block type of the implementation.
 *
 * <p>Ownership: as described above while the benchmark runs; {@link #drain} runs in the trial
 * teardown, when JMH has stopped both threads.
 */
@State(Scope.Group)
public class ChurnExchange {
    /** Blocks in flight per direction at most; when full, the sender frees the block itself. */
    static final int CAPACITY = 1024;

    LongRing[] addressInbox;
    RefRing[] referenceInbox;
    private AllocatorUnderTest under;

    /** Builds the rings matching the implementation's block type. */
    @Setup(Level.Trial)
    public void open(AllocatorUnderTest under) {
        this.under = under;
        under.retain();
        if (under.implementation.addressBased) {
            addressInbox = new LongRing[] {new LongRing(CAPACITY), new LongRing(CAPACITY)};
        } else {
            referenceInbox = new RefRing[] {new RefRing(CAPACITY), new RefRing(CAPACITY)};
        }
    }

    /** Frees the blocks still in flight when the trial ends. */
    @TearDown(Level.Trial)
    public void drain() {
        for (int side = 0; side < 2; side++) {
            if (addressInbox != null) {
                for (long address = addressInbox[side].poll(); address != 0; address = addressInbox[side].poll()) {
                    under.freeFromAnyThread(address);
                }
            } else {
                for (Object block = referenceInbox[side].poll(); block != null; block = referenceInbox[side].poll()) {
                    under.freeFromAnyThread(block);
                }
            }
        }
        under.release();
    }
}
