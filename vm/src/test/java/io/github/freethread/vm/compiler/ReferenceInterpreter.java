package io.github.freethread.vm.compiler;

import static io.github.freethread.vm.compiler.ReferenceValues.*;

import io.github.freethread.vm.bytecode.CodeObject;
import io.github.freethread.vm.bytecode.CodeUnits;
import io.github.freethread.vm.bytecode.ConstNone;
import io.github.freethread.vm.bytecode.ConstTuple;
import io.github.freethread.vm.bytecode.ExceptionTable;
import io.github.freethread.vm.bytecode.Opcode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A test-only, executable specification of ftvm bytecode over Java-heap values: it runs compiled
 * programs so the compiler's output can be checked against CPython's output (golden files). It
 * follows the contract in docs/vm.md (call layout, exception table unwinding, handled-exception
 * save/restore, with protocol) but is deliberately simple: no runtime objects, no quickening, a
 * handful of built-ins ({@link ReferenceBuiltins}). The real interpreter lives elsewhere.
 */
final class ReferenceInterpreter {
    final StringBuilder out = new StringBuilder();
    final Map<String, Object> builtins;
    private Exc handled;
    private int depth;
    /** Instructions left before {@link StepLimit} (for randomly generated programs that may loop forever). */
    long stepsLeft = Long.MAX_VALUE;

    /** Thrown when {@link #stepsLeft} runs out. */
    static final class StepLimit extends RuntimeException {
        StepLimit() {
            super("step limit", null, false, false);
        }
    }

    /** Pushed by LOAD_METHOD for a method of a built-in value. */
    record MethodName(String name) {
    }

    /** The bound __exit__ of a {@link Ctx}. */
    record ExitFn(Ctx ctx) {
    }

    ReferenceInterpreter() {
        this.builtins = ReferenceBuiltins.create(this);
    }

    /** Runs module code; returns stdout, with an uncaught exception's last line appended. */
    String run(CodeObject module) {
        try {
            execute(module, new Object[module.localCount()], new HashMap<>());
        } catch (Raise r) {
            String message = str(r.exc);
            out.append("Uncaught ").append(r.exc.type().name()).append(message.isEmpty() ? "" : ": " + message).append('\n');
        }
        return out.toString();
    }

    static Object constant(Object c) {
        if (c instanceof ConstTuple t) {
            return new Tuple(t.items().stream().map(ReferenceInterpreter::constant).toList());
        }
        return c;
    }

    private static final class ListIter implements Iterator<Object> {
        private final ArrayList<?> list;
        private int i;

        ListIter(ArrayList<?> list) {
            this.list = list;
        }

        public boolean hasNext() {
            return i < list.size();
        }

        public Object next() {
            return list.get(i++);
        }
    }

