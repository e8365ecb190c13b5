package io.github.freethread.allocator;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * All segments of one allocator: maps and unmaps them through {@link OsMemory}, registers them in
 * the {@link SegmentMap}, and keeps the footprint accounts (committed and reserved bytes, their
 * peaks) and the footprint limit.
 *
 * <p>"Committed" means: bytes of pages that blocks have been carved from (rounded to OS pages),
 * plus whole huge blocks. It is what the limit applies to. On Linux untouched memory inside a
 * committed range is still not resident, so the process footprint is at most this.
 *
 * <pre>
 * Ownership
 *  field                          writer                      reader        mode
 *  committed, reserved, peaks,    any heap's slow path        any           atomic (AtomicLong)
 *   segmentCount, peakSegments
 *  segments (registry)            any heap's slow path        stats, walk,  ConcurrentHashMap
 *                                                             close
 * </pre>
 */
final class SegmentSpace {
    final OsMemory os;
    final SegmentMap map = new SegmentMap();
    final Set<Segment> segments = ConcurrentHashMap.newKeySet();
    private final long maxFootprint;
    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong reserved = new AtomicLong();
    private final AtomicLong peakCommitted = new AtomicLong();
    private final AtomicLong peakReserved = new AtomicLong();
    private final AtomicLong peakSegments = new AtomicLong();

    SegmentSpace(OsMemory os, long maxFootprint) {
        this.os = os;
        this.maxFootprint = maxFootprint;
    }

    /** A fresh segment of {@code kind} (not huge), registered and owned by nobody yet. */
    Segment newSegment(int kind) {
        long base = os.reserveAligned(SegmentLayout.SEGMENT_SIZE, SegmentLayout.SEGMENT_SIZE);
        return register(new Segment(base, SegmentLayout.SEGMENT_SIZE, kind));
    }

    /** A huge segment holding one block of {@code blockSize} bytes; commits it. */
    Segment newHugeSegment(long blockSize) {
        commit(blockSize);
        long base;
        try {
            base = os.reserveAligned(blockSize, SegmentLayout.SEGMENT_SIZE);
        } catch (OutOfMemoryError | RuntimeException e) {
            uncommit(blockSize);
            throw e;
        }
        return register(new Segment(base, blockSize, SegmentLayout.KIND_HUGE));
    }

    private Segment register(Segment segment) {
        map.register(segment);
        segments.add(segment);
        peakSegments.accumulateAndGet(segments.size(), Math::max);
        peakReserved.accumulateAndGet(reserved.addAndGet(segment.size), Math::max);
        return segment;
    }

    /** Unmaps a segment whose pages are all FREE (or a huge segment whose block was freed). */
    void release(Segment segment) {
        if (segment.isHuge()) {
            uncommit(segment.size);
        }
        map.unregister(segment);
        segments.remove(segment);
        reserved.addAndGet(-segment.size);
        os.release(segment.base, segment.size);
    }

    /** Accounts {@code bytes} more committed memory, or throws without accounting anything. */
    void commit(long bytes) {
        long now = committed.addAndGet(bytes);
        if (now > maxFootprint) {
            committed.addAndGet(-bytes);
            throw new FootprintLimitExceededException("allocator footprint limit exceeded: committing " + bytes
                    + " more bytes would bring the footprint to " + now + " bytes, above the configured maximum of "
                    + maxFootprint + " bytes (" + (now - bytes) + " bytes committed now)");
        }
        peakCommitted.accumulateAndGet(now, Math::max);
    }

    /** Gives the physical pages of an emptied page back and un-accounts them. */
    void decommit(long address, long bytes) {
        if (bytes > 0) {
            os.decommit(address, bytes);
            uncommit(bytes);
        }
    }

    /** Un-accounts committed bytes of a segment about to be unmapped (no madvise: the unmap frees them). */
    void uncommitForRelease(long bytes) {
        uncommit(bytes);
    }

    private void uncommit(long bytes) {
        committed.addAndGet(-bytes);
    }

    long committedBytes() {
        return committed.get();
    }

    long reservedBytes() {
        return reserved.get();
    }

    long peakCommittedBytes() {
        return peakCommitted.get();
    }

    long peakReservedBytes() {
        return peakReserved.get();
    }

    long peakSegmentCount() {
        return peakSegments.get();
    }

    long maxFootprint() {
        return maxFootprint;
    }

    /** Allocator close: unmaps everything, ignoring page states. */
    void releaseAll() {
        for (Segment segment : segments) {
            map.unregister(segment);
            segments.remove(segment);
            reserved.addAndGet(-segment.size);
            os.release(segment.base, segment.size);
        }
        committed.set(0);
    }
}
