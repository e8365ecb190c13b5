package io.github.freethread.vm.modules;

import static io.github.freethread.vm.runtime.VmThread.*;

import java.util.ArrayList;
import java.util.List;

import org.agrona.UnsafeApi;

import io.github.freethread.vm.builtins.BuiltinTable;
import io.github.freethread.vm.runtime.ClassTable;
import io.github.freethread.vm.runtime.Iterators;
import io.github.freethread.vm.runtime.Layouts;
import io.github.freethread.vm.runtime.Lists;
import io.github.freethread.vm.runtime.PyError;
import io.github.freethread.vm.runtime.TypeIds;
import io.github.freethread.vm.runtime.VmThread;

/**
 * {@code concurrent.futures} (and its package {@code concurrent}): ThreadPoolExecutor with
 * submit / map / shutdown / with, Future with result / exception / done / running, TimeoutError.
 * Declared free-threading safe.
 *
 * <p>{@code map} submits every call at once (as CPython does) and returns a lazy iterator over the
 * futures ({@link Iterators#newResults}, type name {@code generator} as CPython's
 * {@code result_iterator}): each {@code next()} waits for the next future in input order and
 * returns its result, or raises its exception when that item is reached (then the iterator is
 * finished); {@code timeout} is a deadline for the whole iteration, counted from the map call.
 * Unlike CPython, the futures not yet reached are not cancelled when the iterator raises or dies
 * (ftvm's {@code cancel} always fails); they run to completion and their results are dropped.
 *
 * <p>{@code as_completed(fs, timeout=None)}: each distinct future (completion callback,
 * {@link PyFuture#whenDone}) is put into a private {@code queue.Queue} when it finishes (at once if
 * it already has); the returned iterator ({@link Iterators#newResults}, as {@code map}'s) takes
 * them from the queue in completion order, raising {@code TimeoutError("N (of M) futures
 * unfinished")} at the deadline counted from the call, as CPython. Each pending callback owns a
 * reference to its future and one to the queue, dropped when it fires, so neither dies under it.
 */
final class FuturesModule {
    private FuturesModule() {
    }

    static ModuleSpec registerPackage() {
        return new ModuleSpec("concurrent", true);
    }

    // The built-ins of this module, selected by number (one class instead of a lambda class
    // spun per built-in on the first import: docs/startup.md, "Session 5").
    private static final int NEW_EXECUTOR = 0;
    private static final int AS_COMPLETED = 1;
    private static final int SUBMIT = 2;
    private static final int MAP = 3;
    private static final int MAP_RESULT = 4;
    private static final int NEXT_COMPLETED = 5;
    private static final int SHUTDOWN = 6;
    private static final int ENTER = 7;
    private static final int EXIT = 8;
    private static final int RESULT = 9;
    private static final int EXCEPTION = 10;
    private static final int DONE = 11;
    private static final int RUNNING = 12;
    private static final int CANCELLED = 13;
    private static final int CANCEL = 14;
    private static final BuiltinTable.NumberedTable TABLE = FuturesModule::dispatch;

    private static BuiltinTable.Numbered builtin(int which) {
        return new BuiltinTable.Numbered(TABLE, which);
    }

    static ModuleSpec register() {
        ModuleSpec m = new ModuleSpec("concurrent.futures", true);
        m.fn("ThreadPoolExecutor", builtin(NEW_EXECUTOR));
        m.fn("as_completed", builtin(AS_COMPLETED));
        m.init = (t, d) -> {
            StandardModules.put(t, d, "TimeoutError", t.vm.classObj(ClassTable.TIMEOUT_ERROR));
            StandardModules.put(t, d, "Future", t.vm.classObj(ClassTable.FUTURE));
        };

        ThreadingModule.method(TypeIds.EXECUTOR, "submit", builtin(SUBMIT));
        ThreadingModule.method(TypeIds.EXECUTOR, "map", builtin(MAP));
        mapResultId = BuiltinTableAccess.add("_map_result", "concurrent.futures", builtin(MAP_RESULT));
        nextCompletedId = BuiltinTableAccess.add("_next_completed", "concurrent.futures", builtin(NEXT_COMPLETED));
        ThreadingModule.method(TypeIds.EXECUTOR, "shutdown", builtin(SHUTDOWN));
        ThreadingModule.method(TypeIds.EXECUTOR, "__enter__", builtin(ENTER));
        ThreadingModule.method(TypeIds.EXECUTOR, "__exit__", builtin(EXIT));

        ThreadingModule.method(TypeIds.FUTURE, "result", builtin(RESULT));
        ThreadingModule.method(TypeIds.FUTURE, "exception", builtin(EXCEPTION));
        ThreadingModule.method(TypeIds.FUTURE, "done", builtin(DONE));
        ThreadingModule.method(TypeIds.FUTURE, "running", builtin(RUNNING));
        ThreadingModule.method(TypeIds.FUTURE, "cancelled", builtin(CANCELLED));
        ThreadingModule.method(TypeIds.FUTURE, "cancel", builtin(CANCEL));
        return m;
    }

