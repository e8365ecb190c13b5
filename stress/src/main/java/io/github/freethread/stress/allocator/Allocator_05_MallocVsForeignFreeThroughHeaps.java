package io.github.freethread.stress.allocator;

import io.github.freethread.allocator.Allocator;
import org.agrona.UnsafeApi;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import java.util.concurrent.atomic.AtomicLong;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The whole allocator, through the public API: one thread mallocs through its heap while another
 * frees a block x allocated earlier (by whichever thread built the state) through its own heap:
 * local or foreign free, delayed free into full pages, dead actor threads' heaps abandoned and
 * reclaimed between runs, all on one shared checked-mode allocator, which itself throws (test
 * ERROR) if a block is handed out twice or modified while free. Other states share the
 * allocator, so x may legitimately be reused by them; the checks are on the new block y.
 * r1: the malloc returned x itself; r2: y is live at the end; r3: y still holds the token this
 * state wrote (nobody else was handed y meanwhile).
 */
@JCStressTest
@Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "malloc got another block; x went back to its page")
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "the free came first and the malloc reused x through its heap")
@Outcome(expect = FORBIDDEN, desc = "the new block is not live, or another state was handed it and overwrote its token")
@State
public class Allocator_05_MallocVsForeignFreeThroughHeaps {
    private static final Allocator ALLOCATOR = PageMemory.ALLOCATOR;
    private static final AtomicLong TOKENS = new AtomicLong();
    private final long token = TOKENS.incrementAndGet();
    private final long x = ALLOCATOR.malloc(24);
    private long y;

    @Actor
    public void allocating(III_Result r) {
        long block = ALLOCATOR.malloc(24);
        UnsafeApi.putLong(block + 8, token);
        y = block;
        r.r1 = block == x ? 1 : 0;
    }

    @Actor
    public void freeing() {
        ALLOCATOR.free(x);
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r2 = ALLOCATOR.isLiveBlock(y) ? 1 : 0;
        r.r3 = UnsafeApi.getLong(y + 8) == token ? 1 : 0;
        ALLOCATOR.free(y);
    }
}
