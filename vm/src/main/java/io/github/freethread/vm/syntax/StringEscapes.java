package io.github.freethread.vm.syntax;

/**
 * Decodes backslash escapes of non-raw string literals as Python 3 does: {@code \n \t \r \\ \' \"
 * \a \b \f \v}, octal {@code \ooo}, hex ({@code x}), 16-bit ({@code u}) and 32-bit ({@code U}) code points, and
 * backslash-newline (removed). An unknown escape keeps its backslash (CPython warns, we do not).
 * Named escapes (backslash N) is not supported and is reported as an error.
 */
final class StringEscapes {
    private StringEscapes() {
    }

    /** Thrown with an offset into the decoded body; the caller converts it to a SyntaxError. */
    static final class EscapeError extends Exception {
        final int offset;

        EscapeError(String message, int offset) {
            super(message, null, false, false);
            this.offset = offset;
        }
    }

    static String decode(String body) throws EscapeError {
        if (body.indexOf('\\') < 0) {
            return body;
        }
        StringBuilder sb = new StringBuilder(body.length());
        int i = 0;
        int n = body.length();
        while (i < n) {
            char c = body.charAt(i);
            if (c != '\\') {
                sb.append(c);
                i++;
                continue;
            }
            i = decodeOne(body, i, sb);
        }
        return sb.toString();
    }

    /** Decodes the escape starting at {@code body[i] == '\\'}; returns the index after it. */
    static int decodeOne(String body, int i, StringBuilder sb) throws EscapeError {
        int n = body.length();
        if (i + 1 >= n) {
            sb.append('\\');
            return i + 1;
        }
        char e = body.charAt(i + 1);
        switch (e) {
            case '\n' -> { return i + 2; }
            case '\r' -> { return (i + 2 < n && body.charAt(i + 2) == '\n') ? i + 3 : i + 2; }
            case '\\' -> sb.append('\\');
            case '\'' -> sb.append('\'');
            case '"' -> sb.append('"');
            case 'a' -> sb.append('\u0007');
            case 'b' -> sb.append('\b');
            case 'f' -> sb.append('\f');
            case 'n' -> sb.append('\n');
            case 'r' -> sb.append('\r');
            case 't' -> sb.append('\t');
            case 'v' -> sb.append('\u000b');
            case 'x' -> { return hex(body, i, 2, sb, "\\xXX"); }
            case 'u' -> { return hex(body, i, 4, sb, "\\uXXXX"); }
            case 'U' -> { return hex(body, i, 8, sb, "\\UXXXXXXXX"); }
            case 'N' -> throw new EscapeError("\\N{...} escapes are not supported by ftvm", i);
            default -> {
                if (e >= '0' && e <= '7') {
                    int j = i + 1;
                    int v = 0;
                    while (j < n && j < i + 4 && body.charAt(j) >= '0' && body.charAt(j) <= '7') {
                        v = v * 8 + (body.charAt(j) - '0');
                        j++;
                    }
                    sb.appendCodePoint(v);
                    return j;
                }
                sb.append('\\').append(e);
            }
        }
        return i + 2;
    }

    private static int hex(String body, int i, int digits, StringBuilder sb, String form) throws EscapeError {
        int start = i + 2;
        if (start + digits > body.length()) {
            throw new EscapeError("truncated " + form + " escape", i);
        }
        int v = 0;
        for (int k = 0; k < digits; k++) {
            int d = Character.digit(body.charAt(start + k), 16);
            if (d < 0) {
                throw new EscapeError("truncated " + form + " escape", i);
            }
            v = v * 16 + d;
        }
        if (v > Character.MAX_CODE_POINT) {
            throw new EscapeError("illegal Unicode character in " + form + " escape", i);
        }
        sb.appendCodePoint(v);
        return start + digits;
    }
}
