package io.github.freethread.vm.interp;

import static io.github.freethread.vm.runtime.Layouts.*;
import static io.github.freethread.vm.runtime.VmThread.*;

import java.io.PrintStream;
import java.util.Map;

import org.agrona.UnsafeApi;

import io.github.freethread.vm.builtins.BuiltinTable;
import io.github.freethread.vm.bytecode.CodeObject;
import io.github.freethread.vm.bytecode.Disassembler;
import io.github.freethread.vm.compiler.Compiler;
import io.github.freethread.vm.modules.StandardModules;
import io.github.freethread.vm.runtime.ClassTable;
import io.github.freethread.vm.runtime.CodeInfo;
import io.github.freethread.vm.runtime.PyError;
import io.github.freethread.vm.runtime.Reprs;
import io.github.freethread.vm.runtime.TypeIds;
import io.github.freethread.vm.runtime.Vm;
import io.github.freethread.vm.runtime.VmConfig;
import io.github.freethread.vm.runtime.VmThread;
import io.github.freethread.vm.syntax.SyntaxError;

/**
 * Runs one program: compile, start a VM on the calling thread, execute the module body as
 * {@code __main__}, print an uncaught exception as a Python traceback, shut down (clear modules,
 * leak report in checked mode), and return the exit status. Never lets a Java exception escape
 * for an error in the program.
 */
public final class Program {
    private Program() {
    }

    /** Options of one run. */
    public record Options(boolean dis, boolean stats, boolean check) {
    }

    public static int run(VmConfig config, String source, String filename, PrintStream out, PrintStream err, Options opt) {
        return run(config, source, filename, out, err, opt, vm -> {
        });
    }

    /**
     * As {@link #run(VmConfig, String, String, PrintStream, PrintStream, Options)}; {@code beforeClose}
     * sees the VM after the program, its threads and the shutdown (and the leak report) are done,
     * just before it is closed (tests read the GIL's and the allocator's statistics there).
     */
    public static int run(VmConfig config, String source, String filename, PrintStream out, PrintStream err, Options opt,
                          java.util.function.Consumer<Vm> beforeClose) {
        CodeObject code;
        try {
            code = Compiler.compile(source, filename);
        } catch (SyntaxError e) {
            err.print(e.format(source));
            err.flush();
            return 1;
        }
        Vm vm = Vm.start(config, out, err, BuiltinTable.count());
        VmThread t = vm.mainThread();
        int status = 0;
        boolean threadsDone = true;
        java.util.function.Consumer<Vm> beforeCloseHook = null;
        try {
            Ran ran = runModule(vm, code, source, opt);
            status = ran.status();
            threadsDone = ran.threadsDone();
            if (!threadsDone) {
                // Daemon threads still run Python code: the VM cannot be finished or closed under
                // them (CPython kills them at exit; the CLI's process exit does the same).
                out.flush();
                err.flush();
                return status;
            }
            vm.finish(t);
            if (opt.stats()) {
                err.println("ftvm stats: GIL " + vm.gil.describe());
                err.println("ftvm stats: mode=" + config.mode() + " " + vm.rt.counters());
                err.println("ftvm stats: specialisation hits=" + t.specHits + " misses=" + t.specMisses
                    + " quickened=" + t.specialisations + " deopts=" + t.deopts);
                err.println("ftvm stats: " + io.github.freethread.vm.jit.Tier.stats(vm));
                err.println("ftvm stats: allocator " + vm.rt.allocator().stats());
                StringBuilder per = new StringBuilder("ftvm stats: allocations per type:");
                for (int id = 1; id <= TypeIds.COUNT; id++) {
                    long n = t.allocations[id];
                    if (n > 0) {
                        per.append(' ').append(vm.rt.types().nameOf(id)).append('=').append(n);
                    }
                }
                err.println(per);
            }
            beforeCloseHook = beforeClose;
            if (opt.check()) {
                Map<String, Long> leaks = vm.leaks();
                if (leaks.isEmpty()) {
                    err.println("ftvm check: no leaks (every non-immortal object freed)");
                } else {
                    err.println("ftvm check: LEAKS " + leaks);
                    if (status == 0) {
                        status = 3;
                    }
                }
            }
        } finally {
            out.flush();
            err.flush();
            if (threadsDone) {
                if (beforeCloseHook != null) {
                    beforeCloseHook.accept(vm);
                }
                vm.close();
            }
        }
        return status;
    }

