package io.github.freethread.collections.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.agrona.UnsafeApi;

import io.github.freethread.allocator.Allocator;
import io.github.freethread.allocator.AllocatorConfig;
import io.github.freethread.collections.CollectionsRuntime;
import io.github.freethread.collections.ThreadContext;
import io.github.freethread.collections.object.IntObject;
import io.github.freethread.collections.object.StandaloneHeader;
import io.github.freethread.collections.object.StandaloneObjects;
import io.github.freethread.collections.qsbr.Qsbr;
import io.github.freethread.collections.qsbr.QsbrReuseGate;

/**
 * The full stack for multi-threaded tests: a checked freethread allocator gated by QSBR, a checked
 * standalone object space on it, the collections runtime on the same QSBR domain.
 */
final class SharedRuntime implements AutoCloseable {
    final Qsbr qsbr = new Qsbr();
    final Allocator allocator = Allocator.create(AllocatorConfig.defaults().withChecked(true).withReuseGate(new QsbrReuseGate(qsbr)));
    final StandaloneObjects space = new StandaloneObjects(true, allocator);
    final CollectionsRuntime runtime = new CollectionsRuntime(space, qsbr);

    /** Checks that a reference we hold is to a live int object and returns its value. */
    long liveIntValue(long obj) {
        long count = UnsafeApi.getLongVolatile(null, obj + StandaloneHeader.COUNT_OFFSET);
        assertThat(count).as("count of returned object 0x%x", obj).isPositive();
        assertThat(space.kindOf(obj)).isSameAs(IntObject.KIND);
        return IntObject.value(space, obj);
    }

    /** Runs each body on its own attached thread; rethrows the first failure. */
    void runThreads(List<ThreadBody> bodies) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (ThreadBody body : bodies) {
            Thread th = new Thread(() -> {
                ThreadContext t = runtime.attach();
                try {
                    body.run(t);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    runtime.detach();
                    allocator.heap().close();
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        if (failure.get() != null) {
            throw new AssertionError("a thread failed", failure.get());
        }
    }

    /** A thread's work. */
    interface ThreadBody {
        void run(ThreadContext t) throws Exception;
    }

    /** After every thread detached: closes QSBR (frees orphans) and checks the allocator is empty. */
    @Override
    public void close() {
        runtime.close();
        assertThat(space.liveMemoryBlocks()).as("raw blocks still live").isZero();
        // leaks() walks every page's free lists (exact, including frees pending in abandoned pages),
        // stats() folds only what owners have collected
        assertThat(allocator.leaks().blockCount()).as("allocator leak report at the end: %s", allocator.leaks()).isZero();
        allocator.close();
        space.close();
    }
}
