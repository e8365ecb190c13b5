package io.github.freethread.vm.bytecode;

/** The oparg of {@link Opcode#COMPARE_OP}. Identity and membership have their own opcodes. */
public enum CompareOp {
    LT("<"), LE("<="), EQ("=="), NE("!="), GT(">"), GE(">=");

    private static final CompareOp[] VALUES = values();

    public final String symbol;

    CompareOp(String symbol) {
        this.symbol = symbol;
    }

    public static CompareOp ofOparg(int oparg) {
        return VALUES[oparg];
    }

    public static String describe(int oparg) {
        return oparg >= 0 && oparg < VALUES.length ? VALUES[oparg].symbol : "?";
    }
}
