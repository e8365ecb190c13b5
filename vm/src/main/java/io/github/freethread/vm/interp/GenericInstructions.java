package io.github.freethread.vm.interp;

import static io.github.freethread.vm.runtime.Layouts.*;
import static io.github.freethread.vm.runtime.VmThread.*;

import org.agrona.UnsafeApi;

import io.github.freethread.vm.bytecode.BinaryOp;
import io.github.freethread.vm.bytecode.Opcode;
import io.github.freethread.vm.runtime.ClassTable;
import io.github.freethread.vm.runtime.CodeInfo;
import io.github.freethread.vm.runtime.Dicts;
import io.github.freethread.vm.runtime.Ops;
import io.github.freethread.vm.runtime.PyError;
import io.github.freethread.vm.runtime.Sequences;
import io.github.freethread.vm.runtime.TypeIds;
import io.github.freethread.vm.runtime.Vm;
import io.github.freethread.vm.runtime.VmThread;

/**
 * Generic and rarely executed instructions, out of line. Each method takes the frame's value
 * stack {@code s} and stack pointer {@code sp} and returns the new stack pointer; operands are
 * owned by the stack and stay there until the operation succeeded (so an exception leaves the
 * frame unwindable, as in {@link Interpreter}).
 *
 * <p>Why out of line: HotSpot's C2 compiles {@link Interpreter#execute} as one unit and stops
 * inlining once the method plus everything inlined into it reaches {@code DesiredMethodLimit}
 * (8000 bytecodes). With every arm written inline, execute alone was 5901 bytes and the budget
 * ran out before the reference-count helpers of LOAD_FAST/STORE_FAST were inlined (seen with
 * {@code -XX:CompileCommand=PrintInlining,...Interpreter::execute}: "size > DesiredMethodLimit").
 * A call to a method here is a few bytes in execute; C2 inlines it only where the profile says
 * the instruction is hot, so the budget goes to the instructions a program actually runs.
 */
public final class GenericInstructions {
    private GenericInstructions() {
    }

    /** BinaryOp ordinals (the oparg of BINARY_OP modulo the in-place offset). */
    private static final int BINARY_OPS = BinaryOp.INPLACE_OFFSET;
    private static final int FLOOR_DIVIDE = BinaryOp.FLOOR_DIVIDE.ordinal();
    private static final int REMAINDER = BinaryOp.REMAINDER.ordinal();
    private static final int ADD = BinaryOp.ADD.ordinal();
    private static final int SUBTRACT = BinaryOp.SUBTRACT.ordinal();
    private static final int MULTIPLY = BinaryOp.MULTIPLY.ordinal();
    private static final int TRUE_DIVIDE = BinaryOp.TRUE_DIVIDE.ordinal();

    // ------------------------------------------------------------------ operators

    /** Generic BINARY_OP (tries to quicken first when {@code specialise}). */
    public static int binaryOp(VmThread t, char[] code, int instr, int cp, int arg, long[] s, int sp, boolean specialise) {
        long a = s[sp - 2];
        long b = s[sp - 1];
        int op = arg % BINARY_OPS;
        if ((op == FLOOR_DIVIDE || op == REMAINDER) && typeOf(a) == TypeIds.INT && typeOf(b) == TypeIds.INT) {
            // int // and % (index arithmetic): no quickened form, but no detour through Ops either
            long x = intValue(a);
            long y = intValue(b);
            if (y != 0 && (x != Long.MIN_VALUE || y != -1)) {
                return NumericResults.pushInt(t, s, sp, a, b, op == FLOOR_DIVIDE ? Math.floorDiv(x, y) : Math.floorMod(x, y));
            }
        }
        if (op == ADD || op == SUBTRACT || op == MULTIPLY || op == TRUE_DIVIDE) {
            int ta = typeOf(a);
            int tb = typeOf(b);
            if (ta == TypeIds.FLOAT && tb == TypeIds.INT || ta == TypeIds.INT && tb == TypeIds.FLOAT) {
                // mixed int/float + - * / (1.0 / n, 2 * x): the int converts to float as in Python
                // (round to nearest); no quickened form, but no detour through Ops either
                double x = ta == TypeIds.FLOAT ? floatValue(a) : (double) intValue(a);
                double y = tb == TypeIds.FLOAT ? floatValue(b) : (double) intValue(b);
                if (op != TRUE_DIVIDE || y != 0) {
                    double z = op == ADD ? x + y : op == SUBTRACT ? x - y : op == MULTIPLY ? x * y : x / y;
                    return NumericResults.pushNewFloat(t, s, sp, a, b, z);
                }
            }
        }
        if (specialise) {
            Specializer.binaryOp(t, code, instr, cp, arg, a, b);
        }
        return binaryResult(t, arg, s, sp);
    }

