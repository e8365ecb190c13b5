package io.github.freethread.allocator;

/** Receives each live block of a heap walk. */
@FunctionalInterface
public interface BlockVisitor {
    /**
     * @param address    start of a live block
     * @param usableSize bytes usable at {@code address} (the block size of its class)
     */
    void visit(long address, long usableSize);
}
