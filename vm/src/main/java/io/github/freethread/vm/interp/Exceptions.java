package io.github.freethread.vm.interp;

import static io.github.freethread.vm.runtime.Layouts.*;
import static io.github.freethread.vm.runtime.VmThread.*;

import org.agrona.UnsafeApi;

import io.github.freethread.vm.runtime.ClassTable;
import io.github.freethread.vm.runtime.PyError;
import io.github.freethread.vm.runtime.TypeIds;
import io.github.freethread.vm.runtime.VmThread;

/** raise and except: instantiating exception classes and matching handlers. */
public final class Exceptions {
    private Exceptions() {
    }

    /** The exception to raise for {@code raise e} (takes over the reference to e). */
    static long instantiate(VmThread t, long e) {
        int type = typeOf(e);
        if (type == TypeIds.EXC) {
            return e;
        }
        if (type == TypeIds.CLASS) {
            int ci = UnsafeApi.getInt(e + CLASS_INDEX);
            if (ClassTable.isException(ci)) {
                return t.newException(ci, t.vm.emptyTuple);
            }
        }
        t.decref(e);
        throw PyError.typeError("exceptions must derive from BaseException");
    }

    /** isinstance-style match of exc against a class or a tuple of classes. */
    static boolean matches(VmThread t, long exc, long type) {
        int ec = excClass(exc);
        if (typeOf(type) == TypeIds.TUPLE) {
            for (long i = 0; i < tupleSize(type); i++) {
                if (matches(t, exc, tupleItem(type, i))) {
                    return true;
                }
            }
            return false;
        }
        if (typeOf(type) != TypeIds.CLASS || !ClassTable.isException(UnsafeApi.getInt(type + CLASS_INDEX))) {
            throw PyError.typeError("catching classes that do not inherit from BaseException is not allowed");
        }
        return ClassTable.isSubclass(ec, UnsafeApi.getInt(type + CLASS_INDEX));
    }
}
