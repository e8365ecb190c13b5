package io.github.freethread.collections.qsbr;

/**
 * What QSBR does with an address once its grace period has passed: usually the allocator's
 * {@code free}. Called from whichever thread processes the deferred free (the thread that deferred
 * it, or any thread when the deferring thread has exited), so it must accept frees from any thread.
 */
@FunctionalInterface
public interface AddressReclaimer {
    /** Releases {@code address}; no lock-free reader can still be looking at it. */
    void reclaim(long address);
}
