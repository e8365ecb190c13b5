package io.github.freethread.bench.refcount;

import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import io.github.freethread.refcount.ObjectRuntime;
import io.github.freethread.refcount.ObjectType;
import io.github.freethread.refcount.RefcountMode;
import io.github.freethread.refcount.RuntimeConfig;
import io.github.freethread.refcount.ThreadState;

/**
 * Cost of reference counting per mode (BIASED / ATOMIC / NONATOMIC) on identical code.
 *
 * <ul>
 *   <li>{@code ownerPair}: incref+decref pairs by the thread that allocated the objects, which
 *       only that thread ever counts (the count call sites see owner objects only, as a
 *       thread-private object's sites do).</li>
 *   <li>{@code ownerPairMixedSite}: the same pairs, but the same count methods first ran 4096
 *       non-owner increments in the set-up (the objects of {@code nonOwnerPair}), so the JIT
 *       compiles the shared path into the loop too: the owner path at a call site that also
 *       sees shared objects.</li>
 *   <li>{@code nonOwnerPair}: the same pairs by another thread state (objects keep shared count
 *       &ge; 1, so no decrement queues). In NONATOMIC mode every state shares one bias id, so this
 *       is the plain path too.</li>
 *   <li>{@code shared}: two threads count the same objects at once; one is the owner.</li>
 *   <li>{@code endToEnd}: one thread allocates and hands each object (its only reference) to a
 *       second thread, which drops it; in BIASED mode the drop queues it to the owner, whose
 *       safe point merges and frees it.</li>
 * </ul>
 *
 * <p>Against folding: each invocation walks {@value #OBJECTS} object addresses, incrementing
 * object i and then decrementing object i-1 (see {@link #pairs}); every count is a load and a
 * store (or an atomic) on off-heap memory that the JIT must perform; the last object's count is
 * consumed by the Blackhole. Scores are ns per incref+decref pair ({@code @OperationsPerInvocation}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
public class RefcountBenchmark {
    static final int OBJECTS = 4096;

    static final ObjectType LEAF = new ObjectType() {
        @Override
        public String name() {
            return "bench-leaf";
        }

        @Override
        public void visitReferences(long obj, LongConsumer childVisitor) {
        }
    };

    /** One runtime whose objects only their owner (the benchmark thread) ever counts. */
    @State(Scope.Thread)
    public static class Owned {
        @Param({"BIASED", "ATOMIC", "NONATOMIC"})
        RefcountMode mode;

        ObjectRuntime rt;
        ThreadState owner;
        long[] objs;

        @Setup(Level.Trial)
        public void setUp() {
            rt = ObjectRuntime.create(RuntimeConfig.defaults().withMode(mode));
            int type = rt.types().register(LEAF);
            owner = rt.attach();
            objs = new long[OBJECTS];
            for (int i = 0; i < OBJECTS; i++) {
                objs[i] = rt.allocate(owner, type, 16); // the owner's reference keeps every count >= 1
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            for (long obj : objs) {
                rt.decref(owner, obj);
            }
            rt.close();
        }
    }

    /** One runtime and two thread states used by the benchmark thread. */
    @State(Scope.Thread)
    public static class Single {
        @Param({"BIASED", "ATOMIC", "NONATOMIC"})
        RefcountMode mode;

        ObjectRuntime rt;
        ThreadState owner;
        ThreadState other;
        long[] objs;

        @Setup(Level.Trial)
        public void setUp() {
            rt = ObjectRuntime.create(RuntimeConfig.defaults().withMode(mode));
            int type = rt.types().register(LEAF);
            owner = rt.attach();
            other = rt.newThreadState(); // a second counting context: a non-owner of owner's objects
            objs = new long[OBJECTS];
            for (int i = 0; i < OBJECTS; i++) {
                objs[i] = rt.allocate(owner, type, 16);
                rt.incref(other, objs[i]); // shared count 1: non-owner decrements never queue
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            for (long obj : objs) {
                rt.decref(other, obj);
                rt.decref(owner, obj);
            }
            owner.poll();
            rt.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(OBJECTS)
    public void ownerPair(Owned s, Blackhole bh) {
        pairs(s.rt, s.owner, s.objs, bh);
    }

    @Benchmark
    @OperationsPerInvocation(OBJECTS)
    public void ownerPairMixedSite(Single s, Blackhole bh) {
        pairs(s.rt, s.owner, s.objs, bh);
    }

    @Benchmark
    @OperationsPerInvocation(OBJECTS)
    public void nonOwnerPair(Single s, Blackhole bh) {
        pairs(s.rt, s.other, s.objs, bh);
    }

    /**
     * One pass: increment object i, then decrement object i-1. Each header is touched twice in a
     * row (it stays in L1), yet an increment is never followed by the decrement of a provably
     * equal address, so the JIT cannot fold a pair into nothing.
     */
    private static void pairs(ObjectRuntime rt, ThreadState ts, long[] objs, Blackhole bh) {
        long prev = objs[0];
        rt.incref(ts, prev);
        for (int i = 1; i < objs.length; i++) {
            long obj = objs[i];
            rt.incref(ts, obj);
            rt.decref(ts, prev);
            prev = obj;
        }
        rt.decref(ts, prev);
        bh.consume(rt.refcount(prev));
    }

    /** Objects counted by two threads at once: the allocating state is used by the owner method. */
    @State(Scope.Group)
    public static class Shared {
        /** Starting count of each object in NONATOMIC mode, whose racing plain updates lose counts. */
        static final int NONATOMIC_BASE = 1 << 30;

        @Param({"BIASED", "ATOMIC", "NONATOMIC"})
        RefcountMode mode;

        ObjectRuntime rt;
        ThreadState ownerState;
        long[] objs;

        @Setup(Level.Trial)
        public void setUp() {
            rt = ObjectRuntime.create(RuntimeConfig.defaults().withMode(mode));
            int type = rt.types().register(LEAF);
            ownerState = rt.newThreadState(); // handed to the owner method's thread (JMH orders setup first)
            objs = new long[OBJECTS];
            for (int i = 0; i < OBJECTS; i++) {
                objs[i] = rt.allocate(ownerState, type, 16);
                if (mode == RefcountMode.NONATOMIC) {
                    for (int k = 0; k < 64; k++) {
                        rt.incref(ownerState, objs[i]);
                    }
                    // keep far from zero: lost updates drift the count but never free the object
                    org.agrona.UnsafeApi.putInt(objs[i] + io.github.freethread.refcount.ObjectHeader.LOCAL_COUNT_OFFSET, NONATOMIC_BASE);
                }
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            // No decrefs: in NONATOMIC mode the counts are garbage by design; close() releases all memory.
            rt.close();
        }
    }

    /** The non-owner's state in the shared benchmark. */
    @State(Scope.Thread)
    public static class SharedOther {
        ThreadState ts;

        @Setup(Level.Trial)
        public void setUp(Shared shared) {
            ts = shared.rt.newThreadState();
        }
    }

    @Benchmark
    @Group("shared")
    @OperationsPerInvocation(OBJECTS)
    public void sharedOwner(Shared s, Blackhole bh) {
        pairs(s.rt, s.ownerState, s.objs, bh);
    }

    @Benchmark
    @Group("shared")
    @OperationsPerInvocation(OBJECTS)
    public void sharedNonOwner(Shared s, SharedOther o, Blackhole bh) {
        pairs(s.rt, o.ts, s.objs, bh);
    }

    /** Producer/consumer of objects: allocate on one thread, drop on the other. */
    @State(Scope.Group)
    public static class Handoff {
        @Param({"BIASED", "ATOMIC", "NONATOMIC"})
        RefcountMode mode;

        ObjectRuntime rt;
        int type;
        final LongHandoff ring = new LongHandoff(1024);
        /** Objects the producer dropped itself because the ring was full (producer thread only). */
        long localDrops;

        @Setup(Level.Trial)
        public void setUp() {
            rt = ObjectRuntime.create(RuntimeConfig.defaults().withMode(mode));
            type = rt.types().register(LEAF);
        }
    }

    /** Each end-to-end thread's own state (attached on its own thread). */
    @State(Scope.Thread)
    public static class HandoffThread {
        ThreadState ts;

        @Setup(Level.Trial)
        public void setUp(Handoff h) {
            ts = h.rt.attach();
        }
    }

    /**
     * Allocates an object and hands its only reference over (or, if the ring is full, drops it
     * itself); a safe point every 64 objects.
     */
    @Benchmark
    @Group("endToEnd")
    @OperationsPerInvocation(64)
    public void producer(Handoff h, HandoffThread t) {
        for (int i = 0; i < 64; i++) {
            long obj = h.rt.allocate(t.ts, h.type, 16);
            if (!h.ring.offer(obj)) {
                // Never block: at an iteration's end the consumer stops first, and a waiting
                // producer would hang JMH. A full ring means the consumer lags; drop locally.
                h.rt.decref(t.ts, obj);
                h.localDrops++;
            }
        }
        t.ts.poll(); // safe point: merge (and free) what the consumer queued
    }

    /** Drops up to 64 handed-over objects (queues them to their owner in BIASED mode). */
    @Benchmark
    @Group("endToEnd")
    @OperationsPerInvocation(64)
    public void consumer(Handoff h, HandoffThread t, Blackhole bh) {
        for (int i = 0; i < 64; i++) {
            long obj = h.ring.poll();
            if (obj == 0) {
                Thread.onSpinWait();
                continue;
            }
            h.rt.decref(t.ts, obj);
            bh.consume(obj);
        }
    }
}
