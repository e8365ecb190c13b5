package io.github.freethread.allocator;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fallback OS layer for platforms without mmap: each reservation is an aligned allocation in its
 * own shared {@link Arena}, closed on release. Decommit cannot give memory back here (there is no
 * portable call for it); the allocator's committed-bytes statistic still falls, the process
 * footprint only when whole segments are released. The map from base address to arena is
 * touched only when segments come and go, never on {@code free} of a block.
 */
final class PortableMemory implements OsMemory {
    private final ConcurrentHashMap<Long, Arena> arenas = new ConcurrentHashMap<>();

    @Override
    public long reserveAligned(long size, long alignment) {
        Arena arena = Arena.ofShared();
        MemorySegment memory;
        try {
            memory = arena.allocate(size, alignment);
        } catch (OutOfMemoryError | IllegalArgumentException e) {
            arena.close();
            throw new OutOfMemoryError("could not reserve " + size + " bytes aligned to " + alignment + ": " + e.getMessage());
        }
        long address = memory.address();
        arenas.put(address, arena);
        return address;
    }

    @Override
    public void release(long address, long size) {
        Arena arena = arenas.remove(address);
        if (arena == null) {
            throw new IllegalStateException("release of " + SegmentLayout.hex(address) + " which was never reserved");
        }
        arena.close();
    }

    @Override
    public boolean decommit(long address, long size) {
        return false;
    }

    @Override
    public String name() {
        return "portable-arena";
    }
}
