package io.github.freethread.allocator;

import java.util.ArrayList;
import java.util.List;

/**
 * Live blocks at one moment, grouped by size class (checked mode reports this at close).
 *
 * @param blockCount live blocks
 * @param bytes      bytes in those blocks (block sizes)
 * @param groups     one entry per size class with live blocks
 */
public record LeakReport(long blockCount, long bytes, List<Group> groups) {
    /** How many sample addresses a group keeps. */
    public static final int SAMPLES = 8;

    /**
     * The live blocks of one size class.
     *
     * @param blockSize block size in bytes
     * @param count     live blocks of that size
     * @param samples   up to {@link #SAMPLES} of their addresses
     */
    public record Group(long blockSize, long count, List<Long> samples) {
    }

    /** True if nothing is live. */
    public boolean isEmpty() {
        return blockCount == 0;
    }

    static LeakReport of(Allocator allocator) {
        java.util.TreeMap<Long, long[]> counts = new java.util.TreeMap<>();
        java.util.Map<Long, List<Long>> samples = new java.util.HashMap<>();
        long[] totals = new long[2];
        allocator.walk((address, size) -> {
            counts.computeIfAbsent(size, s -> new long[1])[0]++;
            List<Long> list = samples.computeIfAbsent(size, s -> new ArrayList<>());
            if (list.size() < SAMPLES) {
                list.add(address);
            }
            totals[0]++;
            totals[1] += size;
        });
        List<Group> groups = new ArrayList<>();
        counts.forEach((size, count) -> groups.add(new Group(size, count[0], List.copyOf(samples.get(size)))));
        return new LeakReport(totals[0], totals[1], List.copyOf(groups));
    }

    @Override
    public String toString() {
        if (isEmpty()) {
            return "no live blocks";
        }
        StringBuilder out = new StringBuilder();
        out.append(blockCount).append(" live blocks, ").append(bytes).append(" bytes:");
        for (Group group : groups) {
            out.append("\n  ").append(group.count()).append(" x ").append(group.blockSize()).append(" B, e.g.");
            for (long address : group.samples()) {
                out.append(' ').append(SegmentLayout.hex(address));
            }
        }
        return out.toString();
    }
}
