package io.github.freethread.vm.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import io.github.freethread.vm.builtins.BuiltinTable;
import io.github.freethread.vm.compiler.Compiler;
import io.github.freethread.vm.interp.Interpreter;
import io.github.freethread.vm.modules.StandardModules;

/**
 * Fixture of the Shared*Test classes: a checked-mode VM with builtins and {@code __main__} (as
 * {@code Program.run} sets them up), Python threads created at the Java level
 * ({@code vm.attachThread} on a new Java thread, {@code vm.detachThread} at its end), and the
 * leak check after {@code vm.finish}. Abstract: it holds no tests itself.
 */
abstract class SharedVmTest {
    protected Vm vm;
    protected VmThread main;
    protected long globals;
    protected final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A step run on one attached Python thread. */
    interface ThreadBody {
        void run(VmThread t, int index) throws Exception;
    }

    @BeforeEach
    void startVm() {
        PrintStream p = new PrintStream(out, true, StandardCharsets.UTF_8);
        vm = Vm.start(VmConfig.defaults().withChecked(true), p, p, BuiltinTable.count());
        main = vm.mainThread();
        vm.setModuleLoader(StandardModules::load);
        long builtins = vm.newModule(main, "builtins");
        vm.builtinsDict = Vm.moduleDict(builtins);
        StandardModules.installBuiltins(main, vm.builtinsDict);
        vm.registerModule(main, "builtins", builtins);
        main.decref(builtins);
        long m = vm.newModule(main, "__main__");
        vm.registerModule(main, "__main__", m);
        globals = Vm.moduleDict(m);
        main.decref(m);
    }

    @AfterEach
    void finishVm() {
        vm.finish(main);
        assertThat(vm.leaks()).as("live objects after finish (checked mode)").isEmpty();
        vm.close();
    }

    /** Runs {@code source} as the body of {@code __main__} on the main thread. */
    protected void exec(String source) {
        CodeInfo ci = vm.load(main, Compiler.compile(source, "shared_test.py"));
        for (int i = 0; i < ci.nlocals; i++) {
            main.data[i] = 0;
        }
        main.decref(Interpreter.execute(main, ci, globals, 0));
    }

    /** globals[name] as an owned reference (0 if absent). */
    protected long global(String name) {
        long k = main.newStr(name);
        try {
            return Dicts.getOwned(main, globals, k);
        } finally {
            main.decref(k);
        }
    }

    /**
     * Runs {@code body} on {@code n} new Python threads (big Java stacks), started together through
     * a barrier; rethrows the first failure. Each thread attaches and detaches itself.
     */
    protected void runThreads(int n, ThreadBody body) throws Exception {
        List<Throwable> failures = new ArrayList<>();
        CyclicBarrier go = new CyclicBarrier(n);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            Thread th = new Thread(null, () -> {
                VmThread t = vm.attachThread(vm.config.dataStackSlots());
                try {
                    go.await(10, TimeUnit.SECONDS);
                    body.run(t, index);
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                } finally {
                    vm.detachThread(t);
                }
            }, "py-" + i, 1L << 26);
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(th.isAlive()).as("thread %s finished", th.getName()).isFalse();
        }
        if (!failures.isEmpty()) {
            AssertionError e = new AssertionError("a Python thread failed: " + failures.get(0), failures.get(0));
            failures.stream().skip(1).forEach(e::addSuppressed);
            throw e;
        }
        main.safePoint();
    }

    /** The int value of an owned reference, dropping it. */
    protected static long takeInt(VmThread t, long o) {
        assertThat(VmThread.typeOf(o)).as("type of 0x%x", o).isEqualTo(TypeIds.INT);
        long v = VmThread.intValue(o);
        t.decref(o);
        return v;
    }
}
