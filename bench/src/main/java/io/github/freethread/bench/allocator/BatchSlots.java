package io.github.freethread.bench.allocator;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The blocks of one batch in the single-thread batch case: {@link #BATCH} blocks are allocated,
 * then all freed in allocation order. Thread-confined (one per benchmark thread); the arrays are
 * empty between invocations.
 */
@State(Scope.Thread)
public class BatchSlots {
    /** Blocks per batch; the benchmark reports time per allocate+free pair. */
    static final int BATCH = 64;

    final long[] addresses = new long[BATCH];
    final Object[] references = new Object[BATCH];
}
