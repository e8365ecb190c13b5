package io.github.freethread.vm.compiler;

import static io.github.freethread.vm.compiler.ReferenceValues.*;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The few built-ins, methods, modules and format specs {@link ReferenceInterpreter} supports. */
final class ReferenceBuiltins {
    private ReferenceBuiltins() {
    }

    private static final Map<String, PyModule> MODULES = new HashMap<>();

    static Map<String, Object> create(ReferenceInterpreter vm) {
        Map<String, Object> b = new HashMap<>(EXC_TYPES);
        def(b, "print", (a, kw) -> {
            String sep = kw.containsKey("sep") ? (String) kw.get("sep") : " ";
            String end = kw.containsKey("end") ? (String) kw.get("end") : "\n";
            vm.out.append(a.stream().map(ReferenceValues::str).collect(Collectors.joining(sep))).append(end);
            return NONE;
        });
        def(b, "len", (a, kw) -> (long) ReferenceOperators.iterate(a.getFirst()).size());
        def(b, "range", (a, kw) -> a.size() == 1 ? new Range(0, big(a.get(0)).longValue(), 1)
                : new Range(big(a.get(0)).longValue(), big(a.get(1)).longValue(), a.size() > 2 ? big(a.get(2)).longValue() : 1));
        def(b, "str", (a, kw) -> a.isEmpty() ? "" : str(a.getFirst()));
        def(b, "repr", (a, kw) -> repr(a.getFirst()));
        def(b, "int", (a, kw) -> {
            Object v = a.getFirst();
            if (v instanceof String s) {
                try {
                    return normalize(new BigInteger(s.strip()));
                } catch (NumberFormatException e) {
                    throw error("ValueError", "invalid literal for int() with base 10: " + repr(s));
                }
            }
            return v instanceof Double d ? normalize(new java.math.BigDecimal(d).toBigInteger()) : normalize(big(v));
        });
        def(b, "float", (a, kw) -> a.getFirst() instanceof String s ? Double.parseDouble(s) : dbl(a.getFirst()));
        def(b, "bool", (a, kw) -> !a.isEmpty() && truth(a.getFirst()));
        def(b, "list", (a, kw) -> a.isEmpty() ? new ArrayList<>() : new ArrayList<>(ReferenceOperators.iterate(a.getFirst())));
        def(b, "tuple", (a, kw) -> new Tuple(a.isEmpty() ? List.of() : ReferenceOperators.iterate(a.getFirst())));
        def(b, "abs", (a, kw) -> a.getFirst() instanceof Double d ? (Object) Math.abs(d) : normalize(big(a.getFirst()).abs()));
        def(b, "sum", (a, kw) -> {
            Object acc = a.size() > 1 ? a.get(1) : 0L;
            for (Object x : ReferenceOperators.iterate(a.getFirst())) {
                acc = ReferenceOperators.binary(0, acc, x);
            }
            return acc;
        });
        def(b, "min", (a, kw) -> extreme(a, true));
        def(b, "max", (a, kw) -> extreme(a, false));
        def(b, "all", (a, kw) -> ReferenceOperators.iterate(a.getFirst()).stream().allMatch(ReferenceValues::truth));
        def(b, "any", (a, kw) -> ReferenceOperators.iterate(a.getFirst()).stream().anyMatch(ReferenceValues::truth));
        def(b, "enumerate", (a, kw) -> {
            List<Object> items = ReferenceOperators.iterate(a.getFirst());
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                out.add(new Tuple(List.of((long) i, items.get(i))));
            }
            return out.iterator();
        });
        def(b, "zip", (a, kw) -> {
            List<List<Object>> lists = a.stream().map(ReferenceOperators::iterate).toList();
            int n = lists.stream().mapToInt(List::size).min().orElse(0);
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                out.add(new Tuple(lists.stream().map(l -> l.get(k)).toList()));
            }
            return out.iterator();
        });
        def(b, "sorted", (a, kw) -> {
            ArrayList<Object> l = new ArrayList<>(ReferenceOperators.iterate(a.getFirst()));
            l.sort((x, y) -> ReferenceOperators.compare(0, x, y) ? -1 : ReferenceOperators.equal(x, y) ? 0 : 1);
            if (kw.containsKey("reverse") && truth(kw.get("reverse"))) {
                Collections.reverse(l);
            }
            return l;
        });
        def(b, "isinstance", (a, kw) -> {
            Object t = a.get(1);
            List<Object> types = t instanceof Tuple tu ? tu.items() : List.of(t);
            return types.stream().anyMatch(x -> x instanceof ExcType et && a.getFirst() instanceof Exc e && e.type().isSubclassOf(et)
                    || x instanceof Builtin bt && bt.name().equals(typeName(a.getFirst())));
        });
        def(b, "ctx", (a, kw) -> new Ctx((String) a.getFirst(), a.size() > 1 && truth(a.get(1))));
        return b;
    }

    private static void def(Map<String, Object> b, String name, java.util.function.BiFunction<List<Object>, Map<String, Object>, Object> body) {
        b.put(name, new Builtin(name, body));
    }

    private static Object extreme(List<Object> a, boolean min) {
        List<Object> items = a.size() == 1 ? ReferenceOperators.iterate(a.getFirst()) : a;
        Object best = items.getFirst();
        for (Object x : items) {
            if (ReferenceOperators.compare(min ? 0 : 4, x, best)) {
                best = x;
            }
        }
        return best;
    }

    static PyModule importModule(String name) {
        return MODULES.computeIfAbsent(name, n -> {
            Map<String, Object> attrs = new HashMap<>();
            if (n.equals("math")) {
                attrs.put("pi", Math.PI);
                attrs.put("e", Math.E);
                attrs.put("sqrt", new Builtin("sqrt", (a, kw) -> {
                    double d = dbl(a.getFirst());
                    if (d < 0) {
                        throw error("ValueError", "math domain error");
                    }
                    return Math.sqrt(d);
                }));
                attrs.put("floor", new Builtin("floor", (a, kw) -> normalize(java.math.BigDecimal.valueOf(Math.floor(dbl(a.getFirst()))).toBigInteger())));
                attrs.put("isqrt", new Builtin("isqrt", (a, kw) -> normalize(big(a.getFirst()).sqrt())));
                attrs.put("gcd", new Builtin("gcd", (a, kw) -> normalize(big(a.get(0)).gcd(big(a.get(1))))));
                attrs.put("ceil", new Builtin("ceil", (a, kw) -> normalize(java.math.BigDecimal.valueOf(Math.ceil(dbl(a.getFirst()))).toBigInteger())));
            } else if (n.equals("sys")) {
                attrs.put("argv", new ArrayList<>(List.of("t.py")));
            } else if (n.equals("time")) {
                attrs.put("time", new Builtin("time", (a, kw) -> System.currentTimeMillis() / 1000.0));
            } else {
                throw error("NameError", "No module named '" + n + "'");
            }
            return new PyModule(n, attrs);
        });
    }

    static Object getAttr(Object obj, String name) {
        if (obj instanceof PyModule m) {
            Object v = m.attrs().get(name);
            if (v == null) {
                throw error("AttributeError", "module '" + m.name() + "' has no attribute '" + name + "'");
            }
            return v;
        }
        if (obj instanceof Exc e && name.equals("args")) {
            return new Tuple(e.args());
        }
        throw error("AttributeError", "'" + typeName(obj) + "' object has no attribute '" + name + "'");
    }

    private static int index(Object i, int size, String what) {
        long k = big(i).longValue();
        if (k < 0) {
            k += size;
        }
        if (k < 0 || k >= size) {
            throw error("IndexError", what + " index out of range");
        }
        return (int) k;
    }

    private static List<Integer> sliceIndices(Slice s, int size) {
        long step = s.step() == NONE ? 1 : big(s.step()).longValue();
        if (step == 0) {
            throw error("ValueError", "slice step cannot be zero");
        }
        long lo;
        long hi;
        if (step > 0) {
            lo = s.lower() == NONE ? 0 : clamp(big(s.lower()).longValue(), size, 0, size);
            hi = s.upper() == NONE ? size : clamp(big(s.upper()).longValue(), size, 0, size);
        } else {
            lo = s.lower() == NONE ? size - 1 : clamp(big(s.lower()).longValue(), size, -1, size - 1);
            hi = s.upper() == NONE ? -1 : clamp(big(s.upper()).longValue(), size, -1, size - 1);
        }
        List<Integer> out = new ArrayList<>();
        for (long i = lo; step > 0 ? i < hi : i > hi; i += step) {
            out.add((int) i);
        }
        return out;
    }

    private static long clamp(long v, int size, long min, long max) {
        if (v < 0) {
            v += size;
        }
        return Math.max(min, Math.min(max, v));
    }

    static Object subscript(Object c, Object i) {
        switch (c) {
            case ArrayList<?> l -> {
                if (i instanceof Slice s) {
                    return new ArrayList<>(sliceIndices(s, l.size()).stream().map(l::get).toList());
                }
                return l.get(index(i, l.size(), "list"));
            }
            case Tuple t -> {
                if (i instanceof Slice s) {
                    return new Tuple(sliceIndices(s, t.items().size()).stream().map(k -> t.items().get(k)).toList());
                }
                return t.items().get(index(i, t.items().size(), "tuple"));
            }
            case String str -> {
                List<Object> chars = ReferenceOperators.iterate(str);
                if (i instanceof Slice s) {
                    return sliceIndices(s, chars.size()).stream().map(k -> (String) chars.get(k)).collect(Collectors.joining());
                }
                return chars.get(index(i, chars.size(), "string"));
            }
            case LinkedHashMap<?, ?> m -> {
                Object v = m.get(i);
                if (v == null) {
                    throw new Raise(new Exc(EXC_TYPES.get("KeyError"), List.of(i)));
                }
                return v;
            }
            case Range r -> {
                return r.start() + r.step() * index(i, ReferenceOperators.iterate(r).size(), "range object");
            }
            default -> throw error("TypeError", "'" + typeName(c) + "' object is not subscriptable");
        }
    }

    @SuppressWarnings("unchecked")
    static void storeSubscript(Object c, Object i, Object v) {
        if (c instanceof ArrayList<?> l) {
            ((ArrayList<Object>) l).set(index(i, l.size(), "list assignment"), v);
        } else if (c instanceof LinkedHashMap<?, ?> m) {
            ((LinkedHashMap<Object, Object>) m).put(i, v);
        } else {
            throw error("TypeError", "'" + typeName(c) + "' object does not support item assignment");
        }
    }

    static void deleteSubscript(Object c, Object i) {
        if (c instanceof ArrayList<?> l) {
            l.remove(index(i, l.size(), "list assignment"));
        } else if (c instanceof LinkedHashMap<?, ?> m) {
            if (!m.containsKey(i)) {
                throw new Raise(new Exc(EXC_TYPES.get("KeyError"), List.of(i)));
            }
            m.remove(i);
        } else {
            throw error("TypeError", "'" + typeName(c) + "' object doesn't support item deletion");
        }
    }

    @SuppressWarnings("unchecked")
    static Object callMethod(Object self, String name, List<Object> a) {
        if (self instanceof ArrayList<?> raw) {
            ArrayList<Object> l = (ArrayList<Object>) raw;
            switch (name) {
                case "append" -> { l.add(a.getFirst()); return NONE; }
                case "pop" -> {
                    if (l.isEmpty()) {
                        throw error("IndexError", "pop from empty list");
                    }
                    return l.remove(a.isEmpty() ? l.size() - 1 : index(a.getFirst(), l.size(), "pop"));
                }
                case "insert" -> { l.add((int) Math.min(l.size(), Math.max(0, big(a.get(0)).longValue())), a.get(1)); return NONE; }
                case "extend" -> { l.addAll(ReferenceOperators.iterate(a.getFirst())); return NONE; }
                case "copy" -> { return new ArrayList<>(l); }
                case "reverse" -> { Collections.reverse(l); return NONE; }
                case "index" -> {
                    for (int k = 0; k < l.size(); k++) {
                        if (ReferenceOperators.equal(l.get(k), a.getFirst())) {
                            return (long) k;
                        }
                    }
                    throw error("ValueError", repr(a.getFirst()) + " is not in list");
                }
                default -> { }
            }
        } else if (self instanceof LinkedHashMap<?, ?> raw) {
            LinkedHashMap<Object, Object> m = (LinkedHashMap<Object, Object>) raw;
            switch (name) {
                case "get" -> { return m.containsKey(a.getFirst()) ? m.get(a.getFirst()) : a.size() > 1 ? a.get(1) : NONE; }
                case "keys" -> { return new ArrayList<>(m.keySet()); }
                case "values" -> { return new ArrayList<>(m.values()); }
                case "items" -> { return new ArrayList<>(m.entrySet().stream().map(e -> (Object) new Tuple(List.of(e.getKey(), e.getValue()))).toList()); }
                case "copy" -> { return new LinkedHashMap<>(m); }
                default -> { }
            }
        } else if (self instanceof String s) {
            switch (name) {
                case "upper" -> { return s.toUpperCase(Locale.ROOT); }
                case "lower" -> { return s.toLowerCase(Locale.ROOT); }
                case "strip" -> { return s.strip(); }
                case "rstrip" -> { return a.isEmpty() ? s.stripTrailing() : s.replaceAll("[" + java.util.regex.Pattern.quote((String) a.getFirst()) + "]+$", ""); }
                case "join" -> { return ReferenceOperators.iterate(a.getFirst()).stream().map(x -> (String) x).collect(Collectors.joining(s)); }
                case "startswith" -> { return s.startsWith((String) a.getFirst()); }
                default -> { }
            }
        }
        throw error("AttributeError", "'" + typeName(self) + "' object has no attribute '" + name + "'");
    }

    /** format(value, spec) for the spec forms [[fill]align][sign][0][width][.precision][type], types d f s x. */
    static String format(Object v, String spec) {
        if (spec.isEmpty()) {
            return str(v);
        }
        int i = 0;
        char fill = ' ';
        char align = 0;
        if (spec.length() > 1 && "<>^".indexOf(spec.charAt(1)) >= 0) {
            fill = spec.charAt(0);
            align = spec.charAt(1);
            i = 2;
        } else if ("<>^".indexOf(spec.charAt(0)) >= 0) {
            align = spec.charAt(0);
            i = 1;
        }
        char sign = '-';
        if (i < spec.length() && "+- ".indexOf(spec.charAt(i)) >= 0) {
            sign = spec.charAt(i++);
        }
        if (i < spec.length() && spec.charAt(i) == '0') {
            fill = '0';
            if (align == 0) {
                align = '=';
            }
            i++;
        }
        int width = 0;
        while (i < spec.length() && Character.isDigit(spec.charAt(i))) {
            width = width * 10 + (spec.charAt(i++) - '0');
        }
        int precision = -1;
        if (i < spec.length() && spec.charAt(i) == '.') {
            i++;
            precision = 0;
            while (i < spec.length() && Character.isDigit(spec.charAt(i))) {
                precision = precision * 10 + (spec.charAt(i++) - '0');
            }
        }
        char type = i < spec.length() ? spec.charAt(i) : 0;
        String body;
        boolean numeric = isInt(v) || v instanceof Double;
        boolean negative = false;
        switch (type) {
            case 'f' -> {
                double d = dbl(v);
                negative = d < 0 || (d == 0 && 1 / d < 0);
                body = new java.math.BigDecimal(Math.abs(d)).setScale(precision < 0 ? 6 : precision, java.math.RoundingMode.HALF_EVEN).toPlainString();
            }
            case 'd' -> {
                negative = big(v).signum() < 0;
                body = big(v).abs().toString();
            }
            case 'x' -> {
                negative = big(v).signum() < 0;
                body = big(v).abs().toString(16);
            }
            default -> {
                if (numeric && v instanceof Double d && precision >= 0) {
                    throw new IllegalStateException("reference format does not support 'g' precision");
                }
                body = numeric ? str(v instanceof Double d ? Math.abs(d) : big(v).abs()) : str(v);
                negative = numeric && (v instanceof Double d ? d < 0 : big(v).signum() < 0);
                if (!numeric && precision >= 0 && body.length() > precision) {
                    body = body.substring(0, precision);
                }
            }
        }
        String signText = negative ? "-" : sign == '+' ? "+" : sign == ' ' && numeric ? " " : "";
        if (align == 0) {
            align = numeric ? '>' : '<';
        }
        int pad = Math.max(0, width - body.length() - signText.length());
        String padding = String.valueOf(fill).repeat(pad);
        return switch (align) {
            case '<' -> signText + body + padding;
            case '^' -> padding.substring(0, pad / 2) + signText + body + padding.substring(pad / 2);
            case '=' -> signText + padding + body;
            default -> padding + signText + body;
        };
    }
}
