package io.github.freethread.bench.allocator;

import org.agrona.UnsafeApi;

/**
 * glibc malloc/free as a Java program reaches it: {@code Unsafe.allocateMemory/freeMemory}
 * (through Agrona's {@code UnsafeApi}), which the JVM forwards to {@code os::malloc}/{@code os::free}
 * and so to glibc with its per-thread tcache. Stateless, so safe for any thread.
 */
final class GlibcAllocator extends AddressAllocator {

    @Override
    long allocateRaw(int size) {
        return UnsafeApi.allocateMemory(size);
    }

    @Override
    void free(long address) {
        UnsafeApi.freeMemory(address);
    }
}
