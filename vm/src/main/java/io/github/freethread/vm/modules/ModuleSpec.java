package io.github.freethread.vm.modules;

import java.util.ArrayList;
import java.util.List;

import io.github.freethread.vm.runtime.VmThread;

/**
 * A built-in module: its functions (ids in the BuiltinTable), its other attributes (set up by
 * {@code init} into the module dict on first import), and whether it declares that it is safe to
 * run without the GIL (CPython's {@code Py_mod_gil} slot, PEP 703). Importing a module that does
 * not declare it enables the GIL (see {@link GilOnImport}).
 */
final class ModuleSpec {
    /** Fills a fresh module's dict (borrowed) with the module's non-function attributes. */
    @FunctionalInterface
    interface Init {
        void init(VmThread t, long dict);
    }

    final String name;
    final boolean freeThreadingSafe;
    final List<Integer> functions = new ArrayList<>();
    Init init = (t, d) -> {
    };

    ModuleSpec(String name, boolean freeThreadingSafe) {
        this.name = name;
        this.freeThreadingSafe = freeThreadingSafe;
    }

    /** Registers a function of this module. */
    ModuleSpec fn(String fname, io.github.freethread.vm.builtins.BuiltinTable.Impl impl) {
        functions.add(BuiltinTableAccess.add(fname, name, impl));
        return this;
    }
}
