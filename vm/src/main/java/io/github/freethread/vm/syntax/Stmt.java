package io.github.freethread.vm.syntax;

import java.util.List;

/** Statement nodes of the subset, with source positions. */
public sealed interface Stmt {
    Pos pos();

    record ExprStmt(Pos pos, Expr value) implements Stmt { }

    /** {@code t1 = t2 = value}: one or more targets. */
    record Assign(Pos pos, List<Expr> targets, Expr value) implements Stmt { }

    /** {@code target op= value}; target is a Name, Attribute or Subscript. */
    record AugAssign(Pos pos, Expr target, Operator.Binary op, Expr value) implements Stmt { }

    record If(Pos pos, Expr test, List<Stmt> body, List<Stmt> orElse) implements Stmt { }

    record While(Pos pos, Expr test, List<Stmt> body, List<Stmt> orElse) implements Stmt { }

    record For(Pos pos, Expr target, Expr iter, List<Stmt> body, List<Stmt> orElse) implements Stmt { }

    record Break(Pos pos) implements Stmt { }

    record Continue(Pos pos) implements Stmt { }

    record Pass(Pos pos) implements Stmt { }

    /** A positional parameter, with a default value or null. */
    record Param(Pos pos, String name, Expr defaultValue) { }

    record FunctionDef(Pos pos, String name, List<Param> params, List<Stmt> body) implements Stmt { }

    /** {@code return} with a value or null. */
    record Return(Pos pos, Expr value) implements Stmt { }

    record Global(Pos pos, List<String> names) implements Stmt { }

    record Delete(Pos pos, List<Expr> targets) implements Stmt { }

    record Assert(Pos pos, Expr test, Expr msg) implements Stmt { }

    /** {@code name as asName}; asName null when absent. name may be dotted for imports. */
    record Alias(Pos pos, String name, String asName) { }

    record Import(Pos pos, List<Alias> names) implements Stmt { }

    record ImportFrom(Pos pos, String module, List<Alias> names) implements Stmt { }

    record WithItem(Expr contextExpr, Expr optionalVars) { }

    record With(Pos pos, List<WithItem> items, List<Stmt> body) implements Stmt { }

    /** {@code raise [exc [from cause]]}. */
    record Raise(Pos pos, Expr exc, Expr cause) implements Stmt { }

    /** {@code except [type [as name]]:} — type and name nullable. */
    record ExceptHandler(Pos pos, Expr type, String name, List<Stmt> body) { }

    record Try(Pos pos, List<Stmt> body, List<ExceptHandler> handlers, List<Stmt> orElse, List<Stmt> finalBody) implements Stmt { }

    /** A whole file. */
    record Module(String filename, List<Stmt> body) { }
}
