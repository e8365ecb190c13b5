package io.github.freethread.vm.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * Dicts under real parallel Python threads: every put is kept (per-thread and shared keys), a key
 * present throughout is never reported absent while other threads resize the table, setdefault
 * inserts once, iteration racing mutation returns only live keys, and nothing leaks.
 */
class SharedDictTest extends SharedVmTest {
    static final int THREADS = 4;
    static final int PER_THREAD = 2000;
    static final int SHARED_KEYS = 32;

    private long key(VmThread t, String s) {
        return t.newStr(s);
    }

    @Test
    void shouldKeepEveryPutOfPerThreadAndSharedKeysWhileReadersLookUp() throws Exception {
        long d = Dicts.newDict(main, 0);
        AtomicInteger writersLeft = new AtomicInteger(THREADS);
        runThreads(THREADS + 1, (t, idx) -> {
            if (idx == THREADS) { // reader of the shared keys
                SplittableRandom r = new SplittableRandom(3);
                while (writersLeft.get() > 0) {
                    long k = key(t, "s" + r.nextInt(SHARED_KEYS));
                    long v = Dicts.getOwned(t, d, k);
                    if (v != 0) {
                        assertThat(takeInt(t, v)).isBetween(1000L, 1000L + THREADS * 100_000L);
                    }
                    t.decref(k);
                    t.safePoint();
                }
                return;
            }
            for (int i = 0; i < PER_THREAD; i++) {
                long k = key(t, "k" + idx + "_" + i);
                long v = t.newInt(1000 + idx * 100_000L + i);
                Dicts.put(t, d, k, v);
                t.decref(k);
                long sk = key(t, "s" + (i % SHARED_KEYS));
                Dicts.put(t, d, sk, v);
                t.decref(sk);
                t.decref(v);
                if ((i & 127) == 0) {
                    t.safePoint();
                }
            }
            writersLeft.decrementAndGet();
        });
        assertThat(Dicts.size(d)).isEqualTo((long) THREADS * PER_THREAD + SHARED_KEYS);
        Dicts.assertInvariants(main, d);
        for (int th = 0; th < THREADS; th++) {
            for (int i = 0; i < PER_THREAD; i++) {
                long k = key(main, "k" + th + "_" + i);
                assertThat(takeInt(main, Dicts.getOwned(main, d, k))).isEqualTo(1000 + th * 100_000L + i);
                main.decref(k);
            }
        }
        main.decref(d);
    }

    @Test
    void shouldNeverMissAKeyPresentThroughoutWhileAnotherThreadResizes() throws Exception {
        long d = Dicts.newDict(main, 0);
        long stable = key(main, "stable");
        long sv = main.newInt(424242);
        Dicts.put(main, d, stable, sv);
        main.decref(sv);
        AtomicBoolean done = new AtomicBoolean();
        runThreads(3, (t, idx) -> {
            if (idx == 0) { // insert/delete churn: every few steps the table is rebuilt and retired
                for (int i = 0; i < 20_000; i++) {
                    long k = key(t, "churn" + i);
                    long v = t.newInt(5000 + i);
                    Dicts.put(t, d, k, v);
                    if (i % 3 != 0) {
                        t.decref(Dicts.pop(t, d, k));
                    }
                    t.decref(k);
                    t.decref(v);
                    if ((i & 255) == 0) {
                        t.safePoint();
                    }
                }
                done.set(true);
                return;
            }
            long probe = key(t, "stable"); // an equal key, not the same object: exercises key comparison
            int n = 0;
            while (!done.get() || n < 1000) {
                long v = idx == 1 ? Dicts.getOwned(t, d, probe) : Dicts.getOwned(t, d, stable);
                assertThat(v).as("lookup %d of a key present throughout", n).isNotZero();
                assertThat(takeInt(t, v)).isEqualTo(424242);
                if ((++n & 255) == 0) {
                    t.safePoint();
                }
            }
            t.decref(probe);
        });
        Dicts.assertInvariants(main, d);
        assertThat(Dicts.size(d)).isEqualTo(1 + 20_000 / 3 + 1);
        main.decref(stable);
        main.decref(d);
    }

    @Test
    void shouldIterateOnlyLiveEntriesWhileAnotherThreadMutates() throws Exception {
        long d = Dicts.newDict(main, 0);
        for (int i = 0; i < 100; i++) {
            long k = main.newInt(10_000 + i);
            Dicts.put(main, d, k, k);
            main.decref(k);
        }
        AtomicBoolean done = new AtomicBoolean();
        runThreads(3, (t, idx) -> {
            if (idx == 0) {
                SplittableRandom r = new SplittableRandom(11);
                for (int i = 0; i < 6000; i++) {
                    long k = t.newInt(10_000 + r.nextInt(400));
                    if (r.nextBoolean()) {
                        Dicts.put(t, d, k, k);
                    } else {
                        t.xdecref(Dicts.pop(t, d, k));
                    }
                    t.decref(k);
                    if ((i & 63) == 0) {
                        t.safePoint();
                    }
                }
                done.set(true);
                return;
            }
            int rounds = 0;
            long[] kv = new long[2];
            while (!done.get() || rounds < 3) {
                if (idx == 2) { // the step itself (lock-free, locked fallback) over every position, no size check
                    long pos = 0;
                    while ((pos = Dicts.iterStep(t, d, pos, true, true, kv)) >= 0) {
                        assertThat(VmThread.intValue(kv[1])).as("no torn pair").isEqualTo(VmThread.intValue(kv[0]));
                        assertThat(takeInt(t, kv[0])).isBetween(10_000L, 10_400L);
                        t.decref(kv[1]);
                    }
                    t.safePoint();
                    rounds++;
                    continue;
                }
                long view = Iterators.newView(t, Iterators.DICT_ITEMS, d);
                long it = Iterators.iter(t, view);
                long x;
                try {
                    while ((x = Iterators.next(t, it)) != 0) { // (k, v) with equal values: a torn pair would show here
                        long k = VmThread.tupleItem(x, 0);
                        assertThat(VmThread.intValue(VmThread.tupleItem(x, 1))).isEqualTo(VmThread.intValue(k));
                        assertThat(VmThread.intValue(k)).isBetween(10_000L, 10_400L);
                        t.decref(x);
                    }
                } catch (PyError e) {
                    assertThat(e.text).isEqualTo("dictionary changed size during iteration"); // as CPython
                }
                t.decref(it);
                t.decref(view);
                t.safePoint();
                rounds++;
            }
        });
        Dicts.assertInvariants(main, d);
        main.decref(d);
    }

    @Test
    void shouldInsertOnceWithSetdefaultRacingOnTheSameKeys() throws Exception {
        long d = Dicts.newDict(main, 0);
        long[][] seen = new long[THREADS][200];
        runThreads(THREADS, (t, idx) -> {
            for (int i = 0; i < 200; i++) {
                long k = t.newInt(1_000_000 + i);
                long mine = t.newInt(2_000_000 + idx * 1000 + i);
                seen[idx][i] = takeInt(t, Dicts.setDefault(t, d, k, mine));
                t.decref(mine);
                t.decref(k);
            }
        });
        for (int i = 0; i < 200; i++) {
            for (int th = 1; th < THREADS; th++) {
                assertThat(seen[th][i]).as("key %d: every thread saw the one inserted value", i).isEqualTo(seen[0][i]);
            }
        }
        assertThat(Dicts.size(d)).isEqualTo(200);
        Dicts.assertInvariants(main, d);
        main.decref(d);
    }
}
