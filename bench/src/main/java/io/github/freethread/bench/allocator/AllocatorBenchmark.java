package io.github.freethread.bench.allocator;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.Control;

/**
 * freethread's allocator against glibc malloc, Netty's two direct-buffer allocators and the JVM's
 * own {@code new byte[]}, selected by {@code @Param("impl")} ({@link AllocatorUnderTest}).
 *
 * <h2>Cases</h2>
 * <ol>
 *   <li>{@link #pair}: one thread, malloc then free of one block of {@code size} bytes
 *       (16..8192), one byte written in between; {@link #batch}: {@value BatchSlots#BATCH} mallocs
 *       then {@value BatchSlots#BATCH} frees, reported per pair, so that a free list has to work
 *       harder than "return the block just freed". Both also report {@code cpuNsPerOp}, the
 *       thread's CPU time per pair ({@link ThreadCpuTime}), which a busy shared machine distorts
 *       less than the wall clock.</li>
 *   <li>{@code handoff} ({@link #handoffProduce}/{@link #handoffConsume}): xmalloc-test's pattern,
 *       one thread allocates 64-byte blocks, the other frees them, through a bounded SPSC ring
 *       ({@link HandoffQueue}). Every free is a cross-thread free. Blocks per second end to end is
 *       the consumer's score ({@code handoff:handoffConsume}); the group score counts both sides.</li>
 *   <li>{@code churn} ({@link #churnLeft}/{@link #churnRight}): larson's pattern, two threads each
 *       replacing random slots of a live table with random-size blocks, 1 in 8 freed by the other
 *       thread ({@link ChurnSlots}, {@link ChurnExchange}). Score: replacements per time, summed.</li>
 *   <li>{@link #footprint}: a single thread churning ~275 MiB of fully written mixed-size blocks;
 *       the secondary results {@code ownPerLive} and {@code rssPerLive} are memory held / live
 *       bytes ({@link FootprintRun}).</li>
 * </ol>
 *
 * <h2>Why the comparison is fair</h2>
 * <ul>
 *   <li>One implementation per JVM: JMH runs every {@code @Param} combination in a fresh fork, so
 *       the calls on {@link AddressAllocator} / {@link ReferenceAllocator} in the hot loops see a
 *       single receiver class; C2 inlines them behind one type check, and the
 *       {@code addresses != null} test that picks the block type is a perfectly predicted branch
 *       whose untaken side is compiled as an uncommon trap. Every implementation pays the same
 *       one compare. {@link AllocatorUnderTest} warns when forks are disabled ({@code -f 0}), which
 *       would make those call sites polymorphic and the figures incomparable.</li>
 *   <li>Same work per block: every block gets one byte written at offset 0 (footprint: the whole
 *       block), and every new block is consumed by a {@link Blackhole}, so no allocation can be
 *       removed by escape analysis or dead-code elimination.</li>
 *   <li>Same queues: the handoff and churn rings are our own SPSC rings with one index protocol
 *       ({@link SpscIndices}); address-based implementations get a {@code long[]} ring rather than
 *       a boxing {@code Queue<Long>}, which would charge them a heap allocation per block.</li>
 *   <li>Best configuration for every peer (the fork flags below, for all implementations alike):
 *       a fixed 2 GiB pre-touched heap for the JVM case; Netty with {@code sun.misc.Unsafe}
 *       allowed ({@code --sun-misc-unsafe-memory-access=allow}, so it uses its Unsafe direct
 *       buffers without JDK 25's warning), cleaner-free direct memory
 *       ({@code tryReflectionSetAccessible} plus the {@code java.nio} opening), thread caches for
 *       all threads (property {@code useCacheForAllThreads}, and the same as explicit constructor
 *       arguments in {@link AllocatorUnderTest}), leak detection off and accessibility/bounds checks
 *       off.</li>
 *   <li>One heap per thread: JMH gives a {@code @Setup} dependency and a benchmark-method argument
 *       of the same thread-scoped state class two DIFFERENT instances. So the churn and footprint
 *       methods never take {@link ThreadAllocator} as an argument; they use the one their slot
 *       table was filled with ({@code slots.thread}, {@code run.thread}). Otherwise freethread
 *       would free every block through a second heap, i.e. as a cross-thread free.</li>
 *   <li>No deadlock at the end of an iteration: in {@code handoff} each side waits on the ring with
 *       a spin-then-yield loop that gives up once JMH raises {@link Control#stopMeasurement} (the
 *       producer then frees the block it could not hand over); {@code churn} never waits (a full
 *       inbox means the block is freed locally).</li>
 * </ul>
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar AllocatorBenchmark} (defaults: 1 fork,
 * 3 x 1 s warmup, 5 x 1 s measurement; 65 trials, about 10 minutes). The fork flags are given as
 * {@code jvmArgsPrepend} because {@code BenchmarkMain} sets {@code jvmArgsAppend} (the project's
 * flags), which would replace an annotation's {@code jvmArgsAppend}; add flags of your own with
 * {@code -jvmArgs}, since {@code -jvmArgsPrepend} on the command line would drop these.
 */
