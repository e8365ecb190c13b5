package io.github.freethread.vm.modules;

import static io.github.freethread.vm.runtime.VmThread.*;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import io.github.freethread.vm.builtins.BuiltinTable;
import io.github.freethread.vm.runtime.ClassTable;
import io.github.freethread.vm.runtime.Dicts;
import io.github.freethread.vm.runtime.Lists;
import io.github.freethread.vm.runtime.Numbers;
import io.github.freethread.vm.runtime.PyError;
import io.github.freethread.vm.runtime.TypeIds;
import io.github.freethread.vm.runtime.Vm;
import io.github.freethread.vm.runtime.VmThread;

/**
 * The built-in modules: {@code math}, {@code time}, {@code sys} (here), and {@code threading},
 * {@code concurrent.futures}, {@code queue}, {@code os}, {@code _legacy_ext}, {@code _ftvm_probe}
 * ({@link ModuleSpec}s in their own files). Their functions are entries of {@link BuiltinTable}
 * tagged with the module name; {@link #load} builds a module object holding them plus the
 * module's constants. Every module declares whether it is free-threading safe; math, time and sys
 * are (they hold no mutable state besides sys.argv, which is a list like any other). Importing
 * one that is not enables the GIL ({@link GilOnImport}).
 *
 * <p>Registration: every module registers its functions into {@link BuiltinTable} on its first
 * import in the process ({@link #spec}), so start-up does not spin the ~85 implementation
 * lambdas (each a class the JDK generates) of modules the program never imports. The module
 * object a VM builds on import is the same as when they registered eagerly: the functions, then
 * the module's other attributes.
 *
 * <pre>
 * Ownership / ordering
 *  field             writer                                 reader               mode
 *  SPECS             spec() (computeIfAbsent: register      spec(), any thread   ConcurrentHashMap: a spec is
 *                    runs at most once per name)                                 visible only after register()
 *                                                                                 returned (its functions and
 *                                                                                 init are complete)
 * </pre>
 */
public final class StandardModules {
    private StandardModules() {
    }

    /** Every built-in module registered so far in the process, by name (see {@link #spec}). */
    private static final java.util.Map<String, ModuleSpec> SPECS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The spec of built-in module {@code name}, registering it (its functions and methods into
     * {@link BuiltinTable}) on the first call for that name in the process; null if there is no
     * such module.
     */
    static ModuleSpec spec(String name) {
        // computeIfAbsent runs register at most once per name; a null result (no such module) maps nothing
        return SPECS.computeIfAbsent(name, StandardModules::register);
    }

    private static ModuleSpec register(String name) {
        ModuleSpec m = switch (name) {
            case "math" -> registerMath();
            case "time" -> registerTime();
            case "sys" -> registerSys();
            case "threading" -> ThreadingModule.register();
            case "concurrent" -> FuturesModule.registerPackage();
            case "concurrent.futures" -> FuturesModule.register();
            case "queue" -> QueueModule.register();
            case "os" -> OsModule.register();
            case "_legacy_ext" -> TestModules.legacyExt();
            case "_ftvm_probe" -> TestModules.probe();
            default -> null;
        };
        if (m != null && !m.name.equals(name)) {
            throw new IllegalStateException("module '" + name + "' registered itself as '" + m.name + "'");
        }
        return m;
    }

    interface D2D {
        double apply(double x);
    }

    private static void math1(List<Integer> ids, String name, D2D f, boolean domainCheck) {
        ids.add(BuiltinTableAccess.add(name, "math", (t, s, a, o, n, k) -> {
            if (n != 1) {
                throw PyError.typeError("math." + name + "() takes exactly one argument (" + n + " given)");
            }
            double x = arg(a[o]);
            double r = f.apply(x);
            if (Double.isNaN(r) && !Double.isNaN(x)) {
                throw PyError.valueError("math domain error");
            }
            if (Double.isInfinite(r) && Double.isFinite(x)) {
                if (name.equals("log")) {
                    throw PyError.valueError("math domain error");
                }
                throw PyError.overflow("math range error");
            }
            return t.newFloat(r);
        }));
    }

    static double arg(long x) {
        if (!Numbers.isNumber(x)) {
            throw PyError.typeError("must be real number, not " + typeName(x));
        }
        return Numbers.toDouble(x);
    }

