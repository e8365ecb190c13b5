package io.github.freethread.vm.modules;

import static io.github.freethread.vm.runtime.Layouts.*;
import static io.github.freethread.vm.runtime.VmThread.*;

import org.agrona.UnsafeApi;

import io.github.freethread.vm.builtins.BuiltinTable;
import io.github.freethread.vm.runtime.Numbers;
import io.github.freethread.vm.runtime.PyError;
import io.github.freethread.vm.runtime.TypeIds;
import io.github.freethread.vm.runtime.VmThread;

/**
 * The {@code threading} module: Thread (start, join, is_alive, name, ident, daemon), Lock, RLock,
 * Event, current_thread, main_thread, get_ident, get_native_id, active_count. Declared
 * free-threading safe: all state is in Java objects with their own synchronisation.
 */
final class ThreadingModule {
    private ThreadingModule() {
    }

    static final String[] THREAD_PARAMS = {"group", "target", "name", "args", "kwargs", "daemon"};

    static ModuleSpec register() {
        ModuleSpec m = new ModuleSpec("threading", true);
        m.fn("Thread", ThreadingModule::newThread);
        m.fn("Lock", (t, s, a, o, n, k) -> {
            noArgs("Lock", n);
            return HandleObjects.create(t, TypeIds.LOCK, new PyLock());
        });
        m.fn("RLock", (t, s, a, o, n, k) -> {
            noArgs("RLock", n);
            return HandleObjects.create(t, TypeIds.RLOCK, new PyRLock());
        });
        m.fn("Event", (t, s, a, o, n, k) -> {
            noArgs("Event", n);
            return HandleObjects.create(t, TypeIds.EVENT, new PyEvent());
        });
        m.fn("current_thread", (t, s, a, o, n, k) -> {
            noArgs("current_thread", n);
            PythonThreads r = t.vm.threads;
            return r.wrapper(t, r.current(t));
        });
        m.fn("main_thread", (t, s, a, o, n, k) -> {
            noArgs("main_thread", n);
            PythonThreads r = t.vm.threads;
            PyThread main = r.main();
            if (main == null) {
                r.current(t.vm.mainThread()); // creates it (no Java-thread-specific state is read)
                main = r.main();
            }
            return r.wrapper(t, main);
        });
        m.fn("get_ident", (t, s, a, o, n, k) -> {
            noArgs("get_ident", n);
            return t.newInt(t.vm.threads.current(t).ident);
        });
        m.fn("get_native_id", (t, s, a, o, n, k) -> {
            noArgs("get_native_id", n);
            return t.newInt(t.vm.threads.current(t).ident);
        });
        m.fn("active_count", (t, s, a, o, n, k) -> {
            noArgs("active_count", n);
            return t.newInt(t.vm.threads.activeCount());
        });

        method(TypeIds.THREAD, "start", (t, s, a, o, n, k) -> {
            noArgs("start", n);
            thread(t, s).start(t, s);
            return t.none;
        });
        method(TypeIds.THREAD, "join", (t, s, a, o, n, k) -> {
            long[] v = Args.bind("join", new String[] {"timeout"}, 1, a, o, n, k);
            thread(t, s).join(t, Args.timeout(v[0], "join"));
            return t.none;
        });
        method(TypeIds.THREAD, "is_alive", (t, s, a, o, n, k) -> {
            noArgs("is_alive", n);
            return t.bool(thread(t, s).isAlive());
        });

        lockMethods(TypeIds.LOCK);
        lockMethods(TypeIds.RLOCK);
        method(TypeIds.LOCK, "locked", (t, s, a, o, n, k) -> {
            noArgs("locked", n);
            return t.bool(HandleObjects.get(t, s, TypeIds.LOCK, PyLock.class, "locked").locked());
        });

        method(TypeIds.EVENT, "set", (t, s, a, o, n, k) -> {
            noArgs("set", n);
            event(t, s).set();
            return t.none;
        });
        method(TypeIds.EVENT, "clear", (t, s, a, o, n, k) -> {
            noArgs("clear", n);
            event(t, s).clear();
            return t.none;
        });
        method(TypeIds.EVENT, "is_set", (t, s, a, o, n, k) -> {
            noArgs("is_set", n);
            return t.bool(event(t, s).isSet());
        });
        method(TypeIds.EVENT, "wait", (t, s, a, o, n, k) -> {
            long[] v = Args.bind("wait", new String[] {"timeout"}, 1, a, o, n, k);
            return t.bool(event(t, s).await(t, Args.timeout(v[0], "wait")));
        });
        return m;
    }

    static void method(int type, String name, BuiltinTable.Impl impl) {
        BuiltinTable.addMethod(type, name, null, impl);
    }

    static void noArgs(String name, int n) {
        if (n != 0) {
            throw PyError.typeError(name + "() takes no arguments (" + n + " given)");
        }
    }

