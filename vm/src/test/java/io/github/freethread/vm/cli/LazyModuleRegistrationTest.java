package io.github.freethread.vm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.github.freethread.vm.builtins.BuiltinTable;
import io.github.freethread.vm.compiler.Compiler;
import io.github.freethread.vm.interp.Interpreter;
import io.github.freethread.vm.modules.StandardModules;
import io.github.freethread.vm.runtime.CodeInfo;
import io.github.freethread.vm.runtime.Dicts;
import io.github.freethread.vm.runtime.Vm;
import io.github.freethread.vm.runtime.VmConfig;
import io.github.freethread.vm.runtime.VmThread;

/**
 * The ModuleSpec modules register their functions on first import instead of at start-up (see
 * {@code BuiltinTable}, {@code StandardModules.spec}). These tests check that this is invisible:
 * same module object on every import, every registered function bound in the module as the VM's
 * own built-in object, VMs started before the registration get working modules, and concurrent
 * first imports in several VMs register once.
 */
class LazyModuleRegistrationTest {
    private static final List<String> LAZY = List.of("math", "time", "sys", "threading", "concurrent", "concurrent.futures",
        "queue", "os", "_ftvm_probe");

    /** A checked VM with builtins and __main__, as Program.run sets it up, that knows only {@code builtinCount} ids. */
    static final class TestVm implements AutoCloseable {
        final Vm vm;
        final VmThread main;
        final long globals;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        TestVm(int builtinCount) {
            PrintStream p = new PrintStream(out, true, StandardCharsets.UTF_8);
            vm = Vm.start(VmConfig.defaults().withChecked(true), p, p, builtinCount);
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

        String exec(String source) {
            CodeInfo ci = vm.load(main, Compiler.compile(source, "lazy_modules_test.py"));
            for (int i = 0; i < ci.nlocals; i++) {
                main.data[i] = 0;
            }
            main.decref(Interpreter.execute(main, ci, globals, 0));
            vm.out.flush();
            return out.toString(StandardCharsets.UTF_8);
        }

        /** Checks that module {@code name} binds every function registered for it to this VM's object for that id. */
        void assertModuleBindsItsRegisteredFunctions(String name) {
            long m = vm.importModule(main, name);
            assertThat(m).as(name).isNotZero();
            try {
                long d = Vm.moduleDict(m);
                int functions = 0;
                for (int id = 0; id < BuiltinTable.count(); id++) {
                    BuiltinTable.Entry e = BuiltinTable.entry(id);
                    // a private helper (concurrent.futures' _map_result, called by map's iterator) is registered but not bound
                    if (e.ownerType() == -1 && name.equals(e.module()) && !e.name().startsWith("_")) {
                        long k = main.newStr(e.name());
                        long v = Dicts.getOwned(main, d, k);
                        main.decref(k);
                        assertThat(v).as(name + "." + e.name()).isEqualTo(vm.builtinObj(id));
                        main.decref(v);
                        functions++;
                    }
                }
                if (!name.equals("concurrent")) {
                    assertThat(functions).as(name + " functions").isPositive();
                }
            } finally {
                main.decref(m);
            }
        }

        @Override
        public void close() {
            vm.finish(main);
            assertThat(vm.leaks()).as("live objects after finish (checked mode)").isEmpty();
            vm.close();
        }
    }

    /** Ids below this were registered while BuiltinTable initialised (the lazy modules come after). */
    static int coreCount() {
        Set<String> lazy = Set.copyOf(LAZY);
        BuiltinTable.count(); // initialise
        int first = BuiltinTable.count();
        for (int id = 0; id < BuiltinTable.count(); id++) {
            String module = BuiltinTable.entry(id).module();
            if (module != null && (lazy.contains(module) || module.equals("_legacy_ext"))) { // every module is lazy
                first = Math.min(first, id);
            }
        }
        return first;
    }

