package io.github.freethread.vm.modules;

import static io.github.freethread.vm.runtime.VmThread.*;

import io.github.freethread.vm.interp.Calls;
import io.github.freethread.vm.runtime.Iterators;
import io.github.freethread.vm.runtime.PyError;
import io.github.freethread.vm.runtime.TypeIds;
import io.github.freethread.vm.runtime.VmThread;

/** Calling a Python callable from a module's Java code with {@code *args} and {@code **kwargs} objects. */
final class Invocations {
    private Invocations() {
    }

    /**
     * {@code f(*args, **kwargs)}: {@code args} any iterable or 0, {@code kwargs} a dict or 0 (all
     * borrowed). Returns the owned result. Reads the containers only through Iterators (which
     * return owned items), never their internals.
     */
    static long call(VmThread t, long f, long args, long kwargs) {
        long[] pos = args == 0 ? new long[0] : Iterators.toArray(t, args);
        long[] items = new long[0];
        long kwnames = 0;
        try {
            if (kwargs != 0 && typeOf(kwargs) != TypeIds.NONE) {
                if (typeOf(kwargs) != TypeIds.DICT) {
                    throw PyError.typeError("argument after ** must be a mapping, not " + typeName(kwargs));
                }
                long view = Iterators.newView(t, Iterators.DICT_ITEMS, kwargs);
                try {
                    items = Iterators.toArray(t, view);
                } finally {
                    t.decref(view);
                }
            }
            long[] src = new long[pos.length + items.length];
            System.arraycopy(pos, 0, src, 0, pos.length);
            if (items.length > 0) {
                kwnames = t.newTuple(items.length);
                for (int i = 0; i < items.length; i++) {
                    long key = tupleItem(items[i], 0);
                    if (typeOf(key) != TypeIds.STR) {
                        throw PyError.typeError("keywords must be strings");
                    }
                    tupleInit(kwnames, i, t.newRef(key));
                    src[pos.length + i] = tupleItem(items[i], 1);
                }
            }
            return Calls.call(t, f, 0, src, 0, src.length, kwnames, t.top);
        } finally {
            for (long p : pos) {
                t.decref(p);
            }
            for (long it : items) {
                t.decref(it);
            }
            if (kwnames != 0) {
                t.decref(kwnames);
            }
        }
    }

    /** {@code f(*a[o .. o+n))} with keyword names (the last len(kwnames) of them), all borrowed. */
    static long call(VmThread t, long f, long[] a, int o, int n, long kwnames) {
        return Calls.call(t, f, 0, a, o, n, kwnames, t.top);
    }
}
