package io.github.freethread.stress.collections;

import org.agrona.UnsafeApi;

import io.github.freethread.collections.CollectionsRuntime;
import io.github.freethread.collections.ThreadContext;
import io.github.freethread.collections.object.IntObject;
import io.github.freethread.collections.object.StandaloneHeader;
import io.github.freethread.collections.object.StandaloneObjects;

/**
 * One collections runtime shared by every jcstress instance in a fork (instances are many and must
 * stay cheap). Actor threads are attached once and stay attached; each actor goes online on entry
 * and offline on exit ({@link #enter()} / {@link #leave}), so a jcstress worker thread that ends
 * never holds back QSBR reclamation. Checked mode: freed objects' payloads are poisoned, so a
 * reader of freed memory sees the poison.
 */
final class StressRuntime {
    static final StandaloneObjects SPACE = new StandaloneObjects(true);
    static final CollectionsRuntime RUNTIME = new CollectionsRuntime(SPACE);

    private StressRuntime() {}

    /** The calling actor's context, online. */
    static ThreadContext enter() {
        ThreadContext t = RUNTIME.attach();
        t.qsbr().online();
        return t;
    }

    /** Ends an actor: safe point (processes deferred frees), then offline. */
    static void leave(ThreadContext t) {
        t.safePoint();
        t.qsbr().offline();
    }

    /** A new int object with count 1 owned by the caller. */
    static long newInt(ThreadContext t, long value) {
        return IntObject.create(SPACE, t, value);
    }

    /** An int object that is never freed (shared by all instances: keys). */
    static long immortalInt(long value) {
        ThreadContext t = RUNTIME.attach();
        long o = IntObject.create(SPACE, t, value);
        SPACE.incref(t, o); // one extra reference that is never dropped
        return o;
    }

    /** Classifies an object a reader obtained: 1 = alive with {@code expected}, 2 = alive but a
     *  different value (a reused address), 3 = dead (count <= 0) or poisoned. */
    static int classify(long obj, long expected) {
        long count = UnsafeApi.getLongVolatile(null, obj + StandaloneHeader.COUNT_OFFSET);
        if (count <= 0) {
            return 3;
        }
        long v = UnsafeApi.getLong(SPACE.payload(obj) + IntObject.VALUE_OFFSET);
        if (v == expected) {
            return 1;
        }
        return v == 0xA5A5A5A5A5A5A5A5L ? 3 : 2;
    }
}
