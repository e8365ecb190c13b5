package io.github.freethread.vm.bytecode;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Checks that a {@link CodeObject} is safe for the interpreter to run without further checks of
 * its own structure. The rules (each failure is a {@link VerifyError} with offset and reason):
 * <ol>
 *   <li>Header: {@code 0 <= defaultCount <= argCount <= localCount}, {@code maxStack >= 0},
 *       non-empty code.</li>
 *   <li>Decoding: every opcode is known; no CACHE unit where an instruction starts; no quickened
 *       form; at most three EXTENDED_ARG prefixes and never before an argument-less opcode; cache
 *       units present and zero; an opcode without operand has oparg 0.</li>
 *   <li>Operands: constant, name and local indices in range; jump targets are instruction starts;
 *       only JUMP_BACKWARD jumps backward (so every loop passes a safe point), every other jump
 *       goes forward; counts and flags in range (COPY >= 1,
 *       SWAP >= 2, BUILD_SLICE 2 or 3, RAISE_VARARGS <= 2, LIST_APPEND >= 1, BINARY_OP, COMPARE_OP,
 *       IS_OP/CONTAINS_OP, FORMAT_VALUE, MAKE_FUNCTION flags).</li>
 *   <li>Typed operands: MAKE_FUNCTION directly follows the LOAD_CONST of a FUNCTION code object,
 *       CALL_KW the LOAD_CONST of a tuple of at most argc distinct strings, neither a jump or
 *       handler target.</li>
 *   <li>Exception table: entries sorted, not overlapping, {@code start < end}, both at instruction
 *       boundaries (end may be the code length), target an instruction start, depth >= 0.</li>
 *   <li>Stack (abstract interpretation over all reachable paths, including handler entries): no
 *       underflow, never deeper than maxStack, the same depth on every path into an instruction,
 *       the depth inside a handler range never below the handler's depth, and no path falls off
 *       the end of the code.</li>
 *   <li>Nested code objects among the constants are verified too.</li>
 * </ol>
 * Unreachable instructions get rules 2–3 but not 5.
 */
public final class Verifier {
    private final CodeObject co;
    private final String name;
    private final char[] code;
    private Instruction[] byStart;
    private List<Instruction> insns;

    private Verifier(CodeObject co) {
        this.co = co;
        this.name = co.name();
        this.code = co.copyCode();
    }

    /** Verifies a code object and every code object nested in its constants. */
    public static void verify(CodeObject co) {
        new Verifier(co).run();
        for (Object c : co.constants()) {
            if (c instanceof CodeObject nested) {
                verify(nested);
            }
        }
    }

    private VerifyError fail(int offset, String reason) {
        return new VerifyError(name, offset, reason);
    }

    private void run() {
        if (co.argCount() < 0 || co.defaultCount() < 0 || co.defaultCount() > co.argCount() || co.argCount() > co.localCount()) {
            throw fail(-1, "inconsistent header: argCount " + co.argCount() + ", defaultCount " + co.defaultCount()
                    + ", localCount " + co.localCount());
        }
        if (co.maxStack() < 0) {
            throw fail(-1, "negative maxStack " + co.maxStack());
        }
        if (code.length == 0) {
            throw fail(-1, "empty code");
        }
        decode();
        for (Instruction in : insns) {
            checkOperand(in);
        }
        checkExceptionTable();
        checkConstantOperands();
        checkStack();
    }

