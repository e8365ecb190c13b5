package io.github.freethread.bench.allocator;

import io.github.freethread.allocator.Heap;

/**
 * One benchmark thread's explicit freethread {@link Heap}: created by that thread (JMH runs a
 * thread-scoped state's setup on its owner), so {@code malloc} takes the owner's fast path; frees
 * of other threads' blocks (handoff, churn) go through the same {@code Heap.free}, which routes
 * them to the owning page's thread-free list.
 */
final class FreethreadHeapAllocator extends AddressAllocator {
    private final Heap heap;

    FreethreadHeapAllocator(Heap heap) {
        this.heap = heap;
    }

    @Override
    long allocateRaw(int size) {
        return heap.malloc(size);
    }

    @Override
    void free(long address) {
        heap.free(address);
    }

    @Override
    void close() {
        heap.close();
    }
}
