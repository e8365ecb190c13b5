package io.github.freethread.vm.modules;

import static io.github.freethread.vm.modules.StandardModules.arg;
import static io.github.freethread.vm.runtime.VmThread.*;

import java.math.BigInteger;

import io.github.freethread.vm.builtins.BuiltinTable;
import io.github.freethread.vm.runtime.ClassTable;
import io.github.freethread.vm.runtime.PyError;
import io.github.freethread.vm.runtime.VmThread;

/**
 * The functions of the {@code math}, {@code time} and {@code sys} modules, selected by number:
 * one class instead of a lambda class the JDK would spin per function when the module is first
 * imported (docs/startup.md). {@link StandardModules} registers one instance per function.
 * Immutable.
 */
final class CoreModuleFunctions implements BuiltinTable.Impl {
    static final int SQRT = 0;
    static final int SIN = 1;
    static final int COS = 2;
    static final int TAN = 3;
    static final int EXP = 4;
    static final int FABS = 5;
    static final int LOG = 6;
    static final int ATAN2 = 7;
    static final int FLOOR = 8;
    static final int CEIL = 9;
    static final int ISQRT = 10;
    static final int GCD = 11;
    static final int ISFINITE = 12;
    static final int ISINF = 13;
    static final int ISNAN = 14;
    static final int PERF_COUNTER = 15;
    static final int TIME = 16;
    static final int SLEEP = 17;
    static final int EXIT = 18;
    static final int IS_GIL_ENABLED = 19;
    static final int GETSWITCHINTERVAL = 20;
    static final int SETSWITCHINTERVAL = 21;
    static final int GETRECURSIONLIMIT = 22;

    private final int which;

    CoreModuleFunctions(int which) {
        this.which = which;
    }

    @Override
    public long call(VmThread t, long s, long[] a, int o, int n, long k) {
        return switch (which) {
            case SQRT -> math1(t, which, "sqrt", a, o, n);
            case SIN -> math1(t, which, "sin", a, o, n);
            case COS -> math1(t, which, "cos", a, o, n);
            case TAN -> math1(t, which, "tan", a, o, n);
            case EXP -> math1(t, which, "exp", a, o, n);
            case FABS -> math1(t, which, "fabs", a, o, n);
            case LOG -> log(t, a, o, n);
            case ATAN2 -> t.newFloat(Math.atan2(arg(a[o]), arg(a[o + 1])));
            case FLOOR -> roundTo(t, a[o], true);
            case CEIL -> roundTo(t, a[o], false);
            case ISQRT -> isqrt(t, a[o]);
            case GCD -> gcd(t, a, o, n);
            case ISFINITE -> t.bool(Double.isFinite(arg(a[o])));
            case ISINF -> t.bool(Double.isInfinite(arg(a[o])));
            case ISNAN -> t.bool(Double.isNaN(arg(a[o])));
            case PERF_COUNTER -> t.newFloat(System.nanoTime() / 1e9);
            case TIME -> t.newFloat(System.currentTimeMillis() / 1e3);
            case SLEEP -> sleep(t, a, o);
            case EXIT -> throw new PyError(t.newException(ClassTable.SYSTEM_EXIT, n == 0 ? t.vm.emptyTuple : t.tupleOf(a[o])));
            case IS_GIL_ENABLED -> t.bool(t.vm.gil.isEnabled());
            case GETSWITCHINTERVAL -> t.newFloat(t.vm.gil.intervalNanos() / 1e9);
            case SETSWITCHINTERVAL -> setSwitchInterval(t, a, o, n);
            case GETRECURSIONLIMIT -> t.newInt(t.vm.config.recursionLimit());
            default -> throw new IllegalStateException("no core module function number " + which);
        };
    }

    private static double apply(int which, double x) {
        return switch (which) {
            case SQRT -> Math.sqrt(x);
            case SIN -> Math.sin(x);
            case COS -> Math.cos(x);
            case TAN -> Math.tan(x);
            case EXP -> Math.exp(x);
            case FABS -> Math.abs(x);
            default -> throw new IllegalStateException("no one-argument math function number " + which);
        };
    }

    /** A one-argument float function with Python's errors: NaN from a number is a domain error, infinity from a finite number an overflow. */
    private static long math1(VmThread t, int which, String name, long[] a, int o, int n) {
        if (n != 1) {
            throw PyError.typeError("math." + name + "() takes exactly one argument (" + n + " given)");
        }
        double x = arg(a[o]);
        double r = apply(which, x);
        if (Double.isNaN(r) && !Double.isNaN(x)) {
            throw PyError.valueError("math domain error");
        }
        if (Double.isInfinite(r) && Double.isFinite(x)) {
            throw PyError.overflow("math range error");
        }
        return t.newFloat(r);
    }

    private static long log(VmThread t, long[] a, int o, int n) {
        double x = arg(a[o]);
        if (x <= 0) {
            throw PyError.valueError("math domain error");
        }
        double r = Math.log(x);
        if (n == 2) {
            double b = arg(a[o + 1]);
            if (b <= 0) {
                throw PyError.valueError("math domain error");
            }
            r = r / Math.log(b);
        }
        return t.newFloat(r);
    }

    private static long isqrt(VmThread t, long x) {
        if (!isInt(x)) {
            throw PyError.typeError("'" + typeName(x) + "' object cannot be interpreted as an integer");
        }
        BigInteger b = bigValue(x);
        if (b.signum() < 0) {
            throw PyError.valueError("isqrt() argument must be nonnegative");
        }
        return t.newInt(b.sqrt());
    }

    private static long gcd(VmThread t, long[] a, int o, int n) {
        BigInteger g = BigInteger.ZERO;
        for (int i = 0; i < n; i++) {
            if (!isInt(a[o + i])) {
                throw PyError.typeError("'" + typeName(a[o + i]) + "' object cannot be interpreted as an integer");
            }
            g = g.gcd(bigValue(a[o + i]));
        }
        return t.newInt(g);
    }

    private static long roundTo(VmThread t, long x, boolean floor) {
        if (isInt(x)) {
            return t.newInt(bigValue(x));
        }
        double d = arg(x);
        if (Double.isNaN(d)) {
            throw PyError.valueError("cannot convert float NaN to integer");
        }
        if (Double.isInfinite(d)) {
            throw PyError.overflow("cannot convert float infinity to integer");
        }
        double r = floor ? Math.floor(d) : Math.ceil(d);
        if (Math.abs(r) < 9e18) {
            return t.newInt((long) r);
        }
        return t.newInt(new java.math.BigDecimal(r).toBigInteger());
    }

    private static long sleep(VmThread t, long[] a, int o) {
        double secs = arg(a[o]);
        if (secs < 0) {
            throw PyError.valueError("sleep length must be non-negative");
        }
        t.beginBlocking(); // offline: GIL released, QSBR and critical sections do not wait for a sleeper
        try {
            Thread.sleep((long) (secs * 1000), (int) ((secs * 1e9) % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            t.endBlocking();
        }
        return t.none;
    }

    private static long setSwitchInterval(VmThread t, long[] a, int o, int n) {
        if (n != 1) {
            throw PyError.typeError("setswitchinterval() takes exactly one argument (" + n + " given)");
        }
        double secs = arg(a[o]);
        if (!(secs > 0)) {
            throw PyError.valueError("switch interval must be strictly positive");
        }
        t.vm.gil.setIntervalNanos(Math.max(1, (long) (secs * 1e9)));
        return t.none;
    }
}