    /** Outcome of one module run: exit status, and whether every Python thread has detached. */
    private record Ran(int status, boolean threadsDone) {
    }

    /**
     * Runs {@code code} as {@code __main__} in {@code vm} on its main thread: fresh {@code builtins}
     * and {@code __main__} modules, the module body, an uncaught exception printed as a traceback,
     * then CPython's {@code threading._shutdown} (executors shut down, non-daemon threads joined,
     * daemon threads stopped). Loading {@code code} reuses the VM's {@link CodeInfo} if this code
     * object was loaded before ({@link Vm#load} matches by identity): its interned constants,
     * quickened copies and compiled code carry over to the new run.
     */
    private static Ran runModule(Vm vm, CodeObject code, String source, Options opt) {
        VmThread t = vm.mainThread();
        PrintStream out = vm.out;
        int status = 0;
        vm.threads.setSource(source);
        t.singleThread.enable(); // list stores without the lock until a second thread attaches (SingleThreadMode)
        vm.setModuleLoader(StandardModules::load);
        long builtins = vm.newModule(t, "builtins");
        vm.builtinsDict = Vm.moduleDict(builtins);
        StandardModules.installBuiltins(t, vm.builtinsDict);
        vm.registerModule(t, "builtins", builtins);
        t.decref(builtins);
        long main = vm.newModule(t, "__main__");
        vm.registerModule(t, "__main__", main);
        CodeInfo ci = vm.load(t, code);
        if (opt.dis()) {
            out.print(Disassembler.disassemble(code));
        }
        try {
            for (int i = 0; i < ci.nlocals; i++) {
                t.data[i] = 0;
            }
            long r = Interpreter.execute(t, ci, Vm.moduleDict(main), 0);
            t.decref(r);
        } catch (PyError e) {
            long exc = t.materialize(e);
            e.exc = 0;
            status = uncaught(t, exc, source);
            t.decref(exc);
        } finally {
            t.decref(main);
        }
        // threading._shutdown: wait for the non-daemon threads (and open executors) to finish
        boolean threadsDone = vm.threads.shutdown(t);
        // Merge what the exited threads queued to this thread (e.g. their drop of the Thread
        // objects this thread created) before finish tears the object graph down.
        t.ts.poll();
        out.flush();
        if (opt.dis()) {
            for (CodeInfo c : vm.codes()) {
                char[] q = t.quickenedOrNull(c);
                if (q != null) {
                    out.println("-- quickened (after the run): " + c.code.name());
                    out.print(Disassembler.disassemble(c.code, q, false));
                }
            }
            out.flush();
        }
        return new Ran(status, threadsDone);
    }

    /**
     * Runs a program in a VM that is kept between programs (the benchmarks' warm mode,
     * {@code bench/.../vm/ResidentVm}): what the HotSpot JIT compiled for this VM and the
     * VM's compiled tier ({@link CodeInfo#compiled}) survive from one call to the next, while
     * the Python-level state starts afresh each time, as in a new process: new {@code builtins}
     * and {@code __main__} modules, modules imported again, shared objects immortalised again at
     * the first thread start, thread names counted from 1. After the program and its threads,
     * {@link Vm#finish} drops every module and {@link Vm#prepareNextProgram} releases what the
     * run made immortal, so a checked VM's {@link Vm#leaks()} is exact after each call.
     * Standard output and error go to the VM's streams. Carried over besides compiled code: the
     * interned constants of {@code code} (immortal for the VM's life), the main thread's
     * quickened copies and its specialisation counters (what else is reset: {@link Vm#prepareNextProgram}).
     *
     * @param vm   a VM started with {@link Vm#start} whose previous program (if any) ended through
     *             this method; the calling thread must be the VM's main thread
     * @param code the compiled module; pass the same object every time to reuse its compiled code
     * @return the exit status, as {@link #run}
     * @throws IllegalStateException if the program left daemon threads that could not be stopped
     *         or enabled the GIL at run time: the VM then cannot run another program (close it)
     */
    public static int runAgain(Vm vm, CodeObject code, String source) {
        Ran ran;
        try {
            ran = runModule(vm, code, source, new Options(false, false, false));
        } finally {
            vm.out.flush();
            vm.err.flush();
        }
        if (!ran.threadsDone()) {
            throw new IllegalStateException("daemon threads of the previous program did not stop: this VM cannot run another program");
        }
        vm.finish(vm.mainThread());
        vm.prepareNextProgram();
        return ran.status();
    }

