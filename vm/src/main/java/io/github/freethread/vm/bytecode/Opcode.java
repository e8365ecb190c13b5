package io.github.freethread.vm.bytecode;

/**
 * The ftvm instruction set. Like Lua's {@code lopcodes.h}, every constant states its operand and
 * its stack effect, written {@code [before] -> [after]} with the top of stack on the right.
 *
 * <h2>Encoding</h2>
 * Code is an array of 16-bit code units ({@code char[]}). An instruction is one unit
 * {@code (oparg << 8) | opcode} followed by {@link #cacheUnits()} inline cache units. An oparg
 * wider than 8 bits is carried by up to three {@link #EXTENDED_ARG} prefixes, each contributing
 * the next 8 higher bits: {@code arg = (prefixArg << 8) | arg}. Offsets and jump targets count
 * code units from the start of the code; a jump target is the first unit of an instruction
 * (its first EXTENDED_ARG prefix if it has one). The opcode number is {@link #ordinal()}, so
 * {@link #CACHE} is 0 and a zero-filled cache unit disassembles as CACHE.
 *
 * <h2>Specialisation</h2>
 * Constants with a non-null {@link #family()} are quickened forms: the interpreter rewrites a
 * generic instruction of that family into one of them in its own thread's copy of the code
 * (see {@link InlineCacheLayout}). A quickened form has the same oparg, cache units and stack
 * effect as its family, so rewriting is a single 16-bit store and never moves code. Quickened
 * forms never appear in a {@link CodeObject}; the {@link Verifier} rejects them there.
 *
 * <h2>Runtime conventions the interpreter implements</h2>
 * Locals live in slots 0..nlocals-1 (parameters first); an empty slot is NULL and reading it
 * raises UnboundLocalError. Module code uses *_GLOBAL for its names (module globals are its
 * locals) and may still use slots for comprehension variables. Calls use the layout
 * {@code [callable, self_or_NULL, arg1..argN]}; a NULL never escapes to Python code.
 */
public enum Opcode {
    // ---- not an instruction ------------------------------------------------------------------
    CACHE(Arg.NONE, 0, fixed(0, 0), "-", "Inline cache unit holding data for the instruction before it; never executed."),

    // ---- stack and no-ops ----------------------------------------------------------------------
    NOP(Arg.NONE, 0, fixed(0, 0), "[] -> []", "Does nothing."),
    EXTENDED_ARG(Arg.RAW, 0, fixed(0, 0), "[] -> []", "Prefix: supplies the next 8 higher bits of the following instruction's oparg."),
    POP_TOP(Arg.NONE, 0, fixed(1, 0), "[x] -> []", "Discards the top of stack."),
    PUSH_NULL(Arg.NONE, 0, fixed(0, 1), "[] -> [NULL]", "Pushes the NULL marker (the self slot of a plain call)."),
    COPY(Arg.COUNT, 0, effect(count(1, 0, 0), count(1, 1, 0)), "[x_n .. x_1] -> [x_n .. x_1, x_n]", "Pushes a new reference to the n-th item (1 = top); n >= 1."),
    SWAP(Arg.COUNT, 0, effect(count(1, 0, 0), count(1, 0, 0)), "[x_n .. x_1] -> [x_1 .. x_n]", "Swaps the top with the n-th item; n >= 2."),

    // ---- constants, locals, globals -------------------------------------------------------------
    LOAD_CONST(Arg.CONST, 0, fixed(0, 1), "[] -> [consts[i]]", "Pushes a constant (an immortal runtime object)."),
    LOAD_FAST(Arg.LOCAL, 0, fixed(0, 1), "[] -> [local[i]]", "Pushes a local; raises UnboundLocalError if the slot is empty."),
    STORE_FAST(Arg.LOCAL, 0, fixed(1, 0), "[v] -> []", "Stores into a local slot, releasing the old value."),
    DELETE_FAST(Arg.LOCAL, 0, fixed(0, 0), "[] -> []", "Empties a local slot; raises UnboundLocalError if already empty."),
    LOAD_GLOBAL(Arg.NAME, InlineCacheLayout.LOAD_GLOBAL_UNITS, fixed(0, 1), "[] -> [v]",
            "Looks names[i] up in the frame's globals, then builtins; NameError if absent."),
    STORE_GLOBAL(Arg.NAME, 0, fixed(1, 0), "[v] -> []", "globals[names[i]] = v."),
    DELETE_GLOBAL(Arg.NAME, 0, fixed(0, 0), "[] -> []", "Deletes globals[names[i]]; NameError if absent."),

