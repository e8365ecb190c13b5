package io.github.freethread.stress.refcount;

import java.util.function.LongConsumer;

import org.agrona.UnsafeApi;

import io.github.freethread.allocator.AllocatorConfig;
import io.github.freethread.refcount.ObjectHeader;
import io.github.freethread.refcount.ObjectRuntime;
import io.github.freethread.refcount.ObjectType;
import io.github.freethread.refcount.RuntimeConfig;
import io.github.freethread.refcount.ThreadState;

/**
 * What the refcount jcstress tests share: ONE runtime for all instances (checked mode: a count
 * operation on a freed object, a double free or a write after free becomes an error instead of
 * silent corruption), and small per-instance objects.
 *
 * <p>Binding thread states to actors: jcstress runs actors on threads we do not choose, and
 * counting needs "owner" and "non-owner" roles. Each test instance therefore registers its own
 * thread states with {@link ObjectRuntime#newThreadState()} (not bound to any thread) and each
 * actor passes "its" state explicitly to every operation — the runtime only requires that one
 * thread at a time uses a state, with a happens-before edge at each hand-over, which jcstress
 * gives between constructor, actors and arbiter. The arbiter detaches the states, so nothing
 * accumulates across millions of instances: a state costs one small object and a registry entry.
 *
 * <p>Per instance: a <em>probe</em> block (16 bytes: a free counter, and a slot word for the
 * lock-free reader test) and a probed object (header + 8 bytes pointing at the probe), whose
 * type increments the probe's counter when it is deallocated: "freed exactly once" is read from
 * there by the arbiter, which then frees the probe.
 */
final class StressObjects {
    static final ObjectRuntime RT = ObjectRuntime.create(RuntimeConfig.defaults().withChecked(true)
        .withAllocator(AllocatorConfig.defaults().withReuseGate(ReaderEpochGate.INSTANCE)));

    /** Deallocation increments the probe's free counter. */
    static final int PROBED = RT.types().register(new ObjectType() {
        @Override
        public String name() {
            return "stress-probed";
        }

        @Override
        public void visitReferences(long obj, LongConsumer childVisitor) {
            UnsafeApi.getAndAddInt(null, UnsafeApi.getLong(payload(obj)), 1);
        }
    });

    static final long MAGIC = 0x5EED_CAFE_F00DL;

    /** Deferred-test type: checks its payload on deallocation (no probe: it may be reclaimed late). */
    static final int DEFERRED = RT.types().register(new ObjectType() {
        @Override
        public String name() {
            return "stress-deferred";
        }

        @Override
        public void visitReferences(long obj, LongConsumer childVisitor) {
            if (UnsafeApi.getLong(payload(obj)) != MAGIC) {
                throw new IllegalStateException("deferred object corrupted before reclamation: " + ObjectHeader.describe(obj));
            }
        }
    });

    private StressObjects() {}

    static long payload(long obj) {
        return obj + ObjectHeader.HEADER_SIZE;
    }

    /** A zeroed probe: [0] int frees, [8] long slot. */
    static long newProbe() {
        long probe = RT.allocator().malloc(16);
        UnsafeApi.putLong(probe, 0);
        UnsafeApi.putLong(probe + 8, 0);
        return probe;
    }

    /** An object owned by {@code owner} (local count 1) reporting its deallocation to {@code probe}. */
    static long newProbed(ThreadState owner, long probe) {
        long obj = RT.allocate(owner, PROBED, 8);
        UnsafeApi.putLong(payload(obj), probe);
        return obj;
    }

    static int frees(long probe) {
        return UnsafeApi.getIntVolatile(null, probe);
    }

    static long slot(long probe) {
        return probe + 8;
    }

    static int deallocations(ThreadState ts) {
        return (int) ts.counters().deallocations();
    }

    static void freeProbe(long probe) {
        RT.allocator().free(probe);
    }
}
