package io.github.freethread.vm.jit;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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
 * a thread that reaches the same code meanwhile (its threshold, or a call) waits for the
 * result ({@link #awaitCompile}). {@code --jit=always} compiles every code object at
 * its first call, without feedback; {@code --jit=off} never compiles.
 *
 * <p>Shared state of this class: {@link #COMPILES}, a monitor (no data: the condition waited
 * for is {@link CodeInfo#jitDone}, whose release store in {@link CodeInfo#publish} happens before
 * the compiling thread's {@code notifyAll} under the monitor, so a waiter that tests it under the
 * monitor cannot miss the wake-up); {@link #WAITS}, an atomic counter (any thread adds; tests read).
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

    /**
     * Compiles now if no other thread does, publishing the result or the reason for rejecting. If
     * another thread is compiling {@code ci}, waits for its result instead ({@link #awaitCompile}).
     */
    public static CompiledCode compile(VmThread t, CodeInfo ci) {
        if (!ci.claimCompile()) {
            if (!ci.jitDone()) {
                awaitCompile(t, ci);
            }
            return ci.compiled();
        }
        CompiledCode cc = null;
        long started = TRACE ? System.nanoTime() : 0;
        try {
            Runnable seam = beforeCompile;
            if (seam != null) {
                seam.run();
            }
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
            synchronized (COMPILES) {
                COMPILES.notifyAll(); // after the release store of DONE: a waiter that tests jitDone under COMPILES sees it
            }
        }
        if (TRACE) {
            System.err.println("ftvm jit: " + ci.code.name() + (cc != null ? " compiled (" + cc.size + " bytes)" : " rejected: " + ci.rejectReason)
                + " on " + Thread.currentThread().getName() + " in " + (System.nanoTime() - started) / 1000 + " us, done at "
                + ManagementFactory.getRuntimeMXBean().getUptime() + " ms uptime");
        }
        return cc;
    }

    /**
     * Test seam: run by the compiling thread after its claim, before it compiles (null in
     * production). {@code CompileWaitTest} holds a compile open with it until another thread waits.
     */
    static volatile Runnable beforeCompile;

    /** Monitor of {@link #awaitCompile}: every compile notifies it once it has published. */
    private static final Object COMPILES = new Object();
    /** Longest wait for another thread's compile before interpreting on (the next poll waits again). */
    static final long AWAIT_LIMIT_NANOS = 1_000_000_000L;
    /** Threads that waited for another thread's compile (for tests and {@code -Dftvm.jit.trace}). */
    static final AtomicLong WAITS = new AtomicLong();

    /**
     * Waits, offline, until the thread compiling {@code ci} has published (or
     * {@link #AWAIT_LIMIT_NANOS} passed). Why wait rather than interpret on (docs/startup.md, "Session
     * 5"): while one worker compiles, the code it compiles is hot by definition, so the
     * other workers would run the same loop in the interpreter, at ~1/15 of compiled speed. That
     * progress is small, and it costs more than it gains: the interpreter's dispatch loop becomes
     * hot enough for HotSpot to compile it with C1 and then C2 (a 124 ms C2 task for
     * {@code Interpreter.interpret} in a 2-worker pi_threads run, on the one C2 thread, ahead of
     * the generated method's own C2 compile), and the interpreting thread takes the CPU that the
     * compiler's own (still interpreted) Java code and HotSpot's C1 thread need. Waiting is
     * sound: compiling runs no Python code and never waits for another VM thread, so the wait
     * ends ({@link #compile} notifies in its {@code finally}); the waiter is at a safe point
     * (a back-edge poll or a call's entry) and goes offline like any blocking call
     * ({@link VmThread#beginBlocking}: QSBR offline, critical sections suspended, GIL released),
     * so it stalls neither reclamation nor lock holders. An interrupt does not end the wait
     * early (the compile is short and bounded); the thread's interrupt status is kept.
     */
    private static void awaitCompile(VmThread t, CodeInfo ci) {
        WAITS.incrementAndGet();
        long started = System.nanoTime();
        boolean interrupted = false;
        long deadline = started + AWAIT_LIMIT_NANOS;
        t.beginBlocking();
        try {
            synchronized (COMPILES) {
                long left;
                while (!ci.jitDone() && (left = deadline - System.nanoTime()) > 0) {
                    try {
                        TimeUnit.NANOSECONDS.timedWait(COMPILES, left);
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            }
        } finally {
            t.endBlocking();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (TRACE) {
                System.err.println("ftvm jit: " + ci.code.name() + " awaited on " + Thread.currentThread().getName()
                    + " for " + (System.nanoTime() - started) / 1000 + " us");
            }
        }
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
