package io.github.freethread.allocator;

import java.util.Objects;

/**
 * Configuration of an {@link Allocator}.
 *
 * @param maxFootprintBytes most committed bytes the allocator may hold; exceeding it throws
 *                          {@link FootprintLimitExceededException}
 * @param checked           checked mode: poisoned free blocks verified on reuse, exact double-free
 *                          detection, leak report on close
 * @param reuseGate         delays cross-size-class reuse and release of empty pages (QSBR)
 * @param purgeDelayNanos   how long an emptied page (released by the reuse gate) stays committed
 *                          for reuse before it is decommitted (mimalloc's {@code purge_delay});
 *                          0 decommits at once, {@code Long.MAX_VALUE} only on
 *                          {@link Heap#collect()}, the per-heap bound
 *                          ({@code HeapPurge.CACHE_MAX_BYTES}) or heap close
 */
public record AllocatorConfig(long maxFootprintBytes, boolean checked, ReuseGate reuseGate, long purgeDelayNanos) {

    /** Default purge delay: 10 ms, as mimalloc's {@code mi_option_purge_delay}. */
    public static final long DEFAULT_PURGE_DELAY_NANOS = 10_000_000L;

    /** Validates the components. */
    public AllocatorConfig {
        if (maxFootprintBytes <= 0) {
            throw new IllegalArgumentException("maxFootprintBytes must be positive, was " + maxFootprintBytes);
        }
        Objects.requireNonNull(reuseGate, "reuseGate");
        if (purgeDelayNanos < 0) {
            throw new IllegalArgumentException("purgeDelayNanos must be >= 0, was " + purgeDelayNanos);
        }
    }

    /** The given components with the default purge delay. */
    public AllocatorConfig(long maxFootprintBytes, boolean checked, ReuseGate reuseGate) {
        this(maxFootprintBytes, checked, reuseGate, DEFAULT_PURGE_DELAY_NANOS);
    }

    /** No limit ({@code Long.MAX_VALUE}), fast mode, {@link ReuseGate#ALWAYS}, 10 ms purge delay. */
    public static AllocatorConfig defaults() {
        return new AllocatorConfig(Long.MAX_VALUE, false, ReuseGate.ALWAYS);
    }

    /** A copy with the given footprint limit in bytes. */
    public AllocatorConfig withMaxFootprint(long bytes) {
        return new AllocatorConfig(bytes, checked, reuseGate, purgeDelayNanos);
    }

    /** A copy with checked mode on or off. */
    public AllocatorConfig withChecked(boolean checked) {
        return new AllocatorConfig(maxFootprintBytes, checked, reuseGate, purgeDelayNanos);
    }

    /** A copy with the given reuse gate. */
    public AllocatorConfig withReuseGate(ReuseGate gate) {
        return new AllocatorConfig(maxFootprintBytes, checked, gate, purgeDelayNanos);
    }

    /** A copy with the given purge delay in nanoseconds (0: decommit emptied pages at once). */
    public AllocatorConfig withPurgeDelayNanos(long nanos) {
        return new AllocatorConfig(maxFootprintBytes, checked, reuseGate, nanos);
    }
}
