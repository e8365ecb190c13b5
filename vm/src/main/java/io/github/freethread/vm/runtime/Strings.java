package io.github.freethread.vm.runtime;

import static io.github.freethread.vm.runtime.VmThread.*;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

import io.github.freethread.vm.bytecode.PyRepr;

/**
 * str concatenation, {@code %}-formatting and the format-spec mini-language of {@code format()},
 * f-strings and {@code str.format}: {@code [[fill]align][sign][#][0][width][,|_][.precision][type]}
 * with types {@code d b o x X n c s f F e E g G %}. Float formatting rounds the exact binary value
 * half-even (BigDecimal), as CPython's dtoa does; Java's Formatter would not.
 */
public final class Strings {
    private Strings() {
    }

    public static long concat(VmThread t, long a, long b) {
        return t.newStr(VmThread.str(a) + VmThread.str(b));
    }

    /** {@code format(value, spec)} as a Java string. */
    public static String format(VmThread t, long v, String spec) {
        if (spec.isEmpty()) {
            return Reprs.str(t, v);
        }
        Spec s = Spec.parse(spec);
        int type = typeOf(v);
        String body;
        boolean numeric = true;
        if (type == TypeIds.STR) {
            if (s.type != 0 && s.type != 's') {
                throw PyError.valueError("Unknown format code '" + s.type + "' for object of type 'str'");
            }
            if (s.sign != 0) {
                throw PyError.valueError("Sign not allowed in string format specifier");
            }
            body = VmThread.str(v);
            if (s.precision >= 0 && body.length() > s.precision) {
                body = body.substring(0, s.precision);
            }
            numeric = false;
            return pad(body, s, '<', false);
        }
        if (type == TypeIds.INT || type == TypeIds.BIGINT || type == TypeIds.BOOL) {
            if (s.type == 0 && type == TypeIds.BOOL && s.width < 0) {
                return Reprs.str(t, v);
            }
            if ("eEfFgG%".indexOf(s.type) >= 0) {
                return formatFloat(Numbers.toDouble(v), s);
            }
            BigInteger b = bigValue(v);
            String digits;
            switch (s.type) {
                case 0, 'd', 'n' -> digits = b.abs().toString();
                case 'x' -> digits = (s.alt ? "0x" : "") + b.abs().toString(16);
                case 'X' -> digits = (s.alt ? "0X" : "") + b.abs().toString(16).toUpperCase();
                case 'o' -> digits = (s.alt ? "0o" : "") + b.abs().toString(8);
                case 'b' -> digits = (s.alt ? "0b" : "") + b.abs().toString(2);
                case 'c' -> digits = new String(Character.toChars(b.intValue()));
                case 's' -> throw PyError.valueError("Unknown format code 's' for object of type 'int'");
                default -> throw PyError.valueError("Unknown format code '" + s.type + "' for object of type 'int'");
            }
            if (s.grouping != 0) {
                digits = group(digits, s.grouping, s.type == 'x' || s.type == 'X' || s.type == 'b' || s.type == 'o' ? 4 : 3);
            }
            return numberPad(b.signum() < 0, digits, s);
        }
        if (type == TypeIds.FLOAT) {
            if (s.type == 's' || "dxXobcn".indexOf(s.type) >= 0 && s.type != 0) {
                throw PyError.valueError("Unknown format code '" + s.type + "' for object of type 'float'");
            }
            return formatFloat(floatValue(v), s);
        }
        if (s.type != 0 && s.type != 's') {
            throw PyError.typeError("unsupported format string passed to " + typeName(v) + ".__format__");
        }
        return pad(Reprs.str(t, v), s, '<', false);
    }

