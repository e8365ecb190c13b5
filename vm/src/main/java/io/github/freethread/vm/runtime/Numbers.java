package io.github.freethread.vm.runtime;

import static io.github.freethread.vm.runtime.VmThread.*;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * int and float arithmetic with Python's semantics: 64-bit fast paths that fall back to
 * BigInteger on overflow, floor division and modulo with the sign of the divisor, true division
 * returning float, the exact ZeroDivisionError/OverflowError messages of CPython 3.11.
 * Operands are borrowed; results are owned. Both operands must be numbers (int, bool, float);
 * callers dispatch other types.
 */
public final class Numbers {
    private Numbers() {
    }

    public static boolean isNumber(long o) {
        int t = typeOf(o);
        return t == TypeIds.INT || t == TypeIds.BOOL || t == TypeIds.BIGINT || t == TypeIds.FLOAT;
    }

    /** The float value of an int or float; OverflowError for an int beyond the float range. */
    public static double toDouble(long o) {
        int t = typeOf(o);
        if (t == TypeIds.FLOAT) {
            return floatValue(o);
        }
        if (t == TypeIds.BIGINT) {
            return bigToDouble(bigValue(o));
        }
        return (double) intValue(o);
    }

    public static double bigToDouble(BigInteger b) {
        double d = b.doubleValue();
        if (Double.isInfinite(d)) {
            throw PyError.overflow("int too large to convert to float");
        }
        return d;
    }

    /** Result of {@code a op b} for two numbers; op is a BinaryOp ordinal. */
    public static long binary(VmThread t, int op, long a, long b) {
        int ta = typeOf(a);
        int tb = typeOf(b);
        if (ta == TypeIds.FLOAT || tb == TypeIds.FLOAT) {
            return floatOp(t, op, toDouble(a), toDouble(b));
        }
        if ((ta == TypeIds.INT || ta == TypeIds.BOOL) && (tb == TypeIds.INT || tb == TypeIds.BOOL)) {
            long x = intValue(a);
            long y = intValue(b);
            if (ta == TypeIds.BOOL && tb == TypeIds.BOOL && (op == AND || op == OR || op == XOR)) {
                return t.bool(op == AND ? (x & y) != 0 : op == OR ? (x | y) != 0 : (x ^ y) != 0);
            }
            return longOp(t, op, x, y);
        }
        return bigOp(t, op, bigValue(a), bigValue(b));
    }

    // BinaryOp ordinals (ADD, AND, FLOOR_DIVIDE, LSHIFT, MULTIPLY, REMAINDER, OR, POWER, RSHIFT, SUBTRACT, TRUE_DIVIDE, XOR)
    public static final int ADD = 0;
    public static final int AND = 1;
    public static final int FLOOR_DIVIDE = 2;
    public static final int LSHIFT = 3;
    public static final int MULTIPLY = 4;
    public static final int REMAINDER = 5;
    public static final int OR = 6;
    public static final int POWER = 7;
    public static final int RSHIFT = 8;
    public static final int SUBTRACT = 9;
    public static final int TRUE_DIVIDE = 10;
    public static final int XOR = 11;

