package io.github.freethread.vm.jit;

import static io.github.freethread.vm.runtime.Layouts.*;
import static io.github.freethread.vm.runtime.VmThread.*;

import java.lang.invoke.CallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;

import org.agrona.UnsafeApi;

import io.github.freethread.vm.interp.Calls;
import io.github.freethread.vm.interp.FrameCounts;
import io.github.freethread.vm.interp.Interpreter;
import io.github.freethread.vm.runtime.ClassTable;
import io.github.freethread.vm.runtime.CodeInfo;
import io.github.freethread.vm.runtime.PyError;
import io.github.freethread.vm.runtime.TypeIds;
import io.github.freethread.vm.runtime.VmThread;

/**
 * Calls from compiled code to Python functions at {@code CALL_PY_EXACT_ARGS} sites: a direct
 * compiled-to-compiled path that HotSpot can see through.
 *
 * <p>Why. The generic exact call goes {@code callExact → Calls.callExactInPlace →
 * Interpreter.execute → CompiledCode.run → body}. {@code run} is an abstract method implemented
 * by one hidden class per Python function, and the {@code cc.run} site in {@code execute} is shared
 * by every call in the program, so HotSpot sees it megamorphic: every call is a virtual dispatch
 * through a vtable, never inlined, and each layer re-reads what the site already knows (the
 * callee's {@code CodeInfo}, its compiled code, frame sizes).
 *
 * <p>What. Each exact-args site of a compiled function is an {@code invokedynamic}
 * ({@link CallTemplates}) bootstrapped by {@link #bootstrap} to an {@link ExactSite}, a
 * {@link MutableCallSite} of its own. Its first target, {@link ExactSite#link}, runs the generic
 * exact call ({@link #callExact}) until the callee's code is compiled, then retargets the site
 * to {@link #direct} bound to a {@link DirectTarget}: the callee's {@code CompiledCode}, its
 * {@code CodeInfo} and frame sizes, all constants for C2 (a bound record's final fields are
 * trusted), so the callee's {@code run} is devirtualised and inlined into the caller, and the
 * frame entry/exit is straight-line code with constant sizes. A guard failure at run time (not a
 * function, another code object: the global was rebound) takes the generic call
 * ({@code Calls.callFromStack}) inline, as the interpreter's deoptimised CALL would; the site is
 * never unlinked (the guard is re-checked on every call).
 *
 * <p>Frame contract kept by {@link #direct} (the same steps, in the same order, as
 * {@code callExact → callExactInPlace → Interpreter.execute}): a safe-point count at the call,
 * the data-stack bound check (RecursionError before anything is taken over), the callee's
 * non-argument locals cleared, {@code Interpreter.enterFrame} (recursion depth →
 * RecursionError, {@code t.top}, the frame-entry safe point), the compiled body, then
 * {@code Interpreter.leaveFrame} (locals released) on return and on exception; the callee's
 * compiled unwinder adds its traceback entry, the caller's adds the caller's. Specialisation hits
 * are counted as before.
 *
 * <p>Threads and VMs. A site belongs to one hidden class, which belongs to one {@code CodeInfo}
 * of one VM; every thread that runs it is a thread of that VM, so the callee's {@code CodeInfo}
 * (looked up by index in {@code t.vm}) is the same for all of them. The callee's compiled code is
 * written once ({@code CodeInfo.publish}, release) and read with {@code CodeInfo.compiled()}'s
 * acquire in {@code link} before it is bound into the target, so a thread that runs the direct
 * target through a call site whose new target it sees runs a fully constructed class.
 * {@code setTarget} may race between threads linking the same site: both write an equivalent
 * target (same callee), and a thread still seeing the old target runs {@code link}, which is
 * correct too (benign).
 */
public final class CompiledCalls {
    private CompiledCalls() {
    }

