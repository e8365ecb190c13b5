package io.github.freethread.vm.bytecode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The public assembler: emit instructions with symbolic labels and pooled operands, then
 * {@link #build()} a verified {@link CodeObject}. The Python compiler uses it, and VM authors can
 * use it to produce bytecode without any front end:
 * <pre>{@code
 * CodeBuilder b = CodeBuilder.function("add1", "<asm>", 1, List.of("x"), 0);
 * b.emit(Opcode.LOAD_FAST, b.local("x"))
 *  .emit(Opcode.LOAD_CONST, b.constant(1L))
 *  .emit(Opcode.BINARY_OP, BinaryOp.ADD.oparg(false))
 *  .emit(Opcode.RETURN_VALUE);
 * CodeObject add1 = b.build();
 * }</pre>
 *
 * <p>What {@code build()} does: resolves {@link #jump(Label)} to JUMP_FORWARD or JUMP_BACKWARD,
 * lays the code out (EXTENDED_ARG prefixes for wide operands, iterated until jump offsets are
 * stable), computes the maximum stack depth over all reachable paths, turns the handler ranges
 * opened by {@link #pushHandler(Label)} into an {@link ExceptionTable} (each instruction gets
 * its innermost open handler; the handler's depth is the stack depth where it was pushed),
 * builds the line table from {@link #line(int)}, and runs the {@link Verifier}.
 *
 * <p>Not thread-safe: one builder is used by one thread.
 */
public final class CodeBuilder {
    private static final int REAL = 0;
    private static final int PUSH_HANDLER = 1;
    private static final int POP_HANDLER = 2;

    private static final class Instr {
        final int kind;
        Opcode op;
        int arg;
        Label target;
        final int line;
        final boolean autoJump;
        int offset;

        Instr(int kind, Opcode op, int arg, Label target, int line, boolean autoJump) {
            this.kind = kind;
            this.op = op;
            this.arg = arg;
            this.target = target;
            this.line = line;
            this.autoJump = autoJump;
        }
    }

    private final CodeObject.Kind kind;
    private final String name;
    private final String filename;
    private final int firstLine;
    private int argCount;
    private int defaultCount;
    private final List<Instr> instrs = new ArrayList<>();
    private final List<Object> constants = new ArrayList<>();
    private final Map<Object, Integer> constantIndex = new HashMap<>();
    private final Map<CodeObject, Integer> codeConstantIndex = new IdentityHashMap<>();
    private final List<String> names = new ArrayList<>();
    private final Map<String, Integer> nameIndex = new HashMap<>();
    private final List<String> varnames = new ArrayList<>();
    private final Map<String, Integer> localIndex = new HashMap<>();
    private final List<Label> labels = new ArrayList<>();
    private int currentLine;
    private int openHandlers;

    public CodeBuilder(CodeObject.Kind kind, String name, String filename, int firstLine) {
        this.kind = kind;
        this.name = name;
        this.filename = filename;
        this.firstLine = firstLine;
        this.currentLine = firstLine;
    }

    /** Builder for module code. */
    public static CodeBuilder module(String filename) {
        return new CodeBuilder(CodeObject.Kind.MODULE, "<module>", filename, 1);
    }

    /** Builder for a function with the given parameters (slots 0..n-1), the last {@code defaultCount} having defaults. */
    public static CodeBuilder function(String name, String filename, int firstLine, List<String> params, int defaultCount) {
        CodeBuilder b = new CodeBuilder(CodeObject.Kind.FUNCTION, name, filename, firstLine);
        for (String p : params) {
            if (b.localIndex.containsKey(p)) {
                throw new IllegalArgumentException("duplicate parameter " + p);
            }
            b.newLocal(p);
        }
        if (defaultCount < 0 || defaultCount > params.size()) {
            throw new IllegalArgumentException("defaultCount " + defaultCount + " for " + params.size() + " parameters");
        }
        b.argCount = params.size();
        b.defaultCount = defaultCount;
        return b;
    }

    // ---- pools ------------------------------------------------------------------------------------

    /** Index of a constant, adding it once (1, 1.0, True, 0.0 and -0.0 are distinct constants). */
    public int constant(Object value) {
        CodeObject.checkConstant(value);
        if (value instanceof CodeObject co) {
            return codeConstantIndex.computeIfAbsent(co, k -> addConstant(k));
        }
        Integer i = constantIndex.get(value);
        if (i == null) {
            i = addConstant(value);
            constantIndex.put(value, i);
        }
        return i;
    }

    private int addConstant(Object value) {
        constants.add(value);
        return constants.size() - 1;
    }

    /** Index of a global/attribute/module name. */
    public int name(String n) {
        return nameIndex.computeIfAbsent(n, k -> {
            names.add(k);
            return names.size() - 1;
        });
    }

    /** Slot of a named local, creating it if needed. */
    public int local(String n) {
        Integer i = localIndex.get(n);
        return i != null ? i : newLocal(n);
    }

    /** A new slot even if the name exists (hidden slots such as comprehension variables). */
    public int newLocal(String n) {
        varnames.add(n);
        int slot = varnames.size() - 1;
        localIndex.putIfAbsent(n, slot);
        return slot;
    }

    /** Slot of a named local or -1. */
    public int localSlot(String n) {
        Integer i = localIndex.get(n);
        return i == null ? -1 : i;
    }

    // ---- emitting ----------------------------------------------------------------------------------

    public Label newLabel() {
        Label l = new Label(this, labels.size());
        labels.add(l);
        return l;
    }

    /** Binds a label to the next instruction emitted. */
    public CodeBuilder bind(Label label) {
        checkOwn(label);
        if (label.isBound()) {
            throw new IllegalStateException("label " + label + " bound twice");
        }
        label.index = instrs.size();
        return this;
    }

    /** Source line for the following instructions (0: none). */
    public CodeBuilder line(int line) {
        currentLine = line;
        return this;
    }

    public int currentLine() {
        return currentLine;
    }

    public CodeBuilder emit(Opcode op) {
        return emit(op, 0);
    }

    public CodeBuilder emit(Opcode op, int arg) {
        if (op == Opcode.CACHE || op == Opcode.EXTENDED_ARG) {
            throw new IllegalArgumentException(op + " is emitted by the assembler itself");
        }
        if (op.isJump()) {
            throw new IllegalArgumentException(op + " takes a label: use emitJump");
        }
        if (arg < 0) {
            throw new IllegalArgumentException("negative oparg " + arg + " for " + op);
        }
        if (!op.hasArg() && arg != 0) {
            throw new IllegalArgumentException(op + " takes no oparg");
        }
        instrs.add(new Instr(REAL, op, arg, null, currentLine, false));
        return this;
    }

    /** A jump instruction (JUMP_FORWARD, JUMP_BACKWARD, POP_JUMP_IF_*, FOR_ITER) to a label. */
    public CodeBuilder emitJump(Opcode op, Label target) {
        if (!op.isJump()) {
            throw new IllegalArgumentException(op + " is not a jump");
        }
        checkOwn(target);
        instrs.add(new Instr(REAL, op, 0, target, currentLine, false));
        return this;
    }

    /** Unconditional jump; becomes JUMP_BACKWARD if the label is at or before it, else JUMP_FORWARD. */
    public CodeBuilder jump(Label target) {
        checkOwn(target);
        instrs.add(new Instr(REAL, Opcode.JUMP_FORWARD, 0, target, currentLine, true));
        return this;
    }

    /** Shorthand for LOAD_CONST of a pooled constant. */
    public CodeBuilder loadConst(Object value) {
        return emit(Opcode.LOAD_CONST, constant(value));
    }

    /**
     * Opens a handler range: instructions emitted until the matching {@link #popHandler()} raise
     * into {@code handler} (innermost open range wins). The handler is entered with the stack
     * as it was here, plus the exception.
     */
    public CodeBuilder pushHandler(Label handler) {
        return pushHandler(handler, 0);
    }

    /**
     * Like {@link #pushHandler(Label)}, but the handler unwinds to {@code below} items fewer than
     * the stack holds here: for {@code with}, whose {@code __enter__} result is still on the stack
     * when the protected range opens (it is stored inside the range) but must not survive into
     * the handler.
     */
    public CodeBuilder pushHandler(Label handler, int below) {
        checkOwn(handler);
        if (below < 0) {
            throw new IllegalArgumentException("negative handler depth adjustment " + below);
        }
        instrs.add(new Instr(PUSH_HANDLER, null, below, handler, currentLine, false));
        openHandlers++;
        return this;
    }

    public CodeBuilder popHandler() {
        if (openHandlers == 0) {
            throw new IllegalStateException("popHandler without pushHandler");
        }
        instrs.add(new Instr(POP_HANDLER, null, 0, null, currentLine, false));
        openHandlers--;
        return this;
    }

    private void checkOwn(Label l) {
        if (l.owner != this) {
            throw new IllegalArgumentException("label " + l + " belongs to another builder");
        }
    }

    // ---- building ----------------------------------------------------------------------------------

    /** Lays out, computes maxStack and tables, verifies. Throws {@link VerifyError} on bad code. */
    public CodeObject build() {
        for (Label l : labels) {
            if (!l.isBound()) {
                boolean used = instrs.stream().anyMatch(x -> x.target == l);
                if (used) {
                    throw new IllegalStateException("label " + l + " used but never bound in " + name);
                }
            }
        }
        threadJumps();
        for (int i = 0; i < instrs.size(); i++) {
            Instr x = instrs.get(i);
            if (x.autoJump) {
                x.op = x.target.index <= i ? Opcode.JUMP_BACKWARD : Opcode.JUMP_FORWARD;
            }
        }
        char[] code = layout();
        int[] handlerDepth = new int[labels.size()];
        int maxStack = maxStackDepth(handlerDepth);
        ExceptionTable table = exceptionTable(code.length, handlerDepth);
        CodeObject co = new CodeObject(kind, name, filename, firstLine, argCount, defaultCount, varnames, names,
                constants, code, lineTable(), table, maxStack);
        Verifier.verify(co);
        return co;
    }

    /**
     * Jump threading: a jump whose target is an unconditional jump goes straight to that jump's
     * target. Unconditional jumps may be threaded in either direction (they are re-resolved to
     * JUMP_FORWARD/JUMP_BACKWARD, so every backward edge stays a JUMP_BACKWARD safe point);
     * conditional jumps and FOR_ITER only to a later instruction, so no loop is ever closed by an
     * instruction that is not a safe point. Only a jump bound exactly at the label is followed, so
     * no handler push/pop marker is ever skipped.
     */
    private void threadJumps() {
        for (int i = 0; i < instrs.size(); i++) {
            Instr x = instrs.get(i);
            if (x.kind != REAL || x.target == null) {
                continue;
            }
            Label t = x.target;
            for (int hops = 0; hops < 8 && t.index < instrs.size(); hops++) {
                Instr y = instrs.get(t.index);
                boolean unconditional = y.kind == REAL && y.target != null
                        && (y.autoJump || y.op == Opcode.JUMP_FORWARD || y.op == Opcode.JUMP_BACKWARD);
                if (!unconditional || y.target == t) {
                    break;
                }
                t = y.target;
            }
            if (t == x.target) {
                continue;
            }
            if (x.autoJump || (t.index > i && x.op != Opcode.JUMP_BACKWARD)) {
                x.target = t;
            }
        }
    }

    private int offsetOfIndex(int index, int codeLength) {
        for (int i = index; i < instrs.size(); i++) {
            if (instrs.get(i).kind == REAL) {
                return instrs.get(i).offset;
            }
        }
        return codeLength;
    }

    private char[] layout() {
        int length;
        boolean changed;
        do {
            changed = false;
            int at = 0;
            for (Instr x : instrs) {
                x.offset = at;
                if (x.kind == REAL) {
                    at += CodeUnits.size(x.op, x.arg);
                }
            }
            length = at;
            for (Instr x : instrs) {
                if (x.kind == REAL && x.target != null) {
                    int target = offsetOfIndex(x.target.index, length);
                    if (target != x.arg) {
                        x.arg = target;
                        changed = true;
                    }
                }
            }
        } while (changed);
        char[] code = new char[length];
        for (Instr x : instrs) {
            if (x.kind == REAL) {
                CodeUnits.write(code, x.offset, x.op, x.arg);
            }
        }
        return code;
    }

    /** Worklist over the instruction list; lenient (the verifier reports malformed paths). */
    private int maxStackDepth(int[] handlerDepth) {
        Arrays.fill(handlerDepth, -1);
        int n = instrs.size();
        int[] depth = new int[n + 1];
        Arrays.fill(depth, -1);
        Deque<Integer> work = new ArrayDeque<>();
        depth[0] = 0;
        work.push(0);
        int max = 0;
        while (!work.isEmpty()) {
            int i = work.pop();
            int d = depth[i];
            max = Math.max(max, d);
            if (i >= n) {
                continue;
            }
            Instr x = instrs.get(i);
            if (x.kind == PUSH_HANDLER) {
                int handled = Math.max(0, d - x.arg);
                if (handlerDepth[x.target.id] < 0) {
                    handlerDepth[x.target.id] = handled;
                }
                flow(depth, work, x.target.index, handled + 1);
                flow(depth, work, i + 1, d);
                continue;
            }
            if (x.kind == POP_HANDLER) {
                flow(depth, work, i + 1, d);
                continue;
            }
            int pops = x.op.pops(x.arg);
            if (pops > d) {
                continue;
            }
            if (!x.op.isTerminal()) {
                flow(depth, work, i + 1, d - pops + x.op.pushes(x.arg));
            }
            if (x.target != null) {
                flow(depth, work, x.target.index, d - pops + x.op.branchPushes(x.arg));
            }
        }
        return max;
    }

    private static void flow(int[] depth, Deque<Integer> work, int to, int d) {
        if (depth[to] < 0) {
            depth[to] = d;
            work.push(to);
        }
    }

    private ExceptionTable exceptionTable(int codeLength, int[] handlerDepth) {
        List<ExceptionTable.Entry> entries = new ArrayList<>();
        Deque<Label> open = new ArrayDeque<>();
        Label runHandler = null;
        int runStart = 0;
        for (Instr x : instrs) {
            if (x.kind == PUSH_HANDLER) {
                open.push(x.target);
                continue;
            }
            if (x.kind == POP_HANDLER) {
                open.pop();
                continue;
            }
            Label h = open.peek();
            if (h != runHandler) {
                closeRun(entries, runHandler, runStart, x.offset, codeLength, handlerDepth);
                runHandler = h;
                runStart = x.offset;
            }
        }
        closeRun(entries, runHandler, runStart, codeLength, codeLength, handlerDepth);
        return new ExceptionTable(entries);
    }

    private void closeRun(List<ExceptionTable.Entry> entries, Label handler, int start, int end, int codeLength, int[] handlerDepth) {
        if (handler == null || end <= start || handlerDepth[handler.id] < 0) {
            return;
        }
        entries.add(new ExceptionTable.Entry(start, end, offsetOfIndex(handler.index, codeLength), handlerDepth[handler.id]));
    }

    private LineTable lineTable() {
        List<int[]> pairs = new ArrayList<>();
        int last = -1;
        for (Instr x : instrs) {
            if (x.kind != REAL) {
                continue;
            }
            if (x.line != last) {
                if (!pairs.isEmpty() && pairs.getLast()[0] == x.offset) {
                    pairs.removeLast();
                }
                pairs.add(new int[] {x.offset, x.line});
                last = x.line;
            }
        }
        return new LineTable(pairs.stream().mapToInt(p -> p[0]).toArray(), pairs.stream().mapToInt(p -> p[1]).toArray());
    }
}
