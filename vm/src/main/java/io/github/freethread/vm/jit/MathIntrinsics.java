package io.github.freethread.vm.jit;

import static io.github.freethread.vm.jit.FrameState.*;

import java.lang.classfile.Label;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.agrona.UnsafeApi;

import io.github.freethread.vm.builtins.BuiltinTable;
import io.github.freethread.vm.bytecode.InlineCacheLayout;
import io.github.freethread.vm.bytecode.Instruction;
import io.github.freethread.vm.bytecode.Opcode;
import io.github.freethread.vm.interp.Calls;
import io.github.freethread.vm.interp.GenericInstructions;
import io.github.freethread.vm.runtime.Layouts;
import io.github.freethread.vm.runtime.TypeIds;
import io.github.freethread.vm.runtime.VmThread;

/**
 * Intrinsics for the one-argument float functions of {@code math} in compiled code
 * ({@code sqrt}, {@code fabs}, {@code sin}, {@code cos}, {@code exp}): {@code math.sqrt(d2)}
 * becomes a guard and one {@code Math.sqrt} on the unboxed argument, with an unboxed (DUAL)
 * result — no argument float, no generic call, no result float.
 *
 * <p>Shape: {@code LOAD_METHOD name; <argument>; CALL 1} where the argument's instructions are
 * straight-line (no jump target between the two) and leave the callable's two entries in place.
 * The attribute is loaded as before (the guard is on what was actually loaded, so a rebound
 * {@code math}, a module of the user's with a {@code sqrt}, or {@code math.sqrt = f} all take
 * the generic call) but without spilling the value stack: the module attribute load reads and
 * writes only its own entries. At the CALL the guard is: the callable is the immortal built-in
 * object of the expected id (type BUILTIN, id, no bound self) and the self entry is NULL, and the
 * argument is a float (or a 64-bit int, converted as Python converts it). The fast path then
 * checks the function's domain as {@code StandardModules.math1} does (a NaN result of a non-NaN
 * argument, an infinite result of a finite one): outside it, the generic call raises the
 * CPython error ("math domain error", "math range error"). Built-in objects are immortal, so the
 * fast path releases nothing but the argument.
 *
 * <p>Deviation from CPython: CPython 3.11 has no such specialisation (it calls the builtin
 * through vectorcall and boxes the result); the results are the same IEEE-754 operations
 * ({@code Math.sqrt} is correctly rounded, as C's {@code sqrt}).
 */
final class MathIntrinsics extends TemplateGroup {
    /** The intrinsic functions, by attribute name (module {@code math}). */
    static final List<String> NAMES = List.of("sqrt", "fabs", "sin", "cos", "exp");

    /** CALL offset → {built-in id, index in NAMES}; LOAD_METHOD offsets of those calls → their CALL offset. */
    private final Map<Integer, int[]> callId;
    private final Map<Integer, Integer> loadOf;

    private MathIntrinsics(Templates tp, Map<Integer, int[]> callId, Map<Integer, Integer> loadOf) {
        super(tp);
        this.callId = callId;
        this.loadOf = loadOf;
    }

    /** Finds the intrinsic call shapes of the code {@code jc} compiles. */
    static MathIntrinsics scan(Templates tp) {
        JitCompiler jc = tp.jc;
        Map<Integer, int[]> callId = new HashMap<>();
        Map<Integer, Integer> loadOf = new HashMap<>();
        List<Instruction> instrs = jc.instrs;
        for (int i = 0; i < instrs.size(); i++) {
            Instruction in = instrs.get(i);
            if (in.op() != Opcode.LOAD_METHOD || jc.depthAt[in.start()] < 1) {
                continue;
            }
            String name = jc.co.names().get(in.arg());
            int id = builtinId(name);
            if (id < 0) {
                continue;
            }
            int base = jc.depthAt[in.start()] - 1; // the callable's entry
            for (int j = i + 1; j < instrs.size(); j++) {
                Instruction c = instrs.get(j);
                int d = jc.depthAt[c.start()];
                if (jc.labelPcs.contains(c.start()) || d < base + 2 || c.op().isJump()) {
                    break;
                }
                if (c.op() == Opcode.CALL && c.arg() == 1 && d == base + 3) {
                    callId.put(c.start(), new int[] {id, NAMES.indexOf(name)});
                    loadOf.put(in.start(), c.start());
                    break;
                }
            }
        }
        return new MathIntrinsics(tp, callId, loadOf);
    }

    /** The built-in id of {@code math.name} if it is an intrinsic and registered (math imported in this process), else -1. */
    static int builtinId(String name) {
        if (!NAMES.contains(name)) {
            return -1;
        }
        List<BuiltinTable.Entry> all = BuiltinTable.entries();
        for (int id = 0; id < all.size(); id++) {
            BuiltinTable.Entry e = all.get(id);
            if (e.ownerType() == -1 && "math".equals(e.module()) && name.equals(e.name())) {
                return id;
            }
        }
        return -1;
    }