    @SuppressWarnings("unchecked")
    Object execute(CodeObject co, Object[] locals, Map<String, Object> globals) {
        char[] code = co.copyCode();
        Object[] stack = new Object[co.maxStack()];
        int sp = 0;
        int pc = 0;
        while (true) {
            if (--stepsLeft < 0) {
                throw new StepLimit();
            }
            int start = pc;
            int arg = 0;
            while (CodeUnits.opcode(code[pc]) == Opcode.EXTENDED_ARG.code()) {
                arg = (arg | CodeUnits.oparg(code[pc])) << 8;
                pc++;
            }
            Opcode op = Opcode.byCode(CodeUnits.opcode(code[pc]));
            arg |= CodeUnits.oparg(code[pc]);
            int next = pc + 1 + op.cacheUnits();
            pc = next;
            try {
                switch (op) {
                    case NOP -> { }
                    case POP_TOP -> stack[--sp] = null;
                    case PUSH_NULL -> stack[sp++] = null;
                    case COPY -> {
                        stack[sp] = stack[sp - arg];
                        sp++;
                    }
                    case SWAP -> {
                        Object t = stack[sp - 1];
                        stack[sp - 1] = stack[sp - arg];
                        stack[sp - arg] = t;
                    }
                    case LOAD_CONST -> stack[sp++] = constant(co.constants().get(arg));
                    case LOAD_FAST -> {
                        Object v = locals[arg];
                        if (v == null) {
                            throw error("UnboundLocalError", "cannot access local variable '" + co.varnames().get(arg)
                                    + "' where it is not associated with a value");
                        }
                        stack[sp++] = v;
                    }
                    case STORE_FAST -> locals[arg] = stack[--sp];
                    case DELETE_FAST -> {
                        if (locals[arg] == null) {
                            throw error("UnboundLocalError", "cannot access local variable '" + co.varnames().get(arg)
                                    + "' where it is not associated with a value");
                        }
                        locals[arg] = null;
                    }
                    case LOAD_GLOBAL -> {
                        String n = co.names().get(arg);
                        Object v = globals.containsKey(n) ? globals.get(n) : builtins.get(n);
                        if (v == null) {
                            throw error("NameError", "name '" + n + "' is not defined");
                        }
                        stack[sp++] = v;
                    }
                    case STORE_GLOBAL -> globals.put(co.names().get(arg), stack[--sp]);
                    case DELETE_GLOBAL -> {
                        if (globals.remove(co.names().get(arg)) == null) {
                            throw error("NameError", "name '" + co.names().get(arg) + "' is not defined");
                        }
                    }
                    case LOAD_ATTR -> stack[sp - 1] = ReferenceBuiltins.getAttr(stack[sp - 1], co.names().get(arg));
                    case STORE_ATTR -> {
                        Object obj = stack[--sp];
                        Object v = stack[--sp];
                        if (!(obj instanceof PyModule m)) {
                            throw error("AttributeError", "'" + typeName(obj) + "' object attribute is read-only");
                        }
                        m.attrs().put(co.names().get(arg), v);
                    }
                    case DELETE_ATTR -> {
                        Object obj = stack[--sp];
                        ((PyModule) obj).attrs().remove(co.names().get(arg));
                    }
                    case LOAD_METHOD -> {
                        Object obj = stack[sp - 1];
                        if (obj instanceof PyModule) {
                            stack[sp - 1] = ReferenceBuiltins.getAttr(obj, co.names().get(arg));
                            stack[sp++] = null;
                        } else {
                            stack[sp - 1] = new MethodName(co.names().get(arg));
                            stack[sp++] = obj;
                        }
                    }
                    case BINARY_OP -> {
                        Object b = stack[--sp];
                        stack[sp - 1] = ReferenceOperators.binary(arg, stack[sp - 1], b);
                    }
                    case UNARY_NEGATIVE -> {
                        Object a = stack[sp - 1];
                        stack[sp - 1] = a instanceof Double d ? (Object) (-d) : normalize(big(a).negate());
                    }
                    case UNARY_POSITIVE -> {
                        Object a = stack[sp - 1];
                        stack[sp - 1] = a instanceof Double ? a : normalize(big(a));
                    }
                    case UNARY_INVERT -> stack[sp - 1] = normalize(big(stack[sp - 1]).not());
                    case UNARY_NOT -> stack[sp - 1] = !truth(stack[sp - 1]);
                    case COMPARE_OP -> {
                        Object b = stack[--sp];
                        stack[sp - 1] = ReferenceOperators.compare(arg, stack[sp - 1], b);
                    }
                    case IS_OP -> {
                        Object b = stack[--sp];
                        Object a = stack[sp - 1];
                        boolean same = a == b || (a instanceof Boolean && a.equals(b)) || (a instanceof Long && a.equals(b));
                        stack[sp - 1] = same != (arg == 1);
                    }
                    case CONTAINS_OP -> {
                        Object c = stack[--sp];
                        stack[sp - 1] = ReferenceOperators.contains(c, stack[sp - 1]) != (arg == 1);
                    }
                    case BINARY_SUBSCR -> {
                        Object i = stack[--sp];
                        stack[sp - 1] = ReferenceBuiltins.subscript(stack[sp - 1], i);
                    }
                    case STORE_SUBSCR -> {
                        Object i = stack[--sp];
                        Object c = stack[--sp];
                        Object v = stack[--sp];
                        ReferenceBuiltins.storeSubscript(c, i, v);
                    }
                    case DELETE_SUBSCR -> {
                        Object i = stack[--sp];
                        Object c = stack[--sp];
                        ReferenceBuiltins.deleteSubscript(c, i);
                    }
                    case BUILD_SLICE -> {
                        Object step = arg == 3 ? stack[--sp] : NONE;
                        Object hi = stack[--sp];
                        Object lo = stack[--sp];
                        stack[sp++] = new Slice(lo, hi, step);
                    }
                    case BUILD_LIST, BUILD_TUPLE -> {
                        List<Object> items = new ArrayList<>();
                        for (int k = sp - arg; k < sp; k++) {
                            items.add(stack[k]);
                        }
                        sp -= arg;
                        stack[sp++] = op == Opcode.BUILD_LIST ? new ArrayList<>(items) : new Tuple(items);
                    }
                    case BUILD_MAP -> {
                        LinkedHashMap<Object, Object> m = new LinkedHashMap<>();
                        for (int k = sp - 2 * arg; k < sp; k += 2) {
                            m.put(stack[k], stack[k + 1]);
                        }
                        sp -= 2 * arg;
                        stack[sp++] = m;
                    }
                    case LIST_APPEND -> {
                        Object v = stack[--sp];
                        ((ArrayList<Object>) stack[sp - arg]).add(v);
                    }
                    case UNPACK_SEQUENCE -> {
                        List<Object> items = ReferenceOperators.iterate(stack[--sp]);
                        if (items.size() != arg) {
                            throw error("ValueError", items.size() > arg ? "too many values to unpack (expected " + arg + ")"
                                    : "not enough values to unpack (expected " + arg + ", got " + items.size() + ")");
                        }
                        for (int k = items.size() - 1; k >= 0; k--) {
                            stack[sp++] = items.get(k);
                        }
                    }
                    case FORMAT_VALUE -> {
                        String spec = (arg & Opcode.FORMAT_HAS_SPEC) != 0 ? (String) stack[--sp] : "";
                        Object v = stack[sp - 1];
                        if ((arg & 3) == Opcode.FORMAT_STR) {
                            v = str(v);
                        } else if ((arg & 3) >= Opcode.FORMAT_REPR) {
                            v = repr(v);
                        }
                        stack[sp - 1] = ReferenceBuiltins.format(v, spec);
                    }
                    case BUILD_STRING -> {
                        StringBuilder sb = new StringBuilder();
                        for (int k = sp - arg; k < sp; k++) {
                            sb.append((String) stack[k]);
                        }
                        sp -= arg;
                        stack[sp++] = sb.toString();
                    }
                    case JUMP_FORWARD, JUMP_BACKWARD -> pc = arg;
                    case POP_JUMP_IF_FALSE -> {
                        if (!truth(stack[--sp])) {
                            pc = arg;
                        }
                    }
                    case POP_JUMP_IF_TRUE -> {
                        if (truth(stack[--sp])) {
                            pc = arg;
                        }
                    }
                    case GET_ITER -> {
                        Object o = stack[sp - 1];
                        stack[sp - 1] = o instanceof Iterator<?> ? o
                                : o instanceof ArrayList<?> l ? new ListIter(l) : ReferenceOperators.iterate(o).iterator();
                    }
                    case FOR_ITER -> {
                        Iterator<Object> it = (Iterator<Object>) stack[sp - 1];
                        if (it.hasNext()) {
                            stack[sp++] = it.next();
                        } else {
                            stack[--sp] = null;
                            pc = arg;
                        }
                    }
                    case RETURN_VALUE -> {
                        if (sp != 1) {
                            throw new IllegalStateException("RETURN_VALUE with " + (sp - 1) + " other items on the stack at " + start);
                        }
                        return stack[--sp];
                    }
                    case CALL, CALL_KW -> {
                        List<String> kwnames = List.of();
                        if (op == Opcode.CALL_KW) {
                            kwnames = ((Tuple) stack[--sp]).items().stream().map(x -> (String) x).toList();
                        }
                        List<Object> args = new ArrayList<>();
                        for (int k = sp - arg; k < sp; k++) {
                            args.add(stack[k]);
                        }
                        sp -= arg;
                        Object self = stack[--sp];
                        Object f = stack[--sp];
                        if (self != null) {
                            args.addFirst(self);
                        }
                        stack[sp++] = call(f, args, kwnames);
                    }
                    case MAKE_FUNCTION -> {
                        CodeObject fc = (CodeObject) stack[--sp];
                        List<Object> defaults = (arg & 1) != 0 ? ((Tuple) stack[--sp]).items() : List.of();
                        stack[sp++] = new Function(fc, defaults, globals);
                    }
                    case IMPORT_NAME -> stack[sp++] = ReferenceBuiltins.importModule(co.names().get(arg));
                    case IMPORT_FROM -> {
                        stack[sp] = ReferenceBuiltins.getAttr(stack[sp - 1], co.names().get(arg));
                        sp++;
                    }
                    case RAISE_VARARGS -> {
                        if (arg == 0) {
                            if (handled == null) {
                                throw error("RuntimeError", "No active exception to reraise");
                            }
                            throw new Raise(handled);
                        }
                        if (arg == 2) {
                            sp--;
                        }
                        Object e = stack[--sp];
                        throw new Raise(e instanceof ExcType t ? new Exc(t, List.of()) : (Exc) e);
                    }
                    case RERAISE -> throw new Raise((Exc) stack[--sp]);
                    case PUSH_EXC_INFO -> {
                        Exc e = (Exc) stack[--sp];
                        stack[sp++] = handled == null ? NONE : handled;
                        stack[sp++] = e;
                        handled = e;
                    }
                    case POP_EXCEPT -> {
                        Object prev = stack[--sp];
                        handled = prev instanceof Exc e ? e : null;
                    }
                    case CHECK_EXC_MATCH -> {
                        Object type = stack[--sp];
                        Exc e = (Exc) stack[sp - 1];
                        List<Object> types = type instanceof Tuple t ? t.items() : List.of(type);
                        stack[sp++] = types.stream().anyMatch(t -> e.type().isSubclassOf((ExcType) t));
                    }
                    case LOAD_ASSERTION_ERROR -> stack[sp++] = EXC_TYPES.get("AssertionError");
                    case BEFORE_WITH -> {
                        Ctx c = (Ctx) stack[--sp];
                        out.append("enter ").append(c.name()).append('\n');
                        stack[sp++] = new ExitFn(c);
                        stack[sp++] = c.name();
                    }
                    case WITH_EXCEPT_START -> {
                        Exc e = (Exc) stack[sp - 1];
                        ExitFn exit = (ExitFn) stack[sp - 3];
                        stack[sp++] = call(exit, List.of(e.type(), e, NONE), List.of());
                    }
                    default -> throw new IllegalStateException("reference interpreter does not run " + op);
                }
            } catch (Raise r) {
                ExceptionTable.Entry h = co.exceptionTable().handlerFor(start);
                if (h == null) {
                    throw r;
                }
                while (sp > h.depth()) {
                    stack[--sp] = null;
                }
                stack[sp++] = r.exc;
                pc = h.target();
            }
        }
    }

