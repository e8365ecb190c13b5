package io.github.freethread.vm.syntax;

import java.util.List;

/**
 * Expression nodes of the subset. Every node carries its source position. Shapes follow
 * CPython's {@code Parser/Python.asdl} restricted to the subset.
 */
public sealed interface Expr {
    Pos pos();

    /** The value of a {@code None} literal in {@link Constant}. */
    enum NoneValue { NONE }

    /** Literal: {@code Long}, {@code BigInteger}, {@code Double}, {@code String}, {@code Boolean} or {@link NoneValue#NONE}. */
    record Constant(Pos pos, Object value) implements Expr { }

    record Name(Pos pos, String id) implements Expr { }

    record BinOp(Pos pos, Expr left, Operator.Binary op, Expr right) implements Expr { }

    record UnaryOp(Pos pos, Operator.Unary op, Expr operand) implements Expr { }

    /** {@code a and b and c}: two or more values. */
    record BoolOp(Pos pos, Operator.Bool op, List<Expr> values) implements Expr { }

    /** {@code left ops[0] comparators[0] ops[1] comparators[1] ...}. */
    record Compare(Pos pos, Expr left, List<Operator.Compare> ops, List<Expr> comparators) implements Expr { }

    record IfExp(Pos pos, Expr test, Expr body, Expr orElse) implements Expr { }

    record Keyword(Pos pos, String name, Expr value) { }

    record Call(Pos pos, Expr func, List<Expr> args, List<Keyword> keywords) implements Expr { }

    record Attribute(Pos pos, Expr value, String attr) implements Expr { }

    /** {@code value[index]}; index may be a {@link Slice} or a {@link Tuple} containing slices. */
    record Subscript(Pos pos, Expr value, Expr index) implements Expr { }

    /** {@code lower:upper:step}, each part nullable; only valid as a subscript index. */
    record Slice(Pos pos, Expr lower, Expr upper, Expr step) implements Expr { }

    record ListExpr(Pos pos, List<Expr> elts) implements Expr { }

    record Tuple(Pos pos, List<Expr> elts) implements Expr { }

    record Dict(Pos pos, List<Expr> keys, List<Expr> values) implements Expr { }

    /** {@code for target in iter if c1 if c2}. */
    record Comprehension(Pos pos, Expr target, Expr iter, List<Expr> ifs) { }

    record ListComp(Pos pos, Expr elt, List<Comprehension> generators) implements Expr { }

    /** An f-string: concatenation of {@link Constant} strings and {@link FormattedValue}s. */
    record JoinedStr(Pos pos, List<Expr> values) implements Expr { }

    /**
     * {@code {value!conversion:spec}}; conversion is -1 (none), 's', 'r' or 'a'; spec is null or
     * a {@link JoinedStr}.
     */
    record FormattedValue(Pos pos, Expr value, int conversion, JoinedStr formatSpec) implements Expr { }
}
