package io.github.freethread.stress.vm;

import java.io.OutputStream;
import java.io.PrintStream;

import io.github.freethread.vm.builtins.BuiltinTable;
import io.github.freethread.vm.runtime.Vm;
import io.github.freethread.vm.runtime.VmConfig;

/**
 * The one VM the Vm_* jcstress tests share (a VM is far too big to make per test instance). Its
 * main thread state belongs to the class-initialising thread and is never used again; every actor
 * attaches its own thread state ({@link Vm#attachThread}) and detaches it before returning, so
 * nothing accumulates across instances (heaps of detached threads are abandoned and reclaimed by
 * later attaches).
 */
final class StressVm {
    private StressVm() {
    }

    static final Vm VM = start(VmConfig.defaults());

    /**
     * A second VM with the compiling tier off, for tests of the interpreter's own per-thread
     * quickening (with the tier on, a hot code object runs compiled: shared code whose guards
     * take the generic path inline and never deoptimise a thread's copy).
     */
    static final Vm INTERPRETED_VM = start(VmConfig.defaults().withJit(VmConfig.Jit.OFF));

    private static Vm start(VmConfig config) {
        return Vm.start(config, new PrintStream(OutputStream.nullOutputStream()),
            new PrintStream(OutputStream.nullOutputStream()), BuiltinTable.count());
    }

    /** Data-stack slots of an actor's thread state (the tests run tiny frames). */
    static final int SLOTS = 256;
}