    private void decode() {
        byStart = new Instruction[code.length + 1];
        insns = new java.util.ArrayList<>();
        int i = 0;
        while (i < code.length) {
            int start = i;
            long arg = 0;
            int prefixes = 0;
            while (CodeUnits.opcode(code[i]) == Opcode.EXTENDED_ARG.code()) {
                if (++prefixes > 3) {
                    throw fail(start, "more than three EXTENDED_ARG prefixes");
                }
                arg = (arg | CodeUnits.oparg(code[i])) << 8;
                i++;
                if (i >= code.length) {
                    throw fail(start, "EXTENDED_ARG at the end of the code");
                }
            }
            int raw = CodeUnits.opcode(code[i]);
            Opcode op = Opcode.byCode(raw);
            if (op == null) {
                throw fail(i, "unknown opcode " + raw);
            }
            if (op == Opcode.CACHE) {
                throw fail(i, "CACHE unit where an instruction should start");
            }
            if (op.isSpecialized()) {
                throw fail(i, "quickened opcode " + op + " in a code object (only thread-private copies are quickened)");
            }
            arg |= CodeUnits.oparg(code[i]);
            if (arg > Integer.MAX_VALUE) {
                throw fail(start, "oparg " + arg + " too large");
            }
            if (!op.hasArg() && (arg != 0 || prefixes > 0)) {
                throw fail(start, op + " takes no oparg but has " + arg);
            }
            int next = i + 1 + op.cacheUnits();
            if (next > code.length) {
                throw fail(i, op + ": inline cache units run past the end of the code");
            }
            for (int c = i + 1; c < next; c++) {
                if (code[c] != 0) {
                    throw fail(c, "cache unit of " + op + " is not zero");
                }
            }
            Instruction in = new Instruction(start, i, op, (int) arg, next);
            insns.add(in);
            byStart[start] = in;
            i = next;
        }
    }

    private boolean isStart(int offset) {
        return offset >= 0 && offset < code.length && byStart[offset] != null;
    }

    private void checkOperand(Instruction in) {
        int a = in.arg();
        Opcode op = in.op();
        switch (op.arg()) {
            case CONST -> require(in, a < co.constants().size(), "constant index " + a + " out of range (" + co.constants().size() + " constants)");
            case NAME -> require(in, a < co.names().size(), "name index " + a + " out of range (" + co.names().size() + " names)");
            case LOCAL -> require(in, a < co.localCount(), "local index " + a + " out of range (" + co.localCount() + " locals)");
            case JUMP -> {
                require(in, isStart(a), "jump target " + a + " is not the start of an instruction");
                if (op == Opcode.JUMP_BACKWARD) {
                    require(in, a <= in.start(), "JUMP_BACKWARD to " + a + " does not go backward");
                } else {
                    // Only JUMP_BACKWARD may close a loop: it is the interpreter's safe point.
                    require(in, a > in.start(), op + " to " + a + " does not go forward (only JUMP_BACKWARD may jump back)");
                }
            }
            case BINOP -> require(in, a < BinaryOp.OPARG_COUNT, "BINARY_OP oparg " + a + " is not an operator");
            case CMPOP -> require(in, a < CompareOp.values().length, "COMPARE_OP oparg " + a + " is not a comparison");
            case INVERT -> require(in, a <= 1, op + " oparg must be 0 or 1, not " + a);
            case FLAGS -> {
                int max = op == Opcode.FORMAT_VALUE ? 7 : Opcode.MAKE_FUNCTION_DEFAULTS;
                require(in, a <= max, op + " flags " + a + " out of range");
            }
            case COUNT -> {
                switch (op) {
                    case COPY, LIST_APPEND -> require(in, a >= 1, op + " needs n >= 1");
                    case SWAP -> require(in, a >= 2, "SWAP needs n >= 2");
                    case BUILD_SLICE -> require(in, a == 2 || a == 3, "BUILD_SLICE needs 2 or 3 items, not " + a);
                    case RAISE_VARARGS -> require(in, a <= 2, "RAISE_VARARGS oparg must be 0, 1 or 2, not " + a);
                    default -> { }
                }
            }
            default -> { }
        }
    }

    /**
     * MAKE_FUNCTION and CALL_KW take a constant operand from the stack; the interpreter may rely on
     * its type because it must be pushed by the LOAD_CONST right before, which no jump or handler
     * may bypass: a FUNCTION code object for MAKE_FUNCTION, a tuple of at most argc distinct
     * strings (keyword names) for CALL_KW.
     */
    private void checkConstantOperands() {
        java.util.Set<Integer> targets = new java.util.HashSet<>();
        for (Instruction in : insns) {
            if (in.op().isJump()) {
                targets.add(in.arg());
            }
        }
        for (ExceptionTable.Entry e : co.exceptionTable().entries()) {
            targets.add(e.target());
        }
        for (int k = 0; k < insns.size(); k++) {
            Instruction in = insns.get(k);
            if (in.op() != Opcode.MAKE_FUNCTION && in.op() != Opcode.CALL_KW) {
                continue;
            }
            Instruction prev = k > 0 ? insns.get(k - 1) : null;
            require(in, prev != null && prev.op() == Opcode.LOAD_CONST && !targets.contains(in.start()),
                    "must directly follow the LOAD_CONST of its " + (in.op() == Opcode.MAKE_FUNCTION ? "code object" : "keyword names")
                            + " and not be a jump target");
            Object c = co.constants().get(prev.arg());
            if (in.op() == Opcode.MAKE_FUNCTION) {
                require(in, c instanceof CodeObject f && f.kind() == CodeObject.Kind.FUNCTION,
                        "constant " + prev.arg() + " is not a function code object");
            } else {
                boolean names = c instanceof ConstTuple t && t.items().size() <= in.arg()
                        && t.items().stream().allMatch(x -> x instanceof String)
                        && t.items().stream().distinct().count() == t.items().size();
                require(in, names, "constant " + prev.arg() + " is not a tuple of at most " + in.arg() + " distinct keyword names");
            }
        }
    }

