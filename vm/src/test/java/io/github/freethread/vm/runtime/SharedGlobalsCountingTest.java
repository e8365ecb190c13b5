package io.github.freethread.vm.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.agrona.UnsafeApi;
import org.junit.jupiter.api.Test;

import io.github.freethread.refcount.ObjectHeader;
import io.github.freethread.vm.interp.Calls;

/**
 * Values bound in module globals AFTER the first thread start (SharedObjects step 2b): a list
 * and a computed float bound to new names are adopted (immortal, with the list's items), so two
 * threads reading them in a hot loop do not write any shared reference-count word per read —
 * measured with the refcount layer's shared-path counter. Rebinding a name (a global counter)
 * adopts nothing, and the leak report after finish stays empty (SharedVmTest).
 */
class SharedGlobalsCountingTest extends SharedVmTest {
    static final int READS = 20_000;

    static final String PROGRAM = """
        def reader(n):
            s = 0.0
            for i in range(n):
                s = s + F + G[i % 3]
            return len(G) + n
        def bind_later():
            global G, F
            G = [i * 1.0 + 1.5 for i in range(3)]
            F = G[0] * 2.0
        """;

    private static boolean isImmortal(long o) {
        return UnsafeApi.getInt(o + ObjectHeader.OWNER_ID_OFFSET) == ObjectHeader.IMMORTAL_OWNER;
    }

    /** Runs reader(READS) on two threads; returns the shared-path count operations they made. */
    private long sharedOpsOfTwoReaders() throws Exception {
        long reader = global("reader");
        main.safePoint();
        long before = vm.rt.counters().sharedOps();
        runThreads(2, (t, idx) -> {
            long n = t.newInt(READS);
            try {
                long r = Calls.call(t, reader, new long[] {n}, 1);
                assertThat(takeInt(t, r)).isEqualTo(READS + 3L);
            } finally {
                t.decref(n);
            }
        });
        long after = vm.rt.counters().sharedOps();
        main.decref(reader);
        return after - before;
    }

    @Test
    void shouldNotCountAGlobalListAndFloatBoundAfterTheFirstThreadStartOnEveryRead() throws Exception {
        exec(PROGRAM);
        vm.prepareThreadStart(main); // the first thread start: step 1 (what globals hold now)
        int laterBefore = vm.shared.laterAdoptedCount();
        exec("bind_later()"); // new names bound afterwards, by the main thread: step 2b
        long g = global("G");
        long f = global("F");
        assertThat(isImmortal(g)).as("list bound to a new global name after the start").isTrue();
        assertThat(isImmortal(f)).as("computed float bound to a new global name after the start").isTrue();
        assertThat(isImmortal(Lists.getOwned(main, g, 1))).as("the list's items, private when bound").isTrue();
        assertThat(vm.shared.laterAdoptedCount() - laterBefore).isEqualTo(1 + 3 + 1);
        main.decref(g);
        main.decref(f);

        long shared = sharedOpsOfTwoReaders();
        // 2 threads x READS iterations x (F, G, G[i]) = 120 000 global reads; before step 2b each was
        // an atomic increment and decrement of a main-owned object's shared word (>= 240 000 ops).
        assertThat(shared).as("shared-path count operations of 2 x %d hot reads of G, G[i] and F", READS)
            .isLessThan(READS / 10);
    }

    @Test
    void shouldCountGlobalsBoundAfterTheStartWhenTheyRebindAName() throws Exception {
        exec(PROGRAM);
        exec("G = [0.5, 0.5, 0.5]\nF = 1.0 + 0.25"); // bound BEFORE the start, then rebound after it
        vm.prepareThreadStart(main);
        int laterBefore = vm.shared.laterAdoptedCount();
        exec("""
            C = 1000 + 1
            for i in range(500):
                C = C + 1000
            bind_later()
            """);
        assertThat(vm.shared.laterAdoptedCount() - laterBefore)
            .as("only the new name C's first value: the 500 rebindings of C and the rebound G and F stay counted").isEqualTo(1);
        long g = global("G");
        assertThat(isImmortal(g)).isFalse();
        main.decref(g);
        long shared = sharedOpsOfTwoReaders();
        assertThat(shared).as("counted globals read by non-owner threads take the shared path").isGreaterThan(2L * READS);
    }
}
