package io.github.freethread.vm.compiler;

import io.github.freethread.vm.bytecode.CodeBuilder;
import io.github.freethread.vm.bytecode.CodeObject;
import io.github.freethread.vm.bytecode.ConstNone;
import io.github.freethread.vm.bytecode.Label;
import io.github.freethread.vm.bytecode.Opcode;
import io.github.freethread.vm.syntax.Expr;
import io.github.freethread.vm.syntax.Stmt;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Code generation for statements of one module or function body. Exception handling uses the
 * zero-cost table (see {@code ExceptionTable}): a {@code try} body is a handler range, not an
 * instruction. Handler code follows CPython 3.11:
 * <pre>
 *   try/except:   E: [exc] PUSH_EXC_INFO -> [prev, exc]; per clause: type, CHECK_EXC_MATCH,
 *                 POP_JUMP_IF_FALSE next; store or POP_TOP; body; POP_EXCEPT; clear name; jump end.
 *                 No match: RERAISE. Cleanup C (depth of [prev]): SWAP 2, POP_EXCEPT, RERAISE.
 *   try/finally:  body; finally copy; jump end.  F: PUSH_EXC_INFO; finally; RERAISE.
 *                 Cleanup: SWAP 2, POP_EXCEPT, RERAISE.
 *   with:         cm BEFORE_WITH -> [exit, value]; store value; body; exit(None, None, None).
 *                 H: PUSH_EXC_INFO; WITH_EXCEPT_START; POP_JUMP_IF_TRUE suppress; RERAISE.
 * </pre>
 * {@code break}/{@code continue}/{@code return} unwind the {@link FrameBlock}s they leave,
 * inlining finally bodies and with-exits (return keeps its value on top while doing so).
 * Deviation from CPython: the {@code as} target of {@code with} is stored before the handler
 * range opens, so an exception raised while storing into an attribute or subscript target does
 * not call {@code __exit__}.
 */
final class CodeGenerator extends ExpressionCompiler {
    private final Map<Stmt.FunctionDef, Scope> scopes;
    private final String filename;
    private final Deque<FrameBlock> blocks = new ArrayDeque<>();

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

    // ---- loops -----------------------------------------------------------------------------------

    private void whileLoop(Stmt.While w) {
        Label top = b.newLabel();
        Label orElse = b.newLabel();
        Label end = b.newLabel();
        b.bind(top);
        jumpIf(w.test(), orElse, false);
        blocks.push(new FrameBlock(FrameBlock.Kind.WHILE_LOOP, top, end, List.of(), null, null));
        block(w.body());
        blocks.pop();
        b.line(w.pos().line()).jump(top);
        b.bind(orElse);
        block(w.orElse());
        b.bind(end);
    }

    private void forLoop(Stmt.For f) {
        Label top = b.newLabel();
        Label orElse = b.newLabel();
        Label end = b.newLabel();
        expr(f.iter());
        b.line(f.pos().line()).emit(Opcode.GET_ITER);
        b.bind(top);
        b.emitJump(Opcode.FOR_ITER, orElse);
        store(f.target());
        blocks.push(new FrameBlock(FrameBlock.Kind.FOR_LOOP, top, end, List.of(), null, null));
        block(f.body());
        blocks.pop();
        b.line(f.pos().line()).jump(top);
        b.bind(orElse);
        block(f.orElse());
        b.bind(end);
    }

    private void breakOrContinue(boolean isBreak) {
        FrameBlock loop = null;
        for (FrameBlock fb : blocks) {
            if (fb.isLoop()) {
                loop = fb;
                break;
            }
        }
        if (loop == null) {
            throw new IllegalStateException("parser let through break/continue outside a loop");
        }
        List<FrameBlock> popped = unwind(loop, false);
        if (isBreak) {
            if (loop.kind() == FrameBlock.Kind.FOR_LOOP) {
                b.emit(Opcode.POP_TOP);
            }
            b.jump(loop.breakTarget());
        } else {
            b.jump(loop.continueTarget());
        }
        rewind(popped);
    }