    private void require(Instruction in, boolean ok, String reason) {
        if (!ok) {
            throw fail(in.start(), in.op() + ": " + reason);
        }
    }

    private boolean isBoundary(int offset) {
        return offset == code.length || isStart(offset);
    }

    private void checkExceptionTable() {
        int prevEnd = 0;
        for (ExceptionTable.Entry e : co.exceptionTable().entries()) {
            if (e.start() < prevEnd) {
                throw fail(e.start(), "exception table entry " + e + " overlaps or is out of order");
            }
            if (e.end() > code.length || e.target() >= code.length) {
                throw fail(e.start(), "exception table entry " + e + " lies outside the code (length " + code.length + ")");
            }
            if (e.start() >= e.end()) {
                throw fail(e.start(), "exception table entry " + e + " is empty or inverted");
            }
            if (!isStart(e.start()) || !isBoundary(e.end())) {
                throw fail(e.start(), "exception table entry " + e + " does not cover whole instructions");
            }
            if (!isStart(e.target())) {
                throw fail(e.start(), "exception table entry " + e + " targets " + e.target() + ", not an instruction start");
            }
            if (e.depth() < 0) {
                throw fail(e.start(), "exception table entry " + e + " has negative depth");
            }
            prevEnd = e.end();
        }
    }

    private void checkStack() {
        int[] depth = new int[code.length];
        Arrays.fill(depth, -1);
        Deque<Integer> work = new ArrayDeque<>();
        depth[0] = 0;
        work.push(0);
        int max = co.maxStack();
        while (!work.isEmpty()) {
            Instruction in = byStart[work.pop()];
            int d = depth[in.start()];
            ExceptionTable.Entry handler = co.exceptionTable().handlerFor(in.start());
            if (handler != null) {
                if (d < handler.depth()) {
                    throw fail(in.start(), "stack depth " + d + " is below the depth " + handler.depth() + " of its exception handler");
                }
                if (handler.depth() + 1 > max) {
                    throw fail(in.start(), "exception handler depth " + (handler.depth() + 1) + " exceeds maxStack " + max);
                }
                flow(depth, work, in, handler.target(), handler.depth() + 1);
            }
            Opcode op = in.op();
            int pops = op.pops(in.arg());
            if (pops > d) {
                throw fail(in.start(), op + " pops " + pops + " but the stack holds " + d + " (stack underflow)");
            }
            if (!op.isTerminal()) {
                int after = d - pops + op.pushes(in.arg());
                if (after > max) {
                    throw fail(in.start(), op + " leaves " + after + " items, above maxStack " + max + " (stack overflow)");
                }
                if (in.next() >= code.length) {
                    throw fail(in.start(), op + " falls off the end of the code");
                }
                flow(depth, work, in, in.next(), after);
            }
            if (op.isJump()) {
                int after = d - pops + op.branchPushes(in.arg());
                if (after > max) {
                    throw fail(in.start(), op + " leaves " + after + " items at its target, above maxStack " + max + " (stack overflow)");
                }
                flow(depth, work, in, in.arg(), after);
            }
        }
    }

    private void flow(int[] depth, Deque<Integer> work, Instruction from, int to, int d) {
        if (depth[to] < 0) {
            depth[to] = d;
            work.push(to);
        } else if (depth[to] != d) {
            throw fail(from.start(), "inconsistent stack depth at " + to + ": " + depth[to] + " on one path, " + d + " from here");
        }
    }
}
