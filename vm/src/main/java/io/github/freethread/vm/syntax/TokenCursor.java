package io.github.freethread.vm.syntax;

import java.util.List;

/** Position in a token list, with the look-ahead and error helpers the parsers share. */
class TokenCursor {
    protected final List<Token> tokens;
    protected final String filename;
    protected int index;

    TokenCursor(List<Token> tokens, String filename) {
        this.tokens = tokens;
        this.filename = filename;
    }

    Token peek() {
        return tokens.get(index);
    }

    Token peek(int ahead) {
        int i = Math.min(index + ahead, tokens.size() - 1);
        return tokens.get(i);
    }

    Token next() {
        Token t = tokens.get(index);
        if (t.kind() != TokenKind.END) {
            index++;
        }
        return t;
    }

    boolean atOp(String op) {
        return peek().isOp(op);
    }

    boolean atKeyword(String kw) {
        return peek().isKeyword(kw);
    }

    boolean acceptOp(String op) {
        if (atOp(op)) {
            index++;
            return true;
        }
        return false;
    }

    boolean acceptKeyword(String kw) {
        if (atKeyword(kw)) {
            index++;
            return true;
        }
        return false;
    }

    Token expectOp(String op) {
        if (!atOp(op)) {
            throw unexpected("expected '" + op + "'");
        }
        return next();
    }

    Token expectKeyword(String kw) {
        if (!atKeyword(kw)) {
            throw unexpected("expected '" + kw + "'");
        }
        return next();
    }

    Token expect(TokenKind kind, String what) {
        if (peek().kind() != kind) {
            throw unexpected("expected " + what);
        }
        return next();
    }

    SyntaxError error(Token at, String message) {
        return new SyntaxError(message, filename, at.line(), at.col());
    }

    SyntaxError error(Pos at, String message) {
        return new SyntaxError(message, filename, at.line(), at.col());
    }

    /** "invalid syntax" at the current token, with a hint of what was expected. */
    SyntaxError unexpected(String expected) {
        Token t = peek();
        return error(t, "invalid syntax: " + expected + ", found " + t.describe());
    }

    /** A construct that is valid Python but outside the ftvm subset. */
    SyntaxError notInSubset(Token at, String feature) {
        return error(at, "not in the ftvm subset: " + feature);
    }

    SyntaxError notInSubset(Pos at, String feature) {
        return error(at, "not in the ftvm subset: " + feature);
    }
}
