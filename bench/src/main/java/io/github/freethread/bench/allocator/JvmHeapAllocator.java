package io.github.freethread.bench.allocator;

/**
 * The JVM's own allocation as the reference point: {@code new byte[size]} (a TLAB bump plus
 * zeroing) and, as "free", dropping the reference; the cost of collecting dead arrays is paid by
 * the young GC inside the measured time. The fork's heap is fixed ({@code -Xms} = {@code -Xmx}).
 */
final class JvmHeapAllocator extends ReferenceAllocator {

    @Override
    Object allocate(int size) {
        byte[] block = new byte[size];
        block[0] = (byte) size;
        return block;
    }

    @Override
    Object allocateFilled(int size) {
        // The JVM zeroes every new array: the whole block is already written.
        return new byte[size];
    }

    @Override
    void free(Object block) {
        // Nothing to do: the array becomes garbage when its last reference is dropped.
    }
}
