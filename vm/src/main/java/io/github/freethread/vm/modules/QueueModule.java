package io.github.freethread.vm.modules;

import static io.github.freethread.vm.runtime.VmThread.*;

import io.github.freethread.vm.runtime.ClassTable;
import io.github.freethread.vm.runtime.PyError;
import io.github.freethread.vm.runtime.TypeIds;
import io.github.freethread.vm.runtime.VmThread;

/** The {@code queue} module: Queue (put, get, *_nowait, task_done, join, empty, qsize, full), Empty, Full. Free-threading safe. */
final class QueueModule {
    private QueueModule() {
    }

    static ModuleSpec register() {
        ModuleSpec m = new ModuleSpec("queue", true);
        m.fn("Queue", (t, s, a, o, n, k) -> {
            long[] v = Args.bind("Queue", new String[] {"maxsize"}, 1, a, o, n, k);
            long max = 0;
            if (v[0] != 0) {
                if (!isSmallInt(v[0])) {
                    throw PyError.typeError("'" + typeName(v[0]) + "' object cannot be interpreted as an integer");
                }
                max = intValue(v[0]);
            }
            return HandleObjects.create(t, TypeIds.QUEUE, new PyQueue((int) Math.max(0, Math.min(max, Integer.MAX_VALUE))));
        });
        m.init = (t, d) -> {
            StandardModules.put(t, d, "Empty", t.vm.classObj(ClassTable.QUEUE_EMPTY));
            StandardModules.put(t, d, "Full", t.vm.classObj(ClassTable.QUEUE_FULL));
        };
        String[] putParams = {"item", "block", "timeout"};
        String[] getParams = {"block", "timeout"};
        ThreadingModule.method(TypeIds.QUEUE, "put", (t, s, a, o, n, k) -> {
            long[] v = Args.bind("put", putParams, 3, a, o, n, k);
            if (v[0] == 0) {
                throw PyError.typeError("put() missing 1 required positional argument: 'item'");
            }
            queue(t, s).put(t, v[0], Args.flag(v[1], true), Args.timeout(v[2], "put"));
            return t.none;
        });
        ThreadingModule.method(TypeIds.QUEUE, "put_nowait", (t, s, a, o, n, k) -> {
            long[] v = Args.bind("put_nowait", new String[] {"item"}, 1, a, o, n, k);
            if (v[0] == 0) {
                throw PyError.typeError("put_nowait() missing 1 required positional argument: 'item'");
            }
            queue(t, s).put(t, v[0], false, 0);
            return t.none;
        });
        ThreadingModule.method(TypeIds.QUEUE, "get", (t, s, a, o, n, k) -> {
            long[] v = Args.bind("get", getParams, 2, a, o, n, k);
            return queue(t, s).get(t, Args.flag(v[0], true), Args.timeout(v[1], "get"));
        });
        ThreadingModule.method(TypeIds.QUEUE, "get_nowait", (t, s, a, o, n, k) -> {
            ThreadingModule.noArgs("get_nowait", n);
            return queue(t, s).get(t, false, 0);
        });
        ThreadingModule.method(TypeIds.QUEUE, "task_done", (t, s, a, o, n, k) -> {
            ThreadingModule.noArgs("task_done", n);
            queue(t, s).taskDone();
            return t.none;
        });
        ThreadingModule.method(TypeIds.QUEUE, "join", (t, s, a, o, n, k) -> {
            ThreadingModule.noArgs("join", n);
            queue(t, s).join(t);
            return t.none;
        });
        ThreadingModule.method(TypeIds.QUEUE, "empty", (t, s, a, o, n, k) -> t.bool(queue(t, s).qsize() == 0));
        ThreadingModule.method(TypeIds.QUEUE, "qsize", (t, s, a, o, n, k) -> t.newInt(queue(t, s).qsize()));
        ThreadingModule.method(TypeIds.QUEUE, "full", (t, s, a, o, n, k) -> t.bool(queue(t, s).full()));
        return m;
    }

    private static PyQueue queue(VmThread t, long s) {
        return HandleObjects.get(t, s, TypeIds.QUEUE, PyQueue.class, "Queue");
    }
}
