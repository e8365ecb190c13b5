package io.github.freethread.refcount;

/**
 * Sum of per-thread counters at one moment (plain per-thread longs, aggregated on demand; a
 * snapshot taken while threads run is approximate).
 *
 * @param threads          thread states summed (live ones plus every detached one)
 * @param ownerOps         count operations on the owner (plain) path (derived per state: countOps - sharedOps)
 * @param sharedOps        count operations on the shared (atomic) path
 * @param merges           objects merged by their owner (local count reached zero, or queue drained)
 * @param queuePushes      objects queued to their owner
 * @param spotMerges       objects merged on the spot because their owner had exited
 * @param deallocations    objects freed
 * @param deferredRetired  deferred objects whose count reached zero (freed later by reclaimDeferred)
 * @param tryIncrefFailures conditional increments that failed
 */
public record CountersSnapshot(long threads, long ownerOps, long sharedOps, long merges, long queuePushes,
                               long spotMerges, long deallocations, long deferredRetired, long tryIncrefFailures) {

    /** Element-wise sum. */
    public CountersSnapshot plus(CountersSnapshot o) {
        return new CountersSnapshot(threads + o.threads, ownerOps + o.ownerOps, sharedOps + o.sharedOps,
            merges + o.merges, queuePushes + o.queuePushes, spotMerges + o.spotMerges,
            deallocations + o.deallocations, deferredRetired + o.deferredRetired,
            tryIncrefFailures + o.tryIncrefFailures);
    }

    /** All zero. */
    public static CountersSnapshot zero() {
        return new CountersSnapshot(0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** Share of count operations that took the owner path (0 when none ran). */
    public double ownerShare() {
        long all = ownerOps + sharedOps;
        return all == 0 ? 0 : (double) ownerOps / all;
    }

    @Override
    public String toString() {
        return String.format("refcounts[threads=%d owner=%d shared=%d (owner %.1f%%) merges=%d queued=%d "
                + "spot-merges=%d freed=%d deferred-retired=%d tryIncref-failed=%d]",
            threads, ownerOps, sharedOps, 100 * ownerShare(), merges, queuePushes, spotMerges,
            deallocations, deferredRetired, tryIncrefFailures);
    }
}