    /** Emits {@code in} if it is part of an intrinsic shape; false if the ordinary template must. */
    boolean tryEmit(Instruction in, Opcode q) {
        int[] intrinsic = callId.get(in.start());
        if (intrinsic != null) {
            call(in.start(), intrinsic[0], NAMES.get(intrinsic[1]));
            return true;
        }
        if (loadOf.containsKey(in.start())) {
            loadMethod(in, q);
            return true;
        }
        return false;
    }

    /**
     * LOAD_METHOD of an intrinsic's attribute: the module attribute load (cached, or generic) on
     * its own entry only — the entries below stay as they are (borrowed locals, unboxed floats).
     */
    private void loadMethod(Instruction in, Opcode q) {
        int pc = in.start();
        int d = st.depth;
        st.materialize(d - 1);
        tp.throwSite(pc);
        if (q == Opcode.LOAD_METHOD_MODULE) {
            cb.aload(T);
            tp.ci();
            cb.loadConstant(in.arg()).loadConstant(jc.cache(in, InlineCacheLayout.LOAD_ATTR_INDEX))
                .ldc(jc.cache32(in, InlineCacheLayout.LOAD_ATTR_VERSION)).aload(S);
            tp.sp();
            cb.iconst_1();
            st.call(JitRuntime.class, "moduleAttribute");
        } else {
            cb.aload(T);
            tp.ci();
            cb.aconst_null().iconst_0().iconst_0().loadConstant(in.arg()).aload(S);
            tp.sp();
            cb.iconst_0();
            st.call(GenericInstructions.class, "loadMethod");
        }
        cb.pop();
        st.kind[d - 1] = MEM;
        st.kind[d] = MEM;
        st.depth = d + 1;
    }

    /** CALL 1 of an intrinsic shape: entries f (callable), f+1 (self or NULL), f+2 (argument). */
    private void call(int pc, int id, String fn) {
        int f = st.depth - 3;
        int x = f + 2;
        Label slow = cb.newLabel();
        Label merge = cb.newLabel();
        st.loadSlot(f + 1);
        cb.lconst_0().lcmp().ifne(slow);
        st.loadSlot(f);
        cb.loadConstant(id);
        st.call(MathIntrinsics.class, "isBuiltin");
        cb.ifeq(slow);
        st.doubleOf(x, tp.constValue(x), slow, true);
        cb.dstore(X);
        if (fn.equals("sqrt")) {
            cb.dload(X).dconst_0().dcmpg().iflt(slow); // NaN and -0.0 are in the domain
            cb.dload(X);
            javaMath("sqrt");
            cb.dstore(Y);
        } else {
            cb.dload(X);
            javaMath(fn.equals("fabs") ? "abs" : fn);
            cb.dstore(Y);
            cb.dload(X).dload(Y);
            st.call(MathIntrinsics.class, "inDomain");
            cb.ifeq(slow);
        }
        if (st.kind[x] != DUAL) {
            st.release(x); // a DUAL got here with slot 0 (FrameState.doubleOf); the callable is an immortal built-in, self NULL
        }
        cb.lconst_0().lstore(B).goto_(merge);
        // generic call: the argument as an owned object in its slot, as CALL's body expects
        cb.labelBinding(slow);
        st.materialize(x);
        tp.throwSite(pc);
        cb.aload(T).aload(S);
        tp.sp();
        cb.iconst_1().iconst_0();
        st.call(Calls.class, "callFromStack");
        cb.pop();
        st.loadSlot(f);
        cb.lstore(B).dconst_0().dstore(Y);
        cb.labelBinding(merge);
        cb.dload(Y).dstore(doubleVar(f));
        st.slotRef(f);
        cb.lload(B).lastore();
        st.depth = f + 1;
        st.kind[f] = DUAL;
    }

    /** {@code java.lang.Math.name(double)}: C2 intrinsics (sqrt, abs, sin, cos, exp), expanded whatever the inlining budget. */
    private void javaMath(String name) {
        cb.invokestatic(CD_MATH, name, D2D);
    }

    private static final java.lang.constant.ClassDesc CD_MATH = desc(Math.class);
    private static final java.lang.constant.MethodTypeDesc D2D = java.lang.constant.MethodTypeDesc.of(
        java.lang.constant.ConstantDescs.CD_double, java.lang.constant.ConstantDescs.CD_double);

    // ------------------------------------------------------------------ run time

    /** True if {@code c} is the built-in object of function {@code id} (not a bound method). */
    public static boolean isBuiltin(long c, int id) {
        return c != 0 && VmThread.typeOf(c) == TypeIds.BUILTIN && UnsafeApi.getInt(c + Layouts.BUILTIN_ID) == id
            && UnsafeApi.getLong(c + Layouts.BUILTIN_SELF) == 0;
    }

    /** {@code math}'s domain rule (StandardModules.math1): no NaN from a non-NaN, no infinity from a finite argument. */
    public static boolean inDomain(double x, double r) {
        return !(Double.isNaN(r) && !Double.isNaN(x)) && !(Double.isInfinite(r) && Double.isFinite(x));
    }
}
