package io.github.freethread.vm.modules;

import static io.github.freethread.vm.runtime.VmThread.*;

import io.github.freethread.vm.runtime.TypeIds;
import io.github.freethread.vm.runtime.VmThread;

/** Data attributes and reprs of handle objects (thread, lock, event, future, executor, queue), as CPython 3.11 prints them. */
public final class HandleAttributes {
    private HandleAttributes() {
    }

    /** {@code o.name} for a handle object (owned), or 0 if it has no such data attribute. */
    public static long get(VmThread t, long o, String name) {
        if (typeOf(o) == TypeIds.THREAD) {
            return ThreadingModule.attribute(t, o, name);
        }
        if (typeOf(o) == TypeIds.QUEUE && name.equals("maxsize")) {
            return t.newInt(((PyQueue) HandleObjects.any(t, o)).maxsize);
        }
        if (typeOf(o) == TypeIds.EXECUTOR && name.equals("_max_workers")) {
            return t.newInt(((PyExecutor) HandleObjects.any(t, o)).maxWorkers);
        }
        return 0;
    }

    public static String repr(VmThread t, long o) {
        String at = " at 0x" + Long.toHexString(o);
        HandleTable.Native n = HandleObjects.any(t, o);
        return switch (typeOf(o)) {
            case TypeIds.THREAD -> ((PyThread) n).repr();
            case TypeIds.LOCK -> "<" + (((PyLock) n).locked() ? "locked" : "unlocked") + " _thread.lock object" + at + ">";
            case TypeIds.RLOCK -> ((PyRLock) n).repr(o);
            case TypeIds.EVENT -> "<threading.Event object" + at + ">";
            case TypeIds.FUTURE -> "<Future" + at + " " + ((PyFuture) n).describe() + ">";
            case TypeIds.EXECUTOR -> "<concurrent.futures.thread.ThreadPoolExecutor object" + at + ">";
            default -> "<queue.Queue object" + at + ">";
        };
    }
}
