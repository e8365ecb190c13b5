package io.github.freethread.vm.syntax;

/** Operators of the subset, grouped by syntactic role. */
public final class Operator {
    private Operator() {
    }

    /** Binary arithmetic and bitwise operators ({@code @} is not in the subset). */
    public enum Binary {
        ADD("+"), SUB("-"), MUL("*"), TRUEDIV("/"), FLOORDIV("//"), MOD("%"), POW("**"),
        LSHIFT("<<"), RSHIFT(">>"), BITOR("|"), BITXOR("^"), BITAND("&");

        public final String symbol;

        Binary(String symbol) {
            this.symbol = symbol;
        }

        static Binary ofSymbol(String s) {
            for (Binary b : values()) {
                if (b.symbol.equals(s)) {
                    return b;
                }
            }
            return null;
        }
    }

    public enum Unary { NEG, POS, INVERT, NOT }

    public enum Bool { AND, OR }

    public enum Compare {
        LT("<"), LE("<="), EQ("=="), NE("!="), GT(">"), GE(">="), IS("is"), IS_NOT("is not"), IN("in"), NOT_IN("not in");

        public final String symbol;

        Compare(String symbol) {
            this.symbol = symbol;
        }
    }
}