    private static long dispatch(int which, VmThread t, long s, long[] a, int o, int n, long k) {
        return switch (which) {
            case NEW_EXECUTOR -> newExecutor(t, s, a, o, n, k);
            case AS_COMPLETED -> asCompleted(t, s, a, o, n, k);
            case SUBMIT -> submitMethod(t, s, a, o, n, k);
            case MAP -> map(t, s, a, o, n, k);
            case MAP_RESULT -> mapResult(t, a, o);
            case NEXT_COMPLETED -> nextCompleted(t, s, a, o, n, k);
            case SHUTDOWN -> shutdown(t, s, a, o, n, k);
            case ENTER -> t.newRef(s);
            case EXIT -> exit(t, s);
            case RESULT -> result(t, s, a, o, n, k);
            case EXCEPTION -> exception(t, s, a, o, n, k);
            case DONE -> t.bool(future(t, s).done());
            case RUNNING -> t.bool(future(t, s).isRunning());
            case CANCELLED, CANCEL -> t.falseObj;
            default -> throw new IllegalStateException("no concurrent.futures built-in number " + which);
        };
    }

    /** ThreadPoolExecutor.submit(fn, *args, **kwargs). */
    private static long submitMethod(VmThread t, long s, long[] a, int o, int n, long k) {
        int nkw = k == 0 ? 0 : (int) tupleSize(k);
        if (n - nkw < 1) {
            throw PyError.typeError("submit expected at least 1 argument, got 0");
        }
        return submit(t, executor(t, s), a[o], a, o + 1, n - 1, k);
    }

    /** _map_result(future, deadline_nanos). */
    private static long mapResult(VmThread t, long[] a, int o) {
        long end = intValue(a[o + 1]);
        double seconds = end == Long.MAX_VALUE ? -1 : Math.max(0, (end - System.nanoTime()) / 1e9);
        return future(t, a[o]).result(t, seconds);
    }

    /** ThreadPoolExecutor.shutdown(wait=True, cancel_futures=False). */
    private static long shutdown(VmThread t, long s, long[] a, int o, int n, long k) {
        long[] v = Args.bind("shutdown", new String[] {"wait", "cancel_futures"}, 1, a, o, n, k);
        executor(t, s).shutdown(t, Args.flag(v[0], true));
        return t.none;
    }

    /** ThreadPoolExecutor.__exit__(*exc_info): shuts down, waiting. */
    private static long exit(VmThread t, long s) {
        executor(t, s).shutdown(t, true);
        return t.falseObj;
    }

    /** Future.result(timeout=None). */
    private static long result(VmThread t, long s, long[] a, int o, int n, long k) {
        long[] v = Args.bind("result", new String[] {"timeout"}, 1, a, o, n, k);
        return future(t, s).result(t, Args.timeout(v[0], "result"));
    }

    /** Future.exception(timeout=None). */
    private static long exception(VmThread t, long s, long[] a, int o, int n, long k) {
        long[] v = Args.bind("exception", new String[] {"timeout"}, 1, a, o, n, k);
        return future(t, s).exception(t, Args.timeout(v[0], "exception"));
    }

    /** The hidden builtin {@code _map_result(future, deadline_nanos)} (not bound in the module) that map's iterator calls. */
    private static int mapResultId = -1;
    /** The hidden builtin {@code _next_completed((queue, taken, total), deadline_nanos)} that as_completed's iterator calls. */
    private static int nextCompletedId = -1;

