package io.github.freethread.vm.interp;

import static io.github.freethread.vm.runtime.Layouts.*;
import static io.github.freethread.vm.runtime.VmThread.*;

import java.util.ArrayList;
import java.util.List;

import org.agrona.UnsafeApi;

import io.github.freethread.vm.builtins.BuiltinTable;
import io.github.freethread.vm.bytecode.InlineCacheLayout;
import io.github.freethread.vm.bytecode.Opcode;
import io.github.freethread.vm.builtins.Constructors;
import io.github.freethread.vm.runtime.ClassTable;
import io.github.freethread.vm.runtime.CodeInfo;
import io.github.freethread.vm.runtime.PyError;
import io.github.freethread.vm.runtime.TypeIds;
import io.github.freethread.vm.runtime.VmThread;

/**
 * Calling any callable: Python functions (argument binding with defaults and keywords, then a
 * new frame on the thread's data stack), built-in functions and methods, and classes
 * (constructors). Arguments are borrowed from {@code src[off .. off+n)}; the last
 * {@code len(kwnames)} of them are keyword arguments. Results are owned.
 */
public final class Calls {
    private Calls() {
    }

    /** Calls {@code f} with borrowed positional arguments from Java code (built-ins calling back). */
    public static long call(VmThread t, long f, long[] args, int n) {
        return call(t, f, 0, args, 0, n, 0, t.top);
    }

    /**
     * The general call. {@code self} (0 or a borrowed reference) is prepended for built-in
     * methods. {@code frameAt} is the data-stack index where a Python callee's frame may start.
     */
    public static long call(VmThread t, long f, long self, long[] src, int off, int n, long kwnames, int frameAt) {
        switch (typeOf(f)) {
            case TypeIds.FUNCTION:
                if (self != 0) {
                    // never produced by LOAD_METHOD for functions; bind as first positional
                    long[] a = new long[n + 1];
                    a[0] = self;
                    System.arraycopy(src, off, a, 1, n);
                    return callFunction(t, f, a, 0, n + 1, kwnames, frameAt);
                }
                return callFunction(t, f, src, off, n, kwnames, frameAt);
            case TypeIds.BUILTIN: {
                int id = UnsafeApi.getInt(f + BUILTIN_ID);
                long bound = UnsafeApi.getLong(f + BUILTIN_SELF);
                return BuiltinTable.call(t, id, self != 0 ? self : bound, src, off, n, kwnames);
            }
            case TypeIds.CLASS:
                return Constructors.call(t, UnsafeApi.getInt(f + CLASS_INDEX), src, off, n, kwnames);
            default:
                throw PyError.typeError("'" + typeName(f) + "' object is not callable");
        }
    }

    /**
     * The generic CALL / CALL_KW on the value stack {@code [f, self_or_NULL, a_1 .. a_n(, kwnames)]}
     * ending at {@code sp}: a safe point, the call, then the operands dropped and the result
     * pushed. Returns the new stack pointer.
     */
    public static int callFromStack(VmThread t, long[] s, int sp, int nargs, boolean kw) {
        int top = kw ? sp - 1 : sp;
        int argBase = top - nargs;
        long f = s[argBase - 2];
        long self = s[argBase - 1];
        long kwnames = kw ? s[sp - 1] : 0;
        t.countSafePoint();
        long r;
        if (self == 0 && typeOf(f) == TypeIds.FUNCTION && !kw) {
            r = callFunction(t, f, s, argBase, nargs, 0, sp + 1);
        } else {
            r = call(t, f, self, s, argBase, nargs, kwnames, sp + 1);
        }
        for (int i = argBase - 2; i < sp; i++) {
            t.xdecref(s[i]);
        }
        sp = argBase - 2;
        s[sp++] = r;
        return sp;
    }

    /**
     * CALL_PY_EXACT_ARGS on {@code [f, NULL, a_1 .. a_n]} ending at {@code sp}: guard (a function
     * whose code index is the cached one), safe point, the call in place
     * ({@link #callExactInPlace}), f dropped, result pushed; on a guard failure deoptimise and
     * call generically. Returns the new stack pointer.
     */
    static int callExactFromStack(VmThread t, char[] code, int instr, int cp, int nargs, long[] s, int sp) {
        int argBase = sp - nargs;
        long f = s[argBase - 2];
        if (s[argBase - 1] != 0 || typeOf(f) != TypeIds.FUNCTION
            || UnsafeApi.getInt(f + FUNC_CODE) != InlineCacheLayout.read32(code, cp + InlineCacheLayout.CALL_FUNCTION_VERSION)) {
            Specializer.deopt(t, code, instr, cp, Opcode.CALL);
            return callFromStack(t, s, sp, nargs, false);
        }
        t.countSafePoint();
        t.specHits++;
        long r = callExactInPlace(t, t.vm.code(UnsafeApi.getInt(f + FUNC_CODE)), f, argBase); // takes the arguments
        s[argBase - 2] = r;
        FrameCounts.decref(t, f);
        return argBase - 1;
    }

