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
 * <p>Types. The inlined body assumes every parameter is an int (checked at run time: a 64-bit
 * INT object, never a bool or big int) and types each operation statically with Python's rules:
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
    final int params;
    final int maxDepth;
    final boolean floatResult;

    private LeafFunction(List<Step> ops, int params, int maxDepth, boolean floatResult) {
        this.ops = ops;
        this.params = params;
        this.maxDepth = maxDepth;
        this.floatResult = floatResult;
    }

    static boolean isInlinedOp(int o) {
        return o == BinaryOp.ADD.ordinal() || o == BinaryOp.SUBTRACT.ordinal() || o == BinaryOp.MULTIPLY.ordinal()
            || o == BinaryOp.TRUE_DIVIDE.ordinal() || o == BinaryOp.FLOOR_DIVIDE.ordinal() || o == BinaryOp.REMAINDER.ordinal();
    }

    /** The leaf shape of {@code co} called with {@code nargs} positional arguments, or null. */
    static LeafFunction of(CodeObject co, int nargs) {
        if (co.argCount() != nargs || co.localCount() != nargs || nargs > 8) {
            return null;
        }
        List<Instruction> instrs = Instruction.decode(co.copyCode());
        List<Step> ops = new ArrayList<>();
        List<Boolean> types = new ArrayList<>(); // the static type of each stack entry: true = float
        int maxDepth = 0;
        for (Instruction in : instrs) {
            Opcode op = in.op();
            if (op == null || co.exceptionTable().handlerFor(in.start()) != null || ops.size() >= MAX_INSTRUCTIONS) {
                return null;
            }
            int arg = in.arg();
            switch (op) {
                case NOP -> {
                }
                case LOAD_FAST -> {
                    if (arg >= nargs) {
                        return null;
                    }
                    ops.add(new Step(PARAM, arg, 0, 0, false));
                    types.add(false);
                }
                case LOAD_CONST -> {
                    Object c = co.constants().get(arg);
                    if (c instanceof Long v) {
                        ops.add(new Step(CONST_INT, arg, v, 0, false));
                        types.add(false);
                    } else if (c instanceof Double v) {
                        ops.add(new Step(CONST_FLOAT, arg, 0, v, true));
                        types.add(true);
                    } else {
                        return null;
                    }
                }
                case BINARY_OP -> {
                    int o = arg % BinaryOp.INPLACE_OFFSET;
                    if (types.size() < 2 || !isInlinedOp(o)) {
                        return null;
                    }
                    boolean f = types.removeLast() | types.removeLast() || o == BinaryOp.TRUE_DIVIDE.ordinal();
                    if (f && (o == BinaryOp.FLOOR_DIVIDE.ordinal() || o == BinaryOp.REMAINDER.ordinal())) {
                        return null;
                    }
                    ops.add(new Step(BINARY, o, 0, 0, f));
                    types.add(f);
                }
                case UNARY_NEGATIVE -> {
                    if (types.isEmpty()) {
                        return null;
                    }
                    boolean f = types.getLast();
                    ops.add(new Step(NEGATE, 0, 0, 0, f));
                }
                case RETURN_VALUE -> {
                    if (types.size() != 1) {
                        return null;
                    }
                    return new LeafFunction(List.copyOf(ops), nargs, maxDepth, types.getFirst());
                }
                default -> {
                    return null;
                }
            }
            maxDepth = Math.max(maxDepth, types.size());
        }
        return null;
    }
}
