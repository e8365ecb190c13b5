package io.github.freethread.bench.allocator;

import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The block size of the single-thread cases, in bytes. */
@State(Scope.Benchmark)
public class BlockSize {
    /** Requested bytes per block. */
    @Param({"16", "64", "256", "1024", "8192"})
    public int size;
}
