package io.github.freethread.vm.bytecode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PyReprTest {

    // Expected strings produced by CPython 3.11: repr(float(x)).
    @ParameterizedTest
    @CsvSource({
        "1.0, 1.0", "0.1, 0.1", "-2.5, -2.5", "1e16, 1e+16", "1e15, 1000000000000000.0", "123456789012345678, 1.2345678901234568e+17",
        "0.0001, 0.0001", "0.00001, 1e-05", "1.5e-7, 1.5e-07", "3.141592653589793, 3.141592653589793", "1e300, 1e+300",
        "5e-324, 5e-324", "0.30000000000000004, 0.30000000000000004", "-0.0, -0.0", "100.0, 100.0", "1.7976931348623157e308, 1.7976931348623157e+308",
    })
    void shouldPrintFloatsLikeCPython(double value, String expected) {
        assertThat(PyRepr.ofFloat(value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "abc|'abc'", "it's|\"it's\"", "a'b\"c|'a\\'b\"c'", "tab\there|'tab\\there'", "back\\slash|'back\\\\slash'",
    })
    void shouldPrintStringsLikeCPython(String value, String expected) {
        assertThat(PyRepr.ofString(value)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void shouldEscapeNonPrintableCharacters() {
        assertThat(PyRepr.ofString("\u0000\n\u007f\u00e9\u200b")).isEqualTo("'\\x00\\n\\x7f\u00e9\\u200b'");
        assertThat(PyRepr.of(new ConstTuple(java.util.List.of(1L)))).isEqualTo("(1,)");
        assertThat(PyRepr.of(new ConstTuple(java.util.List.of(1L, "a", ConstNone.NONE, true)))).isEqualTo("(1, 'a', None, True)");
    }
}