    private static PyExecutor executor(VmThread t, long s) {
        return HandleObjects.get(t, s, TypeIds.EXECUTOR, PyExecutor.class, "ThreadPoolExecutor");
    }

    private static PyFuture future(VmThread t, long s) {
        return HandleObjects.get(t, s, TypeIds.FUTURE, PyFuture.class, "Future");
    }

    /** ThreadPoolExecutor(max_workers=None, thread_name_prefix=''). */
    private static long newExecutor(VmThread t, long self, long[] a, int o, int n, long k) {
        long[] v = Args.bind("ThreadPoolExecutor.__init__", new String[] {"max_workers", "thread_name_prefix", "initializer", "initargs"},
            4, a, o, n, k);
        if (!Args.isNone(v[2])) {
            throw PyError.typeError("ThreadPoolExecutor(initializer=...) is not supported by ftvm");
        }
        int max;
        if (Args.isNone(v[0])) {
            max = Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
        } else {
            if (!isSmallInt(v[0])) {
                throw PyError.typeError("'" + typeName(v[0]) + "' object cannot be interpreted as an integer");
            }
            long m = intValue(v[0]);
            if (m <= 0) {
                throw PyError.valueError("max_workers must be greater than 0");
            }
            max = (int) Math.min(m, 4096);
        }
        PythonThreads r = t.vm.threads;
        String prefix = Args.isNone(v[1]) || strLength(v[1]) == 0 ? "ThreadPoolExecutor-" + r.newExecutorNumber() : str(v[1]);
        return HandleObjects.create(t, TypeIds.EXECUTOR, new PyExecutor(r, max, prefix));
    }

    /** submit(fn, *args, **kwargs): all borrowed; the work item gets new references. */
    private static long submit(VmThread t, PyExecutor ex, long fn, long[] a, int o, int n, long kwnames) {
        long[] args = new long[n];
        for (int i = 0; i < n; i++) {
            args[i] = t.newRef(a[o + i]);
        }
        t.incref(fn);
        long kw = 0;
        if (kwnames != 0 && tupleSize(kwnames) > 0) {
            kw = t.newRef(kwnames);
        }
        PyFuture f = new PyFuture();
        long fo = HandleObjects.create(t, TypeIds.FUTURE, f);
        try {
            ex.submit(t, new PyExecutor.WorkItem(fn, args, kw, f));
        } catch (PyError e) {
            t.decref(fo);
            throw e;
        }
        return fo;
    }

    /**
     * map(fn, *iterables, timeout=None, chunksize=1): every call submitted now (the iterables are
     * consumed at once, as CPython's {@code zip}), results through a lazy iterator in input order.
     */
    private static long map(VmThread t, long s, long[] a, int o, int n, long k) {
        int nkw = k == 0 ? 0 : (int) tupleSize(k);
        int npos = n - nkw;
        double timeout = -1;
        for (int i = 0; i < nkw; i++) {
            String kn = str(tupleItem(k, i));
            if (kn.equals("timeout")) {
                timeout = Args.timeout(a[o + npos + i], "map");
            } else if (!kn.equals("chunksize")) {
                throw PyError.typeError("map() got an unexpected keyword argument '" + kn + "'");
            }
        }
        if (npos < 2) {
            throw PyError.typeError("map() missing required argument" + (npos == 0 ? "s 'fn' and 'iterables'" : " 'iterables'"));
        }
        long end = timeout < 0 ? Long.MAX_VALUE : System.nanoTime() + Args.nanos(timeout);
        PyExecutor ex = executor(t, s);
        long fn = a[o];
        int m = npos - 1;
        long[][] cols = new long[m][];
        List<Long> futures = new ArrayList<>();
        try {
            int len = Integer.MAX_VALUE;
            for (int j = 0; j < m; j++) {
                cols[j] = Iterators.toArray(t, a[o + 1 + j]);
                len = Math.min(len, cols[j].length);
            }
            long[] row = new long[m];
            for (int i = 0; i < len; i++) {
                for (int j = 0; j < m; j++) {
                    row[j] = cols[j][i];
                }
                futures.add(submit(t, ex, fn, row, 0, m, 0));
            }
            long items = t.newTuple(futures.size());
            for (int i = 0; i < futures.size(); i++) {
                tupleInit(items, i, futures.get(i)); // the tuple takes over each future
            }
            futures.clear();
            long getter = t.alloc(TypeIds.BUILTIN, Layouts.BUILTIN_PAYLOAD); // an unbound builtin, owned by the iterator
            UnsafeApi.putInt(getter + Layouts.BUILTIN_ID, mapResultId);
            UnsafeApi.putLong(getter + Layouts.BUILTIN_SELF, 0);
            return Iterators.newResults(t, items, getter, end);
        } finally {
            for (long fo : futures) {
                t.decref(fo);
            }
            for (long[] c : cols) {
                if (c != null) {
                    for (long x : c) {
                        t.decref(x);
                    }
                }
            }
        }
    }