    // ---- attributes and methods ------------------------------------------------------------------
    LOAD_ATTR(Arg.NAME, InlineCacheLayout.LOAD_ATTR_UNITS, fixed(1, 1), "[obj] -> [obj.name]", "Attribute read; AttributeError if absent."),
    STORE_ATTR(Arg.NAME, 0, fixed(2, 0), "[v, obj] -> []", "obj.name = v (module attributes only in the subset)."),
    DELETE_ATTR(Arg.NAME, 0, fixed(1, 0), "[obj] -> []", "del obj.name."),
    LOAD_METHOD(Arg.NAME, InlineCacheLayout.LOAD_ATTR_UNITS, fixed(1, 2), "[obj] -> [meth, obj] or [attr, NULL]",
            "Method lookup for a call: an unbound built-in method plus self, or the plain attribute plus NULL."),

    // ---- operators --------------------------------------------------------------------------------
    BINARY_OP(Arg.BINOP, InlineCacheLayout.COUNTER_UNITS, fixed(2, 1), "[a, b] -> [a op b]",
            "Arithmetic/bitwise operator given by the oparg (BinaryOp); in-place forms for augmented assignment."),
    UNARY_NEGATIVE(Arg.NONE, 0, fixed(1, 1), "[a] -> [-a]", "Unary minus."),
    UNARY_POSITIVE(Arg.NONE, 0, fixed(1, 1), "[a] -> [+a]", "Unary plus (bool becomes int)."),
    UNARY_INVERT(Arg.NONE, 0, fixed(1, 1), "[a] -> [~a]", "Bitwise inversion of an int."),
    UNARY_NOT(Arg.NONE, 0, fixed(1, 1), "[a] -> [not a]", "Boolean negation of the truth value."),
    COMPARE_OP(Arg.CMPOP, InlineCacheLayout.COUNTER_UNITS, fixed(2, 1), "[a, b] -> [a op b]", "Rich comparison given by the oparg (CompareOp)."),
    IS_OP(Arg.INVERT, 0, fixed(2, 1), "[a, b] -> [a is b]", "Identity test; oparg 1 means 'is not'."),
    CONTAINS_OP(Arg.INVERT, 0, fixed(2, 1), "[x, c] -> [x in c]", "Membership test; oparg 1 means 'not in'."),

    // ---- subscripts and containers ----------------------------------------------------------------
    BINARY_SUBSCR(Arg.NONE, InlineCacheLayout.COUNTER_UNITS, fixed(2, 1), "[c, i] -> [c[i]]", "Subscript (index, key or slice object)."),
    STORE_SUBSCR(Arg.NONE, InlineCacheLayout.COUNTER_UNITS, fixed(3, 0), "[v, c, i] -> []", "c[i] = v."),
    DELETE_SUBSCR(Arg.NONE, 0, fixed(2, 0), "[c, i] -> []", "del c[i]."),
    BUILD_SLICE(Arg.COUNT, 0, effect(count(1, 0, 0), count(0, 1, 0)), "[lo, hi(, step)] -> [slice]", "Builds a slice from 2 or 3 items (None for omitted parts)."),
    BUILD_LIST(Arg.COUNT, 0, effect(count(1, 0, 0), count(0, 1, 0)), "[x_1 .. x_n] -> [list]", "Builds a list of the n top items, first item deepest."),
    BUILD_TUPLE(Arg.COUNT, 0, effect(count(1, 0, 0), count(0, 1, 0)), "[x_1 .. x_n] -> [tuple]", "Builds a tuple of the n top items."),
    BUILD_MAP(Arg.COUNT, 0, effect(count(2, 0, 0), count(0, 1, 0)), "[k_1, v_1 .. k_n, v_n] -> [dict]", "Builds a dict from n key/value pairs, in order."),
    LIST_APPEND(Arg.COUNT, 0, effect(count(1, 1, 0), count(1, 0, 0)), "[list, x_(n-1) .. x_1, v] -> [list, x_(n-1) .. x_1]",
            "Appends v to the list n items below it (list comprehensions); n >= 1."),
    UNPACK_SEQUENCE(Arg.COUNT, InlineCacheLayout.COUNTER_UNITS, effect(count(0, 1, 0), count(1, 0, 0)), "[seq] -> [x_n .. x_1]",
            "Unpacks exactly n items, first item on top; ValueError on a length mismatch."),

