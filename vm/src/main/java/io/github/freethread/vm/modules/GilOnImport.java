package io.github.freethread.vm.modules;

import io.github.freethread.vm.runtime.ClassTable;
import io.github.freethread.vm.runtime.Gil;
import io.github.freethread.vm.runtime.PyError;
import io.github.freethread.vm.runtime.VmThread;

/**
 * What importing a module that has not declared free-threading safety does (PEP 703, CPython
 * 3.13's {@code _PyImport_CheckGILForModule}): unless the GIL is forced off ({@code --gil=0},
 * {@code FTVM_GIL=0}) or already enabled, it enables the GIL and emits a RuntimeWarning naming the
 * module. Under {@code -W error} (or {@code -W error::RuntimeWarning}) the warning is raised as an
 * exception instead and the import fails, so a CI run can assert it stayed free-threaded; under
 * {@code -W ignore} the GIL is enabled silently.
 */
final class GilOnImport {
    private GilOnImport() {
    }

    static String message(String module) {
        return "The global interpreter lock (GIL) has been enabled to load module '" + module
            + "', which has not declared that it can run safely without the GIL. To override this behavior and keep the"
            + " GIL disabled (at your own risk), run with FTVM_GIL=0 or --gil=0.";
    }

    /** Called before the module is built; throws (RuntimeWarning) under -W error, leaving everything unchanged. */
    static void check(VmThread t, String module) {
        Gil gil = t.vm.gil;
        if (gil.isForcedOff()) {
            gil.noteKeptOff(module);
            return;
        }
        if (gil.isEnabled()) {
            return;
        }
        String action = t.vm.config.runtimeWarningAction();
        String msg = message(module);
        if (action.equals("error")) {
            throw new PyError(ClassTable.RUNTIME_WARNING, msg);
        }
        if (gil.enable("module '" + module + "' imported without declaring free-threading safety")
            && !action.equals("ignore")) {
            synchronized (t.vm.err) {
                t.vm.out.flush();
                t.vm.err.println("<sys>:0: RuntimeWarning: " + msg);
                t.vm.err.flush();
            }
        }
        // This thread takes the GIL at its next safe point, as every other running thread does
        // (not here: the import holds the VM's module lock, and waiting for the GIL under it
        // could deadlock with a GIL holder that imports).
    }
}