    /** as_completed(fs, timeout=None): an iterator over the futures of {@code fs} in completion order. */
    private static long asCompleted(VmThread t, long self, long[] a, int o, int n, long k) {
        long[] v = Args.bind("as_completed", new String[] {"fs", "timeout"}, 2, a, o, n, k);
        if (v[0] == 0) {
            throw PyError.typeError("as_completed() missing 1 required positional argument: 'fs'");
        }
        double timeout = Args.timeout(v[1], "as_completed");
        long end = timeout < 0 ? Long.MAX_VALUE : System.nanoTime() + Args.nanos(timeout);
        long[] fs = Iterators.toArray(t, v[0]); // owned
        long[] distinct = new long[fs.length];
        int m = 0;
        try {
            outer:
            for (long f : fs) {
                future(t, f); // TypeError for a non-future, before anything is registered
                for (int j = 0; j < m; j++) {
                    if (distinct[j] == f) {
                        continue outer; // CPython uses set(fs)
                    }
                }
                distinct[m++] = f;
            }
        } catch (PyError e) {
            Lists.release(t, fs);
            throw e;
        }
        PyQueue pq = new PyQueue(0);
        long q = HandleObjects.create(t, TypeIds.QUEUE, pq);
        for (long f : fs) {
            boolean kept = false;
            for (int j = 0; j < m && !kept; j++) {
                kept = distinct[j] == f;
                if (kept) {
                    distinct[j] = 0;
                }
            }
            if (!kept) {
                t.decref(f); // a duplicate
                continue;
            }
            t.incref(q); // the callback's reference to the queue; the callback also owns f
            future(t, f).whenDone(t, vt -> {
                pq.put(vt, f, true, -1); // unbounded: never waits
                vt.decref(f);
                vt.decref(q);
            });
        }
        long items = t.newTuple(m);
        for (int i = 0; i < m; i++) {
            long st = t.newTuple(3); // (queue, futures taken before this step, total)
            tupleInit(st, 0, t.newRef(q));
            tupleInit(st, 1, t.newInt(i));
            tupleInit(st, 2, t.newInt(m));
            tupleInit(items, i, st);
        }
        t.decref(q);
        long getter = t.alloc(TypeIds.BUILTIN, Layouts.BUILTIN_PAYLOAD); // an unbound builtin, owned by the iterator
        UnsafeApi.putInt(getter + Layouts.BUILTIN_ID, nextCompletedId);
        UnsafeApi.putLong(getter + Layouts.BUILTIN_SELF, 0);
        return Iterators.newResults(t, items, getter, end);
    }

    /** _next_completed((queue, taken, total), deadline): the next finished future (owned), or TimeoutError. */
    private static long nextCompleted(VmThread t, long self, long[] a, int o, int n, long k) {
        long st = a[o];
        long end = intValue(a[o + 1]);
        PyQueue q = HandleObjects.get(t, tupleItem(st, 0), TypeIds.QUEUE, PyQueue.class, "Queue");
        double seconds = end == Long.MAX_VALUE ? -1 : Math.max(0, (end - System.nanoTime()) / 1e9);
        try {
            return q.get(t, true, seconds == 0 ? 1e-9 : seconds);
        } catch (PyError e) {
            if (e.classIndex != ClassTable.QUEUE_EMPTY) {
                throw e;
            }
            long total = intValue(tupleItem(st, 2));
            long pending = total - intValue(tupleItem(st, 1));
            throw new PyError(ClassTable.TIMEOUT_ERROR, pending + " (of " + total + ") futures unfinished");
        }
    }
}
