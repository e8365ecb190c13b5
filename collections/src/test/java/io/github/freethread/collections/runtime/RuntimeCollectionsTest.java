package io.github.freethread.collections.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

import org.agrona.UnsafeApi;
import org.junit.jupiter.api.Test;

import io.github.freethread.collections.CollectionsRuntime;
import io.github.freethread.collections.ThreadContext;
import io.github.freethread.collections.dict.ObjectDict;
import io.github.freethread.collections.list.ObjectList;
import io.github.freethread.collections.object.IntObject;
import io.github.freethread.collections.object.ObjectSpace;
import io.github.freethread.collections.object.StrObject;
import io.github.freethread.collections.object.UnhashableTypeException;
import io.github.freethread.refcount.ObjectHeader;
import io.github.freethread.refcount.ObjectRuntime;
import io.github.freethread.refcount.ObjectType;
import io.github.freethread.refcount.RuntimeConfig;
import io.github.freethread.refcount.ThreadState;

/** The collections over the real refcount runtime and allocator (biased counting, QSBR reuse gate). */
class RuntimeCollectionsTest {

    private static boolean alive(long obj) {
        return (UnsafeApi.getInt(obj + ObjectHeader.TYPE_ID_OFFSET) & ObjectHeader.TYPE_FREED_BIT) == 0
                && UnsafeApi.getInt(obj + ObjectHeader.OWNER_ID_OFFSET) != ObjectHeader.FREED_OWNER;
    }

    @Test
    void shouldRunListAndDictOnTheRefcountRuntimeWithoutLeaks() {
        CollectionsRuntime c = CollectionsRuntime.create(RuntimeConfig.defaults().withChecked(true));
        ObjectRuntime rt = c.objectRuntime();
        ThreadState ts = rt.attach();
        ThreadContext t = CollectionsRuntime.context(ts);
        ObjectSpace space = c.space();
        ObjectList list = ObjectList.create(t);
        ObjectDict dict = ObjectDict.create(t);
        for (int i = 0; i < 100; i++) {
            long k = IntObject.create(space, t, i);
            long v = IntObject.create(space, t, i * 10);
            list.append(t, v);
            dict.put(t, k, v);
            space.decref(t, k);
            space.decref(t, v);
        }
        long probe = IntObject.create(space, t, 42);
        long v = dict.get(t, probe);
        assertThat(IntObject.value(space, v)).isEqualTo(420);
        long item = list.get(t, 42);
        assertThat(item).isEqualTo(v);
        space.decref(t, v);
        space.decref(t, item);
        assertThat(dict.remove(t, probe)).isTrue();
        space.decref(t, probe);
        list.assertInvariants(t);
        dict.assertInvariants(t);
        list.dispose(t);
        dict.dispose(t);
        ts.poll(); // safe point: QSBR frees the retired arrays and tables
        assertThat(t.qsbr().pendingCount()).isZero();
        rt.detach();
        assertThat(rt.allocator().leaks().blockCount()).as("leaks: %s", rt.allocator().leaks()).isZero();
        c.close();
    }

    @Test
    void shouldFindStrAndIntKeysByEqualityThroughTheTypeIdHashFastPath() {
        CollectionsRuntime c = CollectionsRuntime.create(RuntimeConfig.defaults().withChecked(true));
        ObjectRuntime rt = c.objectRuntime();
        ThreadState ts = rt.attach();
        ThreadContext t = CollectionsRuntime.context(ts);
        ObjectSpace space = c.space();
        ObjectDict dict = ObjectDict.create(t);
        List<Long> held = new ArrayList<>();
        for (int i = -3; i < 200; i++) {
            long sk = StrObject.create(space, t, "name" + i);
            long ik = IntObject.create(space, t, i);
            long v = IntObject.create(space, t, 1000 + i);
            // the fast path must agree with the kinds' own hashes
            assertThat(space.hash(sk)).isEqualTo(StrObject.hashOf("name" + i));
            assertThat(space.hash(ik)).isEqualTo(IntObject.KIND.hash(space.payload(ik)));
            dict.put(t, sk, v);
            dict.put(t, ik, v);
            held.add(sk);
            held.add(ik);
            space.decref(t, v);
        }
        long minusOne = IntObject.create(space, t, -1);
        assertThat(space.hash(minusOne)).as("-1 is reserved").isEqualTo(-2);
        space.decref(t, minusOne);
        for (int i = -3; i < 200; i++) {
            long sProbe = StrObject.create(space, t, "name" + i); // equal, not identical
            long iProbe = IntObject.create(space, t, i);
            long a = dict.get(t, sProbe);
            long b = dict.get(t, iProbe);
            assertThat(IntObject.value(space, a)).isEqualTo(1000 + i);
            assertThat(b).isEqualTo(a);
            space.decref(t, a);
            space.decref(t, b);
            space.decref(t, sProbe);
            space.decref(t, iProbe);
        }
        long missing = StrObject.create(space, t, "absent");
        assertThat(dict.get(t, missing)).isZero();
        space.decref(t, missing);
        dict.assertInvariants(t);
        dict.dispose(t);
        held.forEach(k -> space.decref(t, k));
        ts.poll();
        rt.detach();
        assertThat(rt.allocator().leaks().blockCount()).as("leaks: %s", rt.allocator().leaks()).isZero();
        c.close();
    }

