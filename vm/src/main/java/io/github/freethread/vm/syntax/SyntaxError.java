package io.github.freethread.vm.syntax;

/**
 * A compile-time error in a source program, reported the way CPython reports it: a kind
 * ({@code SyntaxError}, {@code IndentationError}, {@code TabError}), a message, the file, and a
 * 1-based line and column. Front-end code never lets any other exception escape for bad input.
 */
public class SyntaxError extends RuntimeException {
    private final String kind;
    private final String filename;
    private final int line;
    private final int column;
    private final String detail;

    public SyntaxError(String kind, String detail, String filename, int line, int column) {
        super(kind + ": " + detail + " (" + filename + ", line " + line + ", column " + column + ")");
        this.kind = kind;
        this.detail = detail;
        this.filename = filename;
        this.line = line;
        this.column = column;
    }

    public SyntaxError(String detail, String filename, int line, int column) {
        this("SyntaxError", detail, filename, line, column);
    }

    /** Python's exception class name: SyntaxError, IndentationError or TabError. */
    public String kind() { return kind; }

    /** The message without location, e.g. {@code not in the ftvm subset: classes}. */
    public String detail() { return detail; }

    public String filename() { return filename; }

    /** 1-based line. */
    public int line() { return line; }

    /** 1-based column. */
    public int column() { return column; }

    /**
     * CPython-style report: {@code File "f.py", line 3}, the source line, a caret under the
     * column, then {@code Kind: detail}.
     */
    public String format(String source) {
        StringBuilder sb = new StringBuilder();
        sb.append("  File \"").append(filename).append("\", line ").append(line).append('\n');
        String text = sourceLine(source, line);
        if (text != null) {
            String stripped = text.stripLeading();
            int removed = text.length() - stripped.length();
            sb.append("    ").append(stripped.stripTrailing()).append('\n');
            int caret = Math.max(0, column - 1 - removed);
            sb.append("    ").append(" ".repeat(Math.min(caret, stripped.length()))).append("^\n");
        }
        sb.append(kind).append(": ").append(detail).append('\n');
        return sb.toString();
    }

    private static String sourceLine(String source, int line) {
        if (source == null || line < 1) {
            return null;
        }
        String[] lines = source.split("\r\n|\r|\n", -1);
        return line <= lines.length ? lines[line - 1] : null;
    }
}
