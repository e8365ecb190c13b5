package io.github.freethread.vm.bytecode;

/**
 * The oparg of {@link Opcode#BINARY_OP}: the operator, and whether it is the in-place form
 * ({@code +=}). In-place forms are {@code ordinal() + INPLACE_OFFSET}: an in-place operator first
 * tries the left operand's in-place method (list {@code +=} extends the list in place) and
 * otherwise behaves as the binary operator.
 */
public enum BinaryOp {
    ADD("+"), AND("&"), FLOOR_DIVIDE("//"), LSHIFT("<<"), MULTIPLY("*"), REMAINDER("%"), OR("|"),
    POWER("**"), RSHIFT(">>"), SUBTRACT("-"), TRUE_DIVIDE("/"), XOR("^");

    /** Oparg of the in-place form = operator ordinal + this. */
    public static final int INPLACE_OFFSET = 12;
    /** Number of valid opargs (binary and in-place). */
    public static final int OPARG_COUNT = 2 * INPLACE_OFFSET;

    private static final BinaryOp[] VALUES = values();

    public final String symbol;

    BinaryOp(String symbol) {
        this.symbol = symbol;
    }

    public int oparg(boolean inplace) {
        return ordinal() + (inplace ? INPLACE_OFFSET : 0);
    }

    /** The operator of an oparg (binary or in-place). */
    public static BinaryOp ofOparg(int oparg) {
        return VALUES[oparg % INPLACE_OFFSET];
    }

    public static boolean isInplace(int oparg) {
        return oparg >= INPLACE_OFFSET;
    }

    /** The symbol as it is written in source, e.g. {@code +} or {@code +=}. */
    public static String describe(int oparg) {
        if (oparg < 0 || oparg >= OPARG_COUNT) {
            return "?";
        }
        return ofOparg(oparg).symbol + (isInplace(oparg) ? "=" : "");
    }
}