    static final MethodType SITE_TYPE = MethodType.methodType(int.class, VmThread.class, long[].class, int.class);
    private static final MethodHandle LINK;
    private static final MethodHandle DIRECT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            LINK = l.findVirtual(ExactSite.class, "link", SITE_TYPE);
            DIRECT = l.findStatic(CompiledCalls.class, "direct", SITE_TYPE.insertParameterTypes(0, DirectTarget.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Bootstrap of an exact-args call site: {@code (t, s, sp) → new sp}, for {@code nargs} arguments and callee code {@code codeIndex}. */
    public static CallSite bootstrap(MethodHandles.Lookup caller, String name, MethodType type, int codeIndex, int nargs) {
        if (!type.equals(SITE_TYPE)) {
            throw new IllegalArgumentException("exact call site " + name + " has type " + type + ", expected " + SITE_TYPE);
        }
        return new ExactSite(codeIndex, nargs);
    }

    /** One exact-args call site: generic until its callee is compiled, then {@link #direct}. */
    static final class ExactSite extends MutableCallSite {
        private final int codeIndex;
        private final int nargs;

        ExactSite(int codeIndex, int nargs) {
            super(SITE_TYPE);
            this.codeIndex = codeIndex;
            this.nargs = nargs;
            setTarget(LINK.bindTo(this));
        }

        int link(VmThread t, long[] s, int sp) {
            CodeInfo ci = t.vm.code(codeIndex);
            CompiledCode cc = ci.compiled(); // acquire: pairs with CodeInfo.publish's release
            if (cc == null) {
                return callExact(t, s, sp, nargs, codeIndex);
            }
            DirectTarget d = new DirectTarget(cc, codeIndex, nargs, ci.nlocals, ci.frameSize);
            setTarget(DIRECT.bindTo(d));
            return direct(d, t, s, sp);
        }
    }

    /** What a linked site knows about its callee; C2 folds the fields of the bound instance (a record's finals are trusted). */
    record DirectTarget(CompiledCode cc, int codeIndex, int nargs, int nlocals, int frameSize) {
    }

    /**
     * The linked exact call on {@code [f, NULL, a_1 .. a_n]} ending at {@code sp}: the guard, then
     * the callee's compiled body entered over the arguments (they become its first locals and
     * their references move to it). Returns the new sp (the result replaces {@code f}).
     */
    static int direct(DirectTarget d, VmThread t, long[] s, int sp) {
        int fp = sp - d.nargs();
        long f = s[fp - 2];
        if (s[fp - 1] != 0 || typeOf(f) != TypeIds.FUNCTION || UnsafeApi.getInt(f + FUNC_CODE) != d.codeIndex()) {
            return Calls.callFromStack(t, s, sp, d.nargs(), false);
        }
        t.countSafePoint();
        t.specHits++;
        if (fp + d.frameSize() + 8 > s.length) {
            throw new PyError(ClassTable.RECURSION_ERROR, "maximum recursion depth exceeded"); // nothing taken over
        }
        int end = fp + d.nlocals();
        for (int i = fp + d.nargs(); i < end; i++) {
            s[i] = 0;
        }
        CompiledCode cc = d.cc();
        int savedTop = Interpreter.enterFrame(t, cc.ci, fp);
        long r;
        try {
            r = cc.run(t, UnsafeApi.getLong(f + FUNC_GLOBALS), fp, 0);
        } finally {
            Interpreter.leaveFrame(t, fp, end, savedTop);
        }
        s[fp - 2] = r;
        FrameCounts.decref(t, f);
        return fp - 1;
    }

    /**
     * The exact call before its callee is compiled (and the path of callers that are not linked):
     * if {@code [f, NULL, args]} has a function whose code index is {@code codeIndex} (so the
     * parameter count matches), the callee's frame starts over the arguments
     * ({@link Calls#callExactInPlace}); else the generic call. Returns the new sp.
     */
    public static int callExact(VmThread t, long[] s, int sp, int nargs, int codeIndex) {
        int argBase = sp - nargs;
        long f = s[argBase - 2];
        if (s[argBase - 1] != 0 || typeOf(f) != TypeIds.FUNCTION || UnsafeApi.getInt(f + FUNC_CODE) != codeIndex) {
            return Calls.callFromStack(t, s, sp, nargs, false);
        }
        t.countSafePoint();
        t.specHits++;
        long r = Calls.callExactInPlace(t, t.vm.code(codeIndex), f, argBase); // takes the arguments
        s[argBase - 2] = r;
        FrameCounts.decref(t, f);
        return argBase - 1;
    }

    // ------------------------------------------------------------------ inlined leaf calls (CallTemplates.inline)

    /** Guard of an inlined call: {@code f} is a function whose code is {@code codeIndex}. */
    public static boolean isFunctionOf(long f, int codeIndex) {
        return typeOf(f) == TypeIds.FUNCTION && UnsafeApi.getInt(f + FUNC_CODE) == codeIndex;
    }

    /**
     * Guard of an inlined call: the real call would not raise RecursionError (neither the
     * recursion limit of {@code Interpreter.enterFrame} nor the data-stack bound of the callee's
     * frame at {@code fp}); where it would, the site makes the real call, which raises it.
     */
    public static boolean mayEnterInline(VmThread t, long[] s, int fp, int frameSize) {
        return t.depth < t.vm.config.recursionLimit() && fp + frameSize + 8 <= s.length;
    }

    /** Commit of an inlined call: what the real call counts (a specialisation hit, the call's and the frame entry's safe-point countdowns). */
    public static void inlinedCall(VmThread t) {
        t.specHits++;
        t.countSafePoint();
        if (--t.pollCountdown <= 0) {
            t.safePointAtFrameEntry();
        }
    }

    /** True if {@code v} converts to double exactly ({@code |v| <= 2**53}): int true division is then one double division. */
    public static boolean exactInDouble(long v) {
        return v >= -(1L << 53) && v <= (1L << 53);
    }
}