    private static PyThread thread(VmThread t, long s) {
        return HandleObjects.get(t, s, TypeIds.THREAD, PyThread.class, "Thread");
    }

    private static PyEvent event(VmThread t, long s) {
        return HandleObjects.get(t, s, TypeIds.EVENT, PyEvent.class, "Event");
    }

    /** Thread(group=None, target=None, name=None, args=(), kwargs=None, *, daemon=None). */
    private static long newThread(VmThread t, long self, long[] a, int o, int n, long k) {
        long[] v = Args.bind("Thread", THREAD_PARAMS, 5, a, o, n, k);
        if (!Args.isNone(v[0])) {
            throw PyError.valueError("group argument must be None for now");
        }
        long target = Args.isNone(v[1]) ? 0 : v[1];
        PythonThreads r = t.vm.threads;
        String name;
        if (Args.isNone(v[2])) {
            name = r.newThreadName();
            String tn = callableName(t, target);
            if (tn != null) {
                name += " (" + tn + ")";
            }
        } else {
            name = io.github.freethread.vm.runtime.Reprs.str(t, v[2]);
        }
        boolean daemon = Args.isNone(v[5]) ? r.current(t).daemon : io.github.freethread.vm.runtime.Ops.truth(v[5]);
        long args = v[3] == 0 ? t.vm.emptyTuple : v[3];
        long kwargs = Args.isNone(v[4]) ? 0 : v[4];
        if (target != 0) {
            t.incref(target);
        }
        t.incref(args);
        if (kwargs != 0) {
            t.incref(kwargs);
        }
        return HandleObjects.create(t, TypeIds.THREAD, new PyThread(r, name, daemon, target, args, kwargs));
    }

    /** target.__name__ for functions and built-ins, else null. */
    static String callableName(VmThread t, long f) {
        if (f == 0) {
            return null;
        }
        return switch (typeOf(f)) {
            case TypeIds.FUNCTION -> t.vm.code(UnsafeApi.getInt(f + FUNC_CODE)).code.name();
            case TypeIds.BUILTIN -> BuiltinTable.name(UnsafeApi.getInt(f + BUILTIN_ID));
            default -> null;
        };
    }

    private static void lockMethods(int type) {
        String[] params = {"blocking", "timeout"};
        BuiltinTable.Impl acquire = (t, s, a, o, n, k) -> {
            long[] v = Args.bind("acquire", params, 2, a, o, n, k);
            boolean blocking = Args.flag(v[0], true);
            double timeout = -1;
            if (v[1] != 0) {
                if (!Numbers.isNumber(v[1])) {
                    throw PyError.typeError("'" + typeName(v[1]) + "' object cannot be interpreted as an integer or float");
                }
                timeout = Numbers.toDouble(v[1]);
                if (timeout != -1 && !blocking) {
                    throw PyError.valueError("can't specify a timeout for a non-blocking call");
                }
                if (timeout < 0 && timeout != -1) {
                    throw PyError.valueError("timeout value must be a non-negative number");
                }
            }
            return t.bool(acquire(t, s, type, blocking, timeout));
        };
        method(type, "acquire", acquire);
        method(type, "release", (t, s, a, o, n, k) -> {
            noArgs("release", n);
            release(t, s, type);
            return t.none;
        });
        method(type, "__enter__", (t, s, a, o, n, k) -> t.bool(acquire(t, s, type, true, -1)));
        method(type, "__exit__", (t, s, a, o, n, k) -> {
            release(t, s, type);
            return t.none;
        });
    }

    private static boolean acquire(VmThread t, long s, int type, boolean blocking, double timeout) {
        if (type == TypeIds.LOCK) {
            return HandleObjects.get(t, s, type, PyLock.class, "acquire").acquire(t, blocking, timeout);
        }
        return HandleObjects.get(t, s, type, PyRLock.class, "acquire").acquire(t, blocking, timeout);
    }

    private static void release(VmThread t, long s, int type) {
        if (type == TypeIds.LOCK) {
            HandleObjects.get(t, s, type, PyLock.class, "release").release();
        } else {
            HandleObjects.get(t, s, type, PyRLock.class, "release").release();
        }
    }

    /** Data attributes of Thread objects (name, ident, native_id, daemon), owned; 0 if none. */
    static long attribute(VmThread t, long o, String name) {
        if (typeOf(o) != TypeIds.THREAD) {
            return 0;
        }
        PyThread p = thread(t, o);
        return switch (name) {
            case "name" -> t.newStr(p.name);
            case "ident", "native_id" -> p.state() == PyThread.State.NEW ? t.none : t.newInt(p.ident);
            case "daemon" -> t.bool(p.daemon);
            default -> 0;
        };
    }
}
