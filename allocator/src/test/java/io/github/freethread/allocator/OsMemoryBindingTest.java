package io.github.freethread.allocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.agrona.UnsafeApi;
import org.junit.jupiter.api.Test;

class OsMemoryBindingTest {

    private static boolean linux() {
        return System.getProperty("os.name").toLowerCase().contains("linux");
    }

    @Test
    void shouldBindOnTheCallingThreadWhenNoBackgroundBindingWasStarted() {
        AtomicReference<String> boundOn = new AtomicReference<>();
        OsMemoryBinding binding = new OsMemoryBinding(() -> {
            boundOn.set(Thread.currentThread().getName());
            return new PortableMemory();
        });
        assertThat(binding.isDone()).isFalse();
        OsMemory os = binding.get();
        assertThat(os).isInstanceOf(PortableMemory.class);
        assertThat(boundOn.get()).isEqualTo(Thread.currentThread().getName());
        assertThat(binding.get()).as("bound once, same layer afterwards").isSameAs(os);
    }

    @Test
    void shouldBindExactlyOnceWhenBackgroundAndManyCallersRace() throws Exception {
        AtomicInteger binds = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        OsMemoryBinding binding = new OsMemoryBinding(() -> {
            binds.incrementAndGet();
            try {
                release.await(10, TimeUnit.SECONDS); // keep the binding in progress while callers arrive
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new PortableMemory();
        });
        binding.startInBackground();
        binding.startInBackground(); // a second start is a no-op
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<OsMemory>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(binding::get));
            }
            release.countDown();
            OsMemory first = results.get(0).get(10, TimeUnit.SECONDS);
            for (Future<OsMemory> r : results) {
                assertThat(r.get(10, TimeUnit.SECONDS)).isSameAs(first);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(binds.get()).isEqualTo(1);
    }

    @Test
    void shouldReportABackgroundFailureToEveryCallerWithItsCauseAndThread() throws Exception {
        Error boom = new LinkageError("no libc here");
        OsMemoryBinding binding = new OsMemoryBinding(() -> {
            throw boom;
        });
        binding.startInBackground();
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(binding::get)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("binding the OS memory layer")
                .hasMessageContaining("no libc here")
                .hasCauseReference(boom);
        }
        // whoever ran it, the report names a thread; from the background start it is the binding thread
        // unless the caller got there first: both are named, never an empty report
        assertThatThrownBy(binding::get).hasMessageMatching("(?s).*on thread '[^']+' failed.*");
    }

    @Test
    void shouldNameTheBackgroundThreadWhenItIsTheOneThatFailed() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        OsMemoryBinding binding = new OsMemoryBinding(() -> {
            started.countDown();
            throw new IllegalStateException("symbol lookup failed");
        });
        binding.startInBackground();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue(); // the background thread runs the binding
        assertThatThrownBy(binding::get)
            .hasMessageContaining("on thread 'freethread-os-memory-binding' failed")
            .hasRootCauseMessage("symbol lookup failed");
    }

    @Test
    void shouldKeepTheCallersInterruptAndStillReturnTheLayer() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        OsMemoryBinding binding = new OsMemoryBinding(() -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new PortableMemory();
        });
        binding.startInBackground();
        AtomicReference<Object> got = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            Thread.currentThread().interrupt();
            got.set(binding.get());
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        Thread.sleep(20);
        release.countDown();
        caller.join(10_000);
        assertThat(got.get()).isInstanceOf(PortableMemory.class);
        assertThat(stillInterrupted.get()).isTrue();
    }

    @Test
    void shouldUseABackgroundBoundLinuxLayerFromAnyThreadIncludingTheFirstDecommit() throws Exception {
        assumeTrue(linux());
        OsMemoryBinding binding = new OsMemoryBinding(LinuxMemory::tryCreate);
        binding.startInBackground();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                long mark = 100 + i;
                results.add(pool.submit(() -> {
                    go.await();
                    OsMemory os = binding.get();
                    long base = os.reserveAligned(SegmentLayout.SEGMENT_SIZE, SegmentLayout.SEGMENT_SIZE);
                    assertThat(base & SegmentLayout.SEGMENT_MASK).isZero();
                    UnsafeApi.putLong(base, mark);
                    assertThat(UnsafeApi.getLong(base)).isEqualTo(mark);
                    boolean dropped = os.decommit(base, SegmentLayout.OS_PAGE_SIZE); // first decommits race to bind madvise
                    if (dropped) {
                        assertThat(UnsafeApi.getLong(base)).as("MADV_DONTNEED page reads zero").isZero();
                    }
                    os.release(base, SegmentLayout.SEGMENT_SIZE);
                    return dropped;
                }));
            }
            go.countDown();
            for (Future<Boolean> r : results) {
                assertThat(r.get(30, TimeUnit.SECONDS)).as("madvise succeeded").isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(binding.get()).isInstanceOf(LinuxMemory.class);
    }

    @Test
    void shouldCreateAllocatorsAfterTheProcessWideBackgroundBinding() {
        Allocator.bindOsMemoryInBackground();
        Allocator.bindOsMemoryInBackground();
        try (Allocator a = Allocator.create(AllocatorConfig.defaults());
             Allocator b = Allocator.create(AllocatorConfig.defaults())) {
            long x = a.malloc(64);
            long y = b.malloc(64);
            UnsafeApi.putLong(x, 1);
            UnsafeApi.putLong(y, 2);
            assertThat(UnsafeApi.getLong(x) + UnsafeApi.getLong(y)).isEqualTo(3);
            a.free(x);
            b.free(y);
            if (linux()) {
                assertThat(a.osLayer()).isEqualTo("linux-mmap");
                assertThat(b.osLayer()).isEqualTo("linux-mmap");
            }
        }
        assertThat(OsMemoryBinding.PLATFORM.isDone()).isTrue();
    }
}
