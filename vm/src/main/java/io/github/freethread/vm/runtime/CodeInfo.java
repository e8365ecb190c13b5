package io.github.freethread.vm.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import io.github.freethread.vm.bytecode.CodeObject;
import io.github.freethread.vm.jit.CompiledCode;

/**
 * A {@link CodeObject} loaded into a {@link Vm}: its index (the key of every thread's quickened
 * copy and of traceback entries), its constants interned as immortal runtime objects, and its
 * names as immortal str objects. Immutable after {@link Vm#load}; shared by all threads, except
 * for the compiling tier's state (docs/vm.md, "The compiled tier").
 *
 * <p>Ownership of the mutable (compiling tier) fields:
 * <table>
 *   <tr><th>field</th><th>written by</th><th>read by</th><th>mode</th></tr>
 *   <tr><td>{@code hotness}</td><td>every thread running this code (interpreted)</td><td>the same</td>
 *       <td>plain; lost updates are benign: the count only decides when to compile</td></tr>
 *   <tr><td>{@code jitState}</td><td>the one thread that wins the CAS NEW → COMPILING, then it
 *       alone writes DONE</td><td>any thread</td><td>CAS / release; read opaque (a stale read only
 *       delays or skips a compile attempt)</td></tr>
 *   <tr><td>{@code compiled}</td><td>the compiling thread, once (release store)</td><td>every
 *       thread entering the code (acquire load: pairs with the release in {@link #publish}, so the
 *       hidden class and its tables are fully constructed before any thread runs it)</td><td>release/acquire</td></tr>
 *   <tr><td>{@code rejectReason}</td><td>the compiling thread, before the release store of
 *       {@code jitState} DONE</td><td>--stats after the run</td><td>plain, published by that release</td></tr>
 * </table>
 */
public final class CodeInfo {
    public final int index;
    public final CodeObject code;
    public final long[] consts;
    public final long[] names;
    public final int nlocals;
    public final int argCount;
    public final int frameSize;

    /** Compiling tier state: not tried yet, being compiled by one thread, done (compiled or rejected). */
    public static final int JIT_NEW = 0;
    public static final int JIT_COMPILING = 1;
    public static final int JIT_DONE = 2;

    /** Calls plus back-edges (counted in steps of the safe-point interval) while interpreted. */
    public int hotness;
    @SuppressWarnings("unused") // accessed through JIT_STATE
    private int jitState;
    @SuppressWarnings("unused") // accessed through COMPILED
    private CompiledCode compiled;
    /** Why the compiling tier left this code interpreted (null: compiled or not tried). */
    public String rejectReason;

    private static final VarHandle JIT_STATE;
    private static final VarHandle COMPILED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            JIT_STATE = l.findVarHandle(CodeInfo.class, "jitState", int.class);
            COMPILED = l.findVarHandle(CodeInfo.class, "compiled", CompiledCode.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    CodeInfo(int index, CodeObject code, long[] consts, long[] names) {
        this.index = index;
        this.code = code;
        this.consts = consts;
        this.names = names;
        this.nlocals = code.localCount();
        this.argCount = code.argCount();
        this.frameSize = nlocals + code.maxStack() + 4;
    }

    /** The compiled entry point, or null. Acquire: pairs with the release store in {@link #publish}. */
    public CompiledCode compiled() {
        return (CompiledCode) COMPILED.getAcquire(this);
    }

    /** True for exactly one caller: the thread that may compile this code now. */
    public boolean claimCompile() {
        return (int) JIT_STATE.getOpaque(this) == JIT_NEW && JIT_STATE.compareAndSet(this, JIT_NEW, JIT_COMPILING);
    }

    /** True once compiled or rejected (opaque read; a stale false only costs another claim attempt, which fails). */
    public boolean jitDone() {
        return (int) JIT_STATE.getOpaque(this) == JIT_DONE;
    }

    /**
     * Ends the claim of {@link #claimCompile}: publishes {@code cc} (null: rejected, with
     * {@link #rejectReason} set before). Release stores: pair with {@link #compiled()}'s acquire load.
     */
    public void publish(CompiledCode cc) {
        if (cc != null) {
            COMPILED.setRelease(this, cc);
        }
        JIT_STATE.setRelease(this, JIT_DONE);
    }

    @Override
    public String toString() {
        return code.toString();
    }
}
