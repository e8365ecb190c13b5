package io.github.freethread.vm.jit;

import java.util.ArrayList;
import java.util.List;

import io.github.freethread.vm.bytecode.BinaryOp;
import io.github.freethread.vm.bytecode.CodeObject;
import io.github.freethread.vm.bytecode.Instruction;
import io.github.freethread.vm.bytecode.Opcode;

/**
 * The shape of a Python function that {@link CallTemplates} may inline at an exact-args call
 * site: one arithmetic expression over its int parameters and number constants, returned.
 *
 * <p>What qualifies (checked by {@link #of}; anything else returns null): every parameter is a
 * local and there are no other locals; no exception table; the instructions up to the first
 * {@code RETURN_VALUE} are only {@code LOAD_FAST} of a parameter, {@code LOAD_CONST} of an int
 * that fits 64 bits or a float, {@code BINARY_OP} {@code + - * / // %} (in-place forms too) and
 * {@code UNARY_NEGATIVE}, at most {@link #MAX_INSTRUCTIONS} of them, leaving exactly the returned
 * value on the stack. No loops, no branches, no calls, no global or attribute loads: the body
 * cannot have side effects, cannot block and cannot observe anything but its arguments.
 *
 * <p>Types. Each parameter is typed by the callee's quickened copy in the compiling thread: a
 * direct operand of a {@code BINARY_OP_*_FLOAT} form is a float, every other parameter an int
 * (checked at run time: a float object or unboxed float; a 64-bit INT object, never a bool or big
 * int — anything else takes the real call). Each operation is typed statically with Python's rules:
 * int {@code + - * // %} int is an int; {@code /} is a float; anything with a float operand is a
 * float (the int converted as Python converts it). Float {@code //} and {@code %} (Python's
 * sign rules with a float remainder) are not inlined: such a function is not a leaf here.
 */
final class LeafFunction {
    static final int MAX_INSTRUCTIONS = 40;

    /** Operation codes of {@link #ops}: {@code LOAD_PARAM k}, {@code LOAD_INT/LOAD_FLOAT c}, binary op, negate. */
    static final int PARAM = 0;
    static final int CONST_INT = 1;
    static final int CONST_FLOAT = 2;
    static final int BINARY = 3;
    static final int NEGATE = 4;

    /** One step of the expression, in evaluation (stack) order. */
    record Step(int kind, int arg, long intValue, double floatValue, boolean floatResult) {
    }

    final List<Step> ops;
    /** Per parameter: typed float (else int) by the callee's quickened copy. */
    final boolean[] paramFloat;
    final int maxDepth;
    final boolean floatResult;

    private LeafFunction(List<Step> ops, boolean[] paramFloat, int maxDepth, boolean floatResult) {
        this.ops = ops;
        this.paramFloat = paramFloat;
        this.maxDepth = maxDepth;
        this.floatResult = floatResult;
    }

    static boolean isInlinedOp(int o) {
        return o == BinaryOp.ADD.ordinal() || o == BinaryOp.SUBTRACT.ordinal() || o == BinaryOp.MULTIPLY.ordinal()
            || o == BinaryOp.TRUE_DIVIDE.ordinal() || o == BinaryOp.FLOOR_DIVIDE.ordinal() || o == BinaryOp.REMAINDER.ordinal();
    }