@Fork(value = 1, jvmArgsPrepend = {
    "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch",
    "--sun-misc-unsafe-memory-access=allow",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dio.netty.allocator.useCacheForAllThreads=true",
    "-Dio.netty.leakDetection.level=disabled",
    "-Dio.netty.buffer.checkAccessible=false",
    "-Dio.netty.buffer.checkBounds=false"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class AllocatorBenchmark {
    /** onSpinWait rounds before a waiting side starts yielding its core (the machine may have only two). */
    private static final int SPINS_BEFORE_YIELD = 100;

    /** Case 1: malloc, touch, free of one block. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public void pair(BlockSize block, ThreadAllocator thread, ThreadCpuTime cpu, Blackhole blackhole) {
        cpu.operations++;
        AddressAllocator addresses = thread.addresses;
        if (addresses != null) {
            long address = addresses.allocate(block.size);
            blackhole.consume(address);
            addresses.free(address);
        } else {
            ReferenceAllocator references = thread.references;
            Object buffer = references.allocate(block.size);
            blackhole.consume(buffer);
            references.free(buffer);
        }
    }

    /** Case 1, batched: {@value BatchSlots#BATCH} mallocs then as many frees in allocation order; time per pair. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(BatchSlots.BATCH)
    public void batch(BlockSize block, ThreadAllocator thread, BatchSlots slots, ThreadCpuTime cpu, Blackhole blackhole) {
        cpu.operations += BatchSlots.BATCH;
        int size = block.size;
        AddressAllocator addresses = thread.addresses;
        if (addresses != null) {
            long[] held = slots.addresses;
            for (int i = 0; i < BatchSlots.BATCH; i++) {
                held[i] = addresses.allocate(size);
            }
            blackhole.consume(held[BatchSlots.BATCH - 1]);
            for (int i = 0; i < BatchSlots.BATCH; i++) {
                addresses.free(held[i]);
            }
        } else {
            ReferenceAllocator references = thread.references;
            Object[] held = slots.references;
            for (int i = 0; i < BatchSlots.BATCH; i++) {
                held[i] = references.allocate(size);
            }
            blackhole.consume(held[BatchSlots.BATCH - 1]);
            for (int i = 0; i < BatchSlots.BATCH; i++) {
                references.free(held[i]);
                held[i] = null;
            }
        }
    }

    /** Case 2, producer side: allocate a block and hand it to the consumer. */
    @Benchmark
    @Group("handoff")
    @GroupThreads(1)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void handoffProduce(HandoffQueue queue, ThreadAllocator thread, Control control) {
        AddressAllocator addresses = thread.addresses;
        if (addresses != null) {
            long address = addresses.allocate(HandoffQueue.BLOCK_SIZE);
            for (int round = 0; !queue.addresses.offer(address); round++) {
                if (control.stopMeasurement) {
                    addresses.free(address);
                    return;
                }
                pause(round);
            }
        } else {
            ReferenceAllocator references = thread.references;
            Object block = references.allocate(HandoffQueue.BLOCK_SIZE);
            for (int round = 0; !queue.references.offer(block); round++) {
                if (control.stopMeasurement) {
                    references.free(block);
                    return;
                }
                pause(round);
            }
        }
    }

    /** Case 2, consumer side: take a block from the producer and free it. */
    @Benchmark
    @Group("handoff")
    @GroupThreads(1)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void handoffConsume(HandoffQueue queue, ThreadAllocator thread, Control control) {
        AddressAllocator addresses = thread.addresses;
        if (addresses != null) {
            long address;
            for (int round = 0; (address = queue.addresses.poll()) == 0; round++) {
                if (control.stopMeasurement) {
                    return;
                }
                pause(round);
            }
            addresses.free(address);
        } else {
            Object block;
            for (int round = 0; (block = queue.references.poll()) == null; round++) {
                if (control.stopMeasurement) {
                    return;
                }
                pause(round);
            }
            thread.references.free(block);
        }
    }

    /** Case 3, first thread: one larson step. */
    @Benchmark
    @Group("churn")
    @GroupThreads(1)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void churnLeft(ChurnExchange exchange, ChurnSlots slots, Blackhole blackhole) {
        churn(exchange, slots, blackhole, 0);
    }

    /** Case 3, second thread: one larson step. */
    @Benchmark
    @Group("churn")
    @GroupThreads(1)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void churnRight(ChurnExchange exchange, ChurnSlots slots, Blackhole blackhole) {
        churn(exchange, slots, blackhole, 1);
    }

    /** Case 4: replace one block of the footprint table; the ratios are secondary results. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public void footprint(FootprintRun run, Blackhole blackhole) {
        ThreadAllocator thread = run.thread;
        if (thread.addresses != null) {
            blackhole.consume(run.replace(thread.addresses));
        } else {
            blackhole.consume(run.replace(thread.references));
        }
    }

    private static void churn(ChurnExchange exchange, ChurnSlots slots, Blackhole blackhole, int side) {
        ThreadAllocator thread = slots.thread;
        if (thread.addresses != null) {
            blackhole.consume(slots.step(thread.addresses, exchange.addressInbox[side], exchange.addressInbox[1 - side]));
        } else {
            blackhole.consume(slots.step(thread.references, exchange.referenceInbox[side],
                    exchange.referenceInbox[1 - side]));
        }
    }

    /** Waiting on the other side of a ring: spin briefly, then yield so a descheduled partner can run. */
    private static void pause(int round) {
        if (round < SPINS_BEFORE_YIELD) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }
}
