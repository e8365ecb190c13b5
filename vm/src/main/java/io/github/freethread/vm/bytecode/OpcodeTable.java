package io.github.freethread.vm.bytecode;

/**
 * Renders the instruction set as Markdown tables for {@code docs/vm.md}; a test checks the
 * document contains exactly this text, so the documentation cannot drift from {@link Opcode}.
 * Run {@code java -cp vm/target/classes io.github.freethread.vm.bytecode.OpcodeTable} to print it.
 */
public final class OpcodeTable {
    private OpcodeTable() {
    }

    public static String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| # | Opcode | Oparg | Caches | Stack | Meaning |\n");
        sb.append("|---|--------|-------|--------|-------|---------|\n");
        for (Opcode op : Opcode.values()) {
            if (!op.isSpecialized()) {
                row(sb, op, op.arg().name().toLowerCase());
            }
        }
        sb.append("\nQuickened forms (same oparg, caches and stack effect as their family):\n\n");
        sb.append("| # | Opcode | Family | Caches | Stack | Meaning |\n");
        sb.append("|---|--------|--------|--------|-------|---------|\n");
        for (Opcode op : Opcode.values()) {
            if (op.isSpecialized()) {
                row(sb, op, "`" + op.family().name() + "`");
            }
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, Opcode op, String third) {
        sb.append("| ").append(op.code()).append(" | `").append(op.name()).append("` | ").append(third)
                .append(" | ").append(op.cacheUnits()).append(" | `").append(op.stack().replace("|", "\\|"))
                .append("` | ").append(op.description().replace("|", "\\|")).append(" |\n");
    }

    public static void main(String[] args) {
        System.out.print(markdown());
    }
}
