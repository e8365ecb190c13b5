package io.github.freethread.vm.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.github.freethread.refcount.ObjectHeader;
import io.github.freethread.vm.interp.Calls;

import org.agrona.UnsafeApi;

/**
 * Module globals read by LOAD_GLOBAL (generic and the specialised LOAD_GLOBAL_MODULE/BUILTIN with
 * their keys-version guard) while other threads rebind values, insert and delete globals (table
 * rebuilds) and write shared containers, with and without the thread-start immortalisation of
 * shared hot objects; and that immortalisation itself: what becomes immortal, that later
 * functions stored in globals join it, and that {@code vm.finish} releases all of it (no leak).
 */
class SharedGlobalsTest extends SharedVmTest {
    static final String PROGRAM = """
        WORDS = ["alpha", "beta", "gamma", "delta"]
        X = 1000 + 0
        LOG = []
        COUNTS = {}
        def reader(n):
            total = 0
            for i in range(n):
                total += X + len(WORDS[i % 4]) + len("")
            return total
        def rebinder(n):
            global X
            for i in range(n):
                X = 999 + 1
        def churn(n):
            global TMP
            for i in range(n):
                TMP = i
                del TMP
                LOG.append(i)
                COUNTS[i % 8] = COUNTS.get(i % 8, 0) + 1
            return len(LOG)
        """;

    private void runMix(int readers, int n) throws Exception {
        long reader = global("reader");
        long rebinder = global("rebinder");
        long churn = global("churn");
        long[] totals = new long[readers];
        long[] hits = new long[readers];
        runThreads(readers + 2, (t, idx) -> {
            long arg = t.newInt(n);
            try {
                long f = idx < readers ? reader : idx == readers ? rebinder : churn;
                long r = Calls.call(t, f, new long[] {arg}, 1);
                if (idx < readers) {
                    totals[idx] = takeInt(t, r);
                    hits[idx] = t.specHits;
                } else {
                    t.decref(r);
                }
            } finally {
                t.decref(arg);
            }
        });
        long words = "alpha".length() + "beta".length() + "gamma".length() + "delta".length();
        for (long total : totals) {
            assertThat(total).as("every LOAD_GLOBAL returned the live binding").isEqualTo(n * 1000L + n / 4 * words);
        }
        for (long h : hits) {
            assertThat(h).as("the readers ran specialised forms (LOAD_GLOBAL_MODULE/BUILTIN among them)").isGreaterThan(n);
        }
        long log = global("LOG");
        assertThat(Lists.size(log)).as("appends to a shared global list by a churning thread").isEqualTo(n);
        main.decref(log);
        main.decref(reader);
        main.decref(rebinder);
        main.decref(churn);
    }

    @Test
    void shouldReadGlobalsCorrectlyWhileOthersRebindInsertAndDeleteCounted() throws Exception {
        exec(PROGRAM);
        runMix(2, 20_000);
    }

    @Test
    void shouldReadGlobalsCorrectlyAfterThreadStartImmortalisation() throws Exception {
        exec(PROGRAM);
        assertThat(vm.prepareThreadStart(main)).as("objects made immortal at the first thread start").isGreaterThan(10);
        assertThat(vm.prepareThreadStart(main)).as("only the first call does anything").isZero();
        runMix(2, 20_000);
    }

    @Test
    void shouldImmortaliseSharedHotObjectsAndReleaseThemAtFinish() throws Exception {
        exec(PROGRAM);
        long words = global("WORDS");
        long reader = global("reader");
        assertThat(isImmortal(words)).isFalse();
        vm.prepareThreadStart(main);
        assertThat(isImmortal(words)).as("a list bound in globals").isTrue();
        assertThat(isImmortal(reader)).as("a function bound in globals").isTrue();
        assertThat(isImmortal(globals)).as("the module's globals dict").isTrue();
        assertThat(isImmortal(vm.builtinsDict)).isTrue();
        int before = vm.shared.adoptedCount();
        exec("""
            def later():
                return [1, 2]
            def maker():
                def inner():
                    return 1
                return inner
            """);
        long later = global("later");
        assertThat(isImmortal(later)).as("a function stored in globals after threads started").isTrue();
        long maker = global("maker");
        long inner = Calls.call(main, maker, new long[0], 0);
        assertThat(isImmortal(inner)).as("a nested function never stored in globals stays counted").isFalse();
        main.decref(inner);
        assertThat(vm.shared.adoptedCount()).isGreaterThan(before);
        main.decref(words);
        main.decref(reader);
        main.decref(later);
        main.decref(maker);
        // finishVm: vm.finish releases every adopted object; the leak report must be empty
    }

    private static boolean isImmortal(long o) {
        return UnsafeApi.getInt(o + ObjectHeader.OWNER_ID_OFFSET) == ObjectHeader.IMMORTAL_OWNER;
    }
}
