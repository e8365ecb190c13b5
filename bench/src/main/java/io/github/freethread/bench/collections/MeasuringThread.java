package io.github.freethread.bench.collections;

import io.github.freethread.collections.CollectionsRuntime;
import io.github.freethread.collections.ThreadContext;
import io.github.freethread.refcount.ThreadState;

/**
 * What a measuring thread of the collection benchmarks holds: its attached thread state (when the
 * freethread implementation is measured) and its position in the pseudo-random index walk.
 * Thread-confined: one instance per JMH worker thread ({@code Scope.Thread} subclasses).
 */
class MeasuringThread {
    ThreadState ts;
    ThreadContext t;
    int n;

    /** Starts the walk at a per-thread offset; attaches to {@code runtime} unless it is null. */
    final void attachTo(CollectionsRuntime runtime) {
        n = (int) Thread.currentThread().threadId() * 7919;
        if (runtime != null) {
            ts = runtime.objectRuntime().attach();
            t = CollectionsRuntime.context(ts);
        }
    }

    /** Detaches from {@code runtime} unless it is null. */
    final void detachFrom(CollectionsRuntime runtime) {
        if (runtime != null) {
            runtime.objectRuntime().detach();
        }
    }
}
