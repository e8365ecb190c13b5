package io.github.freethread.vm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.github.freethread.vm.builtins.BuiltinTable;
import io.github.freethread.vm.modules.StandardModules;
import io.github.freethread.vm.runtime.Dicts;
import io.github.freethread.vm.runtime.TypeIds;
import io.github.freethread.vm.runtime.Vm;
import io.github.freethread.vm.runtime.VmConfig;
import io.github.freethread.vm.runtime.VmThread;

/**
 * The standard modules register their functions on first import instead of at start-up (see
 * {@code BuiltinTable}, {@code StandardModules.spec}). These tests check that this is invisible:
 * nothing registers before its import, the same module object on every import, every registered
 * function bound in the module as the VM's own built-in object, a VM started before the
 * registration gets working modules, concurrent first imports register once.
 */
class LazyModuleRegistrationTest {
    private static final List<String> MODULES = List.of("math", "time", "sys", "threading", "concurrent",
        "concurrent.futures", "queue", "os", "_ftvm_probe", "_legacy_ext");

    /** Ids below this were registered while BuiltinTable initialised (the modules come after). */
    static int coreCount() {
        int first = BuiltinTable.count();
        for (int id = 0; id < BuiltinTable.count(); id++) {
            String module = BuiltinTable.entry(id).module();
            if (module != null && MODULES.contains(module)) {
                first = Math.min(first, id);
            }
        }
        return first;
    }

    static long moduleEntries() {
        return BuiltinTable.entries().stream().filter(e -> e.module() != null && MODULES.contains(e.module())).count();
    }

    /** Run in a fresh JVM by {@link #shouldRegisterEachModuleOnItsFirstImportNotAtStartUp}. */
    public static final class Probe {
        public static void main(String[] args) {
            System.out.println("at start: " + moduleEntries());
            Run r = Run.of("print(len([1, 2]), abs(-3), 'x'.upper())");
            System.out.println("after builtins only: " + moduleEntries() + " " + r.out.strip());
            Run.of("import math\nprint(math.sqrt(9.0))");
            long math = moduleEntries();
            System.out.println("after math: " + (math == BuiltinTable.entries().stream().filter(e -> "math".equals(e.module())).count()));
            Run.of("import threading");
            System.out.println("after threading: " + (moduleEntries() > math));
        }
    }

    /** A program run through the CLI entry point (Program.run), in this JVM. */
    record Run(int status, String out, String err) {
        static Run of(String source) {
            FtvmCommandLineTest.Run r = FtvmCommandLineTest.run("-c", source);
            return new Run(r.status(), r.out(), r.err() + r.cliErr());
        }
    }

    @Test
    void shouldRegisterEachModuleOnItsFirstImportNotAtStartUp() throws Exception {
        FtvmProcessTest.Result r = FtvmProcessTest.java(Probe.class.getName());
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("at start: 0\nafter builtins only: 0 2 3 X\nafter math: true\nafter threading: true\n");
    }

    @Test
    void shouldGiveTheSameModuleObjectOnEveryImportWithItsFunctionsAndAttributes() {
        Run r = Run.of("""
            import threading
            import threading as again
            from threading import Lock
            import concurrent.futures
            import queue, os, math, sys, time
            print(threading is again, Lock is threading.Lock, concurrent.futures.TimeoutError is not None)
            lock = Lock()
            with lock:
                print(lock.locked())
            q = queue.Queue()
            q.put(1)
            print(q.get(), os.cpu_count() >= 1, math.pi, math.floor(2.5), sys.argv, time.time() > 0)
            with concurrent.futures.ThreadPoolExecutor(2) as ex:
                print(ex.submit(abs, -4).result())
            """);
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("True True True\nTrue\n1 True 3.141592653589793 2 ['-c'] True\n4\n");
    }

    @Test
    void shouldKeepBuiltinObjectsMadeOnImportOutOfTheProgramsAllocationCounts() {
        FtvmCommandLineTest.Run r = FtvmCommandLineTest.run("--stats", "-c", "import math, threading, queue\nprint(math.sqrt(4.0))");
        assertThat(r.status()).isZero();
        String perType = r.err().lines().filter(l -> l.startsWith("ftvm stats: allocations per type:")).findFirst().orElseThrow();
        assertThat(perType).doesNotContain("builtin_function_or_method"); // as when every module registered at start-up
    }

