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

    // The built-ins of this module, selected by number (one class instead of a lambda class
    // spun per built-in on the first import: docs/startup.md, "Session 5").
    private static final int NEW_THREAD = 0;
    private static final int NEW_LOCK = 1;
    private static final int NEW_RLOCK = 2;
    private static final int NEW_EVENT = 3;
    private static final int CURRENT_THREAD = 4;
    private static final int MAIN_THREAD = 5;
    private static final int GET_IDENT = 6;
    private static final int GET_NATIVE_ID = 7;
    private static final int ACTIVE_COUNT = 8;
    private static final int THREAD_START = 9;
    private static final int THREAD_JOIN = 10;
    private static final int THREAD_IS_ALIVE = 11;
    private static final int LOCK_LOCKED = 12;
    private static final int EVENT_SET = 13;
    private static final int EVENT_CLEAR = 14;
    private static final int EVENT_IS_SET = 15;
    private static final int EVENT_WAIT = 16;
    /** Lock and RLock methods: {@code LOCK_METHODS + 2 * method + (RLock ? 1 : 0)}, method 0..3 = acquire, release, __enter__, __exit__. */
    private static final int LOCK_METHODS = 17;
    private static final BuiltinTable.NumberedTable TABLE = ThreadingModule::dispatch;

    private static BuiltinTable.Numbered builtin(int which) {
        return new BuiltinTable.Numbered(TABLE, which);
    }

    static ModuleSpec register() {
        ModuleSpec m = new ModuleSpec("threading", true);
        m.fn("Thread", builtin(NEW_THREAD));
        m.fn("Lock", builtin(NEW_LOCK));
        m.fn("RLock", builtin(NEW_RLOCK));
        m.fn("Event", builtin(NEW_EVENT));
        m.fn("current_thread", builtin(CURRENT_THREAD));
        m.fn("main_thread", builtin(MAIN_THREAD));
        m.fn("get_ident", builtin(GET_IDENT));
        m.fn("get_native_id", builtin(GET_NATIVE_ID));
        m.fn("active_count", builtin(ACTIVE_COUNT));

        method(TypeIds.THREAD, "start", builtin(THREAD_START));
        method(TypeIds.THREAD, "join", builtin(THREAD_JOIN));
        method(TypeIds.THREAD, "is_alive", builtin(THREAD_IS_ALIVE));

        lockMethods(TypeIds.LOCK);
        lockMethods(TypeIds.RLOCK);
        method(TypeIds.LOCK, "locked", builtin(LOCK_LOCKED));

        method(TypeIds.EVENT, "set", builtin(EVENT_SET));
        method(TypeIds.EVENT, "clear", builtin(EVENT_CLEAR));
        method(TypeIds.EVENT, "is_set", builtin(EVENT_IS_SET));
        method(TypeIds.EVENT, "wait", builtin(EVENT_WAIT));
        return m;
    }

    private static long dispatch(int which, VmThread t, long s, long[] a, int o, int n, long k) {
        if (which >= LOCK_METHODS) {
            int type = ((which - LOCK_METHODS) & 1) == 0 ? TypeIds.LOCK : TypeIds.RLOCK;
            return switch ((which - LOCK_METHODS) >> 1) {
                case 0 -> lockAcquire(t, s, a, o, n, k, type);
                case 1 -> lockRelease(t, s, n, type);
                case 2 -> t.bool(acquire(t, s, type, true, -1));
                case 3 -> {
                    release(t, s, type);
                    yield t.none;
                }
                default -> throw new IllegalStateException("no threading built-in number " + which);
            };
        }
        return switch (which) {
            case NEW_THREAD -> newThread(t, s, a, o, n, k);
            case NEW_LOCK -> {
                noArgs("Lock", n);
                yield HandleObjects.create(t, TypeIds.LOCK, new PyLock());
            }
            case NEW_RLOCK -> {
                noArgs("RLock", n);
                yield HandleObjects.create(t, TypeIds.RLOCK, new PyRLock());
            }
            case NEW_EVENT -> {
                noArgs("Event", n);
                yield HandleObjects.create(t, TypeIds.EVENT, new PyEvent());
            }
            case CURRENT_THREAD -> {
                noArgs("current_thread", n);
                PythonThreads r = t.vm.threads;
                yield r.wrapper(t, r.current(t));
            }
            case MAIN_THREAD -> mainThread(t, n);
            case GET_IDENT -> {
                noArgs("get_ident", n);
                yield t.newInt(t.vm.threads.current(t).ident);
            }
            case GET_NATIVE_ID -> {
                noArgs("get_native_id", n);
                yield t.newInt(t.vm.threads.current(t).ident);
            }
            case ACTIVE_COUNT -> {
                noArgs("active_count", n);
                yield t.newInt(t.vm.threads.activeCount());
            }
            case THREAD_START -> {
                noArgs("start", n);
                thread(t, s).start(t, s);
                yield t.none;
            }
            case THREAD_JOIN -> {
                long[] v = Args.bind("join", new String[] {"timeout"}, 1, a, o, n, k);
                thread(t, s).join(t, Args.timeout(v[0], "join"));
                yield t.none;
            }
            case THREAD_IS_ALIVE -> {
                noArgs("is_alive", n);
                yield t.bool(thread(t, s).isAlive());
            }
            case LOCK_LOCKED -> {
                noArgs("locked", n);
                yield t.bool(HandleObjects.get(t, s, TypeIds.LOCK, PyLock.class, "locked").locked());
            }
            case EVENT_SET -> {
                noArgs("set", n);
                event(t, s).set();
                yield t.none;
            }
            case EVENT_CLEAR -> {
                noArgs("clear", n);
                event(t, s).clear();
                yield t.none;
            }
            case EVENT_IS_SET -> {
                noArgs("is_set", n);
                yield t.bool(event(t, s).isSet());
            }
            case EVENT_WAIT -> {
                long[] v = Args.bind("wait", new String[] {"timeout"}, 1, a, o, n, k);
                yield t.bool(event(t, s).await(t, Args.timeout(v[0], "wait")));
            }
            default -> throw new IllegalStateException("no threading built-in number " + which);
        };
    }

    /** main_thread(). */
    private static long mainThread(VmThread t, int n) {
        noArgs("main_thread", n);
        PythonThreads r = t.vm.threads;
        PyThread main = r.main();
        if (main == null) {
            r.current(t.vm.mainThread()); // creates it (no Java-thread-specific state is read)
            main = r.main();
        }
        return r.wrapper(t, main);
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
        long[] v = Args.bind("Thread.__init__", THREAD_PARAMS, 5, a, o, n, k);
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
        int variant = type == TypeIds.LOCK ? 0 : 1;
        method(type, "acquire", builtin(LOCK_METHODS + variant));
        method(type, "release", builtin(LOCK_METHODS + 2 + variant));
        method(type, "__enter__", builtin(LOCK_METHODS + 4 + variant));
        method(type, "__exit__", builtin(LOCK_METHODS + 6 + variant));
    }

    private static final String[] ACQUIRE_PARAMS = {"blocking", "timeout"};

    /** Lock.acquire / RLock.acquire(blocking=True, timeout=-1). */
    private static long lockAcquire(VmThread t, long s, long[] a, int o, int n, long k, int type) {
        long[] v = Args.bind("acquire", ACQUIRE_PARAMS, 2, a, o, n, k);
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
    }

    /** Lock.release / RLock.release(). */
    private static long lockRelease(VmThread t, long s, int n, int type) {
        noArgs("release", n);
        release(t, s, type);
        return t.none;
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