    /** The traceback of {@code exc} as CPython prints it ("Traceback (most recent call last):" ... "Type: msg\n"). */
    public static String formatTraceback(VmThread t, long exc, String source) {
        Vm vm = t.vm;
        int cls = excClass(exc);
        StringBuilder sb = new StringBuilder("Traceback (most recent call last):\n");
        String[] lines = source.split("\r\n|\r|\n", -1);
        for (long tb = VmThread.tracebackHead(exc); tb != 0; tb = UnsafeApi.getLong(tb + TB_NEXT)) {
            CodeInfo ci = vm.code(UnsafeApi.getInt(tb + TB_CODE));
            int line = UnsafeApi.getInt(tb + TB_LINE);
            sb.append("  File \"").append(ci.code.filename()).append("\", line ").append(line).append(", in ")
                .append(ci.code.name()).append('\n');
            if (line >= 1 && line <= lines.length) {
                String text = lines[line - 1].strip();
                if (!text.isEmpty()) {
                    sb.append("    ").append(text).append('\n');
                }
            }
        }
        String msg = Reprs.excStr(t, exc);
        sb.append(ClassTable.name(cls));
        if (!msg.isEmpty()) {
            sb.append(": ").append(msg);
        }
        sb.append('\n');
        return sb.toString();
    }

    /** Prints the traceback of an uncaught exception (or handles SystemExit); returns the exit status. */
    static int uncaught(VmThread t, long exc, String source) {
        Vm vm = t.vm;
        vm.out.flush();
        int cls = excClass(exc);
        if (cls == ClassTable.SYSTEM_EXIT) {
            long args = excArgs(exc);
            if (tupleSize(args) == 0) {
                return 0;
            }
            long code = tupleItem(args, 0);
            if (typeOf(code) == TypeIds.NONE) {
                return 0;
            }
            if (isSmallInt(code)) {
                return (int) intValue(code);
            }
            vm.err.println(Reprs.str(t, code));
            return 1;
        }
        StringBuilder sb = new StringBuilder("Traceback (most recent call last):\n");
        String[] lines = source.split("\r\n|\r|\n", -1);
        for (long tb = VmThread.tracebackHead(exc); tb != 0; tb = UnsafeApi.getLong(tb + TB_NEXT)) {
            CodeInfo ci = vm.code(UnsafeApi.getInt(tb + TB_CODE));
            int line = UnsafeApi.getInt(tb + TB_LINE);
            sb.append("  File \"").append(ci.code.filename()).append("\", line ").append(line).append(", in ")
                .append(ci.code.name()).append('\n');
            if (line >= 1 && line <= lines.length && ci.code.filename().equals(ci.code.filename())) {
                String text = lines[line - 1].strip();
                if (!text.isEmpty()) {
                    sb.append("    ").append(text).append('\n');
                }
            }
        }
        String msg = Reprs.excStr(t, exc);
        sb.append(ClassTable.name(cls));
        if (!msg.isEmpty()) {
            sb.append(": ").append(msg);
        }
        vm.err.println(sb);
        vm.err.flush();
        return 1;
    }
}
