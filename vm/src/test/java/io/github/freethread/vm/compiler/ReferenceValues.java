package io.github.freethread.vm.compiler;

import io.github.freethread.vm.bytecode.CodeObject;
import io.github.freethread.vm.bytecode.ConstNone;
import io.github.freethread.vm.bytecode.PyRepr;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Java-heap values for {@link ReferenceInterpreter}, a test-only executable specification of the
 * bytecode (not the real interpreter: no runtime objects, no threads, a handful of built-ins).
 */
final class ReferenceValues {
    private ReferenceValues() {
    }

    static final Object NONE = ConstNone.NONE;

    record Tuple(List<Object> items) {
    }

    record Range(long start, long stop, long step) {
    }

    record Slice(Object lower, Object upper, Object step) {
    }

    record Function(CodeObject code, List<Object> defaults, Map<String, Object> globals) {
    }

    record Builtin(String name, BiFunction<List<Object>, Map<String, Object>, Object> body) {
    }

    record BoundMethod(Object self, String name) {
    }

    record PyModule(String name, Map<String, Object> attrs) {
    }

    record ExcType(String name, ExcType parent) {
        boolean isSubclassOf(ExcType other) {
            for (ExcType t = this; t != null; t = t.parent) {
                if (t == other) {
                    return true;
                }
            }
            return false;
        }
    }

    record Exc(ExcType type, List<Object> args) {
    }

    /** A context manager for tests: prints enter/exit, suppresses if asked. */
    record Ctx(String name, boolean suppress) {
    }

    /** A Python exception in flight. */
    static final class Raise extends RuntimeException {
        final Exc exc;

        Raise(Exc exc) {
            super(exc.type().name(), null, false, false);
            this.exc = exc;
        }
    }

    static final ExcType BASE_EXCEPTION = new ExcType("BaseException", null);
    static final ExcType EXCEPTION = new ExcType("Exception", BASE_EXCEPTION);
    static final Map<String, ExcType> EXC_TYPES = new LinkedHashMap<>();

    static {
        EXC_TYPES.put("BaseException", BASE_EXCEPTION);
        EXC_TYPES.put("Exception", EXCEPTION);
        ExcType lookup = add("LookupError", EXCEPTION);
        add("KeyError", lookup);
        add("IndexError", lookup);
        ExcType arith = add("ArithmeticError", EXCEPTION);
        add("ZeroDivisionError", arith);
        add("OverflowError", arith);
        add("ValueError", EXCEPTION);
        add("TypeError", EXCEPTION);
        ExcType name = add("NameError", EXCEPTION);
        add("UnboundLocalError", name);
        add("AssertionError", EXCEPTION);
        add("AttributeError", EXCEPTION);
        ExcType runtime = add("RuntimeError", EXCEPTION);
        add("RecursionError", runtime);
        add("StopIteration", EXCEPTION);
    }

    private static ExcType add(String n, ExcType parent) {
        ExcType t = new ExcType(n, parent);
        EXC_TYPES.put(n, t);
        return t;
    }

    static Raise error(String type, String message) {
        return new Raise(new Exc(EXC_TYPES.get(type), List.of(message)));
    }

    static Object normalize(BigInteger v) {
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    static boolean isInt(Object o) {
        return o instanceof Long || o instanceof BigInteger || o instanceof Boolean;
    }

    static BigInteger big(Object o) {
        if (o instanceof Boolean b) {
            return b ? BigInteger.ONE : BigInteger.ZERO;
        }
        return o instanceof Long l ? BigInteger.valueOf(l) : (BigInteger) o;
    }

    static double dbl(Object o) {
        return o instanceof Double d ? d : big(o).doubleValue();
    }

    static boolean truth(Object o) {
        return switch (o) {
            case Boolean b -> b;
            case Long l -> l != 0;
            case BigInteger b -> b.signum() != 0;
            case Double d -> d != 0.0;
            case String s -> !s.isEmpty();
            case ArrayList<?> l -> !l.isEmpty();
            case Tuple t -> !t.items().isEmpty();
            case LinkedHashMap<?, ?> m -> !m.isEmpty();
            case ConstNone n -> false;
            default -> true;
        };
    }

    static String typeName(Object o) {
        return switch (o) {
            case Boolean b -> "bool";
            case Long l -> "int";
            case BigInteger b -> "int";
            case Double d -> "float";
            case String s -> "str";
            case ArrayList<?> l -> "list";
            case Tuple t -> "tuple";
            case LinkedHashMap<?, ?> m -> "dict";
            case ConstNone n -> "NoneType";
            case Function f -> "function";
            case Exc e -> e.type().name();
            default -> o.getClass().getSimpleName();
        };
    }

    static String str(Object o) {
        if (o instanceof String s) {
            return s;
        }
        if (o instanceof Exc e) {
            return e.args().isEmpty() ? "" : e.args().size() == 1
                    ? (e.type().name().equals("KeyError") ? repr(e.args().getFirst()) : str(e.args().getFirst()))
                    : repr(new Tuple(e.args()));
        }
        return repr(o);
    }

    /** Longest repr the reference interpreter builds; beyond it UnsupportedOperationException (random programs must not exhaust the test JVM). */
    static final int MAX_REPR_CHARS = 1 << 20;

    static String repr(Object o) {
        StringBuilder out = new StringBuilder();
        appendRepr(out, o);
        return out.toString();
    }

    private static void appendRepr(StringBuilder out, Object o) {
        switch (o) {
            case ArrayList<?> l -> appendItems(out, l, "[", "]");
            case Tuple t -> appendItems(out, t.items(), "(", t.items().size() == 1 ? ",)" : ")");
            case LinkedHashMap<?, ?> m -> {
                out.append('{');
                boolean first = true;
                for (var e : m.entrySet()) {
                    out.append(first ? "" : ", ");
                    first = false;
                    appendRepr(out, e.getKey());
                    out.append(": ");
                    appendRepr(out, e.getValue());
                }
                bounded(out).append('}');
            }
            case Exc e -> out.append(e.type().name()).append(repr(new Tuple(e.args())).replace(",)", ")"));
            default -> bounded(out).append(scalarRepr(o));
        }
        bounded(out);
    }

    private static void appendItems(StringBuilder out, java.util.List<?> items, String open, String close) {
        out.append(open);
        for (int i = 0; i < items.size(); i++) {
            bounded(out).append(i == 0 ? "" : ", ");
            appendRepr(out, items.get(i));
        }
        out.append(close);
    }

    private static StringBuilder bounded(StringBuilder out) {
        if (out.length() > MAX_REPR_CHARS) {
            throw new UnsupportedOperationException("repr too large for the reference interpreter");
        }
        return out;
    }

    private static String scalarRepr(Object o) {
        return switch (o) {
            case String s -> s.length() > MAX_REPR_CHARS ? bounded(new StringBuilder(s)).toString() : PyRepr.ofString(s);
            case Double d -> PyRepr.ofFloat(d);
            case Boolean b -> b ? "True" : "False";
            case ConstNone n -> "None";
            case ExcType t -> "<class '" + t.name() + "'>";
            case Function f -> "<function " + f.code().name() + ">";
            case Range r -> r.step() == 1 ? "range(" + r.start() + ", " + r.stop() + ")" : "range(" + r.start() + ", " + r.stop() + ", " + r.step() + ")";
            default -> String.valueOf(o);
        };
    }
}
