package io.github.freethread.vm.compiler;

import io.github.freethread.vm.bytecode.BinaryOp;
import io.github.freethread.vm.bytecode.CodeBuilder;
import io.github.freethread.vm.bytecode.CompareOp;
import io.github.freethread.vm.bytecode.ConstNone;
import io.github.freethread.vm.bytecode.ConstTuple;
import io.github.freethread.vm.bytecode.Label;
import io.github.freethread.vm.bytecode.Opcode;
import io.github.freethread.vm.syntax.Expr;
import io.github.freethread.vm.syntax.Operator;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Code generation for expressions and assignment targets (CPython's {@code compile.c} shapes):
 * calls use {@code [callable, self_or_NULL, args]} with LOAD_METHOD for {@code obj.m(...)};
 * {@code and}/{@code or} keep the deciding operand with COPY + POP_JUMP; chained comparisons
 * evaluate each middle operand once (SWAP/COPY) and short-circuit; conditions in jumps are
 * compiled straight to jumps through {@code not}/{@code and}/{@code or}; list comprehensions are
 * inlined (PEP 709) with their variables in fresh hidden slots so they never leak; f-strings
 * become FORMAT_VALUE + BUILD_STRING. Negated numeric literals and all-constant tuples are
 * folded into constants.
 */
abstract class ExpressionCompiler {
    protected final CodeBuilder b;
    protected final Scope scope;
    /** Comprehension variables in scope, innermost last: name -> hidden slot. */
    private final Deque<Map<String, Integer>> hidden = new ArrayDeque<>();

    ExpressionCompiler(CodeBuilder b, Scope scope) {
        this.b = b;
        this.scope = scope;
    }

    // ---- names -----------------------------------------------------------------------------------

    private int hiddenSlot(String n) {
        for (Map<String, Integer> m : hidden) {
            Integer slot = m.get(n);
            if (slot != null) {
                return slot;
            }
        }
        return -1;
    }

    void loadName(String n) {
        int h = hiddenSlot(n);
        if (h >= 0) {
            b.emit(Opcode.LOAD_FAST, h);
        } else if (scope.isLocal(n)) {
            b.emit(Opcode.LOAD_FAST, b.local(n));
        } else {
            b.emit(Opcode.LOAD_GLOBAL, b.name(n));
        }
    }

    void storeName(String n) {
        int h = hiddenSlot(n);
        if (h >= 0) {
            b.emit(Opcode.STORE_FAST, h);
        } else if (scope.isLocal(n)) {
            b.emit(Opcode.STORE_FAST, b.local(n));
        } else {
            b.emit(Opcode.STORE_GLOBAL, b.name(n));
        }
    }

    void deleteName(String n) {
        if (scope.isLocal(n)) {
            b.emit(Opcode.DELETE_FAST, b.local(n));
        } else {
            b.emit(Opcode.DELETE_GLOBAL, b.name(n));
        }
    }

    // ---- constants -------------------------------------------------------------------------------

    static Object constantOf(Object astValue) {
        if (astValue instanceof Expr.NoneValue) {
            return ConstNone.NONE;
        }
        if (astValue instanceof BigInteger bi) {
            return normalize(bi);
        }
        return astValue;
    }

    static Object normalize(BigInteger v) {
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    /** The constant an expression folds to, or null. */
    static Object fold(Expr e) {
        if (e instanceof Expr.Constant c) {
            return constantOf(c.value());
        }
        if (e instanceof Expr.UnaryOp u && u.op() == Operator.Unary.NEG && u.operand() instanceof Expr.Constant c) {
            Object v = constantOf(c.value());
            if (v instanceof Long l) {
                return l == Long.MIN_VALUE ? BigInteger.valueOf(l).negate() : (Object) (-l);
            }
            if (v instanceof BigInteger bi) {
                return normalize(bi.negate());
            }
            if (v instanceof Double d) {
                return -d;
            }
        }
        if (e instanceof Expr.Tuple t) {
            List<Object> items = new ArrayList<>();
            for (Expr x : t.elts()) {
                Object f = fold(x);
                if (f == null) {
                    return null;
                }
                items.add(f);
            }
            return new ConstTuple(items);
        }
        return null;
    }

    // ---- expressions -----------------------------------------------------------------------------

    void expr(Expr e) {
        b.line(e.pos().line());
        Object folded = fold(e);
        if (folded != null) {
            b.loadConst(folded);
            return;
        }
        switch (e) {
            case Expr.Constant c -> b.loadConst(constantOf(c.value()));
            case Expr.Name n -> loadName(n.id());
            case Expr.BinOp bo -> {
                expr(bo.left());
                expr(bo.right());
                b.line(e.pos().line());
                b.emit(Opcode.BINARY_OP, binaryOp(bo.op()).oparg(false));
            }
            case Expr.UnaryOp u -> {
                expr(u.operand());
                b.line(e.pos().line());
                b.emit(switch (u.op()) {
                    case NEG -> Opcode.UNARY_NEGATIVE;
                    case POS -> Opcode.UNARY_POSITIVE;
                    case INVERT -> Opcode.UNARY_INVERT;
                    case NOT -> Opcode.UNARY_NOT;
                });
            }
            case Expr.BoolOp bo -> {
                Label end = b.newLabel();
                Opcode jump = bo.op() == Operator.Bool.AND ? Opcode.POP_JUMP_IF_FALSE : Opcode.POP_JUMP_IF_TRUE;
                List<Expr> values = bo.values();
                for (int i = 0; i < values.size() - 1; i++) {
                    expr(values.get(i));
                    b.emit(Opcode.COPY, 1).emitJump(jump, end).emit(Opcode.POP_TOP);
                }
                expr(values.getLast());
                b.bind(end);
            }
            case Expr.Compare c -> compare(c);
            case Expr.IfExp i -> {
                Label orElse = b.newLabel();
                Label end = b.newLabel();
                jumpIf(i.test(), orElse, false);
                expr(i.body());
                b.jump(end);
                b.bind(orElse);
                expr(i.orElse());
                b.bind(end);
            }
            case Expr.Call c -> call(c);
            case Expr.Attribute a -> {
                expr(a.value());
                b.line(e.pos().line());
                b.emit(Opcode.LOAD_ATTR, b.name(a.attr()));
            }
            case Expr.Subscript s -> {
                expr(s.value());
                index(s.index());
                b.line(e.pos().line());
                b.emit(Opcode.BINARY_SUBSCR);
            }
            case Expr.Slice s -> slice(s);
            case Expr.ListExpr l -> {
                l.elts().forEach(this::expr);
                b.emit(Opcode.BUILD_LIST, l.elts().size());
            }
            case Expr.Tuple t -> {
                t.elts().forEach(this::expr);
                b.emit(Opcode.BUILD_TUPLE, t.elts().size());
            }
            case Expr.Dict d -> {
                for (int i = 0; i < d.keys().size(); i++) {
                    expr(d.keys().get(i));
                    expr(d.values().get(i));
                }
                b.line(e.pos().line());
                b.emit(Opcode.BUILD_MAP, d.keys().size());
            }
            case Expr.ListComp lc -> listComprehension(lc);
            case Expr.JoinedStr j -> joinedString(j);
            case Expr.FormattedValue f -> formattedValue(f);
        }
    }

    static BinaryOp binaryOp(Operator.Binary op) {
        return switch (op) {
            case ADD -> BinaryOp.ADD;
            case SUB -> BinaryOp.SUBTRACT;
            case MUL -> BinaryOp.MULTIPLY;
            case TRUEDIV -> BinaryOp.TRUE_DIVIDE;
            case FLOORDIV -> BinaryOp.FLOOR_DIVIDE;
            case MOD -> BinaryOp.REMAINDER;
            case POW -> BinaryOp.POWER;
            case LSHIFT -> BinaryOp.LSHIFT;
            case RSHIFT -> BinaryOp.RSHIFT;
            case BITOR -> BinaryOp.OR;
            case BITXOR -> BinaryOp.XOR;
            case BITAND -> BinaryOp.AND;
        };
    }

    private void index(Expr index) {
        if (index instanceof Expr.Tuple t && t.elts().stream().anyMatch(x -> x instanceof Expr.Slice)) {
            t.elts().forEach(this::expr);
            b.emit(Opcode.BUILD_TUPLE, t.elts().size());
        } else {
            expr(index);
        }
    }

    private void slice(Expr.Slice s) {
        optional(s.lower());
        optional(s.upper());
        if (s.step() != null) {
            expr(s.step());
        }
        b.emit(Opcode.BUILD_SLICE, s.step() != null ? 3 : 2);
    }

    private void optional(Expr e) {
        if (e == null) {
            b.loadConst(ConstNone.NONE);
        } else {
            expr(e);
        }
    }

    private void compareOp(Operator.Compare op) {
        switch (op) {
            case IS -> b.emit(Opcode.IS_OP, 0);
            case IS_NOT -> b.emit(Opcode.IS_OP, 1);
            case IN -> b.emit(Opcode.CONTAINS_OP, 0);
            case NOT_IN -> b.emit(Opcode.CONTAINS_OP, 1);
            case LT -> b.emit(Opcode.COMPARE_OP, CompareOp.LT.ordinal());
            case LE -> b.emit(Opcode.COMPARE_OP, CompareOp.LE.ordinal());
            case EQ -> b.emit(Opcode.COMPARE_OP, CompareOp.EQ.ordinal());
            case NE -> b.emit(Opcode.COMPARE_OP, CompareOp.NE.ordinal());
            case GT -> b.emit(Opcode.COMPARE_OP, CompareOp.GT.ordinal());
            case GE -> b.emit(Opcode.COMPARE_OP, CompareOp.GE.ordinal());
        }
    }

    /**
     * {@code a < b < c}: [a, b] SWAP 2, COPY 2 -> [b, a, b]; compare -> [b, r]; COPY 1,
     * POP_JUMP_IF_FALSE cleanup, POP_TOP -> [b]; c; compare -> [r]. Cleanup: [b, r] SWAP 2, POP_TOP.
     */
    private void compare(Expr.Compare c) {
        expr(c.left());
        int n = c.ops().size();
        if (n == 1) {
            expr(c.comparators().getFirst());
            b.line(c.pos().line());
            compareOp(c.ops().getFirst());
            return;
        }
        Label cleanup = b.newLabel();
        Label end = b.newLabel();
        for (int i = 0; i < n - 1; i++) {
            expr(c.comparators().get(i));
            b.line(c.pos().line());
            b.emit(Opcode.SWAP, 2).emit(Opcode.COPY, 2);
            compareOp(c.ops().get(i));
            b.emit(Opcode.COPY, 1).emitJump(Opcode.POP_JUMP_IF_FALSE, cleanup).emit(Opcode.POP_TOP);
        }
        expr(c.comparators().getLast());
        b.line(c.pos().line());
        compareOp(c.ops().getLast());
        b.jump(end);
        b.bind(cleanup);
        b.emit(Opcode.SWAP, 2).emit(Opcode.POP_TOP);
        b.bind(end);
    }

    /** Evaluates a condition and jumps to {@code target} if its truth equals {@code whenTrue}. */
    void jumpIf(Expr e, Label target, boolean whenTrue) {
        if (e instanceof Expr.UnaryOp u && u.op() == Operator.Unary.NOT) {
            jumpIf(u.operand(), target, !whenTrue);
            return;
        }
        if (e instanceof Expr.BoolOp bo) {
            boolean isAnd = bo.op() == Operator.Bool.AND;
            List<Expr> values = bo.values();
            if (isAnd != whenTrue) {
                // 'and' jumping when false, or 'or' jumping when true: any operand decides.
                for (Expr v : values) {
                    jumpIf(v, target, whenTrue);
                }
            } else {
                Label skip = b.newLabel();
                for (int i = 0; i < values.size() - 1; i++) {
                    jumpIf(values.get(i), skip, !whenTrue);
                }
                jumpIf(values.getLast(), target, whenTrue);
                b.bind(skip);
            }
            return;
        }
        expr(e);
        b.emitJump(whenTrue ? Opcode.POP_JUMP_IF_TRUE : Opcode.POP_JUMP_IF_FALSE, target);
    }

    private void call(Expr.Call c) {
        if (c.func() instanceof Expr.Attribute a) {
            expr(a.value());
            b.line(a.pos().line());
            b.emit(Opcode.LOAD_METHOD, b.name(a.attr()));
        } else {
            expr(c.func());
            b.emit(Opcode.PUSH_NULL);
        }
        c.args().forEach(this::expr);
        if (c.keywords().isEmpty()) {
            b.line(c.pos().line());
            b.emit(Opcode.CALL, c.args().size());
            return;
        }
        List<Object> names = new ArrayList<>();
        for (Expr.Keyword k : c.keywords()) {
            expr(k.value());
            names.add(k.name());
        }
        b.line(c.pos().line());
        b.loadConst(new ConstTuple(names));
        b.emit(Opcode.CALL_KW, c.args().size() + c.keywords().size());
    }

    /**
     * Inlined list comprehension: BUILD_LIST 0, then per {@code for} clause GET_ITER / FOR_ITER /
     * store target / {@code if} filters jumping back to that clause's FOR_ITER; the element is
     * appended with LIST_APPEND (depth = clauses + 1). The first iterable is evaluated before the
     * comprehension's variables come into scope, as in Python.
     */
    private void listComprehension(Expr.ListComp lc) {
        b.emit(Opcode.BUILD_LIST, 0);
        Map<String, Integer> slots = new HashMap<>();
        Set<String> names = new LinkedHashSet<>();
        for (Expr.Comprehension g : lc.generators()) {
            ScopeAnalyzer.collectTargetNames(g.target(), names);
        }
        List<Label> tops = new ArrayList<>();
        List<Label> nexts = new ArrayList<>();
        List<Label> ends = new ArrayList<>();
        boolean first = true;
        for (Expr.Comprehension g : lc.generators()) {
            expr(g.iter());
            if (first) {
                for (String n : names) {
                    slots.put(n, b.newLocal(n));
                }
                hidden.push(slots);
                first = false;
            }
            b.line(g.pos().line());
            b.emit(Opcode.GET_ITER);
            Label top = b.newLabel();
            Label nextItem = b.newLabel();
            Label end = b.newLabel();
            b.bind(top);
            b.emitJump(Opcode.FOR_ITER, end);
            store(g.target());
            for (Expr cond : g.ifs()) {
                // Forward to the back edge: every loop is closed by a JUMP_BACKWARD safe point.
                jumpIf(cond, nextItem, false);
            }
            tops.add(top);
            nexts.add(nextItem);
            ends.add(end);
        }
        expr(lc.elt());
        b.emit(Opcode.LIST_APPEND, lc.generators().size() + 1);
        for (int i = tops.size() - 1; i >= 0; i--) {
            b.bind(nexts.get(i));
            b.jump(tops.get(i));
            b.bind(ends.get(i));
        }
        hidden.pop();
    }

    private void joinedString(Expr.JoinedStr j) {
        if (j.values().isEmpty()) {
            b.loadConst("");
            return;
        }
        for (Expr part : j.values()) {
            if (part instanceof Expr.FormattedValue f) {
                formattedValue(f);
            } else {
                expr(part);
            }
        }
        if (j.values().size() > 1) {
            b.emit(Opcode.BUILD_STRING, j.values().size());
        }
    }

    private void formattedValue(Expr.FormattedValue f) {
        expr(f.value());
        int flags = switch (f.conversion()) {
            case 's' -> Opcode.FORMAT_STR;
            case 'r' -> Opcode.FORMAT_REPR;
            case 'a' -> Opcode.FORMAT_ASCII;
            default -> Opcode.FORMAT_NONE;
        };
        if (f.formatSpec() != null) {
            joinedString(f.formatSpec());
            flags |= Opcode.FORMAT_HAS_SPEC;
        }
        b.emit(Opcode.FORMAT_VALUE, flags);
    }

    // ---- targets ---------------------------------------------------------------------------------

    /** Stores the value on top of the stack into a target, consuming it. */
    void store(Expr target) {
        b.line(target.pos().line());
        switch (target) {
            case Expr.Name n -> storeName(n.id());
            case Expr.Attribute a -> {
                expr(a.value());
                b.emit(Opcode.STORE_ATTR, b.name(a.attr()));
            }
            case Expr.Subscript s -> {
                expr(s.value());
                index(s.index());
                b.emit(Opcode.STORE_SUBSCR);
            }
            case Expr.Tuple t -> unpack(t.elts());
            case Expr.ListExpr l -> unpack(l.elts());
            default -> throw new IllegalStateException("parser let through a bad target: " + target);
        }
    }

    private void unpack(List<Expr> elts) {
        b.emit(Opcode.UNPACK_SEQUENCE, elts.size());
        for (Expr x : elts) {
            store(x);
        }
    }
}
