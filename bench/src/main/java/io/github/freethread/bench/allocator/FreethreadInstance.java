package io.github.freethread.bench.allocator;

import io.github.freethread.allocator.Allocator;
import io.github.freethread.allocator.AllocatorConfig;
import io.github.freethread.allocator.LeakReport;

/**
 * freethread's allocator for one trial: {@code Allocator.create(AllocatorConfig.defaults())}
 * (fast mode, no footprint limit, no reuse gate), with one explicit {@code Heap} per benchmark
 * thread ({@link FreethreadHeapAllocator}) so the hot path skips the current-thread lookup.
 *
 * <p>Ownership: {@link #allocator} is set at construction and never changes; the allocator itself
 * is thread-safe for {@code newHeap}, {@code free} and {@code stats}. {@link #close()} is called
 * once, by the last {@code AllocatorUnderTest.release()}, after every thread has stopped using it.
 */
final class FreethreadInstance {
    private final Allocator allocator;

    private FreethreadInstance(Allocator allocator) {
        this.allocator = allocator;
    }

    static FreethreadInstance create() {
        return new FreethreadInstance(Allocator.create(AllocatorConfig.defaults()));
    }

    /** A new heap owned by the calling thread. */
    AddressAllocator newThreadAllocator() {
        return new FreethreadHeapAllocator(allocator.newHeap());
    }

    /** Frees a block from a thread that has no benchmark heap (a teardown draining a ring). */
    void freeFromAnyThread(long address) {
        allocator.free(address);
    }

    /** Bytes the allocator holds committed from the OS, from its statistics. */
    long committedBytes() {
        return allocator.stats().committedBytes();
    }

    /**
     * Closes the allocator. Every state has freed its blocks by now, so a live block here means the
     * benchmark lost one (a ring bug, a missed free): reported, because it would also bias the
     * footprint figures.
     */
    void close() {
        LeakReport leaks = allocator.leaks();
        if (!leaks.isEmpty()) {
            System.out.println("[allocator] WARNING: freethread closes with live blocks: " + leaks);
        } else {
            System.out.println("[allocator] freethread: every block freed at trial end");
        }
        allocator.close();
    }
}
