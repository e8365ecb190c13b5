package io.github.freethread.vm.jit;

import java.util.Map;
import java.util.TreeMap;

import io.github.freethread.vm.runtime.CodeInfo;
import io.github.freethread.vm.runtime.Vm;
import io.github.freethread.vm.runtime.VmConfig;
import io.github.freethread.vm.runtime.VmThread;

/**
 * When code is compiled (docs/vm.md, "The compiled tier"). The interpreter counts calls (1 each)
 * and loop back-edges (counted in a local of the interpreted frame; every {@link #BACK_EDGE_WEIGHT}
 * of them add that much) in {@link CodeInfo#hotness}; past {@link #THRESHOLD} the counting
 * thread compiles the code synchronously with its own quickened copy as type feedback, and
 * publishes the result for every thread ({@link CodeInfo#publish}: release; entry points read it
 * with acquire). At most one thread compiles a code object ({@link CodeInfo#claimCompile});
 * the others keep interpreting meanwhile. {@code --jit=always} compiles every code object at
 * its first call, without feedback; {@code --jit=off} never compiles.
 */
public final class Tier {
    private Tier() {
    }

    /** Hotness at which code is compiled: enough for the quickened copy to have settled (warm-up 2, backoff). */
    public static final int THRESHOLD = 2000;
    /** Hotness added per this many back-edges of one interpreted frame (a power of two). */
    public static final int BACK_EDGE_WEIGHT = 256;
    /** {@code -Dftvm.jit.trace=true}: one stderr line per compiled or rejected code object. */
    static final boolean TRACE = Boolean.getBoolean("ftvm.jit.trace");

    /** At a call of interpreted code: the compiled code to run instead, or null. */
    public static CompiledCode onCall(VmThread t, CodeInfo ci) {
        if (ci.jitDone()) {
            return ci.compiled();
        }
        if (t.vm.config.jit() != VmConfig.Jit.ALWAYS && (ci.hotness += 1) < THRESHOLD) {
            return null;
        }
        return compile(t, ci);
    }

    /** At a back-edge poll of interpreted code to loop header {@code pc}: compiled code entered there, or null. */
    public static CompiledCode onBackEdge(VmThread t, CodeInfo ci, int pc) {
        CompiledCode cc = ci.compiled();
        if (cc == null) {
            if (ci.jitDone() || (ci.hotness += BACK_EDGE_WEIGHT) < THRESHOLD) {
                return null;
            }
            cc = compile(t, ci);
        }
        return cc != null && cc.canEnterAt(pc) ? cc : null;
    }

    /** Compiles now if no other thread does (else null), publishing the result or the reason for rejecting. */
    public static CompiledCode compile(VmThread t, CodeInfo ci) {
        if (!ci.claimCompile()) {
            return ci.compiled();
        }
        CompiledCode cc = null;
        try {
            CompilingThread.set(t); // the call templates look up callees in t.vm (CallTemplates)
            try {
                cc = JitCompiler.compile(ci, t.quickenedOrNull(ci));
            } finally {
                CompilingThread.clear();
            }
        } catch (JitCompiler.Rejected r) {
            ci.rejectReason = r.getMessage();
        } catch (RuntimeException | LinkageError e) {
            ci.rejectReason = "internal: " + e;
        } catch (StackOverflowError e) {
            // compiling at the bottom of a deep Java stack: the program itself is fine, it stays interpreted
            ci.rejectReason = "Java stack exhausted while compiling";
        } finally {
            ci.publish(cc);
        }
        if (TRACE) {
            System.err.println("ftvm jit: " + ci.code.name() + (cc != null ? " compiled (" + cc.size + " bytes)" : " rejected: " + ci.rejectReason));
        }
        return cc;
    }

    /** {@code --stats} line: how many code objects were compiled, and why others stayed interpreted. */
    public static String stats(Vm vm) {
        int compiled = 0;
        Map<String, Integer> rejected = new TreeMap<>();
        for (CodeInfo ci : vm.codes()) {
            if (ci.compiled() != null) {
                compiled++;
            } else if (ci.rejectReason != null) {
                rejected.merge(ci.rejectReason.replaceAll("\\d+", "N"), 1, Integer::sum);
            }
        }
        return "jit " + vm.config.jit().name().toLowerCase() + " compiled=" + compiled + " rejected="
            + rejected.values().stream().mapToInt(Integer::intValue).sum() + (rejected.isEmpty() ? "" : " " + rejected);
    }
}
