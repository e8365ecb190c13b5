package io.github.freethread.vm.compiler;

import io.github.freethread.vm.bytecode.CodeBuilder;
import io.github.freethread.vm.bytecode.CodeObject;
import io.github.freethread.vm.bytecode.ConstNone;
import io.github.freethread.vm.bytecode.Label;
import io.github.freethread.vm.bytecode.Opcode;
import io.github.freethread.vm.syntax.Expr;
import io.github.freethread.vm.syntax.Stmt;
import java.util.List;
import java.util.Map;

/**
 * Code generation for the statements of one module or function body; loops, exception handling
 * and unwinding live in {@link BlockCompiler}, expressions in {@link ExpressionCompiler}.
 */
final class CodeGenerator extends BlockCompiler {
    private final Map<Stmt.FunctionDef, Scope> scopes;
    private final String filename;

    CodeGenerator(CodeBuilder b, Scope scope, Map<Stmt.FunctionDef, Scope> scopes, String filename) {
        super(b, scope);
        this.scopes = scopes;
        this.filename = filename;
    }

    static CodeObject module(Stmt.Module m, ScopeAnalyzer.Result r) {
        CodeBuilder b = CodeBuilder.module(m.filename());
        CodeGenerator g = new CodeGenerator(b, r.module(), r.functions(), m.filename());
        g.block(m.body());
        b.line(0).loadConst(ConstNone.NONE).emit(Opcode.RETURN_VALUE);
        return b.build();
    }

    private CodeObject function(Stmt.FunctionDef d) {
        Scope s = scopes.get(d);
        int defaults = (int) d.params().stream().filter(p -> p.defaultValue() != null).count();
        List<String> params = d.params().stream().map(Stmt.Param::name).toList();
        CodeBuilder fb = CodeBuilder.function(d.name(), filename, d.pos().line(), params, defaults);
        for (String local : s.localsInOrder()) {
            fb.local(local);
        }
        CodeGenerator g = new CodeGenerator(fb, s, scopes, filename);
        g.block(d.body());
        fb.line(0).loadConst(ConstNone.NONE).emit(Opcode.RETURN_VALUE);
        return fb.build();
    }

    @Override
    void block(List<Stmt> body) {
        for (Stmt s : body) {
            stmt(s);
        }
    }

    private void stmt(Stmt s) {
        b.line(s.pos().line());
        switch (s) {
            case Stmt.ExprStmt e -> {
                expr(e.value());
                b.emit(Opcode.POP_TOP);
            }
            case Stmt.Assign a -> {
                if (swapAssign(a)) {
                    return;
                }
                expr(a.value());
                for (int i = 0; i < a.targets().size(); i++) {
                    if (i < a.targets().size() - 1) {
                        b.emit(Opcode.COPY, 1);
                    }
                    store(a.targets().get(i));
                }
            }
            case Stmt.AugAssign a -> augAssign(a);
            case Stmt.If i -> {
                Label orElse = b.newLabel();
                Label end = b.newLabel();
                jumpIf(i.test(), orElse, false);
                block(i.body());
                if (!i.orElse().isEmpty()) {
                    b.jump(end);
                }
                b.bind(orElse);
                block(i.orElse());
                b.bind(end);
            }
            case Stmt.While w -> whileLoop(w);
            case Stmt.For f -> forLoop(f);
            case Stmt.Break br -> breakOrContinue(true);
            case Stmt.Continue c -> breakOrContinue(false);
            case Stmt.Pass p -> { }
            case Stmt.FunctionDef d -> functionDef(d);
            case Stmt.Return r -> {
                if (r.value() == null) {
                    b.loadConst(ConstNone.NONE);
                } else {
                    expr(r.value());
                }
                b.line(s.pos().line());
                List<FrameBlock> popped = unwind(null, true);
                b.emit(Opcode.RETURN_VALUE);
                rewind(popped);
            }
            case Stmt.Global g -> { }
            case Stmt.Delete d -> d.targets().forEach(this::delete);
            case Stmt.Assert a -> {
                Label ok = b.newLabel();
                jumpIf(a.test(), ok, true);
                b.line(s.pos().line());
                b.emit(Opcode.LOAD_ASSERTION_ERROR);
                if (a.msg() != null) {
                    b.emit(Opcode.PUSH_NULL);
                    expr(a.msg());
                    b.emit(Opcode.CALL, 1);
                }
                b.emit(Opcode.RAISE_VARARGS, 1);
                b.bind(ok);
            }
            case Stmt.Import i -> {
                for (Stmt.Alias al : i.names()) {
                    b.emit(Opcode.IMPORT_NAME, b.name(al.name()));
                    if (al.asName() != null) {
                        storeName(al.asName());
                    } else if (al.name().contains(".")) {
                        String top = ScopeAnalyzer.topLevel(al.name());
                        b.emit(Opcode.POP_TOP).emit(Opcode.IMPORT_NAME, b.name(top));
                        storeName(top);
                    } else {
                        storeName(al.name());
                    }
                }
            }
            case Stmt.ImportFrom i -> {
                b.emit(Opcode.IMPORT_NAME, b.name(i.module()));
                for (Stmt.Alias al : i.names()) {
                    b.emit(Opcode.IMPORT_FROM, b.name(al.name()));
                    storeName(al.asName() != null ? al.asName() : al.name());
                }
                b.emit(Opcode.POP_TOP);
            }
            case Stmt.With w -> with(w.items(), 0, w.body());
            case Stmt.Raise r -> {
                int n = 0;
                if (r.exc() != null) {
                    expr(r.exc());
                    n++;
                }
                if (r.cause() != null) {
                    expr(r.cause());
                    n++;
                }
                b.line(s.pos().line());
                b.emit(Opcode.RAISE_VARARGS, n);
            }
            case Stmt.Try t -> {
                if (t.finalBody().isEmpty()) {
                    tryExcept(t);
                } else {
                    tryFinally(t);
                }
            }
        }
    }

