package io.github.freethread.bench.allocator;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;

/**
 * The footprint case: a single thread keeps {@link #SLOTS} live blocks of {@link MixedSizes} sizes
 * (about 275 MiB live), every block fully written so that it is really resident, and each
 * benchmark operation replaces one random block by a new one of a random size. After the trial
 * setup fills the table, warmup churns it into a steady state; at the end of every iteration the
 * memory held is divided by the bytes live:
 * <ul>
 *   <li>{@link #ownPerLive}: the implementation's own account (freethread: committed bytes from its
 *       statistics; Netty: {@code usedDirectMemory()}, the chunks it holds; jvmHeap: heap used
 *       after a full GC; glibc: mallinfo2 is not called, so its RSS figure is repeated)
 *       minus its value before the fill;</li>
 *   <li>{@link #rssPerLive}: growth of the process's resident set since before the fill (the JVM
 *       heap is pre-touched with {@code -XX:+AlwaysPreTouch}, so heap growth does not count; for
 *       jvmHeap the figure is therefore meaningless and reported as NaN).</li>
 * </ul>
 *
 * <p>JMH sums {@code EVENTS} counters over the measured iterations (and forks); each iteration
 * therefore stores its ratio divided by (measured iterations x forks), so that the final
 * "[Sum]" line is the MEAN ratio; the per-iteration lines show that share, and the plain ratio is
 * printed as a {@code [footprint]} line after each iteration.
 *
 * <p>Ownership: thread-confined to the single benchmark thread (setup and teardown run on it too).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class FootprintRun {
    /** Live blocks. */
    static final int SLOTS = 1 << 18;

    /** Memory held by the implementation's own account / live bytes (mean over measured iterations). */
    public double ownPerLive;
    /** Resident-set growth / live bytes (mean over measured iterations). */
    public double rssPerLive;
    /** Live MiB at the end of the iteration (mean over measured iterations). */
    public double liveMiB;

    private final MixedSizes sizes = new MixedSizes(0xF007_F00DL);
    private final RandomBits random = new RandomBits(0x51075L);
    private final int[] slotSizes = new int[SLOTS];
    private long[] addresses;
    private Object[] references;
    private long liveBytes;
    private long rssBefore;
    private long ownBefore;
    private double share;
    private AllocatorUnderTest under;
    /** The thread's allocator view these blocks came from (see AllocatorBenchmark on why not a method argument). */
    ThreadAllocator thread;

    /** Records the baselines, then fills every slot. */
    @Setup(Level.Trial)
    public void fill(AllocatorUnderTest under, ThreadAllocator allocator, BenchmarkParams params) {
        this.under = under;
        this.thread = allocator;
        under.retain();
        this.share = 1.0 / (params.getMeasurement().getCount() * Math.max(1, params.getForks()));
        ownBefore = under.ownFootprintBytes();
        rssBefore = ResidentSetSize.bytes();
        if (allocator.addresses != null) {
            addresses = new long[SLOTS];
        } else {
            references = new Object[SLOTS];
        }
        for (int slot = 0; slot < SLOTS; slot++) {
            int size = sizes.pick(random.next());
            slotSizes[slot] = size;
            liveBytes += size;
            if (addresses != null) {
                addresses[slot] = allocator.addresses.allocateFilled(size);
            } else {
                references[slot] = allocator.references.allocateFilled(size);
            }
        }
    }

    /** One operation: replace a random block (address-based allocators). */
    long replace(AddressAllocator allocator) {
        long bits = random.next();
        int slot = (int) bits & (SLOTS - 1);
        int size = sizes.pick(bits);
        allocator.free(addresses[slot]);
        long fresh = allocator.allocateFilled(size);
        addresses[slot] = fresh;
        liveBytes += size - slotSizes[slot];
        slotSizes[slot] = size;
        return fresh;
    }

    /** One operation: replace a random block (object-based allocators). */
    Object replace(ReferenceAllocator allocator) {
        long bits = random.next();
        int slot = (int) bits & (SLOTS - 1);
        int size = sizes.pick(bits);
        allocator.free(references[slot]);
        Object fresh = allocator.allocateFilled(size);
        references[slot] = fresh;
        liveBytes += size - slotSizes[slot];
        slotSizes[slot] = size;
        return fresh;
    }

    /** Clears the counters for the coming iteration. */
    @Setup(Level.Iteration)
    public void clear() {
        ownPerLive = 0;
        rssPerLive = 0;
        liveMiB = 0;
    }

    /** Measures the footprint at the end of the iteration. */
    @TearDown(Level.Iteration)
    public void measure(IterationParams iteration) {
        long own = under.ownFootprintBytes();
        long rss = ResidentSetSize.bytes();
        double rssRatio = (under.implementation == Implementation.JVM_HEAP || rss < 0 || rssBefore < 0)
                ? Double.NaN : (double) (rss - rssBefore) / liveBytes;
        double ownRatio = own < 0 ? rssRatio : (double) (own - ownBefore) / liveBytes;
        System.out.printf("[footprint] %s %s: live %.1f MiB, own %.1f MiB (%.3fx live), RSS growth %.1f MiB (%.3fx live)%n",
                under.impl, iteration.getType(), liveBytes / 1048576.0,
                own < 0 ? Double.NaN : (own - ownBefore) / 1048576.0, ownRatio,
                (rss - rssBefore) / 1048576.0, rssRatio);
        ownPerLive = ownRatio * share;
        rssPerLive = rssRatio * share;
        liveMiB = liveBytes / 1048576.0 * share;
    }

    /** Frees every live block. */
    @TearDown(Level.Trial)
    public void empty() {
        for (int slot = 0; slot < SLOTS; slot++) {
            if (addresses != null) {
                thread.addresses.free(addresses[slot]);
            } else {
                thread.references.free(references[slot]);
            }
        }
        under.release();
    }
}
