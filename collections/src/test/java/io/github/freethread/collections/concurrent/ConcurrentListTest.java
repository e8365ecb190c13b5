package io.github.freethread.collections.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.github.freethread.collections.list.ListCursor;
import io.github.freethread.collections.list.ObjectList;
import io.github.freethread.collections.object.IntObject;

/**
 * Readers and writers on one list: appends, inserts, sets, pops (with shrinking resizes) against
 * lock-free gets and cursors: every item read was written and is alive while held; nothing leaks.
 */
class ConcurrentListTest {
    private static final int WRITES = 60_000;

    @Test
    void shouldReturnOnlyWrittenLiveItemsWhileWritersMutateAndResize() throws Exception {
        try (SharedRuntime rt = new SharedRuntime()) {
            Set<Long> written = ConcurrentHashMap.newKeySet();
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicLong hits = new AtomicLong();
            AtomicLong nextValue = new AtomicLong();
            ObjectList[] list = new ObjectList[1];
            rt.runThreads(List.of(t -> list[0] = ObjectList.create(t)));
            SharedRuntime.ThreadBody writer = t -> {
                SplittableRandom rnd = new SplittableRandom(3);
                try {
                    for (int i = 0; i < WRITES; i++) {
                        long len = list[0].length();
                        int op = rnd.nextInt(10);
                        if (op < 4 || len < 4) {
                            long v = nextValue.incrementAndGet();
                            written.add(v);
                            long obj = IntObject.create(rt.space, t, v);
                            if (op == 0) {
                                list[0].insert(t, rnd.nextLong(len + 1), obj);
                            } else {
                                list[0].append(t, obj);
                            }
                            rt.space.decref(t, obj);
                        } else if (op < 6) {
                            long v = nextValue.incrementAndGet();
                            written.add(v);
                            long obj = IntObject.create(rt.space, t, v);
                            list[0].set(t, rnd.nextLong(len), obj);
                            rt.space.decref(t, obj);
                        } else if (len > 200 || op < 9) {
                            rt.space.decref(t, list[0].pop(t, rnd.nextLong(len)));
                        }
                        if (len > 400) {
                            list[0].clear(t); // large shrink: the array goes through QSBR
                        }
                        if ((i & 63) == 0) {
                            t.safePoint();
                        }
                    }
                } finally {
                    writing.set(false);
                }
            };
            SharedRuntime.ThreadBody reader = t -> {
                SplittableRandom rnd = new SplittableRandom(11);
                int n = 0;
                while (writing.get()) {
                    long len = list[0].length();
                    if (len > 0) {
                        try {
                            long item = list[0].get(t, rnd.nextLong(len));
                            assertThat(written).contains(rt.liveIntValue(item));
                            rt.space.decref(t, item);
                            hits.incrementAndGet();
                        } catch (IndexOutOfBoundsException shrunk) {
                            assertThat(shrunk).hasMessageContaining("out of range for length");
                        }
                    }
                    if ((++n & 63) == 0) {
                        t.safePoint();
                    }
                }
            };
            SharedRuntime.ThreadBody iterator = t -> {
                while (writing.get()) {
                    try (ListCursor c = list[0].cursor(t)) {
                        while (c.next()) {
                            assertThat(written).contains(rt.liveIntValue(c.current()));
                        }
                    }
                    t.safePoint();
                }
            };
            rt.runThreads(List.of(writer, reader, iterator));
            assertThat(hits.get()).as("readers found items").isPositive();
            rt.runThreads(List.of(t -> {
                list[0].assertInvariants(t);
                list[0].dispose(t);
                t.safePoint();
            }));
            assertThat(rt.space.liveObjects()).as("objects leaked").isZero();
        }
    }
}
