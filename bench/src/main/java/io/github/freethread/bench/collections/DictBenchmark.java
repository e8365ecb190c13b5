package io.github.freethread.bench.collections;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.jctools.maps.NonBlockingHashMap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.ThreadParams;

import io.github.freethread.collections.CollectionsRuntime;
import io.github.freethread.collections.dict.ObjectDict;
import io.github.freethread.collections.object.IntObject;
import io.github.freethread.collections.object.ObjectSpace;
import io.github.freethread.refcount.ThreadState;

/**
 * Dict lookups: freethread's {@link ObjectDict} (lock-free lookup returning a counted reference,
 * which the benchmark drops again) against {@link ConcurrentHashMap}, JCTools'
 * {@link NonBlockingHashMap} and {@code Collections.synchronizedMap(HashMap)}.
 *
 * <p>1024 int keys, looked up with the same key objects that were inserted (as interned names in an
 * interpreter; the Java maps likewise get the identical Integer instances). {@code get_1t} and
 * {@code get_2t}: read-only, 1 and 2 threads. {@code mix_2t}: 2 threads, 90% get / 10% put that
 * replaces a value with one from a fixed pool (no allocation on either side).
 *
 * <p>freethread values are created by a helper thread that detaches, so every measuring thread
 * counts on the shared (atomic) path; each measuring thread passes a safe point every 256
 * operations ({@code ThreadState.poll()}: QSBR quiescent point).
 *
 * <p>{@code freethread-immortal}: the same, with immortal values (as CPython's small ints and
 * interned strings): the conditional increment and the decrement return without an atomic, which
 * isolates the cost of the lookup protocol from the cost of counting.
 *
 * <p>{@code freethread-deferred}: values with deferred counting (as CPython's functions, modules
 * and globals), read with {@link ObjectDict#getUse}: an uncounted use valid until the thread's next
 * safe point (CPython's {@code _Py_dict_lookup_threadsafe_stackref}), ended with
 * {@code releaseUse} — the same consumption (Blackhole, then released) with a different contract.
 *
 * <p>{@code freethread-perthread}: values made per-thread counted before they are stored (the
 * refcount layer's {@code makePerThreadCounted}): {@code get} returns a counted reference as in
 * {@code freethread}, but each thread counts in its own slot (a plain add, the value's header
 * only read), and values are freed only by a stop-the-world collection (none runs while measuring).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class DictBenchmark {
    static final int BITS = 10;
    static final int KEYS = 1 << BITS;

    @Param({"freethread", "freethread-immortal", "freethread-deferred", "freethread-perthread", "chm", "nbhm", "syncmap"})
    public String impl;

    CollectionsRuntime runtime;
    ObjectSpace space;
    ObjectDict dict;
    /** freethread-deferred: read with getUse/releaseUse instead of get/decref. */
    boolean uses;
    final long[] keys = new long[KEYS];
    final long[] values = new long[KEYS];

    Map<Integer, Integer> map;
    final Integer[] boxedKeys = new Integer[KEYS];
    final Integer[] boxedValues = new Integer[KEYS];

    @Setup(Level.Trial)
    public void setup() {
        if (impl.startsWith("freethread")) {
            boolean immortal = impl.equals("freethread-immortal");
            boolean deferred = impl.equals("freethread-deferred");
            boolean perThread = impl.equals("freethread-perthread");
            uses = deferred;
            runtime = FreethreadData.newRuntime();
            space = runtime.space();
            FreethreadData.onHelperThread(runtime, t -> {
                dict = ObjectDict.create(t);
                // Keys first, then values: objects of one size class are packed 40 bytes apart, so
                // interleaving them would put a key and a value on one cache line, and every count
                // write on a value would evict a key the other reader is about to hash (false
                // sharing made by this setup loop, not by the dict; an interpreter's keys are
                // interned strs made long before the values).
                for (int i = 0; i < KEYS; i++) {
                    keys[i] = IntObject.create(space, t, i);
                }
                for (int i = 0; i < KEYS; i++) {
                    values[i] = IntObject.create(space, t, 1_000_000 + i);
                    // Immortal / deferred before the value is stored, as CPython makes small ints
                    // immortal and functions deferred at creation: the dict then tags the value
                    // slot and its readers skip the value's header (docs/collections.md, step 6).
                    if (immortal) {
                        runtime.objectRuntime().makeImmortal(values[i]);
                    } else if (deferred) {
                        runtime.objectRuntime().makeDeferred((ThreadState) t.objectThread(), values[i]);
                    } else if (perThread) {
                        // per-thread counted: each reader counts in its own slot (PerThreadCounting)
                        runtime.objectRuntime().makePerThreadCounted((ThreadState) t.objectThread(), values[i]);
                    }
                    dict.put(t, keys[i], values[i]); // the arrays keep their own references
                }
            });
            return;
        }
        map = switch (impl) {
            case "chm" -> new ConcurrentHashMap<>();
            case "nbhm" -> new NonBlockingHashMap<>();
            case "syncmap" -> Collections.synchronizedMap(new HashMap<>());
            default -> throw new IllegalArgumentException("unknown impl " + impl);
        };
        for (int i = 0; i < KEYS; i++) {
            boxedKeys[i] = Integer.valueOf(i + 100_000); // outside the Integer cache: distinct objects
            boxedValues[i] = Integer.valueOf(1_000_000 + i);
            map.put(boxedKeys[i], boxedValues[i]);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (runtime != null) {
            FreethreadData.onHelperThread(runtime, t -> {
                dict.dispose(t);
                for (int i = 0; i < KEYS; i++) {
                    space.decref(t, keys[i]);
                    space.decref(t, values[i]);
                }
                FreethreadData.collectIfAlone(runtime, t); // frees per-thread counted values
            });
            FreethreadData.close(runtime);
        }
    }

    /** Per measuring thread: its attached state and its position in the index walk. */
    @State(Scope.Thread)
    public static class Worker extends MeasuringThread {
        @Setup(Level.Trial)
        public void attach(DictBenchmark b, ThreadParams params) {
            attachTo(b.runtime, params);
        }

        @TearDown(Level.Trial)
        public void detach(DictBenchmark b) {
            detachFrom(b.runtime);
        }
    }

    private long freethreadGet(Worker w, int i) {
        long v;
        if (uses) {
            v = dict.getUse(w.t, keys[i]);
            space.releaseUse(w.t, v);
        } else {
            v = dict.get(w.t, keys[i]);
            space.decref(w.t, v);
        }
        if ((++w.n & 4095) == 0) {
            w.ts.poll();
        }
        return v;
    }

    private void freethreadPut(Worker w) {
        int i = FreethreadData.index(w.n, BITS);
        dict.put(w.t, keys[i], values[(i + w.n) & (KEYS - 1)]);
        if ((++w.n & 255) == 0) {
            w.ts.poll();
        }
    }

    private Object javaGet(Worker w, int i) {
        w.n++;
        return map.get(boxedKeys[i]);
    }

    private void javaPut(Worker w) {
        int i = FreethreadData.index(w.n++, BITS);
        map.put(boxedKeys[i], boxedValues[(i + w.n) & (KEYS - 1)]);
    }

    private void get(Worker w, Blackhole bh) {
        getAt(w, FreethreadData.index(w.n, BITS), bh);
    }

    /** A get of a key from this thread's half of the key range only. */
    private void getDisjoint(Worker w, Blackhole bh) {
        getAt(w, (w.half << (BITS - 1)) | FreethreadData.index(w.n, BITS - 1), bh);
    }

    private void getAt(Worker w, int i, Blackhole bh) {
        if (dict != null) {
            bh.consume(freethreadGet(w, i));
        } else {
            bh.consume(javaGet(w, i));
        }
    }

    private void mix(Worker w, Blackhole bh) {
        if (w.n % 10 == 0) {
            if (dict != null) {
                freethreadPut(w);
            } else {
                javaPut(w);
            }
        } else {
            get(w, bh);
        }
    }

    @Benchmark
    @Threads(1)
    public void get_1t(Worker w, Blackhole bh) {
        get(w, bh);
    }

    @Benchmark
    @Threads(2)
    public void get_2t(Worker w, Blackhole bh) {
        get(w, bh);
    }

    /**
     * Two threads, each reading only its own half of the keys: no value is read (so no count word
     * written) by both threads. Against {@code get_2t} this separates the scaling of the lookup
     * from the cost of two cores writing the same count words.
     */
    @Benchmark
    @Threads(2)
    public void get_2t_disjoint(Worker w, Blackhole bh) {
        getDisjoint(w, bh);
    }

    @Benchmark
    @Threads(2)
    public void mix_2t(Worker w, Blackhole bh) {
        mix(w, bh);
    }
}