    @Test
    void shouldRejectAKeyWhoseRuntimeTypeHasNoHash() {
        CollectionsRuntime c = CollectionsRuntime.create(RuntimeConfig.defaults());
        ObjectRuntime rt = c.objectRuntime();
        int listType = rt.types().register(new ObjectType() {
            @Override
            public String name() {
                return "list";
            }

            @Override
            public void visitReferences(long obj, LongConsumer childVisitor) {}
        });
        ThreadState ts = rt.attach();
        ThreadContext t = CollectionsRuntime.context(ts);
        ObjectDict dict = ObjectDict.create(t);
        long bad = rt.allocate(ts, listType, 8);
        long v = IntObject.create(c.space(), t, 1);
        assertThatThrownBy(() -> dict.put(t, bad, v)).isInstanceOf(UnhashableTypeException.class)
                .hasMessage("unhashable type: 'list'");
        rt.decref(ts, bad);
        rt.decref(ts, v);
        dict.dispose(t);
        ts.poll();
        rt.detach();
        c.close();
    }

    @Test
    void shouldReturnOnlyWrittenLiveValuesToNonOwnerReaders() throws Exception {
        CollectionsRuntime c = CollectionsRuntime.create(RuntimeConfig.defaults().withChecked(true));
        ObjectRuntime rt = c.objectRuntime();
        ObjectSpace space = c.space();
        ThreadState mainTs = rt.attach();
        ThreadContext main = CollectionsRuntime.context(mainTs);
        ObjectDict dict = ObjectDict.create(main);
        ObjectList list = ObjectList.create(main);
        long[] keys = new long[32];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = IntObject.create(space, main, i);
            rt.makeImmortal(keys[i]);
        }
        mainTs.poll();
        rt.detach(); // main's contexts go offline for the run
        Set<Long> written = ConcurrentHashMap.newKeySet();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong hits = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable writer = () -> {
            ThreadState ts = rt.attach();
            ThreadContext t = CollectionsRuntime.context(ts);
            SplittableRandom rnd = new SplittableRandom(5);
            try {
                for (int i = 0; i < 40_000; i++) {
                    long key = keys[rnd.nextInt(keys.length)];
                    long value = 1_000_000L + i;
                    written.add(value);
                    long obj = IntObject.create(space, t, value); // owned by the writer (biased)
                    if (rnd.nextInt(4) == 0) {
                        dict.remove(t, key);
                    } else {
                        dict.put(t, key, obj);
                    }
                    if (list.length() < 64) {
                        list.append(t, obj);
                    } else {
                        space.decref(t, list.pop(t, rnd.nextInt(64)));
                    }
                    space.decref(t, obj);
                    if ((i & 63) == 0) {
                        ts.poll();
                    }
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            } finally {
                writing.set(false);
                rt.detach();
            }
        };
        Runnable reader = () -> {
            ThreadState ts = rt.attach();
            ThreadContext t = CollectionsRuntime.context(ts);
            SplittableRandom rnd = new SplittableRandom(9);
            try {
                int n = 0;
                while (writing.get()) {
                    long v = dict.get(t, keys[rnd.nextInt(keys.length)]);
                    if (v != 0) {
                        assertThat(alive(v)).isTrue();
                        assertThat(written).contains(IntObject.value(space, v));
                        space.decref(t, v);
                        hits.incrementAndGet();
                    }
                    long len = list.length();
                    if (len > 0) {
                        try {
                            long item = list.get(t, rnd.nextLong(len));
                            assertThat(alive(item)).isTrue();
                            assertThat(written).contains(IntObject.value(space, item));
                            space.decref(t, item);
                        } catch (IndexOutOfBoundsException shrunk) {
                            // the list shrank between length() and get(): a valid answer
                        }
                    }
                    if ((++n & 63) == 0) {
                        ts.poll();
                    }
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            } finally {
                rt.detach();
            }
        };
        List<Thread> threads = new ArrayList<>(List.of(new Thread(writer), new Thread(reader)));
        threads.forEach(Thread::start);
        for (Thread th : threads) {
            th.join();
        }
        assertThat(failure.get()).isNull();
        assertThat(hits.get()).isPositive();
        ThreadState ts = rt.attach();
        ThreadContext t = CollectionsRuntime.context(ts);
        dict.assertInvariants(t);
        dict.dispose(t);
        list.dispose(t);
        ts.poll();
        rt.detach();
        c.close(); // closes QSBR (orphans freed) and the runtime; checked allocator reports leaks
        assertThat(rt.allocator().leaksAtClose().blockCount() - keys.length)
                .as("only the immortal keys remain: %s", rt.allocator().leaksAtClose()).isZero();
    }
}