    static String formatFloat(double d, Spec s) {
        boolean neg = d < 0 || (d == 0 && 1 / d < 0);
        double a = Math.abs(d);
        String body;
        char type = s.type;
        int p = s.precision;
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            body = Double.isNaN(d) ? "nan" : "inf";
            neg = d < 0;
            if (Character.isUpperCase(type)) {
                body = body.toUpperCase();
            }
            if (type == '%') {
                body += "%";
            }
        } else {
            switch (type) {
                case 'f', 'F' -> body = fixed(a, p < 0 ? 6 : p, s.alt);
                case '%' -> body = fixed(a * 100, p < 0 ? 6 : p, s.alt) + "%";
                case 'e', 'E' -> {
                    body = exp(a, p < 0 ? 6 : p, s.alt);
                    if (type == 'E') {
                        body = body.toUpperCase();
                    }
                }
                case 'g', 'G', 'n' -> {
                    body = general(a, p < 0 ? 6 : p == 0 ? 1 : p, s.alt);
                    if (type == 'G') {
                        body = body.toUpperCase();
                    }
                }
                default -> {
                    if (p < 0) {
                        body = PyRepr.ofFloat(a);
                    } else {
                        body = general(a, p == 0 ? 1 : p, s.alt);
                        if (body.indexOf('.') < 0 && body.indexOf('e') < 0) {
                            body += ".0";
                        }
                    }
                }
            }
        }
        if (s.grouping != 0) {
            int dot = body.indexOf('.');
            int end = dot >= 0 ? dot : body.indexOf('e') >= 0 ? body.indexOf('e') : body.length();
            if (Character.isDigit(body.charAt(0))) {
                body = group(body.substring(0, end), s.grouping, 3) + body.substring(end);
            }
        }
        return numberPad(neg, body, s);
    }

    static String fixed(double a, int p, boolean alt) {
        String r = new BigDecimal(a).setScale(p, RoundingMode.HALF_EVEN).toPlainString();
        return p == 0 && alt ? r + "." : r;
    }

    static String exp(double a, int p, boolean alt) {
        if (a == 0) {
            return "0" + (p > 0 ? "." + "0".repeat(p) : alt ? "." : "") + "e+00";
        }
        BigDecimal r = new BigDecimal(a).round(new MathContext(p + 1, RoundingMode.HALF_EVEN));
        String digits = r.unscaledValue().toString();
        int e = digits.length() - 1 - r.scale();
        digits = (digits + "0".repeat(p + 1)).substring(0, p + 1);
        StringBuilder sb = new StringBuilder().append(digits.charAt(0));
        if (p > 0) {
            sb.append('.').append(digits, 1, p + 1);
        } else if (alt) {
            sb.append('.');
        }
        sb.append('e').append(e < 0 ? '-' : '+');
        int ae = Math.abs(e);
        if (ae < 10) {
            sb.append('0');
        }
        return sb.append(ae).toString();
    }

    static String general(double a, int p, boolean alt) {
        int e;
        if (a == 0) {
            e = 0;
        } else {
            BigDecimal r = new BigDecimal(a).round(new MathContext(p, RoundingMode.HALF_EVEN));
            e = r.precision() - 1 - r.scale();
        }
        String body;
        if (e >= -4 && e < p) {
            body = fixed(a, p - 1 - e, alt);
        } else {
            body = exp(a, p - 1, alt);
        }
        if (!alt) {
            int ei = body.indexOf('e');
            String mant = ei >= 0 ? body.substring(0, ei) : body;
            String rest = ei >= 0 ? body.substring(ei) : "";
            if (mant.indexOf('.') >= 0) {
                mant = mant.replaceAll("0+$", "");
                if (mant.endsWith(".")) {
                    mant = mant.substring(0, mant.length() - 1);
                }
            }
            body = mant + rest;
        }
        return body;
    }

    private static String group(String digits, char sep, int every) {
        StringBuilder sb = new StringBuilder();
        int n = digits.length();
        for (int i = 0; i < n; i++) {
            if (i > 0 && (n - i) % every == 0) {
                sb.append(sep);
            }
            sb.append(digits.charAt(i));
        }
        return sb.toString();
    }

    private static String numberPad(boolean neg, String body, Spec s) {
        String sign = neg ? "-" : s.sign == '+' ? "+" : s.sign == ' ' ? " " : "";
        if (s.zero && s.align == 0) {
            int w = s.width - sign.length();
            StringBuilder sb = new StringBuilder(sign);
            for (int i = body.length(); i < w; i++) {
                sb.append('0');
            }
            return sb.append(body).toString();
        }
        if (s.align == '=') {
            int w = s.width - sign.length();
            StringBuilder sb = new StringBuilder(sign);
            for (int i = body.length(); i < w; i++) {
                sb.appendCodePoint(s.fill);
            }
            return sb.append(body).toString();
        }
        return pad(sign + body, s, '>', true);
    }

    private static String pad(String body, Spec s, char defaultAlign, boolean numeric) {
        int len = body.codePointCount(0, body.length());
        if (s.width <= len) {
            return body;
        }
        int fill = s.fill;
        char align = s.align == 0 ? defaultAlign : s.align;
        int n = s.width - len;
        String f = new String(Character.toChars(fill));
        return switch (align) {
            case '<' -> body + f.repeat(n);
            case '^' -> f.repeat(n / 2) + body + f.repeat(n - n / 2);
            default -> f.repeat(n) + body;
        };
    }

    /** A parsed format spec. */
    static final class Spec {
        int fill = ' ';
        char align;
        char sign;
        boolean alt;
        boolean zero;
        int width = -1;
        char grouping;
        int precision = -1;
        char type;

        static Spec parse(String spec) {
            Spec s = new Spec();
            int i = 0;
            int n = spec.length();
            if (n >= 2 && "<>=^".indexOf(spec.charAt(1)) >= 0) {
                s.fill = spec.charAt(0);
                s.align = spec.charAt(1);
                i = 2;
            } else if (n >= 1 && "<>=^".indexOf(spec.charAt(0)) >= 0) {
                s.align = spec.charAt(0);
                i = 1;
            }
            if (i < n && "+- ".indexOf(spec.charAt(i)) >= 0) {
                s.sign = spec.charAt(i++);
            }
            if (i < n && spec.charAt(i) == '#') {
                s.alt = true;
                i++;
            }
            if (i < n && spec.charAt(i) == '0') {
                s.zero = true;
                if (s.align == 0) {
                    s.fill = '0';
                }
                i++;
            }
            int w = 0;
            boolean hasW = false;
            while (i < n && Character.isDigit(spec.charAt(i))) {
                w = w * 10 + (spec.charAt(i++) - '0');
                hasW = true;
            }
            if (hasW) {
                s.width = w;
            }
            if (i < n && (spec.charAt(i) == ',' || spec.charAt(i) == '_')) {
                s.grouping = spec.charAt(i++);
            }
            if (i < n && spec.charAt(i) == '.') {
                i++;
                int p = 0;
                boolean hasP = false;
                while (i < n && Character.isDigit(spec.charAt(i))) {
                    p = p * 10 + (spec.charAt(i++) - '0');
                    hasP = true;
                }
                if (!hasP) {
                    throw PyError.valueError("Format specifier missing precision");
                }
                s.precision = p;
            }
            if (i < n) {
                s.type = spec.charAt(i++);
            }
            if (i < n) {
                throw PyError.valueError("Invalid format specifier '" + spec + "' for object");
            }
            if (s.zero && s.align != 0 && s.fill == ' ') {
                s.zero = false;
            }
            return s;
        }
    }

    /** {@code str % args} for the conversions d i s r f e g x (a small printf). */
    public static long percentFormat(VmThread t, long fmt, long args) {
        String f = VmThread.str(fmt);
        long[] items;
        if (typeOf(args) == TypeIds.TUPLE) {
            items = new long[(int) tupleSize(args)];
            for (int i = 0; i < items.length; i++) {
                items[i] = tupleItem(args, i);
            }
        } else {
            items = new long[] {args};
        }
        StringBuilder sb = new StringBuilder();
        int ai = 0;
        for (int i = 0; i < f.length(); i++) {
            char c = f.charAt(i);
            if (c != '%') {
                sb.append(c);
                continue;
            }
            int j = i + 1;
            while (j < f.length() && "-+ #0123456789.".indexOf(f.charAt(j)) >= 0) {
                j++;
            }
            if (j >= f.length()) {
                throw PyError.valueError("incomplete format");
            }
            char conv = f.charAt(j);
            String flags = f.substring(i + 1, j);
            i = j;
            if (conv == '%') {
                sb.append('%');
                continue;
            }
            if (ai >= items.length) {
                throw PyError.typeError("not enough arguments for format string");
            }
            long a = items[ai++];
            String spec = flags.startsWith("-") ? "<" + flags.substring(1) : flags;
            switch (conv) {
                case 's' -> sb.append(pad(Reprs.str(t, a), Spec.parse(spec), '<', false));
                case 'r' -> sb.append(pad(Reprs.repr(t, a), Spec.parse(spec), '<', false));
                case 'd', 'i' -> sb.append(format(t, a, spec + "d"));
                default -> sb.append(format(t, a, spec + conv));
            }
        }
        if (ai < items.length) {
            throw PyError.typeError("not all arguments converted during string formatting");
        }
        return t.newStr(sb.toString());
    }
}