    /** A quickened BINARY_OP whose guard failed: deoptimise, then run the generic operator. */
    public static int binaryDeopt(VmThread t, char[] code, int instr, int cp, int arg, long[] s, int sp) {
        Specializer.deopt(t, code, instr, cp, Opcode.BINARY_OP);
        return binaryResult(t, arg, s, sp);
    }

    /** {@code s[sp-2] op s[sp-1]} by the generic operator; pops both, pushes the result. */
    public static int binaryResult(VmThread t, int arg, long[] s, int sp) {
        long a = s[sp - 2];
        long b = s[sp - 1];
        long r = Ops.binary(t, arg, a, b);
        t.decref(a);
        t.decref(b);
        s[sp - 2] = r;
        return sp - 1;
    }

    public static int compareOp(VmThread t, char[] code, int instr, int cp, int arg, long[] s, int sp, boolean specialise) {
        long a = s[sp - 2];
        long b = s[sp - 1];
        if (specialise) {
            Specializer.compareOp(t, code, instr, cp, arg, a, b);
        }
        return compareResult(t, arg, s, sp);
    }

    public static int compareDeopt(VmThread t, char[] code, int instr, int cp, int arg, long[] s, int sp) {
        Specializer.deopt(t, code, instr, cp, Opcode.COMPARE_OP);
        return compareResult(t, arg, s, sp);
    }

    public static int compareResult(VmThread t, int arg, long[] s, int sp) {
        long a = s[sp - 2];
        long b = s[sp - 1];
        boolean r = Ops.compare(t, arg, a, b);
        t.decref(a);
        t.decref(b);
        s[sp - 2] = t.bool(r);
        return sp - 1;
    }

    public static int containsOp(VmThread t, int arg, long[] s, int sp) {
        long a = s[sp - 2];
        long b = s[sp - 1];
        boolean r = Ops.contains(t, b, a) != (arg == 1);
        t.decref(a);
        t.decref(b);
        s[sp - 2] = t.bool(r);
        return sp - 1;
    }

    public static void unary(VmThread t, int op, long[] s, int sp) {
        long a = s[sp - 1];
        s[sp - 1] = switch (op) {
            case Op.UNARY_NEGATIVE -> Ops.negative(t, a);
            case Op.UNARY_POSITIVE -> Ops.positive(t, a);
            case Op.UNARY_INVERT -> Ops.invert(t, a);
            default -> t.bool(!Ops.truth(a));
        };
        t.decref(a);
    }

    // ------------------------------------------------------------------ attributes

    /** Generic LOAD_ATTR; quickens module attributes to LOAD_ATTR_MODULE when due. */
    public static void loadAttr(VmThread t, CodeInfo ci, char[] code, int instr, int cp, int arg, long[] s, int sp, boolean specialise) {
        long o = s[sp - 1];
        if (specialise) {
            Specializer.loadAttr(t, code, instr, cp, o, ci.names[arg], false);
        }
        long v = Attributes.getAttr(t, o, ci.names[arg]);
        s[sp - 1] = v;
        t.decref(o);
    }

    /** Generic LOAD_METHOD; quickens to LOAD_METHOD_MODULE / LOAD_METHOD_BUILTIN when due. */
    public static int loadMethod(VmThread t, CodeInfo ci, char[] code, int instr, int cp, int arg, long[] s, int sp, boolean specialise) {
        long o = s[sp - 1];
        if (specialise) {
            Specializer.loadAttr(t, code, instr, cp, o, ci.names[arg], true);
        }
        long m = Attributes.method(t, o, ci.names[arg]);
        if (m != 0) {
            s[sp - 1] = m; // [meth, self]: self keeps the object's reference
            s[sp++] = o;
        } else {
            long v = Attributes.getAttr(t, o, ci.names[arg]);
            s[sp - 1] = v;
            s[sp++] = 0;
            t.decref(o);
        }
        return sp;
    }

    public static int storeAttr(VmThread t, CodeInfo ci, int arg, long[] s, int sp) {
        Attributes.setAttr(t, s[sp - 1], ci.names[arg], s[sp - 2]);
        t.decref(s[--sp]);
        t.decref(s[--sp]);
        return sp;
    }

    public static int deleteAttr(VmThread t, CodeInfo ci, int arg, long[] s, int sp) {
        Attributes.delAttr(t, s[sp - 1], ci.names[arg]);
        t.decref(s[--sp]);
        return sp;
    }

