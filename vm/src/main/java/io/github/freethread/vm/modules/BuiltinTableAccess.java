package io.github.freethread.vm.modules;

import io.github.freethread.vm.builtins.BuiltinTable;

/** Registers module functions in the {@link BuiltinTable} (owner type -1, tagged with the module). */
final class BuiltinTableAccess {
    private BuiltinTableAccess() {
    }

    static int add(String name, String module, BuiltinTable.Impl impl) {
        return BuiltinTable.addModuleFunction(name, module, impl);
    }
}
