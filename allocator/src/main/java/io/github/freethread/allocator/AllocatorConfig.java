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
 */
public record AllocatorConfig(long maxFootprintBytes, boolean checked, ReuseGate reuseGate) {

    /** Validates the components. */
    public AllocatorConfig {
        if (maxFootprintBytes <= 0) {
            throw new IllegalArgumentException("maxFootprintBytes must be positive, was " + maxFootprintBytes);
        }
        Objects.requireNonNull(reuseGate, "reuseGate");
    }

    /** No limit ({@code Long.MAX_VALUE}), fast mode, {@link ReuseGate#ALWAYS}. */
    public static AllocatorConfig defaults() {
        return new AllocatorConfig(Long.MAX_VALUE, false, ReuseGate.ALWAYS);
    }

    /** A copy with the given footprint limit in bytes. */
    public AllocatorConfig withMaxFootprint(long bytes) {
        return new AllocatorConfig(bytes, checked, reuseGate);
    }

    /** A copy with checked mode on or off. */
    public AllocatorConfig withChecked(boolean checked) {
        return new AllocatorConfig(maxFootprintBytes, checked, reuseGate);
    }

    /** A copy with the given reuse gate. */
    public AllocatorConfig withReuseGate(ReuseGate gate) {
        return new AllocatorConfig(maxFootprintBytes, checked, gate);
    }
}
