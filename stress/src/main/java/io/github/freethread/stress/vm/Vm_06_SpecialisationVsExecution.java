package io.github.freethread.stress.vm;

import static io.github.freethread.stress.vm.StressVm.VM;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

import io.github.freethread.vm.compiler.Compiler;
import io.github.freethread.vm.interp.Calls;
import io.github.freethread.vm.interp.Interpreter;
import io.github.freethread.vm.runtime.CodeInfo;
import io.github.freethread.vm.runtime.Dicts;
import io.github.freethread.vm.runtime.Vm;
import io.github.freethread.vm.runtime.VmThread;

/**
 * Specialisation racing execution: two Python threads run the same code object ({@code f(x) =
 * x + x}) at the same time. One feeds it ints (BINARY_OP quickens to its int form), then a str
 * (the guard fails: deopt in that thread's copy); the other feeds it floats throughout. Quickened
 * copies are per thread, so neither thread's rewriting can affect the other's instruction stream:
 * both compute correct results. r1, r2 = 1 if every result of the int/str thread, resp. the
 * float thread, was right; r3 = 1 if the int/str thread quickened and then deoptimised its own
 * copy; r4 = 1 if the float thread never deoptimised (its copy was untouched by the other).
 * Runs on {@link StressVm#INTERPRETED_VM} (compiling tier off): the subject is the interpreter's
 * quickening; compiled code shares one translation whose guards never deoptimise.
 */
@JCStressTest
@Outcome(id = "1, 1, 1, 1", expect = ACCEPTABLE, desc = "both threads correct; the deopt stayed in the int/str thread's copy")
@Outcome(expect = FORBIDDEN, desc = "a wrong result, or one thread's quickening/deopt leaked into the other's code")
@State
public class Vm_06_SpecialisationVsExecution {
    private static final Vm IVM = StressVm.INTERPRETED_VM;

    /** f, immortal (so the many threads' counts never pile up in the defining thread's merge queue). */
    static final long F;

    static {
        VmThread m = IVM.mainThread();
        CodeInfo ci = IVM.load(m, Compiler.compile("def f(x):\n    return x + x\n", "vm06.py"));
        long mod = IVM.newModule(m, "vm06");
        long r = Interpreter.execute(m, ci, Vm.moduleDict(mod), 0);
        m.decref(r);
        long key = m.newStr("f");
        F = IVM.makeImmortal(m.newRef(Dicts.get(m, Vm.moduleDict(mod), key)));
        m.decref(key);
        // the module stays alive (never dropped): it owns f's globals dict
    }

    @Actor
    public void intsThenStr(IIII_Result r) {
        VmThread t = IVM.attachThread(StressVm.SLOTS);
        boolean ok = true;
        for (int i = 0; i < 12; i++) {
            long x = t.newInt(1000 + i);
            long y = Calls.call(t, F, new long[] {x}, 1);
            ok &= VmThread.isSmallInt(y) && VmThread.intValue(y) == 2L * (1000 + i);
            t.decref(y);
            t.decref(x);
        }
        long quick = t.specialisations;
        long s = t.newStr("ab");
        long y = Calls.call(t, F, new long[] {s}, 1);
        ok &= VmThread.str(y).equals("abab");
        t.decref(y);
        t.decref(s);
        r.r1 = ok ? 1 : 0;
        r.r3 = quick > 0 && t.deopts > 0 ? 1 : 0;
        IVM.detachThread(t);
    }

    @Actor
    public void floats(IIII_Result r) {
        VmThread t = IVM.attachThread(StressVm.SLOTS);
        boolean ok = true;
        for (int i = 0; i < 13; i++) {
            long x = t.newFloat(i + 0.25);
            long y = Calls.call(t, F, new long[] {x}, 1);
            ok &= VmThread.floatValue(y) == 2 * (i + 0.25);
            t.decref(y);
            t.decref(x);
        }
        r.r2 = ok ? 1 : 0;
        r.r4 = t.deopts == 0 ? 1 : 0;
        IVM.detachThread(t);
    }
}
