package io.github.freethread.vm.builtins;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.freethread.vm.runtime.PyError;
import io.github.freethread.vm.runtime.VmThread;

/**
 * Every built-in function and method, by id, shared by all VMs and threads; each VM creates one
 * immortal built-in object per id. Methods are found by (type id, name).
 *
 * <p>Ids are assigned in registration order and never change. The builtins and the methods of the
 * core types register while this class initialises; the standard modules ({@code math},
 * {@code sys}, {@code threading}, {@code queue}, ...) register on their first import in the
 * process ({@code StandardModules}), appending ids: a program never pays for the implementations
 * of modules it does not import (each lambda is a class the JDK spins at run time). A VM started
 * before such a late registration creates the new ids' objects when it imports the module
 * ({@code Vm.ensureBuiltinObjs}).
 *
 * <pre>
 * Ownership / ordering
 *  field     writer                                         reader        mode
 *  entries   add (class initialisation, or a module's first  any thread    volatile array, copy-on-write:
 *            import), under the BuiltinTable.class monitor                 an id is only handed out (returned
 *                                                                          by add) after the array holding its
 *                                                                          entry is published
 *  METHODS   add, same monitor                              any thread    ConcurrentHashMap of
 *                                                                          ConcurrentHashMaps
 * </pre>
 */
public final class BuiltinTable {
    private BuiltinTable() {
    }

    /** A built-in's implementation: borrowed {@code self} (0 for functions) and arguments; owned result. */
    @FunctionalInterface
    public interface Impl {
        long call(VmThread t, long self, long[] a, int off, int n, long kwnames);
    }

    /** Implementations selected by number within one class (a {@code switch}). */
    @FunctionalInterface
    public interface NumberedTable {
        long call(int which, VmThread t, long self, long[] a, int off, int n, long kwnames);
    }

    /**
     * Entry {@code which} of a {@link NumberedTable}: one implementation class per table instead of
     * a lambda class spun per built-in at start-up (docs/startup.md, "Session 4"). Immutable.
     */
    public record Numbered(NumberedTable table, int which) implements Impl {
        @Override
        public long call(VmThread t, long self, long[] a, int off, int n, long kwnames) {
            return table.call(which, t, self, a, off, n, kwnames);
        }
    }

    /** One entry: owner is 0 for a builtins-module function, a type id for a method, -1 for a module function. */
    public record Entry(String name, int ownerType, String module, Impl impl) {
    }

    private static volatile Entry[] entries = new Entry[0];
    private static final Map<Integer, Map<String, Integer>> METHODS = new ConcurrentHashMap<>();

    static synchronized int add(String name, int ownerType, String module, Impl impl) {
        Entry[] old = entries;
        Entry[] grown = Arrays.copyOf(old, old.length + 1);
        int id = old.length;
        grown[id] = new Entry(name, ownerType, module, impl);
        entries = grown; // release: pairs with the volatile read of entries in entry() / call() / count()
        if (ownerType > 0) {
            Map<String, Integer> byName = METHODS.get(ownerType);
            if (byName == null) {
                byName = new ConcurrentHashMap<>();
                METHODS.put(ownerType, byName);
            }
            byName.put(name, id);
        }
        return id;
    }

    /** Registers a method of runtime type {@code typeId} (used by the modules package when it registers a module). */
    public static int addMethod(int typeId, String name, String module, Impl impl) {
        if (typeId <= 0) {
            throw new IllegalArgumentException("method owner must be a type id, not " + typeId);
        }
        return add(name, typeId, module, impl);
    }

    /** Registers a module function (used by the modules package when it registers a module). */
    public static int addModuleFunction(String name, String module, Impl impl) {
        return add(name, -1, module, impl);
    }

    static {
        Builtins.register();
        ContainerMethods.register();
        StrMethods.register();
        // the standard modules register on first import (StandardModules.spec)
    }

    /** Ids registered so far (modules imported later may add more). */
    public static int count() {
        return entries.length;
    }

    public static Entry entry(int id) {
        return entries[id];
    }

    public static String name(int id) {
        return entries[id].name();
    }

    public static List<Entry> entries() {
        return List.of(entries);
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
        return entries[id].impl().call(t, self, a, off, n, kwnames);
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
