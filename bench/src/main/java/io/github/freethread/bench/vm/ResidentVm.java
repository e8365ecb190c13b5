package io.github.freethread.bench.vm;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.freethread.vm.builtins.BuiltinTable;
import io.github.freethread.vm.bytecode.CodeObject;
import io.github.freethread.vm.compiler.Compiler;
import io.github.freethread.vm.interp.Program;
import io.github.freethread.vm.runtime.Vm;
import io.github.freethread.vm.runtime.VmConfig;

/**
 * The benchmarks' warm mode: one ftvm VM kept for a whole JMH trial, running the same compiled
 * program once per operation ({@link Program#runAgain}). What HotSpot compiled (the interpreter,
 * the runtime, the classes ftvm's compiled tier generated) and the compiled tier's code for the
 * program survive between operations; the Python-level state starts afresh every time (new
 * builtins and {@code __main__}, modules imported again, shared objects immortalised again at the
 * first thread start, new worker threads), as in a new process. Cold mode (a new VM per
 * operation, {@link Program#run}) recompiles the program's code every operation, so HotSpot sees
 * new hidden classes each time and never reaches steady state for them.
 *
 * <p>Leak check ({@link #close}): after every run the VM is finished (every module dropped, what
 * the run made immortal released), so the allocator's live blocks, less the blocks already retired
 * and waiting for a QSBR grace period (an exited worker's retired list arrays are freed by a later
 * quiescent state: seen as +2 after one run in six), must return to the same count after every
 * run — the VM-lifetime objects (singletons, built-in objects, interned constants) plus nothing
 * else. A run that leaked even one object shows as a different count. In checked mode the exact
 * per-type leak report ({@link Vm#leaks()}) must also be empty after every run.
 *
 * <p>Thread-confined: the VM's main thread is the Java thread that called {@link #start}; every
 * {@link #run} and {@link #close} must come from it (JMH runs a {@code Scope.Thread} state's
 * trial set-up, its operations and its tear-down on the benchmark thread; {@link #run} checks).
 */
public final class ResidentVm implements AutoCloseable {
    private final Vm vm;
    private final CodeObject code;
    private final String source;
    private final Thread owner;
    /** Allocator live blocks after each run's finish, less the blocks waiting for a QSBR grace period (the leak check's evidence). */
    private final List<Long> liveBlocksAfterRun = new ArrayList<>();
    private final List<String> leakReports = new ArrayList<>();

    private ResidentVm(Vm vm, CodeObject code, String source) {
        this.vm = vm;
        this.code = code;
        this.source = source;
        this.owner = Thread.currentThread();
    }

    /** Compiles {@code source} and starts a VM with {@code config} on the calling thread; output goes to {@code out}/{@code err}. */
    public static ResidentVm start(VmConfig config, String source, String filename, PrintStream out, PrintStream err) {
        CodeObject code = Compiler.compile(source, filename);
        return new ResidentVm(Vm.start(config, out, err, BuiltinTable.count()), code, source);
    }

    /** Runs the program once more; returns its exit status. */
    public int run() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("ResidentVm used from " + Thread.currentThread().getName() + ", started on " + owner.getName());
        }
        int status = Program.runAgain(vm, code, source);
        var qsbr = vm.collections.qsbr();
        long pendingFrees = qsbr.deferredCount() - qsbr.reclaimedCount(); // retired by QSBR, freed after a later grace period
        liveBlocksAfterRun.add(vm.rt.allocator().stats().liveBlocks() - pendingFrees);
        if (vm.checked) {
            Map<String, Long> leaks = vm.leaks();
            if (!leaks.isEmpty()) {
                leakReports.add("run " + liveBlocksAfterRun.size() + ": " + leaks);
            }
        }
        return status;
    }

    /** The VM (for tests and statistics). */
    public Vm vm() {
        return vm;
    }

    /** Allocator live blocks after each run so far. */
    public List<Long> liveBlocksAfterRun() {
        return List.copyOf(liveBlocksAfterRun);
    }

    /**
     * Closes the VM; then fails if a run leaked: the live blocks after the runs were not all equal
     * to those after the first one, or (checked mode) a leak report was not empty.
     *
     * @throws IllegalStateException naming the runs and counts if a leak was seen
     */
    @Override
    public void close() {
        vm.close();
        if (!leakReports.isEmpty()) {
            throw new IllegalStateException("ftvm leaked between runs: " + leakReports);
        }
        if (!liveBlocksAfterRun.isEmpty() && liveBlocksAfterRun.stream().anyMatch(n -> !n.equals(liveBlocksAfterRun.getFirst()))) {
            throw new IllegalStateException("allocator live blocks after each run changed (a leak, or memory retained between runs): "
                + liveBlocksAfterRun);
        }
    }
}