    // ---- strings ------------------------------------------------------------------------------------
    FORMAT_VALUE(Arg.FLAGS, 0, effect(count(0, 1, 4), count(0, 1, 0)), "[v(, spec)] -> [str]",
            "f-string field: flags & 3 = conversion (0 none, 1 str, 2 repr, 3 ascii); flags & 4 = a spec string is on top."),
    BUILD_STRING(Arg.COUNT, 0, effect(count(1, 0, 0), count(0, 1, 0)), "[s_1 .. s_n] -> [s_1 + .. + s_n]", "Concatenates n strings."),

    // ---- control flow ---------------------------------------------------------------------------------
    JUMP_FORWARD(Arg.JUMP, 0, fixed(0, 0), "[] -> []", "Jumps to a later offset."),
    JUMP_BACKWARD(Arg.JUMP, 0, fixed(0, 0), "[] -> []", "Jumps to an earlier (or the same) offset; a safe point (poll merge queue, QSBR, GIL switch)."),
    POP_JUMP_IF_FALSE(Arg.JUMP, 0, fixed(1, 0), "[c] -> []", "Pops c; jumps (forward) if it is false (Python truth value)."),
    POP_JUMP_IF_TRUE(Arg.JUMP, 0, fixed(1, 0), "[c] -> []", "Pops c; jumps (forward) if it is true."),
    GET_ITER(Arg.NONE, 0, fixed(1, 1), "[x] -> [iter(x)]", "Replaces an iterable by its iterator."),
    FOR_ITER(Arg.JUMP, InlineCacheLayout.COUNTER_UNITS, new Effect(count(0, 1, 0), count(0, 2, 0), count(0, 0, 0)), "[it] -> [it, next] | exhausted: [] and jump",
            "Pushes the next item; when the iterator is exhausted pops it and jumps (forward) to the target."),
    RETURN_VALUE(Arg.NONE, 0, fixed(1, 0), "[v] -> (return v)", "Returns v to the caller; the stack is otherwise empty."),

    // ---- calls and functions ------------------------------------------------------------------------
    CALL(Arg.COUNT, InlineCacheLayout.CALL_UNITS, effect(count(1, 2, 0), count(0, 1, 0)), "[f, self_or_NULL, a_1 .. a_n] -> [result]",
            "Calls f with n positional arguments (self first when not NULL)."),
    CALL_KW(Arg.COUNT, InlineCacheLayout.CALL_UNITS, effect(count(1, 3, 0), count(0, 1, 0)), "[f, self_or_NULL, a_1 .. a_n, kwnames] -> [result]",
            "Calls f with n arguments; the last len(kwnames) are keyword arguments named by the tuple kwnames."),
    MAKE_FUNCTION(Arg.FLAGS, 0, effect(count(0, 1, 1), count(0, 1, 0)), "[(defaults,) code] -> [function]",
            "Creates a function over the frame's globals; flags & 1 = a tuple of default values is below the code."),
    IMPORT_NAME(Arg.NAME, 0, fixed(0, 1), "[] -> [module]", "Imports (or finds) the module named names[i] (dotted names allowed)."),
    IMPORT_FROM(Arg.NAME, 0, fixed(1, 2), "[m] -> [m, m.name]", "Reads names[i] from a module; ImportError if absent."),

    // ---- exceptions -----------------------------------------------------------------------------------
    RAISE_VARARGS(Arg.COUNT, 0, effect(count(1, 0, 0), count(0, 0, 0)), "[(exc(, cause))] -> (raise)",
            "n = 0: re-raise the exception being handled; 1: raise exc (a class is instantiated); 2: raise exc from cause."),
    RERAISE(Arg.NONE, 0, fixed(1, 0), "[exc] -> (raise)", "Re-raises exc without adding a traceback entry for this frame."),
    PUSH_EXC_INFO(Arg.NONE, 0, fixed(1, 2), "[exc] -> [prev_exc, exc]", "Handler entry: saves the thread's handled exception and makes exc the handled one."),
    POP_EXCEPT(Arg.NONE, 0, fixed(1, 0), "[prev_exc] -> []", "Handler exit: restores the saved handled exception."),
    CHECK_EXC_MATCH(Arg.NONE, 0, fixed(2, 2), "[exc, type] -> [exc, matches]",
            "isinstance-style match of exc against a class or tuple of classes; TypeError if type is neither."),
    LOAD_ASSERTION_ERROR(Arg.NONE, 0, fixed(0, 1), "[] -> [AssertionError]", "Pushes the AssertionError class."),
    BEFORE_WITH(Arg.NONE, 0, fixed(1, 2), "[cm] -> [exit, cm.__enter__()]", "Binds cm.__exit__ and calls cm.__enter__."),
    WITH_EXCEPT_START(Arg.NONE, 0, fixed(3, 4), "[exit, prev_exc, exc] -> [exit, prev_exc, exc, res]",
            "Calls exit(type(exc), exc, traceback); res true means suppress."),

