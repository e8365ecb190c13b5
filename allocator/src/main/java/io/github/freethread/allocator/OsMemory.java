package io.github.freethread.allocator;

/**
 * The operating-system layer: address space for segments, and giving memory back.
 *
 * <p>Two implementations: {@link LinuxMemory} (mmap / munmap / madvise through
 * {@code java.lang.foreign} downcalls) and {@link PortableMemory} (aligned {@code Arena}
 * allocations, used where those system calls are unavailable). Both are stateless towards the
 * allocator: all bookkeeping (committed / reserved bytes, limits) lives in {@link SegmentSpace}.
 */
interface OsMemory {
    /**
     * Reserves {@code size} bytes aligned to {@code alignment} (a power of two), readable and
     * writable, zero-filled. Physical memory is taken only when touched.
     *
     * @throws OutOfMemoryError if the system refuses the mapping
     */
    long reserveAligned(long size, long alignment);

    /** Returns a range obtained from {@link #reserveAligned} to the system. */
    void release(long address, long size);

    /**
     * Drops the physical pages of a range (which stays reserved and reads as zero on Linux; on the
     * portable fallback the memory is kept and its contents are unspecified).
     *
     * @return true if the resident footprint actually fell
     */
    boolean decommit(long address, long size);

    /** Short name for statistics and diagnostics. */
    String name();

    /**
     * The best implementation for this platform: Linux mmap if available, else a new fallback.
     * The Linux layer is bound once per process ({@link OsMemoryBinding#PLATFORM}), possibly ahead
     * of time on a background thread ({@link Allocator#bindOsMemoryInBackground()}).
     *
     * @throws IllegalStateException if binding the Linux layer failed unexpectedly (the cause says why)
     */
    static OsMemory platformDefault() {
        OsMemory linux = OsMemoryBinding.PLATFORM.get();
        return linux != null ? linux : new PortableMemory();
    }
}