    /**
     * CALL_PY_EXACT_ARGS: runs a Python function whose {@code argCount} arguments are already at
     * {@code t.data[fp .. fp+argCount)}, the top of the caller's value stack. The callee's frame
     * starts right there (CPython does the same): the arguments become its first locals without
     * a copy, and their references move to the callee, which drops them when its frame ends
     * (normally or by an exception; {@link Interpreter#execute}'s exit zeroes the slots, so the
     * caller's unwinder finds nothing left to drop). If this method throws before the frame is
     * entered (data stack exhausted), nothing was taken over. {@code ci} is the function's code
     * (the caller's guard checked the code index and so the parameter count).
     */
    public static long callExactInPlace(VmThread t, CodeInfo ci, long f, int fp) {
        long[] data = t.data;
        if (fp + ci.frameSize + 8 > data.length) {
            throw new PyError(ClassTable.RECURSION_ERROR, "maximum recursion depth exceeded");
        }
        for (int i = fp + ci.argCount, end = fp + ci.nlocals; i < end; i++) {
            data[i] = 0;
        }
        return Interpreter.execute(t, ci, UnsafeApi.getLong(f + FUNC_GLOBALS), fp);
    }

    /** Binds arguments into a new frame at {@code fp} and runs the function. */
    public static long callFunction(VmThread t, long f, long[] src, int off, int n, long kwnames, int fp) {
        CodeInfo ci = t.vm.code(UnsafeApi.getInt(f + FUNC_CODE));
        long[] data = t.data;
        if (fp + ci.frameSize + 8 > data.length) {
            throw new PyError(ClassTable.RECURSION_ERROR, "maximum recursion depth exceeded");
        }
        int argc = ci.argCount;
        int nkw = kwnames == 0 ? 0 : (int) tupleSize(kwnames);
        int npos = n - nkw;
        if (src == data && off >= fp) {
            throw new IllegalStateException("arguments overlap the callee frame");
        }
        if (nkw == 0 && npos == argc) {
            for (int i = 0; i < argc; i++) {
                long a = src[off + i];
                t.incref(a);
                data[fp + i] = a;
            }
            for (int i = argc; i < ci.nlocals; i++) {
                data[fp + i] = 0;
            }
            return Interpreter.execute(t, ci, UnsafeApi.getLong(f + FUNC_GLOBALS), fp);
        }
        long defaults = UnsafeApi.getLong(f + FUNC_DEFAULTS);
        int ndef = defaults == 0 ? 0 : (int) tupleSize(defaults);
        String name = ci.code.name();
        if (npos > argc) {
            String takes = ndef > 0 ? "from " + (argc - ndef) + " to " + argc : String.valueOf(argc);
            throw PyError.typeError(name + "() takes " + takes + " positional argument" + (argc == 1 && ndef == 0 ? "" : "s")
                + " but " + npos + (npos == 1 ? " was" : " were") + " given");
        }
        for (int i = 0; i < ci.nlocals; i++) {
            data[fp + i] = 0;
        }
        try {
            for (int i = 0; i < npos; i++) {
                data[fp + i] = t.newRef(src[off + i]);
            }
            for (int k = 0; k < nkw; k++) {
                String kw = str(tupleItem(kwnames, k));
                int slot = -1;
                for (int i = 0; i < argc; i++) {
                    if (ci.code.varnames().get(i).equals(kw)) {
                        slot = i;
                        break;
                    }
                }
                if (slot < 0) {
                    throw PyError.typeError(name + "() got an unexpected keyword argument '" + kw + "'");
                }
                if (data[fp + slot] != 0) {
                    throw PyError.typeError(name + "() got multiple values for argument '" + kw + "'");
                }
                data[fp + slot] = t.newRef(src[off + npos + k]);
            }
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < argc; i++) {
                if (data[fp + i] == 0) {
                    int d = i - (argc - ndef);
                    if (d >= 0) {
                        data[fp + i] = t.newRef(tupleItem(defaults, d));
                    } else {
                        missing.add("'" + ci.code.varnames().get(i) + "'");
                    }
                }
            }
            if (!missing.isEmpty()) {
                String list = missing.size() == 1 ? missing.get(0)
                    : String.join(", ", missing.subList(0, missing.size() - 1)) + " and " + missing.getLast();
                throw PyError.typeError(name + "() missing " + missing.size() + " required positional argument"
                    + (missing.size() == 1 ? "" : "s") + ": " + list);
            }
        } catch (PyError e) {
            for (int i = 0; i < ci.nlocals; i++) {
                t.xdecref(data[fp + i]);
                data[fp + i] = 0;
            }
            throw e;
        }
        return Interpreter.execute(t, ci, UnsafeApi.getLong(f + FUNC_GLOBALS), fp);
    }
}
