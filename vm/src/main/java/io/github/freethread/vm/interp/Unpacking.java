package io.github.freethread.vm.interp;

import static io.github.freethread.vm.runtime.VmThread.*;

import io.github.freethread.vm.runtime.Iterators;
import io.github.freethread.vm.runtime.Lists;
import io.github.freethread.vm.runtime.PyError;
import io.github.freethread.vm.runtime.TypeIds;
import io.github.freethread.vm.runtime.VmThread;

/** UNPACK_SEQUENCE: exactly n items (owned), with CPython's messages on a mismatch. */
final class Unpacking {
    private Unpacking() {
    }

    static long[] unpack(VmThread t, long seq, int n) {
        int type = typeOf(seq);
        if (type == TypeIds.TUPLE && tupleSize(seq) == n) {
            long[] r = new long[n];
            for (int i = 0; i < n; i++) {
                r[i] = t.newRef(tupleItem(seq, i));
            }
            return r;
        }
        if (type == TypeIds.LIST) {
            long[] r = Lists.snapshotOwned(t, seq); // one instant: a concurrent append cannot split the unpack
            if (r.length == n) {
                return r;
            }
            for (long x : r) {
                t.decref(x);
            }
            throw PyError.valueError(r.length > n ? "too many values to unpack (expected " + n + ")"
                : "not enough values to unpack (expected " + n + ", got " + r.length + ")");
        }
        long[] items;
        try {
            items = Iterators.toArray(t, seq);
        } catch (PyError e) {
            if (e.exc == 0 && e.text != null && e.text.endsWith("is not iterable")) {
                throw PyError.typeError("cannot unpack non-iterable " + typeName(seq) + " object");
            }
            throw e;
        }
        if (items.length != n) {
            for (long x : items) {
                t.decref(x);
            }
            if (items.length > n) {
                throw PyError.valueError("too many values to unpack (expected " + n + ")");
            }
            throw PyError.valueError("not enough values to unpack (expected " + n + ", got " + items.length + ")");
        }
        return items;
    }
}
