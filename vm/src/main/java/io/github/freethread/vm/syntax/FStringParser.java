package io.github.freethread.vm.syntax;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the body of an f-string into literal text and replacement fields
 * {@code {expression[=][!conversion][:format_spec]}} (Python 3.11 rules: the body ends at the
 * first matching quote, so an expression may only contain strings quoted differently, and may not
 * contain a backslash). Literal text has escapes decoded (unless raw) and {@code {{ }}} folded.
 * Each expression is lexed and parsed on its own, wrapped in parentheses so it may span lines;
 * errors point into the source file. Format specs may contain nested fields.
 */
final class FStringParser {
    private final String filename;
    private final StringToken literal;
    private final Token token;
    private final String body;
    private int i;

    FStringParser(String filename, StringToken literal, Token token) {
        this.filename = filename;
        this.literal = literal;
        this.token = token;
        this.body = literal.body();
    }

    Expr.JoinedStr parse() {
        List<Expr> parts = new ArrayList<>();
        parseUntil(parts, false, 0);
        return new Expr.JoinedStr(Pos.of(token), ExpressionParser.mergeLiterals(parts));
    }

    /** Parses literal text and fields until end of body, or (inSpec) the '}' closing the spec. */
    private void parseUntil(List<Expr> parts, boolean inSpec, int nesting) {
        StringBuilder text = new StringBuilder();
        int textStart = i;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c == '{') {
                if (!inSpec && i + 1 < body.length() && body.charAt(i + 1) == '{') {
                    text.append('{');
                    i += 2;
                    continue;
                }
                flush(parts, text, textStart);
                if (nesting >= 2) {
                    throw error(i, "f-string: expressions nested too deeply");
                }
                i++;
                parseField(parts, nesting + 1);
                textStart = i;
                continue;
            }
            if (c == '}') {
                if (inSpec) {
                    break;
                }
                if (i + 1 < body.length() && body.charAt(i + 1) == '}') {
                    text.append('}');
                    i += 2;
                    continue;
                }
                throw error(i, "f-string: single '}' is not allowed");
            }
            if (c == '\\' && !literal.raw()) {
                try {
                    i = StringEscapes.decodeOne(body, i, text);
                } catch (StringEscapes.EscapeError e) {
                    throw error(i, "(unicode error) " + e.getMessage());
                }
                continue;
            }
            text.append(c);
            i++;
        }
        flush(parts, text, textStart);
    }

    private void flush(List<Expr> parts, StringBuilder text, int start) {
        if (!text.isEmpty()) {
            parts.add(new Expr.Constant(posAt(start), text.toString()));
            text.setLength(0);
        }
    }

    /** At the first character after '{'. */
    private void parseField(List<Expr> parts, int nesting) {
        int start = i;
        int depth = 0;
        int selfDocEnd = -1;
        while (true) {
            if (i >= body.length()) {
                throw error(start - 1, "f-string: expecting '}'");
            }
            char c = body.charAt(i);
            if (c == '\\') {
                throw error(i, "f-string expression part cannot include a backslash");
            }
            if (c == '\'' || c == '"') {
                skipQuoted(c);
                continue;
            }
            if (c == '#') {
                throw error(i, "f-string expression part cannot include '#'");
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
                depth--;
            } else if (depth == 0) {
                if (c == '}' || c == ':') {
                    break;
                }
                if (c == '!') {
                    if (i + 1 < body.length() && body.charAt(i + 1) == '=') {
                        i += 2;
                        continue;
                    }
                    break;
                }
                if (c == '=') {
                    if (i + 1 < body.length() && body.charAt(i + 1) == '=') {
                        i += 2;
                        continue;
                    }
                    char prev = i > start ? body.charAt(i - 1) : ' ';
                    if ("=!<>".indexOf(prev) < 0) {
                        selfDocEnd = i + 1;
                        break;
                    }
                }
            }
            i++;
        }
        int exprEnd = i;
        String source = body.substring(start, exprEnd);
        if (source.isBlank()) {
            throw error(start, "f-string: valid expression required before '" + body.charAt(i) + "'");
        }
        Expr value = parseExpression(source, start);
        if (selfDocEnd >= 0) {
            parts.add(new Expr.Constant(posAt(start), body.substring(start, selfDocEnd)));
            i = selfDocEnd;
            while (i < body.length() && Character.isWhitespace(body.charAt(i))) {
                i++;
            }
        }
        int conversion = -1;
        if (i < body.length() && body.charAt(i) == '!') {
            i++;
            if (i >= body.length() || "sra".indexOf(body.charAt(i)) < 0) {
                throw error(i, "f-string: invalid conversion character: expected 's', 'r', or 'a'");
            }
            conversion = body.charAt(i);
            i++;
        }
        Expr.JoinedStr spec = null;
        if (i < body.length() && body.charAt(i) == ':') {
            int specStart = i;
            i++;
            List<Expr> specParts = new ArrayList<>();
            parseUntil(specParts, true, nesting);
            spec = new Expr.JoinedStr(posAt(specStart), ExpressionParser.mergeLiterals(specParts));
        }
        if (i >= body.length() || body.charAt(i) != '}') {
            throw error(start - 1, "f-string: expecting '}'");
        }
        i++;
        if (selfDocEnd >= 0 && conversion < 0 && spec == null) {
            conversion = 'r';
        }
        parts.add(new Expr.FormattedValue(value.pos(), value, conversion, spec));
    }

    private void skipQuoted(char q) {
        boolean triple = i + 2 < body.length() && body.charAt(i + 1) == q && body.charAt(i + 2) == q;
        int from = i;
        i += triple ? 3 : 1;
        while (i < body.length()) {
            if (body.charAt(i) == q && (!triple || (i + 2 < body.length() && body.charAt(i + 1) == q && body.charAt(i + 2) == q))) {
                i += triple ? 3 : 1;
                return;
            }
            i++;
        }
        throw error(from, "f-string: unterminated string");
    }

    private Expr parseExpression(String source, int offset) {
        Pos p = posAt(offset);
        List<Token> toks = Lexer.tokenizeAt("(" + source + ")", filename, p.line(), p.col() - 1);
        ExpressionParser parser = new ExpressionParser(toks, filename);
        parser.expectOp("(");
        Expr e = parser.expressionList();
        parser.expectOp(")");
        parser.expect(TokenKind.NEWLINE, "end of f-string expression");
        return e;
    }

    private Pos posAt(int offset) {
        int line = literal.bodyLine();
        int col = literal.bodyCol();
        for (int k = 0; k < offset && k < body.length(); k++) {
            if (body.charAt(k) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new Pos(line, col);
    }

    private SyntaxError error(int offset, String message) {
        Pos p = posAt(offset);
        return new SyntaxError(message, filename, p.line(), p.col());
    }
}
