package io.github.freethread.bench.allocator;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The allocators under test, by the name used in {@code @Param("impl")}, each in its best
 * configuration (see {@link AllocatorUnderTest} for how each one is built and
 * {@link AllocatorBenchmark} for the fork's JVM flags).
 */
enum Implementation {
    /** freethread's allocator through an explicit {@code Heap} handle per thread. */
    FREETHREAD("freethread", true),
    /** {@code Unsafe.allocateMemory/freeMemory} (Agrona's {@code UnsafeApi}): the JVM's os::malloc, i.e. glibc. */
    GLIBC("glibc", true),
    /** Netty 4.2 {@code PooledByteBufAllocator}, direct buffers, thread caches for all threads. */
    NETTY_POOLED("nettyPooled", false),
    /** Netty 4.2 {@code AdaptiveByteBufAllocator} (4.2's default), direct buffers, magazines cached for all threads. */
    NETTY_ADAPTIVE("nettyAdaptive", false),
    /** {@code new byte[size]}: the JVM's TLAB bump pointer; "free" drops the reference for the GC. */
    JVM_HEAP("jvmHeap", false);

    /** The value of {@code @Param("impl")} that selects this implementation. */
    final String paramName;
    /** True when blocks are raw addresses ({@link AddressAllocator}), false when they are objects ({@link ReferenceAllocator}). */
    final boolean addressBased;

    Implementation(String paramName, boolean addressBased) {
        this.paramName = paramName;
        this.addressBased = addressBased;
    }

    /** The implementation named {@code name}, or an exception listing the valid names. */
    static Implementation byParamName(String name) {
        for (Implementation implementation : values()) {
            if (implementation.paramName.equals(name)) {
                return implementation;
            }
        }
        throw new IllegalArgumentException("unknown allocator implementation '" + name + "', expected one of "
                + Arrays.stream(values()).map(i -> i.paramName).collect(Collectors.joining(", ")));
    }
}
