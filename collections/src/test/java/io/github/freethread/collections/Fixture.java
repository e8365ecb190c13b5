package io.github.freethread.collections;

import io.github.freethread.collections.object.IntObject;
import io.github.freethread.collections.object.ObjectSpace;
import io.github.freethread.collections.object.StandaloneObjects;
import io.github.freethread.collections.object.StrObject;

/** A checked standalone object space with a collections runtime and the test thread attached. */
public final class Fixture implements AutoCloseable {
    public final StandaloneObjects space = new StandaloneObjects(true);
    public final CollectionsRuntime runtime = new CollectionsRuntime(space);
    public final ThreadContext t = runtime.attach();

    public long integer(long v) {
        return IntObject.create(space, t, v);
    }

    public long str(String s) {
        return StrObject.create(space, t, s);
    }

    public long valueOf(long obj) {
        return IntObject.value(space, obj);
    }

    public ObjectSpace space() {
        return space;
    }

    /** Drains QSBR: the only attached thread is us, so every goal is reachable. */
    public void drain() {
        for (int i = 0; i < 4 && (t.qsbr().pendingCount() > 0 || runtime.qsbr().orphanCount() > 0); i++) {
            t.safePoint();
        }
    }

    @Override
    public void close() {
        drain();
        runtime.detach();
        runtime.close();
        space.close();
    }
}