    /**
     * {@code a, b = b, a + b} (2 or 3 items on both sides, one target): evaluates the items, then
     * SWAP n puts the first on top, so no tuple is built. Python's order is kept: all values
     * first, then the targets left to right.
     */
    private boolean swapAssign(Stmt.Assign a) {
        if (a.targets().size() != 1 || !(a.value() instanceof Expr.Tuple value) || fold(value) != null) {
            return false;
        }
        List<Expr> targets = switch (a.targets().getFirst()) {
            case Expr.Tuple t -> t.elts();
            case Expr.ListExpr l -> l.elts();
            default -> null;
        };
        int n = value.elts().size();
        if (targets == null || targets.size() != n || n < 2 || n > 3) {
            return false;
        }
        value.elts().forEach(this::expr);
        b.line(a.pos().line()).emit(Opcode.SWAP, n);
        targets.forEach(this::store);
        return true;
    }

    private void augAssign(Stmt.AugAssign a) {
        int op = binaryOp(a.op()).oparg(true);
        switch (a.target()) {
            case Expr.Name n -> {
                loadName(n.id());
                expr(a.value());
                b.line(a.pos().line()).emit(Opcode.BINARY_OP, op);
                storeName(n.id());
            }
            case Expr.Attribute at -> {
                expr(at.value());
                b.emit(Opcode.COPY, 1).emit(Opcode.LOAD_ATTR, b.name(at.attr()));
                expr(a.value());
                b.line(a.pos().line()).emit(Opcode.BINARY_OP, op);
                b.emit(Opcode.SWAP, 2).emit(Opcode.STORE_ATTR, b.name(at.attr()));
            }
            case Expr.Subscript sub -> {
                expr(sub.value());
                expr(sub.index());
                b.emit(Opcode.COPY, 2).emit(Opcode.COPY, 2).emit(Opcode.BINARY_SUBSCR);
                expr(a.value());
                b.line(a.pos().line()).emit(Opcode.BINARY_OP, op);
                b.emit(Opcode.SWAP, 3).emit(Opcode.SWAP, 2).emit(Opcode.STORE_SUBSCR);
            }
            default -> throw new IllegalStateException("parser let through a bad augmented target");
        }
    }

    private void delete(Expr target) {
        b.line(target.pos().line());
        switch (target) {
            case Expr.Name n -> deleteName(n.id());
            case Expr.Attribute a -> {
                expr(a.value());
                b.emit(Opcode.DELETE_ATTR, b.name(a.attr()));
            }
            case Expr.Subscript s -> {
                expr(s.value());
                expr(s.index());
                b.emit(Opcode.DELETE_SUBSCR);
            }
            case Expr.Tuple t -> t.elts().forEach(this::delete);
            case Expr.ListExpr l -> l.elts().forEach(this::delete);
            default -> throw new IllegalStateException("parser let through a bad del target");
        }
    }

    private void functionDef(Stmt.FunctionDef d) {
        List<Expr> defaults = d.params().stream().map(Stmt.Param::defaultValue).filter(x -> x != null).toList();
        int flags = 0;
        if (!defaults.isEmpty()) {
            flags |= Opcode.MAKE_FUNCTION_DEFAULTS;
            expr(new Expr.Tuple(defaults.getFirst().pos(), defaults));
        }
        CodeObject code = function(d);
        b.line(d.pos().line());
        b.loadConst(code);
        b.emit(Opcode.MAKE_FUNCTION, flags);
        storeName(d.name());
    }











}
