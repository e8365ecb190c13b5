package io.github.freethread.vm.interp;

/**
 * Opcode numbers as compile-time constants for the dispatch switch (Java cannot switch on
 * {@code Opcode.X.ordinal()}). Generated from the order of {@link io.github.freethread.vm.bytecode.Opcode};
 * {@code OpTest} checks that every constant equals its enum's code.
 */
public final class Op {
    private Op() {
    }

    public static final int CACHE = 0;
    public static final int NOP = 1;
    public static final int EXTENDED_ARG = 2;
    public static final int POP_TOP = 3;
    public static final int PUSH_NULL = 4;
    public static final int COPY = 5;
    public static final int SWAP = 6;
    public static final int LOAD_CONST = 7;
    public static final int LOAD_FAST = 8;
    public static final int STORE_FAST = 9;
    public static final int DELETE_FAST = 10;
    public static final int LOAD_GLOBAL = 11;
    public static final int STORE_GLOBAL = 12;
    public static final int DELETE_GLOBAL = 13;
    public static final int LOAD_ATTR = 14;
    public static final int STORE_ATTR = 15;
    public static final int DELETE_ATTR = 16;
    public static final int LOAD_METHOD = 17;
    public static final int BINARY_OP = 18;
    public static final int UNARY_NEGATIVE = 19;
    public static final int UNARY_POSITIVE = 20;
    public static final int UNARY_INVERT = 21;
    public static final int UNARY_NOT = 22;
    public static final int COMPARE_OP = 23;
    public static final int IS_OP = 24;
    public static final int CONTAINS_OP = 25;
    public static final int BINARY_SUBSCR = 26;
    public static final int STORE_SUBSCR = 27;
    public static final int DELETE_SUBSCR = 28;
    public static final int BUILD_SLICE = 29;
    public static final int BUILD_LIST = 30;
    public static final int BUILD_TUPLE = 31;
    public static final int BUILD_MAP = 32;
    public static final int LIST_APPEND = 33;
    public static final int UNPACK_SEQUENCE = 34;
    public static final int FORMAT_VALUE = 35;
    public static final int BUILD_STRING = 36;
    public static final int JUMP_FORWARD = 37;
    public static final int JUMP_BACKWARD = 38;
    public static final int POP_JUMP_IF_FALSE = 39;
    public static final int POP_JUMP_IF_TRUE = 40;
    public static final int GET_ITER = 41;
    public static final int FOR_ITER = 42;
    public static final int RETURN_VALUE = 43;
    public static final int CALL = 44;
    public static final int CALL_KW = 45;
    public static final int MAKE_FUNCTION = 46;
    public static final int IMPORT_NAME = 47;
    public static final int IMPORT_FROM = 48;
    public static final int RAISE_VARARGS = 49;
    public static final int RERAISE = 50;
    public static final int PUSH_EXC_INFO = 51;
    public static final int POP_EXCEPT = 52;
    public static final int CHECK_EXC_MATCH = 53;
    public static final int LOAD_ASSERTION_ERROR = 54;
    public static final int BEFORE_WITH = 55;
    public static final int WITH_EXCEPT_START = 56;
    public static final int BINARY_OP_ADD_INT = 57;
    public static final int BINARY_OP_SUBTRACT_INT = 58;
    public static final int BINARY_OP_MULTIPLY_INT = 59;
    public static final int BINARY_OP_ADD_FLOAT = 60;
    public static final int BINARY_OP_SUBTRACT_FLOAT = 61;
    public static final int BINARY_OP_MULTIPLY_FLOAT = 62;
    public static final int BINARY_OP_TRUE_DIVIDE_FLOAT = 63;
    public static final int BINARY_OP_ADD_STR = 64;
    public static final int COMPARE_OP_INT = 65;
    public static final int COMPARE_OP_FLOAT = 66;
    public static final int COMPARE_OP_STR = 67;
    public static final int LOAD_GLOBAL_MODULE = 68;
    public static final int LOAD_GLOBAL_BUILTIN = 69;
    public static final int LOAD_ATTR_MODULE = 70;
    public static final int LOAD_METHOD_MODULE = 71;
    public static final int LOAD_METHOD_BUILTIN = 72;
    public static final int BINARY_SUBSCR_LIST_INT = 73;
    public static final int BINARY_SUBSCR_TUPLE_INT = 74;
    public static final int BINARY_SUBSCR_STR_INT = 75;
    public static final int BINARY_SUBSCR_DICT = 76;
    public static final int STORE_SUBSCR_LIST_INT = 77;
    public static final int STORE_SUBSCR_DICT = 78;
    public static final int UNPACK_SEQUENCE_TWO_TUPLE = 79;
    public static final int UNPACK_SEQUENCE_TUPLE = 80;
    public static final int UNPACK_SEQUENCE_LIST = 81;
    public static final int FOR_ITER_RANGE = 82;
    public static final int FOR_ITER_LIST = 83;
    public static final int FOR_ITER_TUPLE = 84;
    public static final int CALL_PY_EXACT_ARGS = 85;
    public static final int CALL_PY_WITH_DEFAULTS = 86;
    public static final int CALL_BUILTIN = 87;
    public static final int CALL_LEN = 88;
    public static final int CALL_LIST_APPEND = 89;
}