    Object call(Object f, List<Object> args, List<String> kwnames) {
        int positional = args.size() - kwnames.size();
        switch (f) {
            case Function fn -> {
                if (++depth > 300) {
                    depth--;
                    throw error("RecursionError", "maximum recursion depth exceeded");
                }
                try {
                    CodeObject c = fn.code();
                    Object[] locals = new Object[c.localCount()];
                    if (positional > c.argCount()) {
                        throw error("TypeError", c.name() + "() takes " + c.argCount() + " positional arguments but " + positional + " were given");
                    }
                    for (int i = 0; i < positional; i++) {
                        locals[i] = args.get(i);
                    }
                    for (int k = 0; k < kwnames.size(); k++) {
                        int slot = c.varnames().subList(0, c.argCount()).indexOf(kwnames.get(k));
                        if (slot < 0) {
                            throw error("TypeError", c.name() + "() got an unexpected keyword argument '" + kwnames.get(k) + "'");
                        }
                        if (locals[slot] != null) {
                            throw error("TypeError", c.name() + "() got multiple values for argument '" + kwnames.get(k) + "'");
                        }
                        locals[slot] = args.get(positional + k);
                    }
                    int firstDefault = c.argCount() - fn.defaults().size();
                    for (int i = 0; i < c.argCount(); i++) {
                        if (locals[i] == null) {
                            if (i < firstDefault) {
                                throw error("TypeError", c.name() + "() missing 1 required positional argument: '" + c.varnames().get(i) + "'");
                            }
                            locals[i] = fn.defaults().get(i - firstDefault);
                        }
                    }
                    return execute(c, locals, fn.globals());
                } finally {
                    depth--;
                }
            }
            case Builtin b -> {
                Map<String, Object> kw = new HashMap<>();
                for (int k = 0; k < kwnames.size(); k++) {
                    kw.put(kwnames.get(k), args.get(positional + k));
                }
                return b.body().apply(args.subList(0, positional), kw);
            }
            case ExcType t -> {
                return new Exc(t, List.copyOf(args));
            }
            case MethodName m -> {
                return ReferenceBuiltins.callMethod(args.getFirst(), m.name(), args.subList(1, args.size()));
            }
            case ExitFn exit -> {
                Object type = args.getFirst();
                out.append("exit ").append(exit.ctx().name()).append(' ')
                        .append(type instanceof ExcType t ? t.name() : "None").append('\n');
                return type instanceof ExcType && exit.ctx().suppress();
            }
            default -> throw error("TypeError", "'" + typeName(f) + "' object is not callable");
        }
    }


    static boolean isNone(Object o) {
        return o instanceof ConstNone;
    }
}