    private static ModuleSpec registerMath() {
        ModuleSpec m = new ModuleSpec("math", true);
        List<Integer> ids = m.functions;
        math1(ids, "sqrt", Math::sqrt, true);
        math1(ids, "sin", Math::sin, true);
        math1(ids, "cos", Math::cos, true);
        math1(ids, "tan", Math::tan, true);
        math1(ids, "exp", Math::exp, true);
        math1(ids, "fabs", Math::abs, false);
        ids.add(BuiltinTableAccess.add("log", "math", (t, s, a, o, n, k) -> {
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
        }));
        ids.add(BuiltinTableAccess.add("atan2", "math", (t, s, a, o, n, k) -> t.newFloat(Math.atan2(arg(a[o]), arg(a[o + 1])))));
        ids.add(BuiltinTableAccess.add("floor", "math", (t, s, a, o, n, k) -> roundTo(t, a[o], true)));
        ids.add(BuiltinTableAccess.add("ceil", "math", (t, s, a, o, n, k) -> roundTo(t, a[o], false)));
        ids.add(BuiltinTableAccess.add("isqrt", "math", (t, s, a, o, n, k) -> {
            long x = a[o];
            if (!isInt(x)) {
                throw PyError.typeError("'" + typeName(x) + "' object cannot be interpreted as an integer");
            }
            BigInteger b = bigValue(x);
            if (b.signum() < 0) {
                throw PyError.valueError("isqrt() argument must be nonnegative");
            }
            return t.newInt(b.sqrt());
        }));
        ids.add(BuiltinTableAccess.add("gcd", "math", (t, s, a, o, n, k) -> {
            BigInteger g = BigInteger.ZERO;
            for (int i = 0; i < n; i++) {
                if (!isInt(a[o + i])) {
                    throw PyError.typeError("'" + typeName(a[o + i]) + "' object cannot be interpreted as an integer");
                }
                g = g.gcd(bigValue(a[o + i]));
            }
            return t.newInt(g);
        }));
        ids.add(BuiltinTableAccess.add("isfinite", "math", (t, s, a, o, n, k) -> t.bool(Double.isFinite(arg(a[o])))));
        ids.add(BuiltinTableAccess.add("isinf", "math", (t, s, a, o, n, k) -> t.bool(Double.isInfinite(arg(a[o])))));
        ids.add(BuiltinTableAccess.add("isnan", "math", (t, s, a, o, n, k) -> t.bool(Double.isNaN(arg(a[o])))));
        return m;
    }

    private static ModuleSpec registerTime() {
        ModuleSpec m = new ModuleSpec("time", true);
        List<Integer> ids = m.functions;
        ids.add(BuiltinTableAccess.add("perf_counter", "time", (t, s, a, o, n, k) -> t.newFloat(System.nanoTime() / 1e9)));
        ids.add(BuiltinTableAccess.add("time", "time", (t, s, a, o, n, k) -> t.newFloat(System.currentTimeMillis() / 1e3)));
        ids.add(BuiltinTableAccess.add("sleep", "time", (t, s, a, o, n, k) -> {
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
        }));
        return m;
    }

    private static ModuleSpec registerSys() {
        ModuleSpec m = new ModuleSpec("sys", true);
        List<Integer> ids = m.functions;
        ids.add(BuiltinTableAccess.add("exit", "sys", (t, s, a, o, n, k) -> {
            long args = n == 0 ? t.vm.emptyTuple : t.tupleOf(a[o]);
            throw new PyError(t.newException(ClassTable.SYSTEM_EXIT, args));
        }));
        ids.add(BuiltinTableAccess.add("_is_gil_enabled", "sys", (t, s, a, o, n, k) -> t.bool(t.vm.gil.isEnabled())));
        ids.add(BuiltinTableAccess.add("getswitchinterval", "sys", (t, s, a, o, n, k) -> t.newFloat(t.vm.gil.intervalNanos() / 1e9)));
        ids.add(BuiltinTableAccess.add("setswitchinterval", "sys", (t, s, a, o, n, k) -> {
            if (n != 1) {
                throw PyError.typeError("setswitchinterval() takes exactly one argument (" + n + " given)");
            }
            double secs = arg(a[o]);
            if (!(secs > 0)) {
                throw PyError.valueError("switch interval must be strictly positive");
            }
            t.vm.gil.setIntervalNanos(Math.max(1, (long) (secs * 1e9)));
            return t.none;
        }));
        ids.add(BuiltinTableAccess.add("getrecursionlimit", "sys", (t, s, a, o, n, k) -> t.newInt(t.vm.config.recursionLimit())));
        return m;
    }


