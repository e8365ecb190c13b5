package io.github.freethread.vm.bytecode;

import static io.github.freethread.vm.bytecode.Opcode.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerifierTest {

    /** Hand-assembled code: pairs of (opcode, oparg) with prefixes and zero caches. */
    private static char[] units(Object... opsAndArgs) {
        char[] buf = new char[256];
        int at = 0;
        for (int i = 0; i < opsAndArgs.length; i += 2) {
            at = CodeUnits.write(buf, at, (Opcode) opsAndArgs[i], (Integer) opsAndArgs[i + 1]);
        }
        return java.util.Arrays.copyOf(buf, at);
    }

    private static CodeObject code(char[] code, int maxStack, List<ExceptionTable.Entry> table) {
        return new CodeObject(CodeObject.Kind.FUNCTION, "f", "t.py", 1, 1, 0, List.of("x"), List.of("g"),
                List.of(1L, ConstNone.NONE), code, LineTable.empty(), new ExceptionTable(table), maxStack);
    }

    private static CodeObject code(char[] code, int maxStack) {
        return code(code, maxStack, List.of());
    }

    private static void rejects(CodeObject co, int offset, String reason) {
        assertThatThrownBy(() -> Verifier.verify(co))
                .isInstanceOfSatisfying(VerifyError.class, e -> {
                    assertThat(e.reason()).contains(reason);
                    assertThat(e.offset()).isEqualTo(offset);
                });
    }

    private static final char[] RETURN_NONE = units(LOAD_CONST, 1, RETURN_VALUE, 0);

    @Test
    void shouldAcceptWellFormedCode() {
        assertThatCode(() -> Verifier.verify(code(RETURN_NONE, 1))).doesNotThrowAnyException();
    }

    @Test
    void shouldRejectBadHeaders() {
        CodeObject badDefaults = new CodeObject(CodeObject.Kind.FUNCTION, "f", "t.py", 1, 1, 2, List.of("x"), List.of(),
                List.of(ConstNone.NONE), units(LOAD_CONST, 0, RETURN_VALUE, 0), LineTable.empty(), new ExceptionTable(List.of()), 1);
        rejects(badDefaults, -1, "inconsistent header");
        rejects(code(new char[0], 1), -1, "empty code");
        rejects(code(RETURN_NONE, -1), -1, "negative maxStack");
    }

    @Test
    void shouldRejectUndecodableCode() {
        rejects(code(new char[] {250, RETURN_NONE[0], RETURN_NONE[1]}, 1), 0, "unknown opcode 250");
        rejects(code(new char[] {0, RETURN_NONE[0], RETURN_NONE[1]}, 1), 0, "CACHE unit where an instruction should start");
        rejects(code(units(LOAD_CONST, 1, BINARY_OP_ADD_INT, 0), 2), 1, "quickened opcode");
        rejects(code(new char[] {CodeUnits.unit(EXTENDED_ARG, 1)}, 1), 0, "EXTENDED_ARG at the end");
        char ext = CodeUnits.unit(EXTENDED_ARG, 0);
        rejects(code(new char[] {ext, ext, ext, ext, CodeUnits.unit(LOAD_CONST, 0)}, 1), 0, "more than three EXTENDED_ARG");
        rejects(code(new char[] {CodeUnits.unit(POP_TOP, 3), CodeUnits.unit(RETURN_VALUE, 0)}, 1), 0, "takes no oparg");
        rejects(code(new char[] {CodeUnits.unit(LOAD_CONST, 0), CodeUnits.unit(LOAD_CONST, 0), CodeUnits.unit(BINARY_OP, 0)}, 2),
                2, "cache units run past the end");
        char[] dirty = units(LOAD_CONST, 0, LOAD_CONST, 0, BINARY_OP, 0, RETURN_VALUE, 0);
        dirty[3] = 7;
        rejects(code(dirty, 2), 3, "cache unit of BINARY_OP is not zero");
    }

    @Test
    void shouldRejectOperandsOutOfRange() {
        rejects(code(units(LOAD_CONST, 2, RETURN_VALUE, 0), 1), 0, "constant index 2 out of range");
        rejects(code(units(LOAD_GLOBAL, 1, RETURN_VALUE, 0), 1), 0, "name index 1 out of range");
        rejects(code(units(LOAD_FAST, 1, RETURN_VALUE, 0), 1), 0, "local index 1 out of range");
        rejects(code(units(LOAD_CONST, 300, RETURN_VALUE, 0), 1), 0, "constant index 300 out of range");
        rejects(code(units(LOAD_CONST, 0, LOAD_CONST, 0, BINARY_OP, 24, RETURN_VALUE, 0), 2), 2, "is not an operator");
        rejects(code(units(LOAD_CONST, 0, LOAD_CONST, 0, COMPARE_OP, 6, RETURN_VALUE, 0), 2), 2, "is not a comparison");
        rejects(code(units(LOAD_CONST, 0, LOAD_CONST, 0, IS_OP, 2, RETURN_VALUE, 0), 2), 2, "must be 0 or 1");
        rejects(code(units(LOAD_CONST, 0, FORMAT_VALUE, 8, RETURN_VALUE, 0), 2), 1, "flags 8 out of range");
        rejects(code(units(LOAD_CONST, 0, MAKE_FUNCTION, 2, RETURN_VALUE, 0), 2), 1, "flags 2 out of range");
        rejects(code(units(LOAD_CONST, 0, COPY, 0, RETURN_VALUE, 0), 2), 1, "COPY needs n >= 1");
        rejects(code(units(LOAD_CONST, 0, LOAD_CONST, 0, SWAP, 1, RETURN_VALUE, 0), 2), 2, "SWAP needs n >= 2");
        rejects(code(units(LOAD_CONST, 0, BUILD_SLICE, 4, RETURN_VALUE, 0), 4), 1, "BUILD_SLICE needs 2 or 3");
        rejects(code(units(RAISE_VARARGS, 3), 3), 0, "RAISE_VARARGS oparg must be 0, 1 or 2");
        rejects(code(units(BUILD_LIST, 0, LIST_APPEND, 0, RETURN_VALUE, 0), 2), 1, "LIST_APPEND needs n >= 1");
    }

    @Test
    void shouldRejectUntypedOperandsOfMakeFunctionAndCallKw() {
        rejects(code(units(LOAD_CONST, 0, MAKE_FUNCTION, 0, RETURN_VALUE, 0), 1), 1, "is not a function code object");
        rejects(code(units(LOAD_FAST, 0, MAKE_FUNCTION, 0, RETURN_VALUE, 0), 1), 1, "must directly follow the LOAD_CONST");
        CodeObject fn = new CodeObject(CodeObject.Kind.FUNCTION, "g", "t.py", 1, 0, 0, List.of(), List.of(), List.of(ConstNone.NONE),
                units(LOAD_CONST, 0, RETURN_VALUE, 0), LineTable.empty(), new ExceptionTable(List.of()), 1);
        CodeObject ok = new CodeObject(CodeObject.Kind.MODULE, "m", "t.py", 1, 0, 0, List.of(), List.of("f"),
                List.of(fn, new ConstTuple(List.of("k")), new ConstTuple(List.of(1L)), new ConstTuple(List.of("k", "k"))),
                units(LOAD_CONST, 0, MAKE_FUNCTION, 0, PUSH_NULL, 0, LOAD_CONST, 0, LOAD_CONST, 1, CALL_KW, 1, RETURN_VALUE, 0),
                LineTable.empty(), new ExceptionTable(List.of()), 4);
        Verifier.verify(ok);
        CodeObject badNames = new CodeObject(CodeObject.Kind.MODULE, "m", "t.py", 1, 0, 0, List.of(), List.of("f"), ok.constants(),
                units(LOAD_CONST, 0, MAKE_FUNCTION, 0, PUSH_NULL, 0, LOAD_CONST, 0, LOAD_CONST, 2, CALL_KW, 1, RETURN_VALUE, 0),
                LineTable.empty(), new ExceptionTable(List.of()), 4);
        rejects(badNames, 5, "is not a tuple of at most 1 distinct keyword names");
        CodeObject dupNames = new CodeObject(CodeObject.Kind.MODULE, "m", "t.py", 1, 0, 0, List.of(), List.of("f"), ok.constants(),
                units(LOAD_CONST, 0, MAKE_FUNCTION, 0, PUSH_NULL, 0, LOAD_CONST, 0, LOAD_CONST, 0, LOAD_CONST, 3, CALL_KW, 2, RETURN_VALUE, 0),
                LineTable.empty(), new ExceptionTable(List.of()), 5);
        rejects(dupNames, 6, "distinct keyword names");
    }

    @Test
    void shouldRejectBadJumpTargets() {
        rejects(code(units(JUMP_FORWARD, 9, LOAD_CONST, 1, RETURN_VALUE, 0), 1), 0, "jump target 9 is not the start of an instruction");
        // Offset 3 is the cache unit of FOR_ITER.
        rejects(code(units(LOAD_CONST, 0, GET_ITER, 0, FOR_ITER, 3, RETURN_VALUE, 0), 2), 2, "jump target 3 is not the start");
        rejects(code(units(LOAD_CONST, 1, JUMP_FORWARD, 0, RETURN_VALUE, 0), 1), 1, "does not go forward");
        rejects(code(units(JUMP_BACKWARD, 1, LOAD_CONST, 1, RETURN_VALUE, 0), 1), 0, "does not go backward");
        rejects(code(units(LOAD_FAST, 0, POP_JUMP_IF_TRUE, 0, LOAD_CONST, 1, RETURN_VALUE, 0), 1), 1,
                "POP_JUMP_IF_TRUE to 0 does not go forward (only JUMP_BACKWARD may jump back)");
    }

    @Test
    void shouldRejectStackUnderflowAndOverflow() {
        rejects(code(units(POP_TOP, 0, LOAD_CONST, 1, RETURN_VALUE, 0), 1), 0, "stack underflow");
        rejects(code(units(LOAD_CONST, 0, LOAD_CONST, 0, RETURN_VALUE, 0), 1), 1, "stack overflow");
        rejects(code(units(LOAD_CONST, 0, BUILD_TUPLE, 2, RETURN_VALUE, 0), 2), 1, "stack underflow");
    }

    @Test
    void shouldRejectInconsistentDepthAtMergePoint() {
        // x; if x: push one more item; both paths meet at RETURN_VALUE (offset 4) with depths 1 and 2.
        char[] c = units(LOAD_FAST, 0, LOAD_FAST, 0, POP_JUMP_IF_FALSE, 4, LOAD_CONST, 0, RETURN_VALUE, 0);
        rejects(code(c, 2), 3, "inconsistent stack depth at 4: 1 on one path, 2 from here");
    }

    @Test
    void shouldRejectFallingOffTheEnd() {
        rejects(code(units(LOAD_CONST, 0, POP_TOP, 0), 1), 1, "falls off the end");
    }

    @Test
    void shouldRejectMalformedExceptionTables() {
        char[] c = units(LOAD_CONST, 1, POP_TOP, 0, LOAD_CONST, 1, RETURN_VALUE, 0, RERAISE, 0);
        rejects(code(c, 2, List.of(new ExceptionTable.Entry(2, 1, 4, 0))), 2, "is empty or inverted");
        rejects(code(c, 2, List.of(new ExceptionTable.Entry(0, 2, 4, 0), new ExceptionTable.Entry(1, 3, 4, 0))), 1, "overlaps");
        rejects(code(c, 2, List.of(new ExceptionTable.Entry(0, 2, 9, 0))), 0, "lies outside the code");
        rejects(code(c, 2, List.of(new ExceptionTable.Entry(0, 2, 4, -1))), 0, "negative depth");
        char[] wide = units(LOAD_CONST, 1, BINARY_SUBSCR, 0, RETURN_VALUE, 0);
        rejects(code(wide, 2, List.of(new ExceptionTable.Entry(0, 2, 0, 0))), 0, "does not cover whole instructions");
        rejects(code(wide, 2, List.of(new ExceptionTable.Entry(0, 1, 2, 0))), 0, "targets 2, not an instruction start");
    }

    @Test
    void shouldRejectStackBelowHandlerDepthAndHandlerOverflow() {
        char[] c = units(LOAD_CONST, 1, RETURN_VALUE, 0, RERAISE, 0);
        rejects(code(c, 2, List.of(new ExceptionTable.Entry(0, 1, 2, 1))), 0, "below the depth 1 of its exception handler");
        rejects(code(c, 1, List.of(new ExceptionTable.Entry(1, 2, 2, 1))), 1, "exceeds maxStack");
    }

    @Test
    void shouldVerifyNestedCodeObjects() {
        CodeObject bad = new CodeObject(CodeObject.Kind.FUNCTION, "inner", "t.py", 2, 0, 0, List.of(), List.of(),
                List.of(), units(POP_TOP, 0), LineTable.empty(), new ExceptionTable(List.of()), 0);
        List<Object> consts = new ArrayList<>(List.of(bad, ConstNone.NONE));
        CodeObject outer = new CodeObject(CodeObject.Kind.MODULE, "<module>", "t.py", 1, 0, 0, List.of(), List.of(),
                consts, units(LOAD_CONST, 1, RETURN_VALUE, 0), LineTable.empty(), new ExceptionTable(List.of()), 1);
        assertThatThrownBy(() -> Verifier.verify(outer))
                .isInstanceOfSatisfying(VerifyError.class, e -> assertThat(e.codeName()).isEqualTo("inner"));
    }

    @Test
    void shouldRejectNonConstantValuesInThePool() {
        assertThatThrownBy(() -> new CodeObject(CodeObject.Kind.MODULE, "m", "t.py", 1, 0, 0, List.of(), List.of(),
                List.of(new Object()), RETURN_NONE, LineTable.empty(), new ExceptionTable(List.of()), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a code constant");
        assertThatThrownBy(() -> new CodeObject(CodeObject.Kind.MODULE, "m", "t.py", 1, 0, 0, List.of(), List.of(),
                List.of(java.math.BigInteger.TEN), RETURN_NONE, LineTable.empty(), new ExceptionTable(List.of()), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fits in a long");
    }
}
