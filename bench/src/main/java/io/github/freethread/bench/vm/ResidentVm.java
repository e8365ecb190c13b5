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
 * the run made immortal released), so the blocks it retains ({@link #retainedBlocks()}) must be
 * the same after the last run as after the first — the VM-lifetime objects (singletons, built-in
 * objects, interned constants) and nothing else. A run that leaked even one object shows as a
 * different count. In checked mode the exact per-type leak report ({@link Vm#leaks()}) must also
 * be empty after every run.
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
    private int runs;
    /** {@link #retainedBlocks()} after the first run (the leak check's baseline). */
    private long baseline;
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
        runs++;
        if (runs == 1) {
            baseline = retainedBlocks();
        }
        if (vm.checked) {
            Map<String, Long> leaks = vm.leaks();
            if (!leaks.isEmpty()) {
                leakReports.add("run " + runs + ": " + leaks);
            }
        }
        return status;
    }

    /**
     * The blocks the VM holds between programs: first the main thread's heap folds in the frees
     * other threads made to its pages and reclaims the segments of exited threads' heaps
     * ({@code Heap.collect}; without it a few blocks freed by a worker show as live until the
     * owner's next collection), then the allocator's live blocks less those retired and waiting
     * for a QSBR grace period. Walks every page: called after the first run and at close, not per
     * operation. Only between runs, from the VM's thread.
     */
    public long retainedBlocks() {
        vm.rt.allocator().heap().collect();
        var qsbr = vm.collections.qsbr();
        long pendingFrees = qsbr.deferredCount() - qsbr.reclaimedCount();
        return vm.rt.allocator().stats().liveBlocks() - pendingFrees;
    }

    /** The VM (for tests and statistics). */
    public Vm vm() {
        return vm;
    }

    /**
     * Closes the VM; then fails if a run leaked: the blocks retained after the last run differ
     * from those after the first ({@link #retainedBlocks()}: a leak of one object per run shows
     * as {@code runs - 1} blocks), or (checked mode) a leak report was not empty.
     *
     * @throws IllegalStateException naming the runs and counts if a leak was seen
     */
    @Override
    public void close() {
        long end = runs > 1 ? retainedBlocks() : baseline;
        vm.close();
        if (!leakReports.isEmpty()) {
            throw new IllegalStateException("ftvm leaked between runs: " + leakReports);
        }
        if (end != baseline) {
            throw new IllegalStateException("ftvm retained " + (end - baseline) + " more allocator blocks after run " + runs
                + " than after run 1 (" + end + " against " + baseline + "): a leak, or memory kept between programs");
        }
    }
}
