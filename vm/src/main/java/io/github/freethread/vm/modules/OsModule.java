package io.github.freethread.vm.modules;

/** The {@code os} module subset: cpu_count(), getpid(). Free-threading safe (no state). */
final class OsModule {
    private OsModule() {
    }

    static ModuleSpec register() {
        ModuleSpec m = new ModuleSpec("os", true);
        m.fn("cpu_count", (t, s, a, o, n, k) -> {
            ThreadingModule.noArgs("cpu_count", n);
            return t.newInt(Runtime.getRuntime().availableProcessors());
        });
        m.fn("getpid", (t, s, a, o, n, k) -> {
            ThreadingModule.noArgs("getpid", n);
            return t.newInt(ProcessHandle.current().pid());
        });
        return m;
    }
}