    // ---- quickened forms (never in a CodeObject; rewritten in a thread's own code copy) ----------------
    BINARY_OP_ADD_INT(BINARY_OP, "int + int (both ints; small-int fast path, falls back on overflow to big ints)."),
    BINARY_OP_SUBTRACT_INT(BINARY_OP, "int - int."),
    BINARY_OP_MULTIPLY_INT(BINARY_OP, "int * int."),
    BINARY_OP_ADD_FLOAT(BINARY_OP, "float + float."),
    BINARY_OP_SUBTRACT_FLOAT(BINARY_OP, "float - float."),
    BINARY_OP_MULTIPLY_FLOAT(BINARY_OP, "float * float."),
    BINARY_OP_TRUE_DIVIDE_FLOAT(BINARY_OP, "float / float (ZeroDivisionError on 0.0 as generic)."),
    BINARY_OP_ADD_STR(BINARY_OP, "str + str."),
    COMPARE_OP_INT(COMPARE_OP, "Comparison of two ints."),
    COMPARE_OP_FLOAT(COMPARE_OP, "Comparison of two floats."),
    COMPARE_OP_STR(COMPARE_OP, "Comparison of two strs (== and != only)."),
    LOAD_GLOBAL_MODULE(LOAD_GLOBAL, "Guard: globals keys version; loads the cached entry index of globals."),
    LOAD_GLOBAL_BUILTIN(LOAD_GLOBAL, "Guards: globals and builtins keys versions; loads the cached entry index of builtins."),
    LOAD_ATTR_MODULE(LOAD_ATTR, "Guard: obj is a module whose dict keys version matches; loads the cached entry."),
    LOAD_METHOD_MODULE(LOAD_METHOD, "Guard: module dict keys version; pushes [attr, NULL]."),
    LOAD_METHOD_BUILTIN(LOAD_METHOD, "Guard: type id of obj; pushes the cached built-in method and obj."),
    BINARY_SUBSCR_LIST_INT(BINARY_SUBSCR, "list[int] (lock-free read)."),
    BINARY_SUBSCR_TUPLE_INT(BINARY_SUBSCR, "tuple[int]."),
    BINARY_SUBSCR_STR_INT(BINARY_SUBSCR, "str[int]."),
    BINARY_SUBSCR_DICT(BINARY_SUBSCR, "dict[key] (lock-free lookup)."),
    STORE_SUBSCR_LIST_INT(STORE_SUBSCR, "list[int] = v."),
    STORE_SUBSCR_DICT(STORE_SUBSCR, "dict[key] = v."),
    UNPACK_SEQUENCE_TWO_TUPLE(UNPACK_SEQUENCE, "Unpacks a 2-tuple."),
    UNPACK_SEQUENCE_TUPLE(UNPACK_SEQUENCE, "Unpacks a tuple of length n."),
    UNPACK_SEQUENCE_LIST(UNPACK_SEQUENCE, "Unpacks a list of length n."),
    FOR_ITER_RANGE(FOR_ITER, "Next of a range iterator."),
    FOR_ITER_LIST(FOR_ITER, "Next of a list iterator."),
    FOR_ITER_TUPLE(FOR_ITER, "Next of a tuple iterator."),
    CALL_PY_EXACT_ARGS(CALL, "Guard: the function's code index; a Python function called with exactly its parameter count; its frame starts over the arguments."),
    CALL_PY_WITH_DEFAULTS(CALL, "Guard: function version; a Python function called with fewer arguments, defaults fill the rest."),
    CALL_BUILTIN(CALL, "Guard: built-in function identity; calls it without building an argument tuple."),
    CALL_LEN(CALL, "Guard: callable is the built-in len, one argument."),
    CALL_LIST_APPEND(CALL, "Guard: [list.append, list, v]; appends in place.");

    /** Flag bit of {@link #FORMAT_VALUE}: a format spec string is on top of the value. */
    public static final int FORMAT_HAS_SPEC = 4;
    /** Conversion values of {@link #FORMAT_VALUE} (flags and 3). */
    public static final int FORMAT_NONE = 0;
    public static final int FORMAT_STR = 1;
    public static final int FORMAT_REPR = 2;
    public static final int FORMAT_ASCII = 3;
    /** Flag bit of {@link #MAKE_FUNCTION}: a defaults tuple is below the code object. */
    public static final int MAKE_FUNCTION_DEFAULTS = 1;

