package io.github.freethread.allocator;

/**
 * Thrown when an allocation would take the allocator's committed memory above
 * {@link AllocatorConfig#maxFootprintBytes()}. Nothing is allocated; the allocator stays usable,
 * and allocations succeed again once blocks are freed.
 */
public final class FootprintLimitExceededException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message which request, the footprint it would reach, and the limit */
    public FootprintLimitExceededException(String message) {
        super(message);
    }
}
