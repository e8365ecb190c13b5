package io.github.freethread.vm.modules;

import java.util.function.LongConsumer;

import io.github.freethread.vm.runtime.ClassTable;
import io.github.freethread.vm.runtime.PyError;
import io.github.freethread.vm.runtime.VmThread;

/**
 * {@code concurrent.futures.Future}: the result (or exception) of one executor task. The worker
 * hands its owned result or exception over ({@link #setResult}/{@link #setException}); readers
 * get new references. If the Python object died first ({@code dead}), the handed-over reference is
 * given back to the caller to drop, so every reference is dropped exactly once.
 *
 * <table>
 *   <caption>Ownership</caption>
 *   <tr><th>field</th><th>written by</th><th>read by</th><th>mode</th></tr>
 *   <tr><td>state, result, exception, dead</td><td>worker / deallocator, under {@code this}</td><td>under {@code this}</td><td>monitor</td></tr>
 *   <tr><td>callbacks</td><td>{@link #whenDone} callers and the finishing worker ({@link #fireCallbacks}), under {@code this}</td>
 *       <td>under {@code this}; each callback runs outside the monitor, exactly once</td><td>monitor</td></tr>
 * </table>
 */
final class PyFuture implements HandleTable.Native {
    static final int PENDING = 0;
    static final int RUNNING = 1;
    static final int FINISHED = 2;

    private int state = PENDING;
    private long result;
    private long exception;
    private boolean dead;
    /** Run once the future is finished (as_completed); null when none. */
    private java.util.List<java.util.function.Consumer<VmThread>> callbacks;

    synchronized void running() {
        state = RUNNING;
    }

    synchronized boolean done() {
        return state == FINISHED;
    }

    synchronized boolean isRunning() {
        return state == RUNNING;
    }

    /** Takes over {@code r} (owned); returns a reference the caller must drop (0 if kept). */
    synchronized long setResult(long r) {
        state = FINISHED;
        notifyAll();
        if (dead) {
            return r;
        }
        result = r;
        return 0;
    }

    /** Takes over {@code exc} (owned); returns a reference the caller must drop (0 if kept). */
    synchronized long setException(long exc) {
        state = FINISHED;
        notifyAll();
        if (dead) {
            return exc;
        }
        exception = exc;
        return 0;
    }

    /**
     * Runs {@code cb} once this future is finished: now, on the calling thread, if it already is;
     * else on the worker that finishes it ({@link #fireCallbacks}, after the result is stored).
     * Registration and the FINISHED test happen under the monitor, so a callback is never missed
     * nor run twice.
     */
    void whenDone(VmThread t, java.util.function.Consumer<VmThread> cb) {
        synchronized (this) {
            if (state != FINISHED) {
                if (callbacks == null) {
                    callbacks = new java.util.ArrayList<>();
                }
                callbacks.add(cb);
                return;
            }
        }
        cb.accept(t);
    }

    /** On the finishing worker, after setResult/setException: runs the callbacks registered before (outside the monitor). */
    void fireCallbacks(VmThread t) {
        java.util.List<java.util.function.Consumer<VmThread>> cbs;
        synchronized (this) {
            cbs = callbacks;
            callbacks = null;
        }
        if (cbs != null) {
            for (java.util.function.Consumer<VmThread> cb : cbs) {
                cb.accept(t);
            }
        }
    }

    /** Waits offline until finished; false on timeout. */
    boolean await(VmThread t, double seconds) {
        return MonitorWait.await(t, this, () -> state == FINISHED, seconds);
    }

    /** result(timeout): the result (owned) or raises the task's exception / TimeoutError. */
    long result(VmThread t, double seconds) {
        if (!await(t, seconds)) {
            throw new PyError(ClassTable.TIMEOUT_ERROR, null);
        }
        long r;
        long e;
        synchronized (this) {
            r = result;
            e = exception;
            if (e != 0) {
                t.incref(e);
            } else {
                t.incref(r);
            }
        }
        if (e != 0) {
            // A fresh exception object of the same class and args per raise: the stored one may be
            // re-raised by several threads at once, and raising prepends traceback entries to it.
            long copy = t.newException(io.github.freethread.vm.runtime.VmThread.excClass(e),
                t.newRef(io.github.freethread.vm.runtime.VmThread.excArgs(e)));
            t.decref(e);
            throw new PyError(copy);
        }
        return r;
    }

    /** exception(timeout): the exception (owned) or None. */
    long exception(VmThread t, double seconds) {
        if (!await(t, seconds)) {
            throw new PyError(ClassTable.TIMEOUT_ERROR, null);
        }
        synchronized (this) {
            return exception == 0 ? t.none : t.newRef(exception);
        }
    }

    synchronized String describe() {
        return switch (state) {
            case PENDING -> "state=pending";
            case RUNNING -> "state=running";
            default -> exception != 0 ? "state=finished raised " + io.github.freethread.vm.runtime.VmThread.typeName(exception)
                : "state=finished returned " + io.github.freethread.vm.runtime.VmThread.typeName(result);
        };
    }

    @Override
    public void dropReferences(LongConsumer v) {
        long r;
        long e;
        synchronized (this) {
            dead = true;
            r = result;
            e = exception;
            result = 0;
            exception = 0;
        }
        if (r != 0) {
            v.accept(r);
        }
        if (e != 0) {
            v.accept(e);
        }
    }
}
