package io.github.freethread.vm.compiler;

import static io.github.freethread.vm.compiler.ReferenceValues.*;

import io.github.freethread.vm.bytecode.BinaryOp;
import io.github.freethread.vm.bytecode.CompareOp;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/** Python operator semantics on {@link ReferenceValues} (ints, floats, str, list, tuple, dict). */
final class ReferenceOperators {
    /** Results beyond these sizes are refused (UnsupportedOperationException), never built: the
     *  reference interpreter is a test tool, and random programs must not exhaust the test JVM. */
    private static final long MAX_RESULT_ELEMENTS = 1 << 20;
    private static final long MAX_EXPONENT = 1 << 16;

    /** The repeat count of {@code seq * n}, or UnsupportedOperationException if the result is too large. */
    private static long boundedRepeat(BigInteger n, long unitLength) {
        if (n.signum() <= 0) {
            return 0;
        }
        long limit = unitLength == 0 ? MAX_RESULT_ELEMENTS : MAX_RESULT_ELEMENTS / unitLength;
        if (n.compareTo(BigInteger.valueOf(limit)) > 0) {
            throw new UnsupportedOperationException("sequence repetition too large for the reference interpreter");
        }
        return n.longValue();
    }

    /** A concatenation's result size, or UnsupportedOperationException if it is too large. */
    private static void boundedSize(long n) {
        if (n > MAX_RESULT_ELEMENTS) {
            throw new UnsupportedOperationException("concatenation too large for the reference interpreter");
        }
    }

    private ReferenceOperators() {
    }

    @SuppressWarnings("unchecked")
    static Object binary(int oparg, Object a, Object b) {
        BinaryOp op = BinaryOp.ofOparg(oparg);
        boolean inplace = BinaryOp.isInplace(oparg);
        if (inplace && a instanceof ArrayList<?> l) {
            if (op == BinaryOp.ADD) {
                List<Object> more = iterate(b);
                boundedSize((long) l.size() + more.size());
                ((ArrayList<Object>) l).addAll(more);
                return l;
            }
            if (op == BinaryOp.MULTIPLY && isInt(b)) {
                long times = boundedRepeat(big(b), l.size());
                List<Object> copy = new ArrayList<>(l);
                l.clear();
                for (long i = 0; i < times; i++) {
                    ((ArrayList<Object>) l).addAll(copy);
                }
                return l;
            }
        }
        if (isInt(a) && isInt(b)) {
            return intOp(op, big(a), big(b));
        }
        if ((isInt(a) || a instanceof Double) && (isInt(b) || b instanceof Double)) {
            return floatOp(op, dbl(a), dbl(b));
        }
        switch (op) {
            case ADD -> {
                if (a instanceof String x && b instanceof String y) {
                    boundedSize((long) x.length() + y.length());
                    return x + y;
                }
                if (a instanceof ArrayList<?> x && b instanceof ArrayList<?> y) {
                    boundedSize((long) x.size() + y.size());
                    ArrayList<Object> r = new ArrayList<>(x);
                    r.addAll(y);
                    return r;
                }
                if (a instanceof Tuple x && b instanceof Tuple y) {
                    boundedSize((long) x.items().size() + y.items().size());
                    List<Object> r = new ArrayList<>(x.items());
                    r.addAll(y.items());
                    return new Tuple(r);
                }
            }
            case MULTIPLY -> {
                if (a instanceof String x && isInt(b)) {
                    return x.repeat((int) boundedRepeat(big(b), x.length()));
                }
                if (a instanceof ArrayList<?> x && isInt(b)) {
                    ArrayList<Object> r = new ArrayList<>();
                    for (long i = 0, n = boundedRepeat(big(b), x.size()); i < n; i++) {
                        r.addAll(x);
                    }
                    return r;
                }
            }
            default -> { }
        }
        if (op == BinaryOp.ADD && a instanceof String) {
            throw error("TypeError", "can only concatenate str (not \"" + typeName(b) + "\") to str");
        }
        throw error("TypeError", "unsupported operand type(s) for " + op.symbol + (inplace ? "=" : "") + ": '"
                + typeName(a) + "' and '" + typeName(b) + "'");
    }

    private static Object intOp(BinaryOp op, BigInteger a, BigInteger b) {
        switch (op) {
            case ADD -> { return normalize(a.add(b)); }
            case SUBTRACT -> { return normalize(a.subtract(b)); }
            case MULTIPLY -> { return normalize(a.multiply(b)); }
            case TRUE_DIVIDE -> {
                if (b.signum() == 0) {
                    throw error("ZeroDivisionError", "division by zero");
                }
                return a.doubleValue() / b.doubleValue();
            }
            case FLOOR_DIVIDE, REMAINDER -> {
                if (b.signum() == 0) {
                    throw error("ZeroDivisionError", op == BinaryOp.REMAINDER ? "integer modulo by zero" : "integer division or modulo by zero");
                }
                BigInteger[] qr = a.divideAndRemainder(b);
                if (qr[1].signum() != 0 && qr[1].signum() != b.signum()) {
                    qr[0] = qr[0].subtract(BigInteger.ONE);
                    qr[1] = qr[1].add(b);
                }
                return normalize(op == BinaryOp.FLOOR_DIVIDE ? qr[0] : qr[1]);
            }
            case POWER -> {
                if (b.signum() < 0) {
                    if (a.signum() == 0) {
                        throw error("ZeroDivisionError", "0.0 cannot be raised to a negative power");
                    }
                    return Math.pow(a.doubleValue(), b.doubleValue());
                }
                if (b.compareTo(BigInteger.valueOf(MAX_EXPONENT)) > 0 && a.abs().compareTo(BigInteger.ONE) > 0) {
                    throw new UnsupportedOperationException("exponent too large for the reference interpreter");
                }
                return normalize(a.pow(b.min(BigInteger.valueOf(MAX_EXPONENT)).intValue()));
            }
            case LSHIFT, RSHIFT -> {
                if (b.signum() < 0) {
                    throw error("ValueError", "negative shift count");
                }
                if (op == BinaryOp.LSHIFT && b.compareTo(BigInteger.valueOf(MAX_EXPONENT)) > 0) {
                    throw new UnsupportedOperationException("shift too large for the reference interpreter");
                }
                return normalize(op == BinaryOp.LSHIFT ? a.shiftLeft(b.intValueExact()) : a.shiftRight(b.min(BigInteger.valueOf(1 << 20)).intValue()));
            }
            case AND -> { return normalize(a.and(b)); }
            case OR -> { return normalize(a.or(b)); }
            case XOR -> { return normalize(a.xor(b)); }
            default -> throw new IllegalStateException();
        }
    }

