package io.github.freethread.bench.allocator;

import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.internal.PlatformDependent;
import java.util.concurrent.atomic.AtomicInteger;
import org.agrona.UnsafeApi;
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
 * <p>Lifetime: JMH tears a trial down on each thread separately, and the first thread to finish
 * runs this state's {@link #stop()} while the other may still be freeing its blocks or closing its
 * heap. So every state that holds blocks {@link #retain()}s the allocator in its setup and
 * {@link #release()}s it in its teardown; {@link #stop()} drops the trial's own reference, and the
 * last release closes the allocator.
 *
 * <p>Ownership: {@code implementation}, {@code netty} and {@code freethread} are written by the
 * JMH thread running {@link #start()}, before any benchmark thread reads them (JMH's setup
 * synchronisation publishes them); {@code freethread} is cleared by the last {@link #release()},
 * when no other thread uses it any more. {@code users} is updated by any thread with atomic
 * read-modify-writes.
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
    /** States still holding blocks, plus one for the trial itself (dropped by {@link #stop()}). */
    private final AtomicInteger users = new AtomicInteger();

    /** Builds the allocator selected by {@link #impl}. */
    @Setup(Level.Trial)
    public void start() {
        implementation = Implementation.byParamName(impl);
        warnIfSharedJvm(implementation);
        users.set(1);
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

    /** Drops the trial's reference; the allocator closes once no state holds blocks any more. */
    @TearDown(Level.Trial)
    public void stop() {
        release();
    }

    /** A state that will hold blocks until its own teardown keeps the allocator open. */
    void retain() {
        users.incrementAndGet();
    }

    /** Called by a state's teardown once it has freed its blocks; the last one closes the allocator. */
    void release() {
        int left = users.decrementAndGet();
        if (left < 0) {
            throw new IllegalStateException("allocator " + impl + " released more often than retained");
        }
        if (left == 0 && freethread != null) {
            freethread.close();
            freethread = null;
        }
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
            case GLIBC -> UnsafeApi.freeMemory(address);
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
     * has none here (glibc: {@code mallinfo2} is not called, the RSS growth stands in for it).
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
