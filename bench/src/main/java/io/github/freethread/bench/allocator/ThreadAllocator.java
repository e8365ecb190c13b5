package io.github.freethread.bench.allocator;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One benchmark thread's view of the allocator under test: exactly one of {@link #addresses} and
 * {@link #references} is set, depending on the implementation. JMH runs a thread-scoped state's
 * trial setup and teardown on the thread that owns it, so freethread's explicit {@code Heap} is
 * created, used and closed by its owner thread.
 *
 * <p>Ownership: both fields are written once by the owning thread in {@link #attach} and read only
 * by it.
 */
@State(Scope.Thread)
public class ThreadAllocator {
    /** Set for freethread and glibc. */
    AddressAllocator addresses;
    /** Set for Netty (pooled, adaptive) and jvmHeap. */
    ReferenceAllocator references;
    private AllocatorUnderTest under;

    /** Takes this thread's view of the allocator built in {@code under}. */
    @Setup(Level.Trial)
    public void attach(AllocatorUnderTest under) {
        this.under = under;
        under.retain();
        if (under.implementation.addressBased) {
            addresses = under.newAddressAllocator();
        } else {
            references = under.newReferenceAllocator();
        }
    }

    /** Ends this thread's use of the allocator. */
    @TearDown(Level.Trial)
    public void detach() {
        if (addresses != null) {
            addresses.close();
        } else {
            references.close();
        }
        under.release();
    }
}
