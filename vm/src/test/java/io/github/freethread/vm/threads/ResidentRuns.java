package io.github.freethread.vm.threads;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.github.freethread.vm.builtins.BuiltinTable;
import io.github.freethread.vm.bytecode.CodeObject;
import io.github.freethread.vm.compiler.Compiler;
import io.github.freethread.vm.interp.Program;
import io.github.freethread.vm.runtime.Vm;
import io.github.freethread.vm.runtime.VmConfig;

/**
 * Test helper: one VM on one big-stack thread running the same compiled program several times
 * through {@link Program#runAgain} (the benchmarks' warm mode). {@code afterEach} sees the VM after
 * every run (finished and prepared for the next program); the outcome of each run is recorded.
 * Thrown exceptions of the VM thread are rethrown by {@link #runs}.
 */
final class ResidentRuns {
    private ResidentRuns() {
    }

    /** One run's output and exit status. */
    record Outcome(String out, String err, int status) {
    }

    static List<Outcome> runs(String source, VmConfig config, int times, Consumer<Vm> afterEach) throws Throwable {
        List<Outcome> outcomes = new ArrayList<>();
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(null, () -> {
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                PrintStream po = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream pe = new PrintStream(err, true, StandardCharsets.UTF_8);
                CodeObject code = Compiler.compile(source, "t.py");
                try (Vm vm = Vm.start(config, po, pe, BuiltinTable.count())) {
                    for (int i = 0; i < times; i++) {
                        out.reset();
                        err.reset();
                        int status = Program.runAgain(vm, code, source);
                        outcomes.add(new Outcome(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), status));
                        afterEach.accept(vm);
                    }
                }
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "resident-run", 1L << 29);
        t.start();
        t.join(120_000);
        if (t.isAlive()) {
            throw new AssertionError("resident runs did not finish in 120 s");
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        return outcomes;
    }
}
