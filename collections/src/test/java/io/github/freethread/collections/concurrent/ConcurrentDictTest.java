package io.github.freethread.collections.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.github.freethread.collections.ThreadContext;
import io.github.freethread.collections.dict.DictCursor;
import io.github.freethread.collections.dict.ObjectDict;
import io.github.freethread.collections.object.IntObject;

/**
 * Readers and writers on one dict: every value a reader gets was written by a writer and is alive
 * while the reader holds it; iteration during mutation sees only written entries; nothing leaks.
 */
class ConcurrentDictTest {
    private static final int KEYS = 48;
    private static final int WRITES = 60_000;

    @Test
    void shouldReturnOnlyWrittenLiveValuesWhileWritersPutRemoveAndResize() throws Exception {
        try (SharedRuntime rt = new SharedRuntime()) {
            Set<Long> written = ConcurrentHashMap.newKeySet();
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicLong hits = new AtomicLong();
            AtomicLong nextValue = new AtomicLong(1_000_000);
            long[] keys = new long[KEYS];
            ObjectDict[] dict = new ObjectDict[1];
            rt.runThreads(List.of(t -> {
                dict[0] = ObjectDict.create(t);
                for (int i = 0; i < KEYS; i++) {
                    keys[i] = IntObject.create(rt.space, t, i);
                }
            }));
            ThreadContext.class.getName(); // keys and dict were made on a thread that has exited: fine
            SharedRuntime.ThreadBody writer = t -> {
                SplittableRandom rnd = new SplittableRandom(Thread.currentThread().threadId());
                try {
                    for (int i = 0; i < WRITES; i++) {
                        long key = keys[rnd.nextInt(KEYS)];
                        if (rnd.nextInt(4) == 0) {
                            dict[0].remove(t, key);
                        } else {
                            long v = nextValue.incrementAndGet();
                            written.add(v);
                            long obj = IntObject.create(rt.space, t, v);
                            dict[0].put(t, key, obj);
                            rt.space.decref(t, obj);
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
                SplittableRandom rnd = new SplittableRandom(7);
                int n = 0;
                while (writing.get()) {
                    long v = dict[0].get(t, keys[rnd.nextInt(KEYS)]);
                    if (v != 0) {
                        long value = rt.liveIntValue(v);
                        assertThat(written).as("value read was written").contains(value);
                        rt.space.decref(t, v);
                        hits.incrementAndGet();
                    }
                    if ((++n & 63) == 0) {
                        t.safePoint();
                    }
                }
            };
            SharedRuntime.ThreadBody iterator = t -> {
                while (writing.get()) {
                    try (DictCursor c = dict[0].cursor(t)) {
                        long lastKey = -1;
                        while (c.next()) {
                            long k = IntObject.value(rt.space, c.key());
                            assertThat(k).isBetween(0L, (long) KEYS - 1);
                            assertThat(written).contains(rt.liveIntValue(c.value()));
                            lastKey = k;
                        }
                        assertThat(lastKey).isGreaterThanOrEqualTo(-1);
                    }
                    t.safePoint();
                }
            };
            rt.runThreads(List.of(writer, reader, iterator));
            assertThat(hits.get()).as("readers found values").isPositive();
            rt.runThreads(List.of(t -> {
                dict[0].assertInvariants(t);
                dict[0].dispose(t);
                for (long k : keys) {
                    rt.space.decref(t, k);
                }
                t.safePoint();
            }));
            assertThat(rt.space.liveObjects()).as("objects leaked").isZero();
        }
    }
}
