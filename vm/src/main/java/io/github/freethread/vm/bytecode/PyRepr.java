package io.github.freethread.vm.bytecode;

import java.math.BigDecimal;
import java.util.stream.Collectors;

/**
 * Python's {@code repr} of constant values, as the disassembler shows them and as the interpreter
 * must print them: float repr is the shortest string that round-trips (Java's
 * {@code Double.toString} digits, which are shortest since JDK 19) laid out with CPython's rule
 * (exponent form when the decimal exponent is below -4 or at least 16), and str repr follows
 * CPython's quote choice and escapes of non-printable characters.
 */
public final class PyRepr {
    private PyRepr() {
    }

    public static String of(Object c) {
        return switch (c) {
            case null -> "NULL";
            case Double d -> ofFloat(d);
            case String s -> ofString(s);
            case Boolean b -> b ? "True" : "False";
            case ConstNone n -> "None";
            case ConstTuple t -> t.items().size() == 1 ? "(" + of(t.items().getFirst()) + ",)"
                    : t.items().stream().map(PyRepr::of).collect(Collectors.joining(", ", "(", ")"));
            case CodeObject co -> "<code object " + co.name() + ", file \"" + co.filename() + "\", line " + co.firstLine() + ">";
            default -> String.valueOf(c);
        };
    }

    /** {@code repr(float)} exactly as CPython prints it. */
    public static String ofFloat(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0.0) {
            return (1.0 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal bd = shortest(Math.abs(d));
        String digits = bd.unscaledValue().toString();
        int decpt = digits.length() - bd.scale(); // value = 0.DIGITS * 10^decpt
        StringBuilder sb = new StringBuilder(d < 0 ? "-" : "");
        if (decpt > -4 && decpt <= 16) {
            if (decpt <= 0) {
                sb.append("0.").append("0".repeat(-decpt)).append(digits);
            } else if (decpt >= digits.length()) {
                sb.append(digits).append("0".repeat(decpt - digits.length())).append(".0");
            } else {
                sb.append(digits, 0, decpt).append('.').append(digits, decpt, digits.length());
            }
        } else {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            int e = decpt - 1;
            sb.append('e').append(e < 0 ? '-' : '+');
            int ae = Math.abs(e);
            if (ae < 10) {
                sb.append('0');
            }
            sb.append(ae);
        }
        return sb.toString();
    }

    /**
     * Shortest decimal that rounds to {@code x} (x > 0, finite). Java's digits are shortest except
     * that when one significant digit would do, Java may print two (the nearer two-digit decimal),
     * so one-digit candidates are tried first, as Python's repr (David Gay's mode 0) would.
     */
    private static BigDecimal shortest(double x) {
        BigDecimal javaDigits = new BigDecimal(Double.toString(x)).stripTrailingZeros();
        if (javaDigits.precision() == 2) {
            BigDecimal exact = new BigDecimal(x);
            for (java.math.RoundingMode mode : new java.math.RoundingMode[] {java.math.RoundingMode.HALF_EVEN,
                    java.math.RoundingMode.FLOOR, java.math.RoundingMode.CEILING}) {
                BigDecimal one = exact.round(new java.math.MathContext(1, mode));
                if (Double.parseDouble(one.toString()) == x) {
                    return one.stripTrailingZeros();
                }
            }
        }
        return javaDigits;
    }

    /** {@code repr(str)} exactly as CPython prints it. */
    public static String ofString(String s) {
        char quote = (s.indexOf('\'') >= 0 && s.indexOf('"') < 0) ? '"' : '\'';
        StringBuilder sb = new StringBuilder(s.length() + 2).append(quote);
        s.codePoints().forEach(cp -> {
            if (cp == quote || cp == '\\') {
                sb.append('\\').appendCodePoint(cp);
            } else if (cp == '\n') {
                sb.append("\\n");
            } else if (cp == '\r') {
                sb.append("\\r");
            } else if (cp == '\t') {
                sb.append("\\t");
            } else if (isPrintable(cp)) {
                sb.appendCodePoint(cp);
            } else if (cp < 0x100) {
                sb.append(String.format("\\x%02x", cp));
            } else if (cp < 0x10000) {
                sb.append(String.format("\\u%04x", cp));
            } else {
                sb.append(String.format("\\U%08x", cp));
            }
        });
        return sb.append(quote).toString();
    }

    /** Python's {@code str.isprintable} for one code point. */
    public static boolean isPrintable(int cp) {
        if (cp == ' ') {
            return true;
        }
        int t = Character.getType(cp);
        return switch (t) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                 Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }
}