    /** Checks that module {@code name}, imported into {@code vm}, binds every function registered for it to {@code vm}'s object. */
    static void assertModuleBindsItsRegisteredFunctions(Vm vm, VmThread t, String name) {
        long m = vm.importModule(t, name);
        assertThat(m).as(name).isNotZero();
        try {
            long d = Vm.moduleDict(m);
            int functions = 0;
            for (int id = 0; id < BuiltinTable.count(); id++) {
                BuiltinTable.Entry e = BuiltinTable.entry(id);
                // a private helper (concurrent.futures' _map_result, called by map's iterator) is registered but not bound
                if (e.ownerType() == -1 && name.equals(e.module()) && !e.name().startsWith("_")) {
                    long k = t.newStr(e.name());
                    long v = Dicts.getOwned(t, d, k);
                    t.decref(k);
                    assertThat(v).as(name + "." + e.name()).isEqualTo(vm.builtinObj(id));
                    t.decref(v);
                    functions++;
                }
            }
            assertThat(functions > 0 || name.equals("concurrent")).as(name + " has functions").isTrue();
        } finally {
            t.decref(m);
        }
    }

    @Test
    void shouldGiveAVmStartedBeforeTheRegistrationWorkingModules() {
        for (String name : MODULES) {
            assertThat(Run.of("import " + name).status()).as(name).isZero(); // every module registered now
        }
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        // a VM that, like one started before those registrations, has built-in objects for the core ids only
        Vm vm = Vm.start(VmConfig.defaults().withChecked(true), sink, sink, coreCount());
        VmThread t = vm.mainThread();
        vm.setModuleLoader(StandardModules::load);
        for (String name : MODULES) {
            if (!name.equals("_legacy_ext")) { // it would switch this VM to GIL mode: not what is tested here
                assertModuleBindsItsRegisteredFunctions(vm, t, name);
            }
        }
        // a late-registered function works in this VM: threading.Lock() makes a lock
        long threading = vm.importModule(t, "threading");
        long lockName = t.newStr("Lock");
        long lockFn = Dicts.getOwned(t, Vm.moduleDict(threading), lockName);
        int lockId = -1;
        for (int id = coreCount(); id < BuiltinTable.count(); id++) {
            if (vm.builtinObj(id) == lockFn) {
                lockId = id;
            }
        }
        assertThat(lockId).isGreaterThanOrEqualTo(coreCount());
        long lock = BuiltinTable.call(t, lockId, 0, new long[0], 0, 0, 0);
        assertThat(VmThread.typeOf(lock)).isEqualTo(TypeIds.LOCK);
        t.decref(lock);
        t.decref(lockFn);
        t.decref(lockName);
        t.decref(threading);
        vm.finish(t);
        assertThat(vm.leaks()).as("live objects after finish (checked mode)").isEmpty();
        vm.close();
    }

    @Test
    void shouldRegisterOnceWhenSeveralVmsImportForTheFirstTimeTogether() throws Exception {
        int vms = 3;
        CyclicBarrier start = new CyclicBarrier(vms);
        ExecutorService pool = Executors.newFixedThreadPool(vms);
        try {
            List<Future<Run>> results = new ArrayList<>();
            for (int i = 0; i < vms; i++) {
                results.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return Run.of("import queue, threading\nq = queue.Queue()\nq.put(threading.get_ident() > 0)\nprint(q.get())\n");
                }));
            }
            for (Future<Run> r : results) {
                assertThat(r.get(60, TimeUnit.SECONDS).out()).isEqualTo("True\n");
            }
        } finally {
            pool.shutdownNow();
        }
        for (String module : List.of("queue", "threading")) {
            Set<String> names = new HashSet<>();
            for (int id = 0; id < BuiltinTable.count(); id++) {
                BuiltinTable.Entry e = BuiltinTable.entry(id);
                if (module.equals(e.module()) && e.ownerType() == -1) {
                    assertThat(names.add(e.name())).as("%s.%s registered once", module, e.name()).isTrue();
                }
            }
        }
    }
}
