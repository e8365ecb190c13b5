package io.github.freethread.vm.runtime;

/**
 * The generic global load (LOAD_GLOBAL's unspecialised path and every deoptimised one): the name in
 * the module's globals, else in the builtins, as an OWNED reference obtained safely while other
 * threads may rebind or delete globals ({@link Dicts#getOwned}: lock-free lookup, locked retry).
 * The specialised forms use {@link Dicts#loadCached}.
 */
public final class GlobalLoads {
    private GlobalLoads() {
    }

    /** globals[name], else builtins[name] (owned); NameError if neither has it. */
    public static long load(VmThread t, long globals, long name) {
        long v = Dicts.getOwned(t, globals, name);
        if (v != 0) {
            return v;
        }
        v = Dicts.getOwned(t, t.vm.builtinsDict, name);
        if (v != 0) {
            return v;
        }
        throw PyError.nameError("name '" + VmThread.str(name) + "' is not defined");
    }
}
