package io.github.freethread.vm.syntax;

/**
 * One token. {@code line} and {@code col} are 1-based and point at the token's first character.
 *
 * @param value {@code Long}/{@code BigInteger} for INT, {@code Double} for FLOAT,
 *              {@link StringToken} for STRING, otherwise null
 */
public record Token(TokenKind kind, String text, Object value, int line, int col) {

    public boolean is(TokenKind k, String t) {
        return kind == k && text.equals(t);
    }

    public boolean isOp(String t) {
        return kind == TokenKind.OP && text.equals(t);
    }

    public boolean isKeyword(String t) {
        return kind == TokenKind.KEYWORD && text.equals(t);
    }

    /** Description used in error messages. */
    public String describe() {
        return switch (kind) {
            case NEWLINE -> "end of line";
            case INDENT -> "indent";
            case DEDENT -> "dedent";
            case END -> "end of input";
            default -> "'" + text + "'";
        };
    }
}
