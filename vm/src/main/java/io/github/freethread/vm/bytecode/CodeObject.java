package io.github.freethread.vm.bytecode;

import java.math.BigInteger;
import java.util.List;

/**
 * An immutable unit of compiled code: a module body or a function body.
 *
 * <p>Fields (all immutable after construction, safe to share between threads without
 * synchronisation because they are final and the arrays are never written after the constructor's
 * defensive copy):
 * <ul>
 *   <li>{@code code}: 16-bit code units (see {@link Opcode}), caches zeroed, never quickened here;
 *       a thread that specialises works on {@link #copyCode()}.</li>
 *   <li>{@code constants}: {@code Long}, {@code BigInteger} (only beyond long range), {@code Double},
 *       {@code String}, {@code Boolean}, {@link ConstNone#NONE}, {@link ConstTuple}, nested
 *       {@code CodeObject}. The interpreter interns them once as immortal runtime objects.</li>
 *   <li>{@code names}: global, attribute and module names used by *_GLOBAL, *_ATTR, LOAD_METHOD,
 *       IMPORT_*.</li>
 *   <li>{@code varnames}: local slot names; the first {@code argCount} are the parameters in order.
 *       Names may repeat (hidden slots of comprehension variables reuse the source name).</li>
 *   <li>{@code argCount}, {@code defaultCount}: parameters, and how many trailing ones have
 *       defaults (the values come from MAKE_FUNCTION's tuple at run time).</li>
 *   <li>{@code maxStack}: the deepest value stack any path reaches (computed by the assembler,
 *       checked by the verifier).</li>
 *   <li>{@code lineTable}, {@code exceptionTable}, {@code filename}, {@code name}, {@code firstLine},
 *       {@code kind} (MODULE or FUNCTION).</li>
 * </ul>
 */
public final class CodeObject {
    /** What the code is the body of. */
    public enum Kind { MODULE, FUNCTION }

    private final Kind kind;
    private final String name;
    private final String filename;
    private final int firstLine;
    private final int argCount;
    private final int defaultCount;
    private final List<String> varnames;
    private final List<String> names;
    private final List<Object> constants;
    private final char[] code;
    private final LineTable lineTable;
    private final ExceptionTable exceptionTable;
    private final int maxStack;

    public CodeObject(Kind kind, String name, String filename, int firstLine, int argCount, int defaultCount,
                      List<String> varnames, List<String> names, List<Object> constants, char[] code,
                      LineTable lineTable, ExceptionTable exceptionTable, int maxStack) {
        this.kind = kind;
        this.name = name;
        this.filename = filename;
        this.firstLine = firstLine;
        this.argCount = argCount;
        this.defaultCount = defaultCount;
        this.varnames = List.copyOf(varnames);
        this.names = List.copyOf(names);
        this.constants = List.copyOf(constants);
        this.code = code.clone();
        this.lineTable = lineTable;
        this.exceptionTable = exceptionTable;
        this.maxStack = maxStack;
        for (Object c : this.constants) {
            checkConstant(c);
        }
    }

    /** Rejects values that cannot be code constants. */
    static void checkConstant(Object c) {
        if (c instanceof Long || c instanceof Double || c instanceof String || c instanceof Boolean
                || c instanceof ConstNone || c instanceof ConstTuple || c instanceof CodeObject) {
            return;
        }
        if (c instanceof BigInteger b) {
            if (b.bitLength() < 64) {
                throw new IllegalArgumentException("BigInteger constant " + b + " fits in a long; use Long");
            }
            return;
        }
        throw new IllegalArgumentException("not a code constant: " + (c == null ? "null" : c.getClass().getName()));
    }

    public Kind kind() { return kind; }

    public String name() { return name; }

    public String filename() { return filename; }

    public int firstLine() { return firstLine; }

    public int argCount() { return argCount; }

    public int defaultCount() { return defaultCount; }

    public List<String> varnames() { return varnames; }

    /** Number of local slots. */
    public int localCount() { return varnames.size(); }

    public List<String> names() { return names; }

    public List<Object> constants() { return constants; }

    public int maxStack() { return maxStack; }

    public LineTable lineTable() { return lineTable; }

    public ExceptionTable exceptionTable() { return exceptionTable; }

    /** Length of the code in 16-bit units. */
    public int codeLength() { return code.length; }

    /** One code unit of the (unquickened) code. */
    public char unitAt(int offset) { return code[offset]; }

    /** A fresh private copy of the code for one thread to quicken (one array clone). */
    public char[] copyCode() { return code.clone(); }

    /** Source line of the instruction at {@code offset} (0 if unknown). */
    public int lineAt(int offset) { return lineTable.lineAt(offset); }

    @Override
    public String toString() {
        return "<code " + name + ", file \"" + filename + "\", line " + firstLine + ">";
    }
}
