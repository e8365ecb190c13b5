package io.github.freethread.refcount;

import java.util.Objects;

import io.github.freethread.allocator.AllocatorConfig;

/**
 * Configuration of an {@link ObjectRuntime}.
 *
 * @param mode      how references are counted
 * @param checked   checked mode: count operations verify that the object is a live block of the
 *                  allocator and throw {@link RefcountException} (naming address and type) on a
 *                  freed object or a decrement below zero; forces the allocator into checked mode
 * @param allocator configuration of the allocator the runtime creates
 */
public record RuntimeConfig(RefcountMode mode, boolean checked, AllocatorConfig allocator) {

    public RuntimeConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(allocator, "allocator");
    }

    /** BIASED, fast (unchecked) mode, default allocator. */
    public static RuntimeConfig defaults() {
        return new RuntimeConfig(RefcountMode.BIASED, false, AllocatorConfig.defaults());
    }

    /** A copy with another counting mode. */
    public RuntimeConfig withMode(RefcountMode newMode) {
        return new RuntimeConfig(newMode, checked, allocator);
    }

    /** A copy with checked mode switched on or off. */
    public RuntimeConfig withChecked(boolean newChecked) {
        return new RuntimeConfig(mode, newChecked, allocator);
    }

    /** A copy with another allocator configuration. */
    public RuntimeConfig withAllocator(AllocatorConfig newAllocator) {
        return new RuntimeConfig(mode, checked, newAllocator);
    }

    /** The allocator configuration actually used: checked whenever the runtime is checked. */
    AllocatorConfig effectiveAllocator() {
        return checked ? allocator.withChecked(true) : allocator;
    }
}