    // ------------------------------------------------------------------ building values

    public static int buildSlice(VmThread t, int arg, long[] s, int sp) {
        long step = arg == 3 ? s[--sp] : t.none;
        long stop = s[--sp];
        long start = s[--sp];
        s[sp++] = Sequences.newSlice(t, start, stop, step);
        return sp;
    }

    public static int buildTuple(VmThread t, int arg, long[] s, int sp) {
        long tup = t.newTuple(arg);
        for (int i = 0; i < arg; i++) {
            tupleInit(tup, i, s[sp - arg + i]);
        }
        sp -= arg;
        s[sp++] = tup;
        return sp;
    }

    public static int formatValue(VmThread t, int arg, long[] s, int sp) {
        long spec = (arg & Opcode.FORMAT_HAS_SPEC) != 0 ? s[sp - 1] : 0;
        int vi = spec != 0 ? sp - 2 : sp - 1;
        long v = s[vi];
        long r = Formatting.formatValue(t, v, arg & 3, spec);
        if (spec != 0) {
            t.decref(spec);
            sp--;
        }
        s[sp - 1] = r;
        t.decref(v);
        return sp;
    }

    public static int buildString(VmThread t, int arg, long[] s, int sp) {
        StringBuilder sbuf = new StringBuilder();
        for (int i = sp - arg; i < sp; i++) {
            sbuf.append(str(s[i]));
        }
        long r = t.newStr(sbuf.toString());
        for (int i = sp - arg; i < sp; i++) {
            t.decref(s[i]);
        }
        sp -= arg;
        s[sp++] = r;
        return sp;
    }

    public static int makeFunction(VmThread t, int arg, long globals, long[] s, int sp) {
        long codeObj = s[--sp];
        long defaults = (arg & Opcode.MAKE_FUNCTION_DEFAULTS) != 0 ? s[--sp] : 0;
        s[sp++] = Functions.newFunction(t, UnsafeApi.getInt(codeObj + CODE_INDEX), globals, defaults);
        return sp;
    }

    // ------------------------------------------------------------------ imports

    public static int importName(VmThread t, CodeInfo ci, int arg, long[] s, int sp) {
        String name = str(ci.names[arg]);
        long m = t.vm.importModule(t, name);
        if (m == 0) {
            throw new PyError(ClassTable.MODULE_NOT_FOUND_ERROR, "No module named '" + name + "'");
        }
        s[sp++] = m;
        return sp;
    }

    public static int importFrom(VmThread t, CodeInfo ci, int arg, long[] s, int sp) {
        long m = s[sp - 1];
        long v = Dicts.getOwned(t, Vm.moduleDict(m), ci.names[arg]); // owned: safe on a shared module dict
        if (v == 0) {
            throw new PyError(ClassTable.IMPORT_ERROR, "cannot import name '" + str(ci.names[arg])
                + "' from '" + str(UnsafeApi.getLong(m + MODULE_NAME)) + "' (unknown location)");
        }
        s[sp++] = v;
        return sp;
    }

    // ------------------------------------------------------------------ exceptions

    /** RAISE_VARARGS: always throws. */
    public static PyError raise(VmThread t, int arg, long[] s, int sp) {
        if (arg == 0) {
            long h = t.handledExc;
            if (h == 0) {
                return new PyError(ClassTable.RUNTIME_ERROR, "No active exception to reraise");
            }
            t.incref(h);
            return new PyError(h);
        }
        if (arg == 2) {
            t.decref(s[--sp]); // cause: not kept (tracebacks print only the last exception)
            s[sp] = 0;
        }
        long e = s[--sp];
        s[sp] = 0;
        return new PyError(Exceptions.instantiate(t, e));
    }

    public static void pushExcInfo(VmThread t, long[] s, int sp) {
        long e = s[sp - 1];
        long prev = t.handledExc == 0 ? t.none : t.handledExc;
        t.incref(e);
        t.handledExc = e;
        s[sp - 1] = prev;
        s[sp] = e;
    }

    public static void popExcept(VmThread t, long prev) {
        long cur = t.handledExc;
        t.handledExc = prev == t.none ? 0 : prev;
        t.xdecref(cur);
    }

    public static void checkExcMatch(VmThread t, long[] s, int sp) {
        long type = s[sp - 1];
        boolean m = Exceptions.matches(t, s[sp - 2], type);
        t.decref(type);
        s[sp - 1] = t.bool(m);
    }
}
