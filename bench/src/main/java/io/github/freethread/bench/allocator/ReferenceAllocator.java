package io.github.freethread.bench.allocator;

/**
 * The calling thread's view of an allocator whose blocks are Java objects (Netty's {@code ByteBuf},
 * {@code byte[]}). One instance per benchmark thread, used by that thread only.
 *
 * <p>Like {@link AddressAllocator#allocate}, {@link #allocate} writes one byte at offset 0 of the block.
 */
abstract class ReferenceAllocator {

    /** Allocates a block of {@code size} bytes, writes one byte at offset 0, and returns it. */
    abstract Object allocate(int size);

    /** Allocates a block of {@code size} bytes and writes all of them. */
    abstract Object allocateFilled(int size);

    /** Returns {@code block} (allocated by any thread) to the allocator. */
    abstract void free(Object block);

    /** Ends this thread's use of the allocator (Netty pooled: releases the thread cache). */
    void close() {
    }
}
