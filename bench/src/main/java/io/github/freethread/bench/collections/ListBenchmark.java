package io.github.freethread.bench.collections;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

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
import io.github.freethread.collections.list.ObjectList;
import io.github.freethread.collections.object.IntObject;
import io.github.freethread.collections.object.ObjectSpace;
import io.github.freethread.refcount.ThreadState;

/**
 * Indexed list reads: freethread's {@link ObjectList} (lock-free get returning a counted
 * reference, dropped again by the benchmark) against {@link CopyOnWriteArrayList} and
 * {@code Collections.synchronizedList(ArrayList)}. 1024 items, pseudo-random indices.
 * {@code get_1t}/{@code get_2t}: read-only; {@code get_2t_disjoint}: 2 threads, each over its own
 * half of the list; {@code mix_2t}: 90% get / 10% set of an item from a
 * fixed pool. freethread items are made by a helper thread that detaches (shared-path counting for
 * every measuring thread), and each measuring thread passes a safe point every 256 operations.
 * {@code freethread-deferred}: items with deferred counting read with {@link ObjectList#getUse}
 * (uncounted use, valid until the next safe point; released with {@code releaseUse}).
 * {@code freethread-immortal}: immortal items (no atomic in the counted read), isolating the
 * protocol's own cost. {@code freethread-perthread}: items made per-thread counted before they
 * are stored: a counted get that writes only the reader's own count slot.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class ListBenchmark {
    static final int BITS = 10;
    static final int SIZE = 1 << BITS;

    @Param({"freethread", "freethread-immortal", "freethread-deferred", "freethread-perthread", "cow", "synclist"})
    public String impl;

    CollectionsRuntime runtime;
    ObjectSpace space;
    ObjectList list;
    /** freethread-deferred: read with getUse/releaseUse instead of get/decref. */
    boolean uses;
    final long[] items = new long[SIZE];

    List<Integer> javaList;
    final Integer[] boxed = new Integer[SIZE];

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
                list = ObjectList.create(t);
                for (int i = 0; i < SIZE; i++) {
                    items[i] = IntObject.create(space, t, i);
                    // immortal / deferred before the item is stored (as CPython does at creation):
                    // the list then tags the slot and readers skip the item's header
                    if (immortal) {
                        runtime.objectRuntime().makeImmortal(items[i]);
                    } else if (deferred) {
                        runtime.objectRuntime().makeDeferred((ThreadState) t.objectThread(), items[i]);
                    } else if (perThread) {
                        // per-thread counted: each reader counts in its own slot (PerThreadCounting)
                        runtime.objectRuntime().makePerThreadCounted((ThreadState) t.objectThread(), items[i]);
                    }
                    list.append(t, items[i]);
                }
            });
            return;
        }
        for (int i = 0; i < SIZE; i++) {
            boxed[i] = Integer.valueOf(100_000 + i);
        }
        javaList = switch (impl) {
            case "cow" -> new CopyOnWriteArrayList<>(boxed);
            case "synclist" -> Collections.synchronizedList(new ArrayList<>(List.of(boxed)));
            default -> throw new IllegalArgumentException("unknown impl " + impl);
        };
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (runtime != null) {
            FreethreadData.onHelperThread(runtime, t -> {
                list.dispose(t);
                for (long item : items) {
                    space.decref(t, item);
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
        public void attach(ListBenchmark b, ThreadParams params) {
            attachTo(b.runtime, params);
        }

        @TearDown(Level.Trial)
        public void detach(ListBenchmark b) {
            detachFrom(b.runtime);
        }
    }

    private void get(Worker w, Blackhole bh) {
        getAt(w, FreethreadData.index(w.n++, BITS), bh);
    }

    /** A get of an index from this thread's half of the list only. */
    private void getDisjoint(Worker w, Blackhole bh) {
        getAt(w, (w.half << (BITS - 1)) | FreethreadData.index(w.n++, BITS - 1), bh);
    }

    private void getAt(Worker w, int i, Blackhole bh) {
        if (list != null) {
            long item;
            if (uses) {
                item = list.getUse(w.t, i);
                space.releaseUse(w.t, item);
            } else {
                item = list.get(w.t, i);
                space.decref(w.t, item);
            }
            bh.consume(item);
            if ((w.n & 255) == 0) {
                w.ts.poll();
            }
        } else {
            bh.consume(javaList.get(i));
        }
    }

    private void set(Worker w) {
        int i = FreethreadData.index(w.n++, BITS);
        if (list != null) {
            list.set(w.t, i, items[(i + w.n) & (SIZE - 1)]);
            if ((w.n & 255) == 0) {
                w.ts.poll();
            }
        } else {
            javaList.set(i, boxed[(i + w.n) & (SIZE - 1)]);
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

    /** Two threads, each reading only its own half of the list: no item is counted by both. */
    @Benchmark
    @Threads(2)
    public void get_2t_disjoint(Worker w, Blackhole bh) {
        getDisjoint(w, bh);
    }

    @Benchmark
    @Threads(2)
    public void mix_2t(Worker w, Blackhole bh) {
        if (w.n % 10 == 0) {
            set(w);
        } else {
            get(w, bh);
        }
    }
}