    private static Object floatOp(BinaryOp op, double a, double b) {
        switch (op) {
            case ADD -> { return a + b; }
            case SUBTRACT -> { return a - b; }
            case MULTIPLY -> { return a * b; }
            case TRUE_DIVIDE -> {
                if (b == 0) {
                    throw error("ZeroDivisionError", "float division by zero");
                }
                return a / b;
            }
            case FLOOR_DIVIDE -> {
                if (b == 0) {
                    throw error("ZeroDivisionError", "float floor division by zero");
                }
                return Math.floor(a / b);
            }
            case REMAINDER -> {
                if (b == 0) {
                    throw error("ZeroDivisionError", "float modulo");
                }
                double r = a % b;
                if (r != 0 && (r < 0) != (b < 0)) {
                    r += b;
                }
                return r;
            }
            case POWER -> { return Math.pow(a, b); }
            default -> throw error("TypeError", "unsupported operand type(s) for " + op.symbol + ": 'float' and 'float'");
        }
    }

    static boolean equal(Object a, Object b) {
        if ((isInt(a) || a instanceof Double) && (isInt(b) || b instanceof Double)) {
            if (isInt(a) && isInt(b)) {
                return big(a).equals(big(b));
            }
            return dbl(a) == dbl(b);
        }
        if (a instanceof ArrayList<?> x && b instanceof ArrayList<?> y) {
            return sequenceCompare(x, y) == 0 && x.size() == y.size();
        }
        if (a instanceof Tuple x && b instanceof Tuple y) {
            return x.items().size() == y.items().size() && sequenceCompare(x.items(), y.items()) == 0;
        }
        return a == b || a.equals(b);
    }

    private static int sequenceCompare(List<?> x, List<?> y) {
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            if (!equal(x.get(i), y.get(i))) {
                return order(x.get(i), y.get(i), "<");
            }
        }
        return Integer.compare(x.size(), y.size());
    }

    private static int order(Object a, Object b, String symbol) {
        if ((isInt(a) || a instanceof Double) && (isInt(b) || b instanceof Double)) {
            if (isInt(a) && isInt(b)) {
                return big(a).compareTo(big(b));
            }
            return Double.compare(dbl(a), dbl(b));
        }
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        if (a instanceof ArrayList<?> x && b instanceof ArrayList<?> y) {
            return sequenceCompare(x, y);
        }
        if (a instanceof Tuple x && b instanceof Tuple y) {
            return sequenceCompare(x.items(), y.items());
        }
        throw error("TypeError", "'" + symbol + "' not supported between instances of '" + typeName(a) + "' and '" + typeName(b) + "'");
    }

    static boolean compare(int oparg, Object a, Object b) {
        CompareOp op = CompareOp.ofOparg(oparg);
        return switch (op) {
            case EQ -> equal(a, b);
            case NE -> !equal(a, b);
            case LT -> order(a, b, "<") < 0 && !(a instanceof Double d && d.isNaN()) && !(b instanceof Double e && e.isNaN());
            case LE -> order(a, b, "<=") <= 0 && !(a instanceof Double d && d.isNaN()) && !(b instanceof Double e && e.isNaN());
            case GT -> order(a, b, ">") > 0 && !(a instanceof Double d && d.isNaN()) && !(b instanceof Double e && e.isNaN());
            case GE -> order(a, b, ">=") >= 0 && !(a instanceof Double d && d.isNaN()) && !(b instanceof Double e && e.isNaN());
        };
    }

    static boolean contains(Object container, Object x) {
        return switch (container) {
            case String s when x instanceof String t -> s.contains(t);
            case LinkedHashMap<?, ?> m -> m.containsKey(x);
            case Range r -> isInt(x) && iterate(r).stream().anyMatch(v -> equal(v, x));
            default -> iterate(container).stream().anyMatch(v -> equal(v, x));
        };
    }

    static List<Object> iterate(Object o) {
        return switch (o) {
            case ArrayList<?> l -> new ArrayList<>(l);
            case Tuple t -> t.items();
            case String s -> s.codePoints().mapToObj(cp -> (Object) new String(Character.toChars(cp))).toList();
            case LinkedHashMap<?, ?> m -> new ArrayList<>(m.keySet());
            case Range r -> {
                List<Object> out = new ArrayList<>();
                for (long i = r.start(); r.step() > 0 ? i < r.stop() : i > r.stop(); i += r.step()) {
                    out.add(i);
                }
                yield out;
            }
            default -> throw error("TypeError", "'" + typeName(o) + "' object is not iterable");
        };
    }
}
