package io.github.freethread.vm.jit;

import io.github.freethread.vm.runtime.CodeInfo;
import io.github.freethread.vm.runtime.VmThread;

/**
 * A code object translated to JVM bytecode: the superclass of every hidden class the
 * {@link JitCompiler} defines (one per {@link CodeInfo}). Immutable after construction and
 * published once through {@link CodeInfo#publish} (release) / {@link CodeInfo#compiled} (acquire),
 * so every thread may run it concurrently; all per-run state lives in JVM locals and in the
 * calling thread's data stack.
 *
 * <p>Contract of {@link #run} (the interpreter's frame contract, docs/vm.md "The compiled tier"):
 * the caller has entered the frame ({@code Interpreter.enterFrame}: recursion depth, {@code t.top},
 * safe point) and leaves it (releases the locals). At {@code entry} 0 the value stack is empty; at
 * a loop header (an {@link #canEnterAt OSR entry}) it holds the interpreter's owned values
 * {@code t.data[fp+nlocals .. +depth)}, which {@code run} takes over. {@code run} returns the
 * frame's result (owned) with its value stack empty, or throws a {@code PyError} after adding
 * the traceback entry and releasing its value stack (handlers of the code's exception table run
 * inside {@code run}).
 */
public abstract class CompiledCode {
    protected final CodeInfo ci;
    /** Per instruction offset: the value-stack slots holding owned references when it throws (bit d = slot d). */
    protected final long[] ownedAtThrow;
    private final int[] entries;
    /** One cache per LOAD_GLOBAL site, refilled by any thread (benign race: see {@link GlobalSite}). */
    protected final GlobalSite[] globalSites;
    /** Bytes of JVM code of {@link #run} (set once by the compiler, before publication). */
    int size;
    /** Python back-edges left that report loop counts to HotSpot ({@link LoopCountReport}; benign racy plain field). */
    int warmUpEdges = LoopCountReport.BUDGET;

    protected CompiledCode(CodeInfo ci, long[] ownedAtThrow, int[] entries, GlobalSite[] globalSites) {
        this.ci = ci;
        this.globalSites = globalSites;
        this.ownedAtThrow = ownedAtThrow;
        this.entries = entries;
    }

    public abstract long run(VmThread t, long globals, int fp, int entry);

    /** True if {@link #run} may be entered at instruction offset {@code pc} (0 or a loop header). */
    public boolean canEnterAt(int pc) {
        return java.util.Arrays.binarySearch(entries, pc) >= 0;
    }

    public CodeInfo codeInfo() {
        return ci;
    }

    /** Owned-slot mask of instruction {@code pc} (exception unwinding). */
    final long ownedAt(int pc) {
        return ownedAtThrow[pc];
    }
}
