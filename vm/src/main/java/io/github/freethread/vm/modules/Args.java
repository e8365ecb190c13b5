package io.github.freethread.vm.modules;

import static io.github.freethread.vm.runtime.VmThread.*;

import io.github.freethread.vm.runtime.Numbers;
import io.github.freethread.vm.runtime.PyError;
import io.github.freethread.vm.runtime.TypeIds;

/**
 * Binds the arguments of a module function or method to named parameters (positional or keyword,
 * as CPython's Argument Clinic does for these APIs), with CPython's error messages.
 */
final class Args {
    private Args() {
    }

    /**
     * Borrowed values of {@code params} (0 where not given) from positional arguments
     * {@code a[o .. o+n-kw)} and keyword arguments named by {@code kwnames}. {@code maxPositional}
     * limits how many may be passed by position (the rest are keyword-only).
     */
    static long[] bind(String fname, String[] params, int maxPositional, long[] a, int o, int n, long kwnames) {
        int nkw = kwnames == 0 ? 0 : (int) tupleSize(kwnames);
        int npos = n - nkw;
        if (npos > maxPositional) {
            throw PyError.typeError(fname + "() takes at most " + maxPositional + " positional argument"
                + (maxPositional == 1 ? "" : "s") + " (" + npos + " given)");
        }
        long[] v = new long[params.length];
        for (int i = 0; i < npos; i++) {
            v[i] = a[o + i];
        }
        for (int k = 0; k < nkw; k++) {
            String name = str(tupleItem(kwnames, k));
            int slot = -1;
            for (int i = 0; i < params.length; i++) {
                if (params[i].equals(name)) {
                    slot = i;
                    break;
                }
            }
            if (slot < 0) {
                throw PyError.typeError(fname + "() got an unexpected keyword argument '" + name + "'");
            }
            if (v[slot] != 0) {
                throw PyError.typeError(fname + "() got multiple values for argument '" + name + "'");
            }
            v[slot] = a[o + npos + k];
        }
        return v;
    }

    static boolean isNone(long v) {
        return v == 0 || typeOf(v) == TypeIds.NONE;
    }

    /** A truth-valued flag argument (absent: {@code dflt}). */
    static boolean flag(long v, boolean dflt) {
        return v == 0 ? dflt : io.github.freethread.vm.runtime.Ops.truth(v);
    }

    /** A timeout in seconds: absent or None gives -1 (wait forever); negative numbers are rejected. */
    static double timeout(long v, String what) {
        if (isNone(v)) {
            return -1;
        }
        if (!Numbers.isNumber(v)) {
            throw PyError.typeError("'" + typeName(v) + "' object cannot be interpreted as a timeout (" + what + ")");
        }
        double d = Numbers.toDouble(v);
        if (Double.isNaN(d)) {
            throw PyError.valueError("Invalid value NaN (not a number)");
        }
        if (d < 0) {
            throw PyError.valueError("'timeout' must be a non-negative number");
        }
        return d;
    }

    /** Nanoseconds for a timeout in seconds ({@code -1}: forever gives Long.MAX_VALUE). */
    static long nanos(double seconds) {
        if (seconds < 0 || seconds > 9e9) {
            return Long.MAX_VALUE;
        }
        return (long) (seconds * 1e9);
    }
}