    public static long longOp(VmThread t, int op, long x, long y) {
        switch (op) {
            case ADD -> {
                long r = x + y;
                if (((x ^ r) & (y ^ r)) < 0) {
                    return t.newInt(BigInteger.valueOf(x).add(BigInteger.valueOf(y)));
                }
                return t.newInt(r);
            }
            case SUBTRACT -> {
                long r = x - y;
                if (((x ^ y) & (x ^ r)) < 0) {
                    return t.newInt(BigInteger.valueOf(x).subtract(BigInteger.valueOf(y)));
                }
                return t.newInt(r);
            }
            case MULTIPLY -> {
                long hi = Math.multiplyHigh(x, y);
                long lo = x * y;
                if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) {
                    return t.newInt(lo);
                }
                return t.newInt(BigInteger.valueOf(x).multiply(BigInteger.valueOf(y)));
            }
            case FLOOR_DIVIDE -> {
                if (y == 0) {
                    throw PyError.zeroDivision("integer division or modulo by zero");
                }
                if (x == Long.MIN_VALUE && y == -1) {
                    return t.newInt(BigInteger.valueOf(x).negate());
                }
                return t.newInt(Math.floorDiv(x, y));
            }
            case REMAINDER -> {
                if (y == 0) {
                    throw PyError.zeroDivision("integer modulo by zero");
                }
                return t.newInt(y == -1 ? 0 : Math.floorMod(x, y));
            }
            case TRUE_DIVIDE -> {
                if (y == 0) {
                    throw PyError.zeroDivision("division by zero");
                }
                if (Math.abs(x) < (1L << 53) && Math.abs(y) < (1L << 53)) {
                    return t.newFloat((double) x / (double) y);
                }
                return t.newFloat(trueDivide(BigInteger.valueOf(x), BigInteger.valueOf(y)));
            }
            case AND -> {
                return t.newInt(x & y);
            }
            case OR -> {
                return t.newInt(x | y);
            }
            case XOR -> {
                return t.newInt(x ^ y);
            }
            case LSHIFT -> {
                if (y < 0) {
                    throw PyError.valueError("negative shift count");
                }
                if (y < 63 && (x == 0 || (Math.abs(x) < (1L << (62 - y)) && x != Long.MIN_VALUE))) {
                    return t.newInt(x << y);
                }
                if (y > Integer.MAX_VALUE) {
                    throw PyError.overflow("too many digits in integer");
                }
                return t.newInt(BigInteger.valueOf(x).shiftLeft((int) y));
            }
            case RSHIFT -> {
                if (y < 0) {
                    throw PyError.valueError("negative shift count");
                }
                return t.newInt(x >> Math.min(y, 63));
            }
            case POWER -> {
                if (y >= 0) {
                    try {
                        return t.newInt(exactPower(x, y));
                    } catch (ArithmeticException overflow) {
                        // the exact result needs more than 64 bits: BigInteger below
                    }
                }
                return power(t, BigInteger.valueOf(x), BigInteger.valueOf(y));
            }
            default -> throw new IllegalArgumentException("binary op " + op);
        }
    }

    /**
     * {@code x ** y} for {@code y >= 0} when it fits in a long (square and multiply with exact
     * multiplications); throws ArithmeticException when it does not. Bases 0, 1 and -1 are answered
     * directly, so {@code (-1) ** k} costs no loop whatever {@code k} is.
     */
    public static long exactPower(long x, long y) {
        if (x == 0 || x == 1) {
            return y == 0 ? 1 : x;
        }
        if (x == -1) {
            return (y & 1) == 0 ? 1 : -1;
        }
        if (y >= Long.SIZE) {
            throw new ArithmeticException("|x| >= 2 and y >= 64");
        }
        long result = 1;
        long base = x;
        for (long e = y; ; ) {
            if ((e & 1) != 0) {
                result = Math.multiplyExact(result, base);
            }
            e >>= 1;
            if (e == 0) {
                return result;
            }
            base = Math.multiplyExact(base, base);
        }
    }

    static long power(VmThread t, BigInteger x, BigInteger y) {
        if (y.signum() < 0) {
            double bx = bigToDouble(x);
            if (bx == 0) {
                throw PyError.zeroDivision("0.0 cannot be raised to a negative power");
            }
            return t.newFloat(Math.pow(bx, bigToDouble(y)));
        }
        if (y.bitLength() > 31) {
            if (x.abs().compareTo(BigInteger.ONE) <= 0) {
                return t.newInt(x.signum() == 0 ? BigInteger.ZERO : x.signum() > 0 || !y.testBit(0) ? BigInteger.ONE : x);
            }
            throw new PyError(ClassTable.MEMORY_ERROR, null);
        }
        return t.newInt(x.pow(y.intValue()));
    }

    static double trueDivide(BigInteger x, BigInteger y) {
        BigDecimal q = new BigDecimal(x).divide(new BigDecimal(y), new MathContext(40, RoundingMode.HALF_EVEN));
        double d = q.doubleValue();
        if (Double.isInfinite(d)) {
            throw PyError.overflow("integer division result too large for a float");
        }
        return d;
    }

    public static long bigOp(VmThread t, int op, BigInteger x, BigInteger y) {
        switch (op) {
            case ADD:
                return t.newInt(x.add(y));
            case SUBTRACT:
                return t.newInt(x.subtract(y));
            case MULTIPLY:
                return t.newInt(x.multiply(y));
            case FLOOR_DIVIDE: {
                if (y.signum() == 0) {
                    throw PyError.zeroDivision("integer division or modulo by zero");
                }
                return t.newInt(floorDiv(x, y));
            }
            case REMAINDER: {
                if (y.signum() == 0) {
                    throw PyError.zeroDivision("integer modulo by zero");
                }
                return t.newInt(x.subtract(floorDiv(x, y).multiply(y)));
            }
            case TRUE_DIVIDE:
                if (y.signum() == 0) {
                    throw PyError.zeroDivision("division by zero");
                }
                return t.newFloat(trueDivide(x, y));
            case AND:
                return t.newInt(x.and(y));
            case OR:
                return t.newInt(x.or(y));
            case XOR:
                return t.newInt(x.xor(y));
            case LSHIFT:
                if (y.signum() < 0) {
                    throw PyError.valueError("negative shift count");
                }
                return t.newInt(x.shiftLeft(y.intValueExact()));
            case RSHIFT:
                if (y.signum() < 0) {
                    throw PyError.valueError("negative shift count");
                }
                return t.newInt(y.bitLength() > 31 ? BigInteger.valueOf(x.signum() < 0 ? -1 : 0) : x.shiftRight(y.intValue()));
            case POWER:
                return power(t, x, y);
            default:
                throw new IllegalArgumentException("binary op " + op);
        }
    }

    public static BigInteger floorDiv(BigInteger x, BigInteger y) {
        BigInteger[] qr = x.divideAndRemainder(y);
        if (qr[1].signum() != 0 && (qr[1].signum() != y.signum())) {
            return qr[0].subtract(BigInteger.ONE);
        }
        return qr[0];
    }

    public static long floatOp(VmThread t, int op, double x, double y) {
        switch (op) {
            case ADD:
                return t.newFloat(x + y);
            case SUBTRACT:
                return t.newFloat(x - y);
            case MULTIPLY:
                return t.newFloat(x * y);
            case TRUE_DIVIDE:
                if (y == 0) {
                    throw PyError.zeroDivision("float division by zero");
                }
                return t.newFloat(x / y);
            case FLOOR_DIVIDE:
                if (y == 0) {
                    throw PyError.zeroDivision("float floor division by zero");
                }
                return t.newFloat(floatDivmod(x, y)[0]);
            case REMAINDER:
                if (y == 0) {
                    throw PyError.zeroDivision("float modulo");
                }
                return t.newFloat(floatDivmod(x, y)[1]);
            case POWER:
                return t.newFloat(floatPow(x, y));
            default:
                throw PyError.typeError("unsupported operand type(s) for " + symbol(op) + ": 'float' and 'float'");
        }
    }

    /** CPython's float divmod: {floor quotient, modulo with the divisor's sign}. */
    public static double[] floatDivmod(double vx, double wx) {
        double mod = vx % wx;
        double div = (vx - mod) / wx;
        if (mod != 0) {
            if ((wx < 0) != (mod < 0)) {
                mod += wx;
                div -= 1.0;
            }
        } else {
            mod = Math.copySign(0.0, wx);
        }
        double floordiv;
        if (div != 0) {
            floordiv = Math.floor(div);
            if (div - floordiv > 0.5) {
                floordiv += 1.0;
            }
        } else {
            floordiv = Math.copySign(0.0, vx / wx);
        }
        return new double[] {floordiv, mod};
    }

    public static double floatPow(double x, double y) {
        if (x == 0 && y < 0) {
            throw PyError.zeroDivision("0.0 cannot be raised to a negative power");
        }
        if (x < 0 && y != Math.rint(y) && Double.isFinite(y) && Double.isFinite(x)) {
            throw PyError.valueError("math domain error");
        }
        double r = Math.pow(x, y);
        if (Double.isInfinite(r) && Double.isFinite(x) && Double.isFinite(y)) {
            throw PyError.overflow("(34, 'Numerical result out of range')");
        }
        return r;
    }

    public static String symbol(int op) {
        return switch (op) {
            case ADD -> "+";
            case AND -> "&";
            case FLOOR_DIVIDE -> "//";
            case LSHIFT -> "<<";
            case MULTIPLY -> "*";
            case REMAINDER -> "%";
            case OR -> "|";
            case POWER -> "** or pow()";
            case RSHIFT -> ">>";
            case SUBTRACT -> "-";
            case TRUE_DIVIDE -> "/";
            case XOR -> "^";
            default -> "?";
        };
    }

    // ------------------------------------------------------------------ comparisons and hashing

    /** Three-way comparison of two numbers (NaN: returns 2 meaning unordered). */
    public static int compare(long a, long b) {
        int ta = typeOf(a);
        int tb = typeOf(b);
        boolean ia = ta != TypeIds.FLOAT;
        boolean ib = tb != TypeIds.FLOAT;
        if (ia && ib) {
            if (ta != TypeIds.BIGINT && tb != TypeIds.BIGINT) {
                return Long.compare(intValue(a), intValue(b));
            }
            return bigValue(a).compareTo(bigValue(b));
        }
        if (!ia && !ib) {
            double x = floatValue(a);
            double y = floatValue(b);
            return x < y ? -1 : x > y ? 1 : x == y ? 0 : 2;
        }
        // mixed int/float: exact comparison
        double d = ia ? floatValue(b) : floatValue(a);
        long io = ia ? a : b;
        int r;
        if (Double.isNaN(d)) {
            return 2;
        } else if (Double.isInfinite(d)) {
            r = d > 0 ? -1 : 1; // int vs inf
        } else if (typeOf(io) != TypeIds.BIGINT && Math.abs(intValue(io)) < (1L << 53)) {
            double x = (double) intValue(io);
            r = x < d ? -1 : x > d ? 1 : 0;
        } else {
            r = new BigDecimal(bigValue(io)).compareTo(new BigDecimal(d));
        }
        return ia ? r : -r;
    }

    static final long MODULUS = (1L << 61) - 1;

    public static long hashLong(long v) {
        if (v == Long.MIN_VALUE) {
            return hashBig(BigInteger.valueOf(v));
        }
        long a = Math.abs(v) % MODULUS;
        long h = v < 0 ? -a : a;
        return h == -1 ? -2 : h;
    }

    public static long hashBig(BigInteger b) {
        long a = b.abs().mod(BigInteger.valueOf(MODULUS)).longValue();
        long h = b.signum() < 0 ? -a : a;
        return h == -1 ? -2 : h;
    }

    /** CPython's {@code _Py_HashDouble} for finite and infinite values (NaN hashes by identity there). */
    public static long hashDouble(double v, long identity) {
        if (Double.isInfinite(v)) {
            return v > 0 ? 314159 : -314159;
        }
        if (Double.isNaN(v)) {
            return identity >>> 4;
        }
        int e = Math.getExponent(v);
        double m;
        if (v == 0) {
            return 0;
        }
        // frexp: v = m * 2^e with 0.5 <= |m| < 1
        if (e == Double.MIN_EXPONENT - 1) { // subnormal
            double scaled = v * 0x1p54;
            e = Math.getExponent(scaled) - 54;
            m = scaled / Math.scalb(1.0, Math.getExponent(scaled) + 1);
        } else {
            m = v / Math.scalb(1.0, e + 1);
        }
        e = e + 1;
        int sign = 1;
        if (m < 0) {
            sign = -1;
            m = -m;
        }
        long x = 0;
        while (m != 0) {
            x = ((x << 28) & MODULUS) | x >>> (61 - 28);
            m *= 268435456.0;
            e -= 28;
            long y = (long) m;
            m -= y;
            x += y;
            if (x >= MODULUS) {
                x -= MODULUS;
            }
        }
        e = e >= 0 ? e % 61 : 60 - ((-1 - e) % 61);
        x = ((x << e) & MODULUS) | x >>> (61 - e);
        x = x * sign;
        return x == -1 ? -2 : x;
    }
}