    /**
     * Emits the exit code of every block inside {@code until} (all blocks if null), innermost
     * first, closing their handler ranges. Returns the blocks popped, for {@link #rewind}.
     */
    private List<FrameBlock> unwind(FrameBlock until, boolean preserveTop) {
        List<FrameBlock> popped = new ArrayList<>();
        while (!blocks.isEmpty() && blocks.peek() != until) {
            FrameBlock fb = blocks.pop();
            popped.add(fb);
            for (int i = fb.handlers().size() - 1; i >= 0; i--) {
                b.popHandler();
            }
            switch (fb.kind()) {
                case WHILE_LOOP, TRY_EXCEPT -> { }
                case FOR_LOOP -> {
                    if (preserveTop) {
                        b.emit(Opcode.SWAP, 2);
                    }
                    b.emit(Opcode.POP_TOP);
                }
                case FINALLY_TRY -> {
                    if (preserveTop) {
                        // A return or break inside this inlined finally body must drop the value kept here.
                        blocks.push(new FrameBlock(FrameBlock.Kind.POP_VALUE, null, null, List.of(), null, null));
                        block(fb.finalBody());
                        blocks.pop();
                    } else {
                        block(fb.finalBody());
                    }
                }
                case POP_VALUE -> {
                    if (preserveTop) {
                        b.emit(Opcode.SWAP, 2);
                    }
                    b.emit(Opcode.POP_TOP);
                }
                case FINALLY_END -> {
                    if (preserveTop) {
                        b.emit(Opcode.SWAP, 2).emit(Opcode.POP_TOP).emit(Opcode.SWAP, 2).emit(Opcode.POP_EXCEPT);
                    } else {
                        b.emit(Opcode.POP_TOP).emit(Opcode.POP_EXCEPT);
                    }
                }
                case HANDLER_CLEANUP -> {
                    if (preserveTop) {
                        b.emit(Opcode.SWAP, 2);
                    }
                    b.emit(Opcode.POP_EXCEPT);
                    clearExceptName(fb.exceptName());
                }
                case WITH -> {
                    if (preserveTop) {
                        b.emit(Opcode.SWAP, 2);
                    }
                    callExitWithNones();
                }
            }
        }
        return popped;
    }

    /** Re-enters the blocks {@link #unwind} left, for the code that follows in program order. */
    private void rewind(List<FrameBlock> popped) {
        for (int i = popped.size() - 1; i >= 0; i--) {
            FrameBlock fb = popped.get(i);
            blocks.push(fb);
            for (Label h : fb.handlers()) {
                b.pushHandler(h);
            }
        }
    }

    private void clearExceptName(String name) {
        if (name != null) {
            b.loadConst(ConstNone.NONE);
            storeName(name);
            deleteName(name);
        }
    }

    // ---- exceptions ------------------------------------------------------------------------------

    private void tryFinally(Stmt.Try t) {
        Label onException = b.newLabel();
        Label cleanup = b.newLabel();
        Label end = b.newLabel();
        b.pushHandler(onException);
        blocks.push(new FrameBlock(FrameBlock.Kind.FINALLY_TRY, null, null, List.of(onException), t.finalBody(), null));
        if (t.handlers().isEmpty()) {
            block(t.body());
        } else {
            tryExcept(t);
        }
        blocks.pop();
        b.popHandler();
        block(t.finalBody());
        b.jump(end);

        b.bind(onException);
        b.line(0);
        b.pushHandler(cleanup);
        b.emit(Opcode.PUSH_EXC_INFO);
        blocks.push(new FrameBlock(FrameBlock.Kind.FINALLY_END, null, null, List.of(cleanup), null, null));
        block(t.finalBody());
        blocks.pop();
        b.line(0);
        b.emit(Opcode.RERAISE);
        b.popHandler();

        b.bind(cleanup);
        b.emit(Opcode.SWAP, 2).emit(Opcode.POP_EXCEPT).emit(Opcode.RERAISE);
        b.bind(end);
    }

