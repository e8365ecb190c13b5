package io.github.freethread.bench.collections;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.github.freethread.collections.CollectionsRuntime;
import io.github.freethread.collections.ThreadContext;
import io.github.freethread.refcount.ObjectRuntime;
import io.github.freethread.refcount.RuntimeConfig;
import io.github.freethread.refcount.ThreadState;

/**
 * Builds benchmark data on a helper thread that then detaches, so that every measuring thread
 * counts on the shared (atomic) path: with 1 and with 2 threads the cost per operation is the same
 * kind, and the scaling figure measures contention, not the owner path of whichever JMH worker ran
 * the setup.
 */
final class FreethreadData {
    private FreethreadData() {}

    /** A fast-mode BIASED runtime with QSBR wired in. */
    static CollectionsRuntime newRuntime() {
        return CollectionsRuntime.create(RuntimeConfig.defaults());
    }

    /** Runs {@code body} on a fresh attached thread, which detaches afterwards. */
    static void onHelperThread(CollectionsRuntime c, Consumer<ThreadContext> body) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread th = new Thread(() -> {
            ObjectRuntime rt = c.objectRuntime();
            ThreadState ts = rt.attach();
            try {
                body.accept(CollectionsRuntime.context(ts));
                ts.poll();
            } catch (Throwable e) {
                failure.set(e);
            } finally {
                rt.detach();
            }
        });
        th.start();
        try {
            th.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (failure.get() != null) {
            throw new IllegalStateException("benchmark setup failed", failure.get());
        }
    }

    /**
     * Stop-the-world collection of per-thread counted objects by the helper thread {@code t}, if
     * no measuring thread is still attached (an attached JMH worker waits outside any safe point,
     * so the collection would wait for it).
     */
    static void collectIfAlone(CollectionsRuntime c, ThreadContext t) {
        if (c.qsbr().threadCount() == 1) {
            c.objectRuntime().collect((ThreadState) t.objectThread());
        }
    }

    /** Closes the runtime unless a measuring thread is still attached (then leaves it to exit). */
    static void close(CollectionsRuntime c) {
        if (c.qsbr().threadCount() == 0) {
            c.close();
        }
    }

    /** Index {@code n} of a pseudo-random walk over {@code 1 << bits} slots (Fibonacci hashing). */
    static int index(int n, int bits) {
        return (n * 0x9E3779B1) >>> (32 - bits);
    }
}
