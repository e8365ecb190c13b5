package io.github.freethread.vm.bytecode;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Text listing of bytecode in the spirit of CPython's {@code dis}: source line where it changes,
 * {@code >>} before jump targets, offset (code units), opcode name, oparg, and the oparg resolved
 * (constant repr, name, local, operator, target). Nested code objects follow their parent.
 * Quickened code (a thread's private copy) is listed with its specialised opcode names; inline
 * caches are hidden unless requested. Exception table entries are listed at the end.
 */
public final class Disassembler {
    private Disassembler() {
    }

    /** The listing of a code object and, recursively, of the code objects among its constants. */
    public static String disassemble(CodeObject co) {
        StringBuilder sb = new StringBuilder();
        disassembleInto(sb, co, co.copyCode(), false, true);
        return sb.toString();
    }

    /** The listing of one code object over a given (possibly quickened) copy of its code. */
    public static String disassemble(CodeObject co, char[] code, boolean showCaches) {
        StringBuilder sb = new StringBuilder();
        disassembleInto(sb, co, code, showCaches, false);
        return sb.toString();
    }

    private static void disassembleInto(StringBuilder sb, CodeObject co, char[] code, boolean showCaches, boolean recurse) {
        sb.append("Disassembly of ").append(PyRepr.of(co)).append(":\n");
        List<Instruction> insns = Instruction.decode(code);
        Set<Integer> targets = new HashSet<>();
        for (Instruction in : insns) {
            if (in.op() != null && in.op().isJump()) {
                targets.add(in.arg());
            }
        }
        for (ExceptionTable.Entry e : co.exceptionTable().entries()) {
            targets.add(e.target());
        }
        int lastLine = -1;
        for (Instruction in : insns) {
            int line = co.lineAt(in.start());
            String lineCol = "";
            if (line != lastLine) {
                if (lastLine != -1) {
                    sb.append('\n');
                }
                lineCol = line == 0 ? "--" : Integer.toString(line);
                lastLine = line;
            }
            StringBuilder row = new StringBuilder(String.format("%4s %2s %5d %-28s", lineCol,
                    targets.contains(in.start()) ? ">>" : "", in.start(), name(in)));
            if (in.op() == null || in.op().hasArg()) {
                row.append(String.format(" %5d", in.arg()));
                String resolved = resolve(co, in);
                if (!resolved.isEmpty()) {
                    row.append(" (").append(resolved).append(')');
                }
            }
            sb.append(row.toString().stripTrailing()).append('\n');
            if (showCaches && in.op() != null) {
                for (int c = in.opOffset() + 1; c < in.next(); c++) {
                    sb.append(String.format("%4s %2s %5d %-28s %5d\n", "", "", c, "CACHE", (int) code[c]));
                }
            }
        }
        List<ExceptionTable.Entry> entries = co.exceptionTable().entries();
        if (!entries.isEmpty()) {
            sb.append("ExceptionTable:\n");
            for (ExceptionTable.Entry e : entries) {
                sb.append(String.format("  %d to %d -> %d [%d]\n", e.start(), e.end(), e.target(), e.depth()));
            }
        }
        if (recurse) {
            for (Object c : co.constants()) {
                if (c instanceof CodeObject nested) {
                    sb.append('\n');
                    disassembleInto(sb, nested, nested.copyCode(), showCaches, true);
                }
            }
        }
    }

    private static String name(Instruction in) {
        return in.op() == null ? "<" + in.arg() + ">" : in.op().name();
    }

    private static String resolve(CodeObject co, Instruction in) {
        Opcode op = in.op();
        int a = in.arg();
        if (op == null) {
            return "unknown opcode";
        }
        return switch (op.arg()) {
            case CONST -> a < co.constants().size() ? PyRepr.of(co.constants().get(a)) : "<bad const>";
            case NAME -> a < co.names().size() ? co.names().get(a) : "<bad name>";
            case LOCAL -> a < co.localCount() ? co.varnames().get(a) : "<bad local>";
            case JUMP -> "to " + a;
            case BINOP -> BinaryOp.describe(a);
            case CMPOP -> CompareOp.describe(a);
            case INVERT -> switch (op.generic()) {
                case IS_OP -> a == 0 ? "is" : "is not";
                default -> a == 0 ? "in" : "not in";
            };
            case FLAGS -> op == Opcode.FORMAT_VALUE ? formatFlags(a) : (a & Opcode.MAKE_FUNCTION_DEFAULTS) != 0 ? "defaults" : "";
            default -> "";
        };
    }

    private static String formatFlags(int a) {
        String conv = switch (a & 3) {
            case Opcode.FORMAT_STR -> "str";
            case Opcode.FORMAT_REPR -> "repr";
            case Opcode.FORMAT_ASCII -> "ascii";
            default -> "";
        };
        String spec = (a & Opcode.FORMAT_HAS_SPEC) != 0 ? "with format" : "";
        return conv.isEmpty() ? spec : spec.isEmpty() ? conv : conv + ", " + spec;
    }
}