    /** Run in a fresh JVM by {@link #shouldRegisterTheSpecModulesOnFirstImportNotAtStartUp}. */
    public static final class Probe {
        public static void main(String[] args) {
            long lazyBefore = lazyEntries();
            try (TestVm t = new TestVm(BuiltinTable.count())) {
                t.exec("x = len([1]) + abs(-1)\n");
                System.out.println("after builtins: lazy " + lazyEntries());
                t.exec("import math, sys, time\n");
                long core = lazyEntries();
                System.out.println("after math/sys/time: " + (core > 0) + ", only those: " + (core == moduleEntries("math", "sys", "time")));
                t.exec("import threading\n");
                System.out.println("after threading: " + (lazyEntries() > core));
            }
            System.out.println("at start: lazy " + lazyBefore);
        }

        static long lazyEntries() {
            return BuiltinTable.entries().stream().filter(e -> e.module() != null && LAZY.contains(e.module())).count();
        }

        static long moduleEntries(String... modules) {
            return BuiltinTable.entries().stream().filter(e -> e.module() != null && List.of(modules).contains(e.module())).count();
        }
    }

    @Test
    void shouldRegisterTheSpecModulesOnFirstImportNotAtStartUp() throws Exception {
        FtvmProcessTest.Result r = FtvmProcessTest.java(Probe.class.getName());
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("after builtins: lazy 0\nafter math/sys/time: true, only those: true\n"
            + "after threading: true\nat start: lazy 0\n");
    }

    @Test
    void shouldGiveTheSameModuleObjectOnEveryImportWithItsFunctionsAndAttributes() {
        try (TestVm t = new TestVm(BuiltinTable.count())) {
            String out = t.exec("""
                import threading
                import threading as again
                from threading import Lock
                import concurrent.futures
                import queue, os
                print(threading is again, Lock is threading.Lock, concurrent.futures.TimeoutError is not None)
                lock = Lock()
                with lock:
                    print(lock.locked())
                q = queue.Queue()
                q.put(1)
                print(q.get(), os.cpu_count() >= 1, concurrent.futures is not None)
                with concurrent.futures.ThreadPoolExecutor(2) as ex:
                    print(ex.submit(abs, -4).result())
                """);
            assertThat(out).isEqualTo("True True True\nTrue\n1 True True\n4\n");
            for (String name : LAZY) {
                t.assertModuleBindsItsRegisteredFunctions(name);
            }
        }
    }

    @Test
    void shouldGiveAVmStartedBeforeTheRegistrationWorkingModules() {
        try (TestVm first = new TestVm(BuiltinTable.count())) {
            first.exec("import math, time, sys, threading, queue, concurrent.futures, os, _ftvm_probe\n"); // all registered now
        }
        // a VM that, like one started before those registrations, has objects for the core ids only
        try (TestVm early = new TestVm(coreCount())) {
            String out = early.exec("""
                import threading, queue, math, sys
                e = threading.Event()
                e.set()
                print(e.is_set(), threading.current_thread().name, queue.Queue().empty(), math.sqrt(4.0), sys.argv)
                """);
            assertThat(out).isEqualTo("True MainThread True 2.0 ['']\n");
            for (String name : LAZY) {
                early.assertModuleBindsItsRegisteredFunctions(name);
            }
        }
    }

    @Test
    void shouldRegisterOnceWhenSeveralVmsImportForTheFirstTimeTogether() throws Exception {
        int vms = 3;
        CyclicBarrier start = new CyclicBarrier(vms);
        ExecutorService pool = Executors.newFixedThreadPool(vms);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < vms; i++) {
                results.add(pool.submit(() -> {
                    try (TestVm t = new TestVm(BuiltinTable.count())) {
                        start.await(10, TimeUnit.SECONDS);
                        return t.exec("import queue, threading\nq = queue.Queue()\nq.put(threading.get_ident() > 0)\nprint(q.get())\n");
                    }
                }));
            }
            for (Future<String> r : results) {
                assertThat(r.get(60, TimeUnit.SECONDS)).isEqualTo("True\n");
            }
        } finally {
            pool.shutdownNow();
        }
        for (String module : List.of("queue", "threading")) {
            Set<String> names = new java.util.HashSet<>();
            for (int id = 0; id < BuiltinTable.count(); id++) {
                BuiltinTable.Entry e = BuiltinTable.entry(id);
                if (module.equals(e.module()) && e.ownerType() == -1) {
                    assertThat(names.add(e.name())).as("%s.%s registered once", module, e.name()).isTrue();
                }
            }
        }
    }
}
