package io.github.freethread.vm.syntax;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders an AST as compact S-expressions without positions, e.g. {@code (+ 1 (* 2 3))}; used by
 * tests and for debugging the front end.
 */
public final class AstPrinter {
    private AstPrinter() {
    }

    public static String print(Stmt.Module m) {
        return block(m.body());
    }

    public static String block(List<Stmt> body) {
        return body.stream().map(AstPrinter::stmt).collect(Collectors.joining(" "));
    }

    public static String stmt(Stmt s) {
        return switch (s) {
            case Stmt.ExprStmt e -> expr(e.value());
            case Stmt.Assign a -> "(= " + exprs(a.targets()) + " " + expr(a.value()) + ")";
            case Stmt.AugAssign a -> "(" + a.op().symbol + "= " + expr(a.target()) + " " + expr(a.value()) + ")";
            case Stmt.If i -> "(if " + expr(i.test()) + " [" + block(i.body()) + "]" + orElse(i.orElse()) + ")";
            case Stmt.While w -> "(while " + expr(w.test()) + " [" + block(w.body()) + "]" + orElse(w.orElse()) + ")";
            case Stmt.For f -> "(for " + expr(f.target()) + " " + expr(f.iter()) + " [" + block(f.body()) + "]" + orElse(f.orElse()) + ")";
            case Stmt.Break b -> "(break)";
            case Stmt.Continue c -> "(continue)";
            case Stmt.Pass p -> "(pass)";
            case Stmt.FunctionDef d -> "(def " + d.name() + " (" + d.params().stream()
                    .map(p -> p.defaultValue() == null ? p.name() : p.name() + "=" + expr(p.defaultValue()))
                    .collect(Collectors.joining(" ")) + ") [" + block(d.body()) + "])";
            case Stmt.Return r -> r.value() == null ? "(return)" : "(return " + expr(r.value()) + ")";
            case Stmt.Global g -> "(global " + String.join(" ", g.names()) + ")";
            case Stmt.Delete d -> "(del " + exprs(d.targets()) + ")";
            case Stmt.Assert a -> "(assert " + expr(a.test()) + (a.msg() == null ? "" : " " + expr(a.msg())) + ")";
            case Stmt.Import i -> "(import " + aliases(i.names()) + ")";
            case Stmt.ImportFrom i -> "(from " + i.module() + " " + aliases(i.names()) + ")";
            case Stmt.With w -> "(with " + w.items().stream()
                    .map(it -> expr(it.contextExpr()) + (it.optionalVars() == null ? "" : " as " + expr(it.optionalVars())))
                    .collect(Collectors.joining(", ")) + " [" + block(w.body()) + "])";
            case Stmt.Raise r -> "(raise" + (r.exc() == null ? "" : " " + expr(r.exc())) + (r.cause() == null ? "" : " from " + expr(r.cause())) + ")";
            case Stmt.Try t -> "(try [" + block(t.body()) + "]" + t.handlers().stream()
                    .map(h -> " (except" + (h.type() == null ? "" : " " + expr(h.type())) + (h.name() == null ? "" : " as " + h.name())
                            + " [" + block(h.body()) + "])").collect(Collectors.joining())
                    + orElse(t.orElse()) + (t.finalBody().isEmpty() ? "" : " finally [" + block(t.finalBody()) + "]") + ")";
        };
    }

    private static String orElse(List<Stmt> orElse) {
        return orElse.isEmpty() ? "" : " else [" + block(orElse) + "]";
    }

    private static String aliases(List<Stmt.Alias> names) {
        return names.stream().map(a -> a.asName() == null ? a.name() : a.name() + " as " + a.asName()).collect(Collectors.joining(" "));
    }

    private static String exprs(List<Expr> es) {
        return es.stream().map(AstPrinter::expr).collect(Collectors.joining(" "));
    }

    public static String expr(Expr e) {
        return switch (e) {
            case Expr.Constant c -> constant(c.value());
            case Expr.Name n -> n.id();
            case Expr.BinOp b -> "(" + b.op().symbol + " " + expr(b.left()) + " " + expr(b.right()) + ")";
            case Expr.UnaryOp u -> "(" + u.op().name().toLowerCase() + " " + expr(u.operand()) + ")";
            case Expr.BoolOp b -> "(" + b.op().name().toLowerCase() + " " + exprs(b.values()) + ")";
            case Expr.Compare c -> {
                StringBuilder sb = new StringBuilder("(cmp ").append(expr(c.left()));
                for (int i = 0; i < c.ops().size(); i++) {
                    sb.append(' ').append(c.ops().get(i).symbol).append(' ').append(expr(c.comparators().get(i)));
                }
                yield sb.append(')').toString();
            }
            case Expr.IfExp i -> "(ifexp " + expr(i.test()) + " " + expr(i.body()) + " " + expr(i.orElse()) + ")";
            case Expr.Call c -> "(call " + expr(c.func()) + (c.args().isEmpty() ? "" : " " + exprs(c.args()))
                    + c.keywords().stream().map(k -> " " + k.name() + "=" + expr(k.value())).collect(Collectors.joining()) + ")";
            case Expr.Attribute a -> "(. " + expr(a.value()) + " " + a.attr() + ")";
            case Expr.Subscript s -> "([] " + expr(s.value()) + " " + expr(s.index()) + ")";
            case Expr.Slice s -> "(slice " + opt(s.lower()) + " " + opt(s.upper()) + " " + opt(s.step()) + ")";
            case Expr.ListExpr l -> "[" + exprs(l.elts()) + "]";
            case Expr.Tuple t -> "(tuple" + (t.elts().isEmpty() ? "" : " " + exprs(t.elts())) + ")";
            case Expr.Dict d -> {
                StringBuilder sb = new StringBuilder("{");
                for (int i = 0; i < d.keys().size(); i++) {
                    sb.append(i == 0 ? "" : " ").append(expr(d.keys().get(i))).append(": ").append(expr(d.values().get(i)));
                }
                yield sb.append('}').toString();
            }
            case Expr.ListComp l -> "(listcomp " + expr(l.elt()) + l.generators().stream()
                    .map(g -> " (for " + expr(g.target()) + " " + expr(g.iter())
                            + g.ifs().stream().map(x -> " (if " + expr(x) + ")").collect(Collectors.joining()) + ")")
                    .collect(Collectors.joining()) + ")";
            case Expr.JoinedStr j -> "(f " + exprs(j.values()) + ")";
            case Expr.FormattedValue f -> "{" + expr(f.value()) + (f.conversion() < 0 ? "" : "!" + (char) f.conversion())
                    + (f.formatSpec() == null ? "" : ":" + expr(f.formatSpec())) + "}";
        };
    }

    private static String opt(Expr e) {
        return e == null ? "_" : expr(e);
    }

    private static String constant(Object v) {
        if (v instanceof String s) {
            return "'" + s.replace("\\", "\\\\").replace("\n", "\\n").replace("'", "\\'") + "'";
        }
        if (v instanceof Expr.NoneValue) {
            return "None";
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        return String.valueOf(v);
    }
}
