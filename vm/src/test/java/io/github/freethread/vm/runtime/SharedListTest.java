package io.github.freethread.vm.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

/**
 * Lists under real parallel Python threads: appends never lost, pops hand out every item exactly
 * once, lock-free reads and iteration racing mutation only ever return items that were written and
 * are alive (an owned reference to an int of the written range; checked mode rejects any count
 * operation on a freed block), and nothing leaks.
 */
class SharedListTest extends SharedVmTest {
    static final int THREADS = 4;
    static final int PER_THREAD = 3000;
    static final long BASE = 1000;

    static long value(int thread, int i) {
        return BASE + thread * 100_000L + i;
    }

    @Test
    void shouldNeverLoseAppendsFromFourThreadsWhileAReaderIndexes() throws Exception {
        long l = Lists.newList(main, 0);
        AtomicBoolean done = new AtomicBoolean();
        runThreads(THREADS + 1, (t, idx) -> {
            if (idx == THREADS) { // lock-free reader racing the growth of the item array
                SplittableRandom r = new SplittableRandom(7);
                while (!done.get()) {
                    long n = Lists.size(l);
                    if (n > 0) {
                        long v = Lists.getOwned(t, l, r.nextLong(n));
                        assertThat(v).as("an index below a published size is never empty").isNotZero();
                        long x = takeInt(t, v);
                        assertThat(x).isBetween(BASE, value(THREADS - 1, PER_THREAD));
                    }
                    if ((n & 63) == 0) {
                        t.safePoint();
                    }
                }
                return;
            }
            for (int i = 0; i < PER_THREAD; i++) {
                long v = t.newInt(value(idx, i));
                Lists.append(t, l, v);
                t.decref(v);
                if ((i & 255) == 0) {
                    t.safePoint();
                }
            }
            synchronized (done) {
                finished++;
                if (finished == THREADS) {
                    done.set(true);
                }
            }
        });
        assertThat(Lists.size(l)).isEqualTo((long) THREADS * PER_THREAD);
        Lists.assertInvariants(l);
        long[] items = Lists.snapshotOwned(main, l);
        long[] values = new long[items.length];
        for (int i = 0; i < items.length; i++) {
            values[i] = takeInt(main, items[i]);
        }
        Arrays.sort(values);
        long[] expected = new long[THREADS * PER_THREAD];
        int k = 0;
        for (int th = 0; th < THREADS; th++) {
            for (int i = 0; i < PER_THREAD; i++) {
                expected[k++] = value(th, i);
            }
        }
        Arrays.sort(expected);
        assertThat(values).isEqualTo(expected);
        main.decref(l);
    }

    private int finished;

    @Test
    void shouldPopEveryItemExactlyOnceAcrossThreads() throws Exception {
        long l = Lists.newList(main, 0);
        int total = THREADS * PER_THREAD;
        for (int i = 0; i < total; i++) {
            long v = main.newInt(BASE + i);
            Lists.appendOwned(main, l, v);
        }
        List<List<Long>> popped = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            popped.add(new ArrayList<>());
        }
        runThreads(THREADS, (t, idx) -> {
            SplittableRandom r = new SplittableRandom(idx);
            List<Long> mine = popped.get(idx);
            while (true) {
                long v;
                try {
                    v = Lists.pop(t, l, r.nextBoolean() ? Long.MIN_VALUE : 0, "pop");
                } catch (PyError e) {
                    assertThat(e.text).isEqualTo("pop from empty list");
                    return;
                }
                mine.add(takeInt(t, v));
                if ((mine.size() & 127) == 0) {
                    t.safePoint();
                }
            }
        });
        List<Long> all = new ArrayList<>();
        popped.forEach(all::addAll);
        Collections.sort(all);
        assertThat(all).hasSize(total);
        for (int i = 0; i < total; i++) {
            assertThat(all.get(i)).isEqualTo(BASE + i);
        }
        assertThat(Lists.size(l)).isZero();
        Lists.assertInvariants(l);
        main.decref(l);
    }

    @Test
    void shouldIterateAndIndexSafelyWhileAnotherThreadInsertsPopsAndSets() throws Exception {
        long l = Lists.newList(main, 0);
        for (int i = 0; i < 200; i++) {
            Lists.appendOwned(main, l, main.newInt(BASE + i));
        }
        AtomicBoolean done = new AtomicBoolean();
        runThreads(3, (t, idx) -> {
            if (idx == 0) { // the mutator: shifting inserts/pops, slot replacement, growth and shrink by replaceAll
                SplittableRandom r = new SplittableRandom(42);
                for (int i = 0; i < 4000; i++) {
                    long v = t.newInt(BASE + 500 + r.nextInt(1000));
                    switch (r.nextInt(4)) {
                        case 0 -> Lists.insert(t, l, r.nextInt(50), v);
                        case 1 -> Lists.set(t, l, r.nextInt(150), v);
                        case 2 -> {
                            Lists.append(t, l, v);
                            t.decref(Lists.pop(t, l, r.nextInt(100), "pop"));
                        }
                        default -> {
                            long[] items = Lists.snapshotOwned(t, l);
                            Lists.replaceAll(t, l, items, items.length); // a fresh array each time
                        }
                    }
                    t.decref(v);
                    if ((i & 63) == 0) {
                        t.safePoint();
                    }
                }
                done.set(true);
                return;
            }
            int rounds = 0;
            while (!done.get() || rounds < 3) {
                long it = Iterators.iter(t, l);
                long x;
                int seen = 0;
                while ((x = Iterators.next(t, it)) != 0) {
                    assertThat(takeInt(t, x)).isBetween(BASE, BASE + 1500);
                    seen++;
                }
                assertThat(Iterators.next(t, it)).as("an exhausted iterator stays exhausted").isZero();
                t.decref(it);
                assertThat(seen).isGreaterThan(0);
                for (int i = 0; i < 100; i++) {
                    long idxObj = t.newInt(i);
                    try {
                        assertThat(takeInt(t, Sequences.getItem(t, l, idxObj))).isBetween(BASE, BASE + 1500);
                    } catch (PyError e) {
                        assertThat(e.text).isEqualTo("list index out of range");
                    }
                }
                t.safePoint();
                rounds++;
            }
        });
        Lists.assertInvariants(l);
        main.decref(l);
    }

    @Test
    void shouldSortWithoutLosingItemsAppendedByOtherThreads() throws Exception {
        exec("""
            L = [(i * 7919) % 1000 for i in range(1000)]
            def appender(n):
                for i in range(n):
                    L.append(i)
            def sorter(k):
                errors = 0
                for i in range(k):
                    try:
                        L.sort()
                    except ValueError:
                        errors += 1
                return errors
            """);
        long appender = global("appender");
        long sorter = global("sorter");
        runThreads(3, (t, idx) -> {
            long arg = t.newInt(idx == 0 ? 20 : 3000);
            try {
                long r = io.github.freethread.vm.interp.Calls.call(t, idx == 0 ? sorter : appender, new long[] {arg}, 1);
                t.decref(r);
            } finally {
                t.decref(arg);
            }
        });
        long l = global("L");
        assertThat(Lists.size(l)).as("initial 1000 + 2 x 3000 appended, none lost by sorting").isEqualTo(7000);
        Lists.assertInvariants(l);
        main.decref(l);
        main.decref(appender);
        main.decref(sorter);
    }
}