    /**
     * The leaf shape of {@code co} called with {@code nargs} positional arguments, or null.
     * {@code quickened} (the compiling thread's copy of the callee, or null) types the parameters:
     * a parameter that is a direct operand of a {@code BINARY_OP_*_FLOAT} form there is a float,
     * every other one an int.
     */
    static LeafFunction of(CodeObject co, int nargs, char[] quickened) {
        if (co.argCount() != nargs || co.localCount() != nargs || nargs > 8) {
            return null;
        }
        boolean[] paramFloat = new boolean[nargs];
        List<Instruction> body = new ArrayList<>();
        if (!scan(co, nargs, quickened, paramFloat, body)) {
            return null;
        }
        List<Step> ops = new ArrayList<>();
        List<Boolean> types = new ArrayList<>(); // the static type of each stack entry: true = float
        int maxDepth = 0;
        for (Instruction in : body) {
            int arg = in.arg();
            switch (in.op()) {
                case LOAD_FAST -> {
                    ops.add(new Step(PARAM, arg, 0, 0, paramFloat[arg]));
                    types.add(paramFloat[arg]);
                }
                case LOAD_CONST -> {
                    Object c = co.constants().get(arg);
                    if (c instanceof Long v) {
                        ops.add(new Step(CONST_INT, arg, v, 0, false));
                        types.add(false);
                    } else {
                        ops.add(new Step(CONST_FLOAT, arg, 0, (Double) c, true));
                        types.add(true);
                    }
                }
                case BINARY_OP -> {
                    int o = arg % BinaryOp.INPLACE_OFFSET;
                    boolean f = types.removeLast() | types.removeLast() || o == BinaryOp.TRUE_DIVIDE.ordinal();
                    if (f && (o == BinaryOp.FLOOR_DIVIDE.ordinal() || o == BinaryOp.REMAINDER.ordinal())) {
                        return null;
                    }
                    ops.add(new Step(BINARY, o, 0, 0, f));
                    types.add(f);
                }
                case UNARY_NEGATIVE -> ops.add(new Step(NEGATE, 0, 0, 0, types.getLast()));
                default -> {
                    return new LeafFunction(List.copyOf(ops), paramFloat, maxDepth, types.getFirst()); // RETURN_VALUE
                }
            }
            maxDepth = Math.max(maxDepth, types.size());
        }
        throw new IllegalStateException("leaf body without RETURN_VALUE");
    }

    /**
     * Checks the shape and collects the instructions up to the first RETURN_VALUE (inclusive)
     * into {@code body}; marks the parameters that the quickened copy shows used as floats.
     */
    private static boolean scan(CodeObject co, int nargs, char[] quickened, boolean[] paramFloat, List<Instruction> body) {
        List<Integer> source = new ArrayList<>(); // per stack entry: the parameter it is, or -1
        for (Instruction in : Instruction.decode(co.copyCode())) {
            Opcode op = in.op();
            if (op == null || co.exceptionTable().handlerFor(in.start()) != null || body.size() >= MAX_INSTRUCTIONS) {
                return false;
            }
            int arg = in.arg();
            switch (op) {
                case NOP -> {
                    continue;
                }
                case LOAD_FAST -> {
                    if (arg >= nargs) {
                        return false;
                    }
                    source.add(arg);
                }
                case LOAD_CONST -> {
                    Object c = co.constants().get(arg);
                    if (!(c instanceof Long || c instanceof Double)) {
                        return false;
                    }
                    source.add(-1);
                }
                case BINARY_OP -> {
                    if (source.size() < 2 || !isInlinedOp(arg % BinaryOp.INPLACE_OFFSET)) {
                        return false;
                    }
                    int b = source.removeLast();
                    int a = source.removeLast();
                    if (isFloatForm(quickened, in)) {
                        for (int k : new int[] {a, b}) {
                            if (k >= 0) {
                                paramFloat[k] = true;
                            }
                        }
                    }
                    source.add(-1);
                }
                case UNARY_NEGATIVE -> {
                    if (source.isEmpty()) {
                        return false;
                    }
                    source.set(source.size() - 1, -1);
                }
                case RETURN_VALUE -> {
                    body.add(in);
                    return source.size() == 1;
                }
                default -> {
                    return false;
                }
            }
            body.add(in);
        }
        return false;
    }

    /** True if the quickened copy holds a float form of BINARY_OP {@code in} (both operands were floats). */
    private static boolean isFloatForm(char[] quickened, Instruction in) {
        if (quickened == null || in.opOffset() >= quickened.length) {
            return false;
        }
        Opcode q = Opcode.byCode(quickened[in.opOffset()] & 0xFF);
        return q == Opcode.BINARY_OP_ADD_FLOAT || q == Opcode.BINARY_OP_SUBTRACT_FLOAT || q == Opcode.BINARY_OP_MULTIPLY_FLOAT
            || q == Opcode.BINARY_OP_TRUE_DIVIDE_FLOAT;
    }
}
