package io.github.freethread.collections.lock;

/**
 * Told when a lock acquisition is about to park and when it resumes. The critical-section stack
 * uses it to release (suspend) the sections it holds and to take its thread offline for QSBR —
 * CPython does both when a thread state detaches before blocking.
 */
public interface BlockingHook {
    /** No-op hook for bare locking. */
    BlockingHook NONE = new BlockingHook() {
        @Override
        public void beforeBlock() {}

        @Override
        public void afterBlock() {}
    };

    /** Called once before the first park of one acquisition, with no bucket lock held. */
    void beforeBlock();

    /** Called after the acquisition that called {@link #beforeBlock()} succeeded. */
    void afterBlock();
}
