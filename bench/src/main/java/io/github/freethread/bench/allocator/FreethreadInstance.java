package io.github.freethread.bench.allocator;

/** TEMPORARY placeholder until branch alloc is merged. */
final class FreethreadInstance {
    static FreethreadInstance create() { throw new UnsupportedOperationException("allocator not merged yet"); }
    AddressAllocator newThreadAllocator() { throw new UnsupportedOperationException(); }
    void freeFromAnyThread(long address) { throw new UnsupportedOperationException(); }
    long committedBytes() { throw new UnsupportedOperationException(); }
    void close() {}
}
