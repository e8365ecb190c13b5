package io.github.freethread.vm.builtins;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.freethread.vm.runtime.PyError;
import io.github.freethread.vm.runtime.VmThread;

/**
 * Every built-in function and method, by id. Ids are fixed at class initialisation (the table is
 * immutable afterwards and shared by all VMs and threads); each VM creates one immortal
 * built-in object per id. Methods are found by (type id, name).
 */
public final class BuiltinTable {
    private BuiltinTable() {
    }

    /** A built-in's implementation: borrowed {@code self} (0 for functions) and arguments; owned result. */
    @FunctionalInterface
    public interface Impl {
        long call(VmThread t, long self, long[] a, int off, int n, long kwnames);
    }

    /** One entry: owner is 0 for a builtins-module function, a type id for a method, -1 for a module function. */
    public record Entry(String name, int ownerType, String module, Impl impl) {
    }

    private static final List<Entry> ENTRIES = new ArrayList<>();
    private static final Map<Integer, Map<String, Integer>> METHODS = new HashMap<>();

    static int add(String name, int ownerType, String module, Impl impl) {
        ENTRIES.add(new Entry(name, ownerType, module, impl));
        int id = ENTRIES.size() - 1;
        if (ownerType > 0) {
            METHODS.computeIfAbsent(ownerType, k -> new HashMap<>()).put(name, id);
        }
        return id;
    }

    /** Registers a method of runtime type {@code typeId} (used by the modules package while this class initialises). */
    public static int addMethod(int typeId, String name, String module, Impl impl) {
        if (typeId <= 0) {
            throw new IllegalArgumentException("method owner must be a type id, not " + typeId);
        }
        return add(name, typeId, module, impl);
    }

    /** Registers a module function (used by the modules package while this class initialises). */
    public static int addModuleFunction(String name, String module, Impl impl) {
        return add(name, -1, module, impl);
    }

    static {
        Builtins.register();
        ContainerMethods.register();
        StrMethods.register();
        io.github.freethread.vm.modules.StandardModules.register();
    }

    public static int count() {
        return ENTRIES.size();
    }

    public static Entry entry(int id) {
        return ENTRIES.get(id);
    }

    public static String name(int id) {
        return ENTRIES.get(id).name();
    }

    public static List<Entry> entries() {
        return List.copyOf(ENTRIES);
    }

    public static int methodId(int typeId, String name) {
        Map<String, Integer> m = METHODS.get(typeId);
        if (m == null) {
            return -1;
        }
        Integer id = m.get(name);
        return id == null ? -1 : id;
    }

    public static long call(VmThread t, int id, long self, long[] a, int off, int n, long kwnames) {
        return ENTRIES.get(id).impl().call(t, self, a, off, n, kwnames);
    }

    // ------------------------------------------------------------------ argument helpers

    static void noKw(String name, long kwnames) {
        if (kwnames != 0 && VmThread.tupleSize(kwnames) > 0) {
            throw PyError.typeError(name + "() takes no keyword arguments");
        }
    }

    static void exactly(String name, int want, int n, long kwnames) {
        noKw(name, kwnames);
        if (n != want) {
            if (want == 0) {
                throw PyError.typeError(name + "() takes no arguments (" + n + " given)");
            }
            if (want == 1) {
                throw PyError.typeError(name + "() takes exactly one argument (" + n + " given)");
            }
            throw PyError.typeError(name + " expected " + want + " arguments, got " + n);
        }
    }

    static void range(String name, int min, int max, int n, long kwnames) {
        noKw(name, kwnames);
        if (n < min) {
            throw PyError.typeError(name + " expected at least " + min + " argument" + (min == 1 ? "" : "s") + ", got " + n);
        }
        if (n > max) {
            throw PyError.typeError(name + " expected at most " + max + " argument" + (max == 1 ? "" : "s") + ", got " + n);
        }
    }

    /** Number of keyword arguments. */
    static int kwCount(long kwnames) {
        return kwnames == 0 ? 0 : (int) VmThread.tupleSize(kwnames);
    }

    static String kwName(long kwnames, int i) {
        return VmThread.str(VmThread.tupleItem(kwnames, i));
    }
}
