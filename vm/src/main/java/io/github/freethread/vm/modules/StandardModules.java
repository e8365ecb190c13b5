package io.github.freethread.vm.modules;

import static io.github.freethread.vm.runtime.VmThread.*;

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
 * import in the process ({@link #spec}), so start-up does not register the functions of modules
 * the program never imports (those still written as lambdas cost a class the JDK generates each;
 * math, time and sys dispatch by number in {@link CoreModuleFunctions}). The module
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

    static double arg(long x) {
        if (!Numbers.isNumber(x)) {
            throw PyError.typeError("must be real number, not " + typeName(x));
        }
        return Numbers.toDouble(x);
    }

    private static void add(List<Integer> ids, String module, String name, int which) {
        ids.add(BuiltinTableAccess.add(name, module, new CoreModuleFunctions(which)));
    }

    private static ModuleSpec registerMath() {
        ModuleSpec m = new ModuleSpec("math", true);
        List<Integer> ids = m.functions;
        add(ids, "math", "sqrt", CoreModuleFunctions.SQRT);
        add(ids, "math", "sin", CoreModuleFunctions.SIN);
        add(ids, "math", "cos", CoreModuleFunctions.COS);
        add(ids, "math", "tan", CoreModuleFunctions.TAN);
        add(ids, "math", "exp", CoreModuleFunctions.EXP);
        add(ids, "math", "fabs", CoreModuleFunctions.FABS);
        add(ids, "math", "log", CoreModuleFunctions.LOG);
        add(ids, "math", "atan2", CoreModuleFunctions.ATAN2);
        add(ids, "math", "floor", CoreModuleFunctions.FLOOR);
        add(ids, "math", "ceil", CoreModuleFunctions.CEIL);
        add(ids, "math", "isqrt", CoreModuleFunctions.ISQRT);
        add(ids, "math", "gcd", CoreModuleFunctions.GCD);
        add(ids, "math", "isfinite", CoreModuleFunctions.ISFINITE);
        add(ids, "math", "isinf", CoreModuleFunctions.ISINF);
        add(ids, "math", "isnan", CoreModuleFunctions.ISNAN);
        return m;
    }

    private static ModuleSpec registerTime() {
        ModuleSpec m = new ModuleSpec("time", true);
        List<Integer> ids = m.functions;
        add(ids, "time", "perf_counter", CoreModuleFunctions.PERF_COUNTER);
        add(ids, "time", "time", CoreModuleFunctions.TIME);
        add(ids, "time", "sleep", CoreModuleFunctions.SLEEP);
        return m;
    }

    private static ModuleSpec registerSys() {
        ModuleSpec m = new ModuleSpec("sys", true);
        List<Integer> ids = m.functions;
        add(ids, "sys", "exit", CoreModuleFunctions.EXIT);
        add(ids, "sys", "_is_gil_enabled", CoreModuleFunctions.IS_GIL_ENABLED);
        add(ids, "sys", "getswitchinterval", CoreModuleFunctions.GETSWITCHINTERVAL);
        add(ids, "sys", "setswitchinterval", CoreModuleFunctions.SETSWITCHINTERVAL);
        add(ids, "sys", "getrecursionlimit", CoreModuleFunctions.GETRECURSIONLIMIT);
        return m;
    }

    /** True if {@code name} is a built-in module that declares free-threading safety (false if unknown). */
    public static boolean declaresFreeThreadingSafe(String name) {
        ModuleSpec m = spec(name);
        return m != null && m.freeThreadingSafe;
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
