package io.github.freethread.bench.allocator;

import org.agrona.UnsafeApi;

/**
 * The calling thread's view of an allocator whose blocks are raw addresses (freethread, glibc).
 * One instance per benchmark thread, created and used by that thread only (no shared mutable state).
 *
 * <p>{@link #allocate} writes one byte at offset 0 of every block, so that every implementation
 * really hands out memory the caller touches (and no JIT can drop the allocation). The byte is
 * written here, once, so that every address-based implementation pays exactly the same store.
 */
abstract class AddressAllocator {

    /** Allocates {@code size} bytes, writes one byte at offset 0, and returns the address. */
    final long allocate(int size) {
        long address = allocateRaw(size);
        UnsafeApi.putByte(address, (byte) size);
        return address;
    }

    /** Allocates {@code size} bytes and writes all of them, so that the whole block is resident. */
    final long allocateFilled(int size) {
        long address = allocateRaw(size);
        UnsafeApi.setMemory(address, size, (byte) 0x5A);
        return address;
    }

    /** The implementation's allocation, without the touch. */
    abstract long allocateRaw(int size);

    /** Returns the block at {@code address} (allocated by any thread) to the allocator. */
    abstract void free(long address);

    /** Ends this thread's use of the allocator (freethread: closes the thread's heap). */
    void close() {
    }
}
