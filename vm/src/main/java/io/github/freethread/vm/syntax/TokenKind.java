package io.github.freethread.vm.syntax;

/** Kinds of tokens the {@link Lexer} produces. */
public enum TokenKind {
    /** Identifier that is not a keyword. */
    NAME,
    /** Reserved word ({@code if}, {@code def}, {@code True}, ...). */
    KEYWORD,
    /** Integer literal; value is a {@code Long} or a {@code BigInteger}. */
    INT,
    /** Float literal; value is a {@code Double}. */
    FLOAT,
    /** String literal (plain, raw or f-string); value is a {@link StringToken}. */
    STRING,
    /** Operator or delimiter; text is the operator. */
    OP,
    /** End of a logical line. */
    NEWLINE,
    /** Indentation increased. */
    INDENT,
    /** Indentation decreased by one level. */
    DEDENT,
    /** End of input. */
    END
}
