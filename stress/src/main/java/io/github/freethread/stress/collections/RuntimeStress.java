package io.github.freethread.stress.collections;

import org.agrona.UnsafeApi;

import io.github.freethread.collections.CollectionsRuntime;
import io.github.freethread.collections.ThreadContext;
import io.github.freethread.collections.object.IntObject;
import io.github.freethread.refcount.ObjectHeader;
import io.github.freethread.refcount.ObjectRuntime;
import io.github.freethread.refcount.RuntimeConfig;
import io.github.freethread.refcount.ThreadState;

/**
 * The full stack for jcstress (refcount runtime in BIASED mode, its allocator gated by QSBR), one
 * per fork. Each actor thread attaches once; an actor goes online (QSBR and the refcount layer's
 * stop-the-world gate) on entry and passes a safe point and goes offline on exit, so jcstress
 * worker threads that end never hold back reclamation nor a stop-the-world collection.
 */
final class RuntimeStress {
    static final CollectionsRuntime COLLECTIONS = CollectionsRuntime.create(RuntimeConfig.defaults());
    static final ObjectRuntime RUNTIME = COLLECTIONS.objectRuntime();

    private RuntimeStress() {}

    /** The calling actor's context, online. */
    static ThreadContext enter() {
        ThreadState ts = RUNTIME.attach();
        ts.online(); // stop-the-world collections (per-thread counted values) wait for online actors only
        ThreadContext t = CollectionsRuntime.context(ts);
        t.qsbr().online();
        return t;
    }

    /** Ends an actor: a runtime safe point (merge queue, QSBR quiescent point and frees), then offline. */
    static void leave(ThreadContext t) {
        ((ThreadState) t.objectThread()).poll();
        t.qsbr().offline();
        ((ThreadState) t.objectThread()).offline();
    }

    /** A new int object, made immortal (keys and values shared by every instance of a test). */
    static long immortalInt(ThreadContext t, long value) {
        long obj = IntObject.create(COLLECTIONS.space(), t, value);
        RUNTIME.makeImmortal(obj);
        return obj;
    }

    /** The counting fields of {@code obj}'s header folded into one word (owner id, local count,
     *  shared word): equal before and after means no count was written in between. */
    static long countWords(long obj) {
        return UnsafeApi.getLongVolatile(null, obj + ObjectHeader.SHARED_COUNT_OFFSET) * 31
                + ((long) UnsafeApi.getIntVolatile(null, obj + ObjectHeader.OWNER_ID_OFFSET) << 32)
                + UnsafeApi.getIntVolatile(null, obj + ObjectHeader.LOCAL_COUNT_OFFSET);
    }

    /** 1 = alive with {@code expected}; 2 = alive, another value (reused address); 3 = freed. */
    static int classify(long obj, long expected) {
        if ((UnsafeApi.getInt(obj + ObjectHeader.TYPE_ID_OFFSET) & ObjectHeader.TYPE_FREED_BIT) != 0
                || UnsafeApi.getInt(obj + ObjectHeader.OWNER_ID_OFFSET) == ObjectHeader.FREED_OWNER) {
            return 3;
        }
        return UnsafeApi.getLong(obj + ObjectHeader.HEADER_SIZE + IntObject.VALUE_OFFSET) == expected ? 1 : 2;
    }
}
