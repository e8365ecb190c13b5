package io.github.freethread.allocator;

import java.util.List;

/**
 * A snapshot of an allocator's statistics. Exact when no thread allocates or frees concurrently;
 * otherwise each number is a recent value (owner counters are read racily, which is benign).
 *
 * @param requestedBytes        bytes requested by every malloc so far (cumulative)
 * @param mallocCount           allocations so far (cumulative)
 * @param usedBytes             bytes in blocks that are allocated now (block sizes; blocks freed
 *                              by another thread count until their owner collects them)
 * @param liveBlocks            blocks allocated now (same caveat)
 * @param committedBytes        bytes of pages in use, rounded to OS pages, plus huge blocks
 * @param reservedBytes         address space mapped for segments
 * @param peakCommittedBytes    highest committedBytes so far
 * @param peakReservedBytes     highest reservedBytes so far
 * @param maxFootprintBytes     the configured limit on committedBytes
 * @param segmentCount          segments mapped now (huge ones included)
 * @param peakSegmentCount      highest segmentCount so far
 * @param abandonedSegmentCount segments waiting in the abandoned queue
 * @param pageCount             pages in use (not FREE), huge ones included
 * @param retiredPageCount      empty pages waiting for the reuse gate
 * @param heapCount             open heaps
 * @param osLayer               which OS layer maps the segments
 * @param bins                  per size class with at least one page
 */
public record AllocatorStats(long requestedBytes, long mallocCount, long usedBytes, long liveBlocks,
                             long committedBytes, long reservedBytes, long peakCommittedBytes,
                             long peakReservedBytes, long maxFootprintBytes, int segmentCount,
                             long peakSegmentCount, int abandonedSegmentCount, int pageCount,
                             int retiredPageCount, int heapCount, String osLayer, List<BinStats> bins) {

    /**
     * One size class.
     *
     * @param bin            bin number (69 = huge)
     * @param blockSize      block size in bytes (for huge: of the largest huge block)
     * @param pages          pages of this class in use
     * @param liveBlocks     blocks allocated now
     * @param capacityBlocks blocks carved out of those pages so far
     */
    public record BinStats(int bin, long blockSize, int pages, long liveBlocks, long capacityBlocks) {
    }

    /** Bytes committed per byte in use ({@code committed / used}), or 0 when nothing is used. */
    public double footprintRatio() {
        return usedBytes == 0 ? 0 : (double) committedBytes / usedBytes;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("allocator stats (%s)%n", osLayer));
        out.append(String.format("  requested  %,d bytes in %,d mallocs (cumulative)%n", requestedBytes, mallocCount));
        out.append(String.format("  used       %,d bytes in %,d live blocks%n", usedBytes, liveBlocks));
        out.append(String.format("  committed  %,d bytes (peak %,d, limit %s)%n", committedBytes, peakCommittedBytes,
                maxFootprintBytes == Long.MAX_VALUE ? "none" : String.format("%,d", maxFootprintBytes)));
        out.append(String.format("  reserved   %,d bytes (peak %,d)%n", reservedBytes, peakReservedBytes));
        out.append(String.format("  segments   %d (peak %d, abandoned %d), pages %d (retired %d), heaps %d%n",
                segmentCount, peakSegmentCount, abandonedSegmentCount, pageCount, retiredPageCount, heapCount));
        if (!bins.isEmpty()) {
            out.append(String.format("  %4s %10s %6s %12s %12s%n", "bin", "block", "pages", "live", "capacity"));
            for (BinStats bin : bins) {
                out.append(String.format("  %4d %10d %6d %12d %12d%n", bin.bin(), bin.blockSize(), bin.pages(),
                        bin.liveBlocks(), bin.capacityBlocks()));
            }
        }
        return out.toString();
    }
}
