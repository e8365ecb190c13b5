package io.github.freethread.vm.syntax;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * Turns source text into tokens with Python's lexical rules (Python Language Reference, chapter
 * 2): logical lines end in NEWLINE; blank and comment-only lines produce nothing; inside
 * brackets newlines are ignored; a backslash before a newline joins lines; indentation at the
 * start of a logical line is compared against a stack and produces INDENT or one DEDENT per
 * level closed, a dedent to a column that is not on the stack is an {@code IndentationError},
 * and tabs (to the next multiple of 8) that compare differently from tabs counted as one column
 * are a {@code TabError} (CPython's "alternate column" check).
 *
 * <p>Numbers: decimal, {@code 0x 0o 0b} integers with single {@code _} between digits (values
 * beyond a long become {@code BigInteger}), floats with fraction and exponent. Strings: prefixes
 * {@code r u f rf fr} (any case), single/double/triple quotes; plain strings are decoded here,
 * f-strings are kept undecoded for {@link FStringParser}. Bytes and imaginary literals are
 * rejected as not in the subset.
 */
public final class Lexer {
    static final Set<String> KEYWORDS = Set.of(
            "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
            "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
            "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
            "return", "try", "while", "with", "yield");

    private static final String[] OPERATORS = {
        "**=", "//=", ">>=", "<<=", "...", "->", ":=", "**", "//", ">>", "<<", "<=", ">=", "==",
        "!=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=",
        "+", "-", "*", "/", "%", "@", "&", "|", "^", "~", "<", ">", "(", ")", "[", "]", "{", "}",
        ",", ":", ";", ".", "=",
    };

    /** CPython's limits (MAXLEVEL 200 in the tokenizer, MAXINDENT 100). */
    static final int MAX_BRACKET_DEPTH = 200;
    static final int MAX_INDENT_LEVELS = 100;

    private final String src;
    private final String filename;
    private int pos;
    private int line;
    private int lineStart;
    private final int colOffset;
    private final Deque<int[]> indents = new ArrayDeque<>(); // {column, altColumn}
    private final Deque<Token> brackets = new ArrayDeque<>();
    private final List<Token> out = new ArrayList<>();

    private Lexer(String src, String filename, int firstLine, int colOffset) {
        this.src = src;
        this.filename = filename;
        this.line = firstLine;
        this.colOffset = colOffset;
    }

    /** Tokenizes a whole module. */
    public static List<Token> tokenize(String source, String filename) {
        return new Lexer(source, filename, 1, 0).run();
    }

    /** Tokenizes text that starts at the given line and column of a file (f-string fields). */
    static List<Token> tokenizeAt(String source, String filename, int line, int col) {
        return new Lexer(source, filename, line, col - 1).run();
    }

    private int col() {
        return pos - lineStart + 1 + (line == firstLineSeen ? colOffset : 0);
    }

    private int firstLineSeen = Integer.MIN_VALUE;

    private SyntaxError error(String msg) {
        return new SyntaxError(msg, filename, line, col());
    }

    private List<Token> run() {
        firstLineSeen = line;
        indents.push(new int[] {0, 0});
        boolean atLineStart = true;
        while (true) {
            if (atLineStart && brackets.isEmpty()) {
                if (!indentation()) {
                    break;
                }
                atLineStart = false;
            }
            skipBlanks();
            if (pos >= src.length()) {
                break;
            }
            char c = src.charAt(pos);
            if (c == '#') {
                skipComment();
            } else if (c == '\\') {
                lineContinuation();
            } else if (c == '\n' || c == '\r') {
                int l = line;
                int cc = col();
                newline();
                if (brackets.isEmpty()) {
                    out.add(new Token(TokenKind.NEWLINE, "\n", null, l, cc));
                    atLineStart = true;
                }
            } else if (c == '_' || Character.isLetter(c) || Character.isUnicodeIdentifierStart(src.codePointAt(pos))) {
                nameOrString();
            } else if (isDigit(c) || (c == '.' && pos + 1 < src.length() && isDigit(src.charAt(pos + 1)))) {
                number();
            } else if (c == '\'' || c == '"') {
                string(pos, "");
            } else {
                operator();
            }
        }
        if (!brackets.isEmpty()) {
            Token open = brackets.peek();
            throw new SyntaxError("'" + open.text() + "' was never closed", filename, open.line(), open.col());
        }
        if (!out.isEmpty() && out.getLast().kind() != TokenKind.NEWLINE) {
            out.add(new Token(TokenKind.NEWLINE, "", null, line, col()));
        }
        while (indents.size() > 1) {
            indents.pop();
            out.add(new Token(TokenKind.DEDENT, "", null, line, col()));
        }
        out.add(new Token(TokenKind.END, "", null, line, col()));
        return out;
    }

    /** Handles the start of a line; returns false at end of input. */
    private boolean indentation() {
        while (true) {
            int column = 0;
            int alt = 0;
            while (pos < src.length()) {
                char c = src.charAt(pos);
                if (c == ' ') {
                    column++;
                    alt++;
                } else if (c == '\t') {
                    column = (column / 8 + 1) * 8;
                    alt++;
                } else if (c == '\f') {
                    column = 0;
                    alt = 0;
                } else {
                    break;
                }
                pos++;
            }
            if (pos >= src.length()) {
                return false;
            }
            char c = src.charAt(pos);
            if (c == '#') {
                skipComment();
                continue;
            }
            if (c == '\n' || c == '\r') {
                newline();
                continue;
            }
            if (c == '\\' && pos + 1 < src.length() && (src.charAt(pos + 1) == '\n' || src.charAt(pos + 1) == '\r')) {
                lineContinuation();
                continue;
            }
            int[] top = indents.peek();
            if (column > top[0]) {
                if (alt <= top[1]) {
                    throw new SyntaxError("TabError", "inconsistent use of tabs and spaces in indentation", filename, line, col());
                }
                if (indents.size() > MAX_INDENT_LEVELS) {
                    throw new SyntaxError("IndentationError", "too many levels of indentation", filename, line, col());
                }
                indents.push(new int[] {column, alt});
                out.add(new Token(TokenKind.INDENT, "", null, line, col()));
            } else if (column < top[0]) {
                while (column < indents.peek()[0]) {
                    indents.pop();
                    out.add(new Token(TokenKind.DEDENT, "", null, line, col()));
                }
                if (column != indents.peek()[0]) {
                    throw new SyntaxError("IndentationError", "unindent does not match any outer indentation level", filename, line, col());
                }
                if (alt != indents.peek()[1]) {
                    throw new SyntaxError("TabError", "inconsistent use of tabs and spaces in indentation", filename, line, col());
                }
            } else if (alt != top[1]) {
                throw new SyntaxError("TabError", "inconsistent use of tabs and spaces in indentation", filename, line, col());
            }
            return true;
        }
    }

    private void skipBlanks() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\f') {
                pos++;
            } else {
                break;
            }
        }
    }

    private void skipComment() {
        while (pos < src.length() && src.charAt(pos) != '\n' && src.charAt(pos) != '\r') {
            pos++;
        }
    }

    private void newline() {
        if (src.charAt(pos) == '\r' && pos + 1 < src.length() && src.charAt(pos + 1) == '\n') {
            pos++;
        }
        pos++;
        line++;
        lineStart = pos;
    }

    private void lineContinuation() {
        pos++;
        if (pos >= src.length()) {
            throw error("unexpected EOF while parsing");
        }
        char c = src.charAt(pos);
        if (c != '\n' && c != '\r') {
            throw error("unexpected character after line continuation character");
        }
        newline();
        if (pos >= src.length()) {
            throw error("unexpected EOF while parsing");
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private boolean isIdentPart(int cp) {
        return cp == '_' || Character.isLetterOrDigit(cp) || Character.isUnicodeIdentifierPart(cp) && !Character.isIdentifierIgnorable(cp);
    }

    private void nameOrString() {
        int start = pos;
        int c0 = col();
        while (pos < src.length()) {
            int cp = src.codePointAt(pos);
            if (!isIdentPart(cp)) {
                break;
            }
            pos += Character.charCount(cp);
        }
        String word = src.substring(start, pos);
        if (pos < src.length() && (src.charAt(pos) == '\'' || src.charAt(pos) == '"') && word.length() <= 2) {
            String p = word.toLowerCase();
            if (p.equals("r") || p.equals("u") || p.equals("f") || p.equals("rf") || p.equals("fr")) {
                string(start, p);
                return;
            }
            if (p.equals("b") || p.equals("rb") || p.equals("br")) {
                throw new SyntaxError("not in the ftvm subset: bytes literals", filename, line, c0);
            }
        }
        TokenKind kind = KEYWORDS.contains(word) ? TokenKind.KEYWORD : TokenKind.NAME;
        out.add(new Token(kind, word, null, line, c0));
    }

    private void number() {
        int start = pos;
        int c0 = col();
        char c = src.charAt(pos);
        if (c == '0' && pos + 1 < src.length() && "xXoObB".indexOf(src.charAt(pos + 1)) >= 0) {
            char r = Character.toLowerCase(src.charAt(pos + 1));
            int radix = r == 'x' ? 16 : r == 'o' ? 8 : 2;
            pos += 2;
            String digits = digits(radix, true);
            if (digits.isEmpty()) {
                throw new SyntaxError("invalid " + (radix == 16 ? "hexadecimal" : radix == 8 ? "octal" : "binary") + " literal", filename, line, c0);
            }
            checkNumberEnd(c0, radix == 16 ? "hexadecimal" : radix == 8 ? "octal" : "binary");
            out.add(new Token(TokenKind.INT, src.substring(start, pos), intValue(new BigInteger(digits, radix)), line, c0));
            return;
        }
        String intPart = c == '.' ? "" : digits(10, false);
        boolean isFloat = false;
        StringBuilder text = new StringBuilder(intPart);
        if (pos < src.length() && src.charAt(pos) == '.') {
            isFloat = true;
            pos++;
            text.append('.');
            if (pos < src.length() && isDigit(src.charAt(pos))) {
                text.append(digits(10, false));
            }
        }
        if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
            int save = pos;
            pos++;
            StringBuilder exp = new StringBuilder("e");
            if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
                exp.append(src.charAt(pos));
                pos++;
            }
            if (pos < src.length() && isDigit(src.charAt(pos))) {
                exp.append(digits(10, false));
                isFloat = true;
                text.append(exp);
            } else {
                pos = save;
                pos++;
                throw new SyntaxError("invalid decimal literal", filename, line, c0);
            }
        }
        if (pos < src.length() && (src.charAt(pos) == 'j' || src.charAt(pos) == 'J')) {
            throw new SyntaxError("not in the ftvm subset: complex (imaginary) literals", filename, line, c0);
        }
        checkNumberEnd(c0, "decimal");
        if (isFloat) {
            out.add(new Token(TokenKind.FLOAT, src.substring(start, pos), Double.parseDouble(text.toString()), line, c0));
        } else {
            if (intPart.length() > 1 && intPart.charAt(0) == '0' && !intPart.chars().allMatch(ch -> ch == '0')) {
                throw new SyntaxError("leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", filename, line, c0);
            }
            out.add(new Token(TokenKind.INT, src.substring(start, pos), intValue(new BigInteger(intPart)), line, c0));
        }
    }

    private void checkNumberEnd(int c0, String what) {
        if (pos < src.length()) {
            int cp = src.codePointAt(pos);
            if (isIdentPart(cp) || cp == '_') {
                throw new SyntaxError("invalid " + what + " literal", filename, line, c0);
            }
        }
    }

    /** Reads digits of a radix with single underscores between them (or after a radix prefix). */
    private String digits(int radix, boolean afterPrefix) {
        StringBuilder sb = new StringBuilder();
        boolean lastUnderscore = afterPrefix; // "0x_1" is valid: an underscore may follow the prefix
        boolean allowLeadingUnderscore = afterPrefix;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '_') {
                if ((sb.isEmpty() && !allowLeadingUnderscore) || (!sb.isEmpty() && lastUnderscore)) {
                    throw error("invalid " + (radix == 10 ? "decimal" : "number") + " literal");
                }
                if (sb.isEmpty()) {
                    allowLeadingUnderscore = false;
                }
                lastUnderscore = true;
                pos++;
                continue;
            }
            int d = Character.digit(c, radix);
            if (d < 0 || c > 0x7f) {
                if (radix != 16 && Character.digit(c, 10) >= 0) {
                    throw error("invalid digit '" + c + "' in " + (radix == 8 ? "octal" : "binary") + " literal");
                }
                break;
            }
            sb.append(c);
            lastUnderscore = false;
            pos++;
        }
        if (lastUnderscore && !sb.isEmpty()) {
            throw error("invalid " + (radix == 10 ? "decimal" : "number") + " literal");
        }
        return sb.toString();
    }

    static Object intValue(BigInteger v) {
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private void string(int tokenStart, String prefix) {
        int c0 = col() - (pos - tokenStart);
        int startLine = line;
        char quote = src.charAt(pos);
        boolean triple = pos + 2 < src.length() && src.charAt(pos + 1) == quote && src.charAt(pos + 2) == quote;
        pos += triple ? 3 : 1;
        int bodyStart = pos;
        int bodyLine = line;
        int bodyCol = col();
        boolean raw = prefix.contains("r");
        boolean fstring = prefix.contains("f");
        while (true) {
            if (pos >= src.length()) {
                throw new SyntaxError(triple ? "unterminated triple-quoted string literal (detected at line " + line + ")"
                        : "unterminated string literal (detected at line " + line + ")", filename, startLine, c0);
            }
            char c = src.charAt(pos);
            if (c == '\\') {
                pos++;
                if (pos < src.length()) {
                    if (src.charAt(pos) == '\n' || src.charAt(pos) == '\r') {
                        newline();
                    } else {
                        pos++;
                    }
                }
                continue;
            }
            if (c == '\n' || c == '\r') {
                if (!triple) {
                    throw new SyntaxError("unterminated string literal (detected at line " + line + ")", filename, startLine, c0);
                }
                newline();
                continue;
            }
            if (c == quote && (!triple || (pos + 2 < src.length() && src.charAt(pos + 1) == quote && src.charAt(pos + 2) == quote))) {
                break;
            }
            pos++;
        }
        String body = src.substring(bodyStart, pos).replace("\r\n", "\n").replace('\r', '\n');
        pos += triple ? 3 : 1;
        String value = body;
        if (!fstring && !raw) {
            try {
                value = StringEscapes.decode(body);
            } catch (StringEscapes.EscapeError e) {
                throw new SyntaxError("(unicode error) " + e.getMessage(), filename, startLine, c0);
            }
        }
        out.add(new Token(TokenKind.STRING, src.substring(tokenStart, pos), new StringToken(fstring, raw, value, bodyLine, bodyCol), startLine, c0));
    }

    private void operator() {
        int c0 = col();
        for (String op : OPERATORS) {
            if (src.startsWith(op, pos)) {
                pos += op.length();
                Token t = new Token(TokenKind.OP, op, null, line, c0);
                switch (op) {
                    case "(", "[", "{" -> {
                        if (brackets.size() >= MAX_BRACKET_DEPTH) {
                            throw new SyntaxError("too many nested parentheses", filename, t.line(), t.col());
                        }
                        brackets.push(t);
                    }
                    case ")", "]", "}" -> closeBracket(t);
                    default -> { }
                }
                out.add(t);
                return;
            }
        }
        int cp = src.codePointAt(pos);
        if (cp == '!') {
            throw error("invalid syntax");
        }
        throw error(String.format("invalid character '%s' (U+%04X)", new String(Character.toChars(cp)), cp));
    }

    private void closeBracket(Token t) {
        if (brackets.isEmpty()) {
            throw new SyntaxError("unmatched '" + t.text() + "'", filename, t.line(), t.col());
        }
        Token open = brackets.pop();
        String expected = switch (open.text()) {
            case "(" -> ")";
            case "[" -> "]";
            default -> "}";
        };
        if (!expected.equals(t.text())) {
            throw new SyntaxError("closing parenthesis '" + t.text() + "' does not match opening parenthesis '" + open.text() + "'"
                    + (open.line() != t.line() ? " on line " + open.line() : ""), filename, t.line(), t.col());
        }
    }
}
