package io.github.freethread.collections.object;

/**
 * Object header of {@link StandaloneObjects}: a reduced version of the refcount layer's header
 * (one atomic count instead of biased local/shared counts).
 *
 * <pre>
 * obj + 0   +------------------------------------------+
 *           | count (long): references; 0 = dead/free  |   CAS / getAndAdd, any thread
 * obj + 8   +--------------------+---------------------+
 *           | kind id (int)      | size class (int)    |   written before publication
 * obj + 16  +--------------------+---------------------+
 *           | lock word (long), see LockWord           |   ObjectLock
 * obj + 24  +------------------------------------------+
 *           | payload ...                              |
 * </pre>
 * A freed object keeps count 0 and stays mapped in a same-size free list, so a racing reader's
 * conditional increment reads a valid header and fails — the allocator contract that the real
 * runtime gets from its ReuseGate.
 */
public final class StandaloneHeader {
    /** Reference count. */
    public static final int COUNT_OFFSET = 0;
    /** Kind id (index in the space's kind table). */
    public static final int KIND_OFFSET = 8;
    /** Size class (block size / 16). */
    public static final int SIZE_CLASS_OFFSET = 12;
    /** Lock word. */
    public static final int LOCK_OFFSET = 16;
    /** Header size; payload starts here, 8-byte aligned. */
    public static final int HEADER_SIZE = 24;
    /** Block granularity. */
    public static final int GRANULE = 16;

    private StandaloneHeader() {}

    /** Block size for a payload of {@code payloadBytes}. */
    public static long blockSize(long payloadBytes) {
        if (payloadBytes < 0) {
            throw new IllegalArgumentException("negative payload size " + payloadBytes);
        }
        return (HEADER_SIZE + payloadBytes + GRANULE - 1) & -GRANULE;
    }
}
