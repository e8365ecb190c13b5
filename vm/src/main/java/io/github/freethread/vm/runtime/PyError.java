package io.github.freethread.vm.runtime;

/**
 * A Python exception in flight through Java frames (built-ins, the interpreter's own calls). Either
 * already a runtime exception object ({@link #exc}, an owned reference the catcher takes over), or
 * a class and message that the interpreter materialises into one when it catches the error
 * ({@link VmThread#materialize}). No Java stack trace is captured: Python tracebacks are built
 * from the frames the error passes, and this is thrown on ordinary error paths.
 */
public final class PyError extends RuntimeException {
    /** Owned reference to the exception object, or 0 until materialised. */
    public long exc;
    /** Class index (ClassTable) when not yet materialised. */
    public final int classIndex;
    /** Message (the single argument) when not yet materialised; null for no arguments. */
    public final String text;
    /** True when raised by RERAISE: the current frame adds no traceback entry. */
    public boolean reraised;

    public PyError(int classIndex, String text) {
        super(null, null, false, false);
        this.classIndex = classIndex;
        this.text = text;
    }

    public PyError(long exc) {
        super(null, null, false, false);
        this.exc = exc;
        this.classIndex = -1;
        this.text = null;
    }

    @Override
    public String getMessage() {
        return exc != 0 ? "exception object 0x" + Long.toHexString(exc) : ClassTable.name(classIndex) + ": " + text;
    }

    public static PyError typeError(String m) {
        return new PyError(ClassTable.TYPE_ERROR, m);
    }

    public static PyError valueError(String m) {
        return new PyError(ClassTable.VALUE_ERROR, m);
    }

    public static PyError indexError(String m) {
        return new PyError(ClassTable.INDEX_ERROR, m);
    }

    public static PyError zeroDivision(String m) {
        return new PyError(ClassTable.ZERO_DIVISION_ERROR, m);
    }

    public static PyError overflow(String m) {
        return new PyError(ClassTable.OVERFLOW_ERROR, m);
    }

    public static PyError attributeError(String m) {
        return new PyError(ClassTable.ATTRIBUTE_ERROR, m);
    }

    public static PyError nameError(String m) {
        return new PyError(ClassTable.NAME_ERROR, m);
    }
}
