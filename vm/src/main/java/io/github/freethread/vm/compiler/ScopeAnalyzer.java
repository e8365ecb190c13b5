package io.github.freethread.vm.compiler;

import io.github.freethread.vm.syntax.Expr;
import io.github.freethread.vm.syntax.Pos;
import io.github.freethread.vm.syntax.Stmt;
import io.github.freethread.vm.syntax.SyntaxError;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * First compiler pass (CPython's {@code symtable.c} in miniature): builds a {@link Scope} per
 * module and function, and rejects what Python rejects about {@code global} (a name used or
 * assigned before its global declaration, a parameter declared global) and what the subset
 * rejects: a nested function that reads a local of an enclosing function (a closure).
 */
final class ScopeAnalyzer {
    private final String filename;
    private final Map<Stmt.FunctionDef, Scope> scopes = new IdentityHashMap<>();
    private Scope current;
    private Set<String> seen = new HashSet<>();
    private final Deque<Set<String>> comprehensionNames = new ArrayDeque<>();

    private ScopeAnalyzer(String filename) {
        this.filename = filename;
    }

    record Result(Scope module, Map<Stmt.FunctionDef, Scope> functions) {
    }

    static Result analyze(Stmt.Module m) {
        ScopeAnalyzer a = new ScopeAnalyzer(m.filename());
        Scope module = new Scope("<module>", false, null);
        a.current = module;
        a.block(m.body());
        a.checkClosures(module);
        return new Result(module, a.scopes);
    }

    private SyntaxError error(Pos p, String msg) {
        return new SyntaxError(msg, filename, p.line(), p.col());
    }

    private void block(List<Stmt> body) {
        for (Stmt s : body) {
            stmt(s);
        }
    }

    private void bind(String n) {
        current.bound.add(n);
        seen.add(n);
    }

    private void stmt(Stmt s) {
        switch (s) {
            case Stmt.ExprStmt e -> expr(e.value());
            case Stmt.Assign a -> {
                expr(a.value());
                a.targets().forEach(this::target);
            }
            case Stmt.AugAssign a -> {
                expr(a.value());
                if (a.target() instanceof Expr.Name n) {
                    use(n);
                }
                target(a.target());
            }
            case Stmt.If i -> {
                expr(i.test());
                block(i.body());
                block(i.orElse());
            }
            case Stmt.While w -> {
                expr(w.test());
                block(w.body());
                block(w.orElse());
            }
            case Stmt.For f -> {
                expr(f.iter());
                target(f.target());
                block(f.body());
                block(f.orElse());
            }
            case Stmt.Break b -> { }
            case Stmt.Continue c -> { }
            case Stmt.Pass p -> { }
            case Stmt.FunctionDef d -> function(d);
            case Stmt.Return r -> {
                if (r.value() != null) {
                    expr(r.value());
                }
            }
            case Stmt.Global g -> global(g);
            case Stmt.Delete d -> d.targets().forEach(this::target);
            case Stmt.Assert a -> {
                expr(a.test());
                if (a.msg() != null) {
                    expr(a.msg());
                }
            }
            case Stmt.Import i -> i.names().forEach(al -> bind(al.asName() != null ? al.asName() : topLevel(al.name())));
            case Stmt.ImportFrom i -> i.names().forEach(al -> bind(al.asName() != null ? al.asName() : al.name()));
            case Stmt.With w -> {
                for (Stmt.WithItem item : w.items()) {
                    expr(item.contextExpr());
                    if (item.optionalVars() != null) {
                        target(item.optionalVars());
                    }
                }
                block(w.body());
            }
            case Stmt.Raise r -> {
                if (r.exc() != null) {
                    expr(r.exc());
                }
                if (r.cause() != null) {
                    expr(r.cause());
                }
            }
            case Stmt.Try t -> {
                block(t.body());
                for (Stmt.ExceptHandler h : t.handlers()) {
                    if (h.type() != null) {
                        expr(h.type());
                    }
                    if (h.name() != null) {
                        bind(h.name());
                    }
                    block(h.body());
                }
                block(t.orElse());
                block(t.finalBody());
            }
        }
    }

    static String topLevel(String dotted) {
        int dot = dotted.indexOf('.');
        return dot < 0 ? dotted : dotted.substring(0, dot);
    }

    private void global(Stmt.Global g) {
        for (String n : g.names()) {
            if (current.params.contains(n)) {
                throw error(g.pos(), "name '" + n + "' is parameter and global");
            }
            if (current.bound.contains(n) && seen.contains(n)) {
                throw error(g.pos(), "name '" + n + "' is assigned to before global declaration");
            }
            if (seen.contains(n)) {
                throw error(g.pos(), "name '" + n + "' is used prior to global declaration");
            }
            current.globals.add(n);
        }
    }

    private void function(Stmt.FunctionDef d) {
        for (Stmt.Param p : d.params()) {
            if (p.defaultValue() != null) {
                expr(p.defaultValue());
            }
        }
        bind(d.name());
        Scope outer = current;
        Set<String> outerSeen = seen;
        Scope fn = new Scope(d.name(), true, outer);
        outer.children.add(fn);
        scopes.put(d, fn);
        current = fn;
        seen = new HashSet<>();
        for (Stmt.Param p : d.params()) {
            fn.params.add(p.name());
            bind(p.name());
        }
        block(d.body());
        current = outer;
        seen = outerSeen;
    }

    private void target(Expr t) {
        switch (t) {
            case Expr.Name n -> bind(n.id());
            case Expr.Tuple tu -> tu.elts().forEach(this::target);
            case Expr.ListExpr l -> l.elts().forEach(this::target);
            case Expr.Attribute a -> expr(a.value());
            case Expr.Subscript s -> {
                expr(s.value());
                expr(s.index());
            }
            default -> expr(t);
        }
    }

    private void use(Expr.Name n) {
        for (Set<String> comp : comprehensionNames) {
            if (comp.contains(n.id())) {
                return;
            }
        }
        current.uses.putIfAbsent(n.id(), n.pos());
        seen.add(n.id());
    }

    private void expr(Expr e) {
        switch (e) {
            case Expr.Constant c -> { }
            case Expr.Name n -> use(n);
            case Expr.BinOp b -> {
                expr(b.left());
                expr(b.right());
            }
            case Expr.UnaryOp u -> expr(u.operand());
            case Expr.BoolOp b -> b.values().forEach(this::expr);
            case Expr.Compare c -> {
                expr(c.left());
                c.comparators().forEach(this::expr);
            }
            case Expr.IfExp i -> {
                expr(i.test());
                expr(i.body());
                expr(i.orElse());
            }
            case Expr.Call c -> {
                expr(c.func());
                c.args().forEach(this::expr);
                c.keywords().forEach(k -> expr(k.value()));
            }
            case Expr.Attribute a -> expr(a.value());
            case Expr.Subscript s -> {
                expr(s.value());
                expr(s.index());
            }
            case Expr.Slice s -> {
                if (s.lower() != null) {
                    expr(s.lower());
                }
                if (s.upper() != null) {
                    expr(s.upper());
                }
                if (s.step() != null) {
                    expr(s.step());
                }
            }
            case Expr.ListExpr l -> l.elts().forEach(this::expr);
            case Expr.Tuple t -> t.elts().forEach(this::expr);
            case Expr.Dict d -> {
                d.keys().forEach(this::expr);
                d.values().forEach(this::expr);
            }
            case Expr.ListComp lc -> comprehension(lc);
            case Expr.JoinedStr j -> j.values().forEach(this::expr);
            case Expr.FormattedValue f -> {
                expr(f.value());
                if (f.formatSpec() != null) {
                    expr(f.formatSpec());
                }
            }
        }
    }

    private void comprehension(Expr.ListComp lc) {
        Set<String> names = new HashSet<>();
        comprehensionNames.push(names);
        boolean first = true;
        for (Expr.Comprehension g : lc.generators()) {
            if (first) {
                // The first iterable is evaluated in the enclosing scope, before any comprehension variable exists.
                comprehensionNames.pop();
                expr(g.iter());
                comprehensionNames.push(names);
                first = false;
            } else {
                expr(g.iter());
            }
            collectTargetNames(g.target(), names);
            g.ifs().forEach(this::expr);
        }
        expr(lc.elt());
        comprehensionNames.pop();
    }

    static void collectTargetNames(Expr t, Set<String> out) {
        switch (t) {
            case Expr.Name n -> out.add(n.id());
            case Expr.Tuple tu -> tu.elts().forEach(x -> collectTargetNames(x, out));
            case Expr.ListExpr l -> l.elts().forEach(x -> collectTargetNames(x, out));
            default -> { }
        }
    }

    /** Rejects reads of enclosing-function locals from nested functions (closures). */
    private void checkClosures(Scope s) {
        if (s.isFunction) {
            for (Map.Entry<String, Pos> u : s.uses.entrySet()) {
                String n = u.getKey();
                if (s.isLocal(n) || s.globals.contains(n)) {
                    continue;
                }
                for (Scope up = s.parent; up != null && up.isFunction; up = up.parent) {
                    if (up.isLocal(n)) {
                        throw error(u.getValue(), "not in the ftvm subset: closures (function '" + s.name
                                + "' uses '" + n + "', a local of enclosing function '" + up.name + "')");
                    }
                }
            }
        }
        s.children.forEach(this::checkClosures);
    }
}
