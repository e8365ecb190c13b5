package io.github.freethread.vm.interp;

import static io.github.freethread.vm.runtime.Layouts.*;
import static io.github.freethread.vm.runtime.VmThread.*;

import org.agrona.UnsafeApi;

import io.github.freethread.vm.builtins.BuiltinTable;
import io.github.freethread.vm.runtime.PyError;
import io.github.freethread.vm.runtime.TypeIds;
import io.github.freethread.vm.runtime.VmThread;

/**
 * The context-manager protocol for BEFORE_WITH and WITH_EXCEPT_START. ftvm has no classes, so a
 * context manager is a built-in object with {@code __enter__} and {@code __exit__} methods in the
 * BuiltinTable (Lock, RLock, ThreadPoolExecutor); anything else is a TypeError worded as CPython
 * 3.11's.
 */
public final class WithStatement {
    private WithStatement() {
    }

    /**
     * BEFORE_WITH, {@code [cm] -> [exit, cm.__enter__()]} on the frame's value stack {@code s} with
     * top {@code sp}; returns the new top. On error the stack is unchanged (cm stays for the unwinder).
     */
    public static int beforeWith(VmThread t, long[] s, int sp) {
        long cm = s[sp - 1];
        long exit = exitMethod(t, cm);
        long v;
        try {
            v = enter(t, cm);
        } catch (PyError e) {
            t.decref(exit);
            throw e;
        }
        s[sp - 1] = exit; // the bound __exit__ keeps cm alive
        s[sp] = v;
        t.decref(cm);
        return sp + 1;
    }

    /** WITH_EXCEPT_START, {@code [exit, prev_exc, exc] -> [exit, prev_exc, exc, exit(type, exc, tb)]}; returns the new top. */
    public static int withExceptStart(VmThread t, long[] s, int sp) {
        long r = exitWithException(t, s[sp - 3], s[sp - 1]);
        s[sp] = r;
        return sp + 1;
    }

    /** The bound {@code cm.__exit__} (owned; holds a reference to cm). */
    static long exitMethod(VmThread t, long cm) {
        int type = typeOf(cm);
        int enter = type == TypeIds.MODULE ? -1 : BuiltinTable.methodId(type, "__enter__");
        int exit = type == TypeIds.MODULE ? -1 : BuiltinTable.methodId(type, "__exit__");
        if (enter < 0 || exit < 0) {
            throw PyError.typeError("'" + typeName(cm) + "' object does not support the context manager protocol");
        }
        long b = t.alloc(TypeIds.BUILTIN, BUILTIN_PAYLOAD);
        UnsafeApi.putInt(b + BUILTIN_ID, exit);
        UnsafeApi.putLong(b + BUILTIN_SELF, t.newRef(cm));
        return b;
    }

    /** {@code cm.__enter__()} (owned result). */
    static long enter(VmThread t, long cm) {
        int enter = BuiltinTable.methodId(typeOf(cm), "__enter__");
        return BuiltinTable.call(t, enter, cm, new long[0], 0, 0, 0);
    }

    /** {@code exit(type(exc), exc, tb)} for an exception leaving the with-block (owned result). */
    static long exitWithException(VmThread t, long exit, long exc) {
        long cls = t.vm.classObj(excClass(exc));
        long tb = VmThread.tracebackHead(exc);
        long[] args = {cls, exc, tb == 0 ? t.none : tb};
        return Calls.call(t, exit, args, 3);
    }
}