    /** True if {@code name} is a built-in module that declares free-threading safety (false if unknown). */
    public static boolean declaresFreeThreadingSafe(String name) {
        ModuleSpec m = spec(name);
        return m != null && m.freeThreadingSafe;
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

    /** The ModuleLoader of a VM: builds a built-in module on first import. */
    public static long load(VmThread t, String name) {
        if (!name.equals("math") && !name.equals("time") && !name.equals("sys")) {
            return loadSpec(t, name);
        }
        List<Integer> fns = spec(name).functions;
        Vm vm = t.vm;
        vm.ensureBuiltinObjs(t); // this VM may have started before the module registered its functions
        long m = vm.newModule(t, name);
        long d = Vm.moduleDict(m);
        for (int id : fns) {
            put(t, d, BuiltinTable.name(id), vm.builtinObj(id));
        }
        switch (name) {
            case "math" -> {
                putOwned(t, d, "pi", t.newFloat(Math.PI));
                putOwned(t, d, "e", t.newFloat(Math.E));
                putOwned(t, d, "tau", t.newFloat(2 * Math.PI));
                putOwned(t, d, "inf", t.newFloat(Double.POSITIVE_INFINITY));
                putOwned(t, d, "nan", t.newFloat(Double.NaN));
            }
            case "sys" -> {
                long argv = Lists.newList(t, vm.config.argv().size());
                for (String s : vm.config.argv()) {
                    Lists.appendOwned(t, argv, t.newStr(s));
                }
                putOwned(t, d, "argv", argv);
                long flags = vm.newModule(t, "sys.flags");
                // the -X gil / PYTHON_GIL setting, as CPython 3.13: 1 for --gil=1, else 0 (the live state is sys._is_gil_enabled())
                put(t, Vm.moduleDict(flags), "gil", t.newInt(vm.config.gil() == io.github.freethread.vm.runtime.VmConfig.GIL_ON ? 1 : 0));
                putOwned(t, d, "flags", flags);
                putOwned(t, d, "maxsize", t.newInt(Long.MAX_VALUE));
                putOwned(t, d, "version", t.newStr("3.11.0 (ftvm)"));
                putOwned(t, d, "platform", t.newStr("linux"));
            }
            default -> {
            }
        }
        return m;
    }

    private static long loadSpec(VmThread t, String name) {
        ModuleSpec spec = spec(name);
        if (spec == null) {
            return 0;
        }
        if (!spec.freeThreadingSafe) {
            GilOnImport.check(t, name); // may raise RuntimeWarning under -W error: nothing built yet
        }
        t.vm.ensureBuiltinObjs(t); // this VM may have started before the spec registered its functions
        Vm vm = t.vm;
        long m = vm.newModule(t, name);
        long d = Vm.moduleDict(m);
        for (int id : spec.functions) {
            put(t, d, BuiltinTable.name(id), vm.builtinObj(id));
        }
        spec.init.init(t, d);
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            // a submodule: also an attribute of its package (import concurrent.futures binds concurrent)
            long parent = vm.importModule(t, name.substring(0, dot));
            if (parent != 0) {
                put(t, Vm.moduleDict(parent), name.substring(dot + 1), m);
                t.decref(parent);
            }
        }
        return m;
    }

    static void put(VmThread t, long d, String key, long v) {
        long k = t.newStr(key);
        Dicts.put(t, d, k, v);
        t.decref(k);
    }

    static void putOwned(VmThread t, long d, String key, long v) {
        put(t, d, key, v);
        t.decref(v);
    }

    /** For the builtins module: installs every builtins function and the built-in classes into {@code d}. */
    public static void installBuiltins(VmThread t, long d) {
        for (int id = 0; id < BuiltinTable.count(); id++) {
            BuiltinTable.Entry e = BuiltinTable.entry(id);
            if (e.ownerType() == 0) {
                put(t, d, e.name(), t.vm.builtinObj(id));
            }
        }
        for (int c = 0; c < ClassTable.ALL.size(); c++) {
            String n = ClassTable.name(c);
            if (c == ClassTable.NONE_TYPE || c == ClassTable.FUNCTION || c == ClassTable.BUILTIN_FUNCTION || c == ClassTable.MODULE
                || c == ClassTable.ITERATOR || c == ClassTable.DICT_VIEW || c == ClassTable.TRACEBACK || c == ClassTable.CODE
                || c >= ClassTable.FIRST_MODULE_CLASS) {
                continue;
            }
            put(t, d, n, t.vm.classObj(c));
        }
        put(t, d, "None", t.none);
        put(t, d, "True", t.trueObj);
        put(t, d, "False", t.falseObj);
    }

    static boolean unused(int type) {
        return type == TypeIds.NONE;
    }
}
