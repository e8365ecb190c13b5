package io.github.freethread.bench.allocator;

import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.internal.PlatformDependent;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The allocator selected by {@code @Param("impl")}, built once per trial in its best configuration
 * and shared by every benchmark thread; each thread then takes its own view
 * ({@link #newAddressAllocator()} or {@link #newReferenceAllocator()}) in {@link ThreadAllocator}.
 *
 * <ul>
 *   <li>{@code freethread}: {@code Allocator.create(AllocatorConfig.defaults())} (fast mode, no
 *       footprint limit); every thread allocates through its own explicit {@code Heap}.</li>
 *   <li>{@code glibc}: nothing to build; {@code UnsafeApi.allocateMemory/freeMemory}.</li>
 *   <li>{@code nettyPooled}: {@code new PooledByteBufAllocator(preferDirect = true, default arena
 *       counts, page size, max order and cache sizes, useCacheForAllThreads = true)}: the thread
 *       caches JMH's worker threads (not Netty event loops) would otherwise not get.</li>
 *   <li>{@code nettyAdaptive}: {@code new AdaptiveByteBufAllocator(preferDirect = true,
 *       useCacheForNonEventLoopThreads = true)}, the same reasoning.</li>
 *   <li>{@code jvmHeap}: nothing to build; {@code new byte[size]}.</li>
 * </ul>
 *
 * <p>Ownership: every field is written only by the JMH thread running {@link #start()} or
 * {@link #stop()}, which JMH runs with no benchmark thread active; the worker threads only read the
 * fields, and JMH's own synchronisation between setup and iterations publishes them.
 */
@State(Scope.Benchmark)
public class AllocatorUnderTest {
    /** The first implementation this JVM has run; a second one means forks were disabled. */
    private static volatile Implementation firstInThisJvm;

    /** Which allocator to measure. */
    @Param({"freethread", "glibc", "nettyPooled", "nettyAdaptive", "jvmHeap"})
    public String impl;

    Implementation implementation;
    private ByteBufAllocator netty;
    private FreethreadInstance freethread;

    /** Builds the allocator selected by {@link #impl}. */
    @Setup(Level.Trial)
    public void start() {
        implementation = Implementation.byParamName(impl);
        warnIfSharedJvm(implementation);
        switch (implementation) {
            case FREETHREAD -> freethread = FreethreadInstance.create();
            case NETTY_POOLED -> netty = new PooledByteBufAllocator(true,
                    PooledByteBufAllocator.defaultNumHeapArena(), PooledByteBufAllocator.defaultNumDirectArena(),
                    PooledByteBufAllocator.defaultPageSize(), PooledByteBufAllocator.defaultMaxOrder(),
                    PooledByteBufAllocator.defaultSmallCacheSize(), PooledByteBufAllocator.defaultNormalCacheSize(),
                    true);
            case NETTY_ADAPTIVE -> netty = new AdaptiveByteBufAllocator(true, true);
            case GLIBC, JVM_HEAP -> { }
        }
        if (netty != null) {
            ByteBuf probe = netty.directBuffer(64, 64);
            System.out.println("[allocator] " + impl + ": Netty direct buffer class " + probe.getClass().getSimpleName()
                    + ", hasUnsafe=" + PlatformDependent.hasUnsafe()
                    + ", noCleaner=" + PlatformDependent.useDirectBufferNoCleaner()
                    + ", hasMemoryAddress=" + probe.hasMemoryAddress());
            probe.release();
        }
    }

    /** Releases everything the allocator holds; runs after every thread's state has been torn down. */
    @TearDown(Level.Trial)
    public void stop() {
        if (freethread != null) {
            freethread.close();
            freethread = null;
        }
        netty = null;
    }

    /** A view for the calling thread; only for address-based implementations. */
    AddressAllocator newAddressAllocator() {
        return switch (implementation) {
            case FREETHREAD -> freethread.newThreadAllocator();
            case GLIBC -> new GlibcAllocator();
            default -> throw new IllegalStateException(impl + " does not hand out addresses");
        };
    }

    /** A view for the calling thread; only for object-based implementations. */
    ReferenceAllocator newReferenceAllocator() {
        return switch (implementation) {
            case NETTY_POOLED, NETTY_ADAPTIVE -> new NettyDirectAllocator(netty);
            case JVM_HEAP -> new JvmHeapAllocator();
            default -> throw new IllegalStateException(impl + " does not hand out objects");
        };
    }

    /** Frees {@code address} from whatever thread runs a teardown (draining a ring). */
    void freeFromAnyThread(long address) {
        switch (implementation) {
            case FREETHREAD -> freethread.freeFromAnyThread(address);
            case GLIBC -> org.agrona.UnsafeApi.freeMemory(address);
            default -> throw new IllegalStateException(impl + " does not hand out addresses");
        }
    }

    /** Frees {@code block} from whatever thread runs a teardown (draining a ring). */
    void freeFromAnyThread(Object block) {
        if (block instanceof ByteBuf buffer) {
            buffer.release();
        }
    }

    /**
     * The implementation's own account of the memory it holds from the OS, in bytes, or -1 when it
     * keeps none (glibc: {@code mallinfo} is not reachable from Java; use the RSS instead).
     * freethread: committed bytes from its statistics; Netty: {@code usedDirectMemory()} (chunks
     * held); jvmHeap: heap in use after a full GC.
     */
    long ownFootprintBytes() {
        return switch (implementation) {
            case FREETHREAD -> freethread.committedBytes();
            case NETTY_POOLED, NETTY_ADAPTIVE -> ((ByteBufAllocatorMetricProvider) netty).metric().usedDirectMemory();
            case JVM_HEAP -> {
                System.gc();
                yield Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
            }
            case GLIBC -> -1;
        };
    }

    private static void warnIfSharedJvm(Implementation implementation) {
        Implementation first = firstInThisJvm;
        if (first == null) {
            firstInThisJvm = implementation;
        } else if (first != implementation) {
            System.out.println("[allocator] WARNING: " + implementation.paramName + " runs in the same JVM as "
                    + first.paramName + " (forks disabled?): the JIT's profile mixes implementations and the"
                    + " figures are not comparable; run with -f 1 or more.");
        }
    }
}