    /** What an oparg means; drives the verifier's operand checks and the disassembler. */
    public enum Arg {
        /** No oparg: must be 0. */
        NONE,
        /** Raw bits (EXTENDED_ARG). */
        RAW,
        /** Index into {@link CodeObject#constants()}. */
        CONST,
        /** Index into {@link CodeObject#names()}. */
        NAME,
        /** Index into {@link CodeObject#varnames()} (a local slot). */
        LOCAL,
        /** Absolute code-unit offset of an instruction. */
        JUMP,
        /** An item count or depth (meaning per opcode). */
        COUNT,
        /** A {@link BinaryOp} oparg. */
        BINOP,
        /** A {@link CompareOp} ordinal. */
        CMPOP,
        /** 0 or 1: 1 inverts the test. */
        INVERT,
        /** Opcode-specific flag bits. */
        FLAGS
    }

    /**
     * An item count as a function of the oparg {@code n}: {@code mul * n + add}, plus 1 if
     * {@code n & mask} is non-zero (flag-dependent operands). Data rather than a lambda per
     * opcode: 34 lambda classes cost start-up time (docs/startup.md).
     */
    record Count(int mul, int add, int mask) {
        int of(int n) {
            return mul * n + add + ((n & mask) != 0 ? 1 : 0);
        }
    }

    /** Stack effect: pops and pushes as functions of the oparg; branchPushes for the jump edge. */
    record Effect(Count pops, Count pushes, Count branchPushes) {
    }

    private static final Opcode[] BY_CODE = values();

    private final Arg arg;
    private final int cacheUnits;
    private final Effect effect;
    private final Opcode family;
    private final String stack;
    private final String description;

    Opcode(Arg arg, int cacheUnits, Effect effect, String stack, String description) {
        this.arg = arg;
        this.cacheUnits = cacheUnits;
        this.effect = effect;
        this.family = null;
        this.stack = stack;
        this.description = description;
    }

    Opcode(Opcode family, String description) {
        this.arg = family.arg;
        this.cacheUnits = family.cacheUnits;
        this.effect = family.effect;
        this.family = family;
        this.stack = family.stack;
        this.description = description;
    }

    private static Effect fixed(int pops, int pushes) {
        return new Effect(count(0, pops, 0), count(0, pushes, 0), count(0, pushes, 0));
    }

    private static Effect effect(Count pops, Count pushes) {
        return new Effect(pops, pushes, pushes);
    }

    private static Count count(int mul, int add, int mask) {
        return new Count(mul, add, mask);
    }

    /** The opcode whose number ({@link #ordinal()}) is {@code code}, or null. */
    public static Opcode byCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** The 8-bit opcode number stored in the low byte of a code unit. */
    public int code() {
        return ordinal();
    }

    public Arg arg() {
        return arg;
    }

    public boolean hasArg() {
        return arg != Arg.NONE;
    }

    /** Inline cache units that follow the instruction. */
    public int cacheUnits() {
        return cacheUnits;
    }

    /** For a quickened form, the generic instruction it specialises; null for generic ones. */
    public Opcode family() {
        return family;
    }

    public boolean isSpecialized() {
        return family != null;
    }

    /** The generic instruction: {@code family()} for quickened forms, else this. */
    public Opcode generic() {
        return family == null ? this : family;
    }

    public boolean isJump() {
        return arg == Arg.JUMP;
    }

    /** True if control never continues to the next instruction. */
    public boolean isTerminal() {
        return switch (generic()) {
            case RETURN_VALUE, RAISE_VARARGS, RERAISE, JUMP_FORWARD, JUMP_BACKWARD -> true;
            default -> false;
        };
    }

    /** Items popped (and required to be present). */
    public int pops(int oparg) {
        return effect.pops().of(oparg);
    }

    /** Items pushed when execution falls through. */
    public int pushes(int oparg) {
        return effect.pushes().of(oparg);
    }

    /** Items pushed when the jump is taken (jumps only). */
    public int branchPushes(int oparg) {
        return effect.branchPushes().of(oparg);
    }

    /** Net stack effect, fall-through ({@code branch=false}) or jump edge. */
    public int stackEffect(int oparg, boolean branch) {
        return (branch ? branchPushes(oparg) : pushes(oparg)) - pops(oparg);
    }

    /** Stack picture, e.g. {@code [a, b] -> [a op b]}. */
    public String stack() {
        return stack;
    }

    public String description() {
        return description;
    }

    static {
        if (BY_CODE.length > 256) {
            throw new ExceptionInInitializerError("more than 256 opcodes");
        }
        if (CACHE.ordinal() != 0) {
            throw new ExceptionInInitializerError("CACHE must be opcode 0");
        }
    }
}
