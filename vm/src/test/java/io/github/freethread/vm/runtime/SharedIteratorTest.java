package io.github.freethread.vm.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * One iterator object advanced by several threads at once ({@code it = iter(l)} handed to
 * workers): every position of the container is handed to at most one {@code next()} call, none is
 * skipped while the container does not shrink, and exhaustion is final. Before the index was
 * claimed by CAS, two threads could both return position i, and a thread writing back a stale
 * {@code i + 1} moved the index backwards so a whole run of items was returned again.
 */
class SharedIteratorTest extends SharedVmTest {
    static final int THREADS = 4;
    static final long BASE = 10_000;

    /** A list (or tuple / dict) of the ints BASE .. BASE+n-1, each a distinct object. */
    private long intList(int n) {
        long l = Lists.newList(main, n);
        for (int i = 0; i < n; i++) {
            Lists.appendOwned(main, l, main.newInt(BASE + i));
        }
        return l;
    }

    /** Drains {@code it} from THREADS threads; returns every value returned, per thread concatenated. */
    private List<Long> drainShared(long it, boolean pairs) throws Exception {
        List<List<Long>> got = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            got.add(new ArrayList<>());
        }
        runThreads(THREADS, (t, idx) -> {
            List<Long> mine = got.get(idx);
            long x;
            while ((x = Iterators.next(t, it)) != 0) {
                if (pairs) {
                    long v = VmThread.tupleItem(x, 0);
                    mine.add(VmThread.intValue(v));
                    t.decref(x);
                } else {
                    mine.add(takeInt(t, x));
                }
                if ((mine.size() & 63) == 0) {
                    t.safePoint();
                }
            }
            assertThat(Iterators.next(t, it)).as("an exhausted shared iterator stays exhausted").isZero();
        });
        List<Long> all = new ArrayList<>();
        got.forEach(all::addAll);
        Collections.sort(all);
        return all;
    }

    private static List<Long> range(long from, int n) {
        List<Long> r = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            r.add(from + i);
        }
        return r;
    }

    @RepeatedTest(3)
    void shouldHandEachListPositionToExactlyOneThreadOfASharedIterator() throws Exception {
        int n = 40_000;
        long l = intList(n);
        long it = Iterators.iter(main, l);
        assertThat(drainShared(it, false)).as("every item exactly once").isEqualTo(range(BASE, n));
        main.decref(it);
        main.decref(l);
    }

    @Test
    void shouldHandEachPositionOnceOfSharedReversedTupleDictAndEnumerateIterators() throws Exception {
        int n = 20_000;
        long l = intList(n);
        long rev = Iterators.newIter(main, Iterators.LIST_REVERSED, l, n - 1, 0, 0);
        assertThat(drainShared(rev, false)).as("reversed(list)").isEqualTo(range(BASE, n));
        main.decref(rev);

        long[] items = Lists.snapshotOwned(main, l);
        long tup = main.newTuple(n);
        for (int i = 0; i < n; i++) {
            VmThread.tupleInit(tup, i, items[i]);
        }
        long tit = Iterators.iter(main, tup);
        assertThat(drainShared(tit, false)).as("tuple").isEqualTo(range(BASE, n));
        main.decref(tit);

        long d = Dicts.newDict(main, 0);
        for (int i = 0; i < n; i++) {
            long k = main.newInt(BASE + i);
            Dicts.put(main, d, k, main.none);
            main.decref(k);
        }
        long dit = Iterators.iter(main, d);
        assertThat(drainShared(dit, false)).as("dict keys").isEqualTo(range(BASE, n));
        main.decref(dit);

        long inner = Iterators.iter(main, tup);
        long en = Iterators.newIter(main, Iterators.ENUMERATE, inner, 0, 0, 0);
        main.decref(inner);
        assertThat(drainShared(en, true)).as("enumerate counts").isEqualTo(range(0, n));
        main.decref(en);
        main.decref(tup);
        main.decref(d);
        main.decref(l);
    }

    /**
     * Two threads share one iterator while a third appends distinct items and a fourth replaces
     * items in place ({@code l[i] = v}, no shift): no value is ever returned twice, and every
     * original position that was not replaced is returned (appends never shift, so nothing
     * present from the start can be skipped).
     */
    @RepeatedTest(3)
    void shouldNeverReturnAValueTwiceWhileAnotherThreadAppendsAndSets() throws Exception {
        int n = 20_000;
        long l = intList(n);
        long it = Iterators.iter(main, l);
        AtomicBoolean done = new AtomicBoolean();
        List<List<Long>> got = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            got.add(new ArrayList<>());
        }
        List<Long> replacedPositions = Collections.synchronizedList(new ArrayList<>());
        runThreads(4, (t, idx) -> {
            if (idx < 2) {
                List<Long> mine = got.get(idx);
                long x;
                while ((x = Iterators.next(t, it)) != 0) {
                    mine.add(takeInt(t, x));
                    if ((mine.size() & 63) == 0) {
                        t.safePoint();
                    }
                }
                if (idx == 0) {
                    done.set(true);
                }
                return;
            }
            SplittableRandom r = new SplittableRandom(idx * 31L);
            long next = idx == 2 ? 1_000_000 : 2_000_000;
            for (int k = 0; !done.get() && k < 50_000; k++) {
                long v = t.newInt(next++);
                if (idx == 2) {
                    Lists.appendOwned(t, l, v);
                } else {
                    long pos = r.nextLong(n);
                    Lists.set(t, l, pos, v);
                    t.decref(v);
                    replacedPositions.add(pos);
                }
                if ((k & 63) == 0) {
                    t.safePoint();
                }
            }
        });
        List<Long> all = new ArrayList<>();
        got.forEach(all::addAll);
        assertThat(all).as("no value returned twice by one shared iterator").doesNotHaveDuplicates();
        List<Long> originals = new ArrayList<>(range(BASE, n));
        for (long p : replacedPositions) {
            originals.remove(Long.valueOf(BASE + p));
        }
        assertThat(all).as("original items never replaced are all returned").containsAll(originals);
        Lists.assertInvariants(l);
        main.decref(it);
        main.decref(l);
    }
}