    private void tryExcept(Stmt.Try t) {
        Label dispatch = b.newLabel();
        Label cleanup = b.newLabel();
        Label end = b.newLabel();
        List<Runnable> namedCleanups = new ArrayList<>();

        b.pushHandler(dispatch);
        blocks.push(new FrameBlock(FrameBlock.Kind.TRY_EXCEPT, null, null, List.of(dispatch), null, null));
        block(t.body());
        blocks.pop();
        b.popHandler();
        block(t.orElse());
        b.jump(end);

        b.bind(dispatch);
        b.pushHandler(cleanup);
        b.line(t.handlers().getFirst().pos().line());
        b.emit(Opcode.PUSH_EXC_INFO);
        for (Stmt.ExceptHandler h : t.handlers()) {
            b.line(h.pos().line());
            Label next = b.newLabel();
            if (h.type() != null) {
                expr(h.type());
                b.line(h.pos().line());
                b.emit(Opcode.CHECK_EXC_MATCH).emitJump(Opcode.POP_JUMP_IF_FALSE, next);
            }
            List<Label> handlers;
            if (h.name() != null) {
                storeName(h.name());
                Label named = b.newLabel();
                b.pushHandler(named);
                handlers = List.of(cleanup, named);
                String name = h.name();
                namedCleanups.add(() -> {
                    b.bind(named);
                    b.line(0);
                    clearExceptName(name);
                    b.emit(Opcode.SWAP, 2).emit(Opcode.POP_EXCEPT).emit(Opcode.RERAISE);
                });
            } else {
                b.emit(Opcode.POP_TOP);
                handlers = List.of(cleanup);
            }
            blocks.push(new FrameBlock(FrameBlock.Kind.HANDLER_CLEANUP, null, null, handlers, null, h.name()));
            block(h.body());
            blocks.pop();
            for (int i = 0; i < handlers.size(); i++) {
                b.popHandler();
            }
            b.line(0);
            b.emit(Opcode.POP_EXCEPT);
            clearExceptName(h.name());
            b.jump(end);
            b.pushHandler(cleanup);
            b.bind(next);
        }
        b.line(0);
        b.emit(Opcode.RERAISE);
        b.popHandler();

        b.bind(cleanup);
        b.emit(Opcode.SWAP, 2).emit(Opcode.POP_EXCEPT).emit(Opcode.RERAISE);
        namedCleanups.forEach(Runnable::run);
        b.bind(end);
    }

    private void with(List<Stmt.WithItem> items, int i, List<Stmt> body) {
        if (i == items.size()) {
            block(body);
            return;
        }
        Stmt.WithItem item = items.get(i);
        Label onException = b.newLabel();
        Label cleanup = b.newLabel();
        Label suppress = b.newLabel();
        Label end = b.newLabel();
        int line = item.contextExpr().pos().line();
        expr(item.contextExpr());
        b.line(line).emit(Opcode.BEFORE_WITH);
        if (item.optionalVars() != null) {
            store(item.optionalVars());
        } else {
            b.emit(Opcode.POP_TOP);
        }
        b.pushHandler(onException);
        blocks.push(new FrameBlock(FrameBlock.Kind.WITH, null, null, List.of(onException), null, null));
        with(items, i + 1, body);
        blocks.pop();
        b.popHandler();
        b.line(line);
        callExitWithNones();
        b.jump(end);

        b.bind(onException);
        b.pushHandler(cleanup);
        b.emit(Opcode.PUSH_EXC_INFO).emit(Opcode.WITH_EXCEPT_START).emitJump(Opcode.POP_JUMP_IF_TRUE, suppress);
        b.emit(Opcode.RERAISE);
        b.bind(suppress);
        b.popHandler();
        b.emit(Opcode.POP_TOP).emit(Opcode.POP_EXCEPT).emit(Opcode.POP_TOP);
        b.jump(end);

        b.bind(cleanup);
        b.emit(Opcode.SWAP, 2).emit(Opcode.POP_EXCEPT).emit(Opcode.RERAISE);
        b.bind(end);
    }

    /** [exit] -> []: calls exit(None, None, None) and discards the result. */
    private void callExitWithNones() {
        b.emit(Opcode.PUSH_NULL);
        b.loadConst(ConstNone.NONE).loadConst(ConstNone.NONE).loadConst(ConstNone.NONE);
        b.emit(Opcode.CALL, 3).emit(Opcode.POP_TOP);
    }

}
