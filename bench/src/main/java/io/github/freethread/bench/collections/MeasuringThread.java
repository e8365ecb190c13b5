package io.github.freethread.bench.collections;

import org.openjdk.jmh.infra.ThreadParams;

import io.github.freethread.collections.CollectionsRuntime;
import io.github.freethread.collections.ThreadContext;
import io.github.freethread.refcount.ThreadState;

/**
 * What a measuring thread of the collection benchmarks holds: its attached thread state (when the
 * freethread implementation is measured), its position in the pseudo-random index walk, and which
 * half of the index range it walks in the {@code *_disjoint} benchmarks.
 * Thread-confined: one instance per JMH worker thread ({@code Scope.Thread} subclasses).
 */
class MeasuringThread {
    ThreadState ts;
    ThreadContext t;
    int n;
    /** 0 or 1: the half of the index range this thread walks in the disjoint benchmarks. */
    int half;

    /** Starts the walk at a per-thread offset; attaches to {@code runtime} unless it is null. */
    final void attachTo(CollectionsRuntime runtime, ThreadParams params) {
        n = (int) Thread.currentThread().threadId() * 7919;
        half = params.getThreadIndex() & 1;
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
