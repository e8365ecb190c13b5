package io.github.freethread.refcount;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

import org.agrona.UnsafeApi;

import io.github.freethread.allocator.Allocator;

/** Object types for the tests: a leaf, and a node with up to two child slots; both record frees. */
final class TestTypes {
    static final long MAGIC = 0x0B1EC7_5AFEL;
    /** payload: [magic][child0][child1] */
    static final long NODE_PAYLOAD = 24;

    final ObjectRuntime rt;
    final int leaf;
    final int node;
    final Set<Long> freed = ConcurrentHashMap.newKeySet();
    final Set<Long> live = ConcurrentHashMap.newKeySet();
    final java.util.concurrent.atomic.AtomicLong doubleFrees = new java.util.concurrent.atomic.AtomicLong();
    final java.util.concurrent.atomic.AtomicLong frees = new java.util.concurrent.atomic.AtomicLong();
    final java.util.concurrent.atomic.AtomicLong allocations = new java.util.concurrent.atomic.AtomicLong();

    TestTypes(ObjectRuntime rt) {
        this.rt = rt;
        leaf = rt.types().register(new Recording("leaf", false));
        node = rt.types().register(new Recording("node", true));
    }

    final class Recording implements ObjectType {
        private final String name;
        private final boolean hasChildren;

        Recording(String name, boolean hasChildren) {
            this.name = name;
            this.hasChildren = hasChildren;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void visitReferences(long obj, LongConsumer childVisitor) {
            if (!live.remove(obj)) {
                doubleFrees.incrementAndGet();
            }
            freed.add(obj);
            frees.incrementAndGet();
            if (UnsafeApi.getLong(payload(obj)) != MAGIC) {
                throw new AssertionError("payload overwritten before deallocation: " + ObjectHeader.describe(obj));
            }
            if (hasChildren) {
                for (int i = 0; i < 2; i++) {
                    long child = UnsafeApi.getLong(payload(obj) + 8 + 8L * i);
                    if (child != 0) {
                        childVisitor.accept(child);
                    }
                }
            }
        }
    }

    static long payload(long obj) {
        return obj + ObjectHeader.HEADER_SIZE;
    }

    long newLeaf(ThreadState ts) {
        return init(rt.allocate(ts, leaf, 8));
    }

    /** A node holding (stealing) the given references. */
    long newNode(ThreadState ts, long child0, long child1) {
        long obj = init(rt.allocate(ts, node, NODE_PAYLOAD));
        UnsafeApi.putLong(payload(obj) + 8, child0);
        UnsafeApi.putLong(payload(obj) + 16, child1);
        return obj;
    }

    private long init(long obj) {
        UnsafeApi.putLong(payload(obj), MAGIC);
        freed.remove(obj);
        live.add(obj);
        allocations.incrementAndGet();
        return obj;
    }

    static boolean intact(long obj) {
        return UnsafeApi.getLong(payload(obj)) == MAGIC;
    }

    static long liveBlocks(Allocator allocator) {
        return allocator.leaks().blockCount(); // exact when quiescent (stats() counts foreign frees until the owner collects)
    }
}
