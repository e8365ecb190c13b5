package io.github.freethread.vm.compiler;

import io.github.freethread.vm.bytecode.CodeBuilder;
import io.github.freethread.vm.bytecode.ConstNone;
import io.github.freethread.vm.bytecode.Label;
import io.github.freethread.vm.bytecode.Opcode;
import io.github.freethread.vm.syntax.Stmt;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Code generation for loops, exception handling and the unwinding of blocks by break, continue
 * and return (CPython's fblocks). Exception handling uses the
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
 * As in CPython, storing the {@code as} target of {@code with} is inside the protected range
 * (the handler is opened one item below the stack, dropping the {@code __enter__} result).
 */
abstract class BlockCompiler extends ExpressionCompiler {
    protected final Deque<FrameBlock> blocks = new ArrayDeque<>();

    BlockCompiler(CodeBuilder b, Scope scope) {
        super(b, scope);
    }

    /** Compiles a statement list (the subclass knows statements). */
    abstract void block(List<Stmt> body);

    void whileLoop(Stmt.While w) {
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

    void forLoop(Stmt.For f) {
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

    void breakOrContinue(boolean isBreak) {
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
    List<FrameBlock> unwind(FrameBlock until, boolean preserveTop) {
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
    void rewind(List<FrameBlock> popped) {
        for (int i = popped.size() - 1; i >= 0; i--) {
            FrameBlock fb = popped.get(i);
            blocks.push(fb);
            for (Label h : fb.handlers()) {
                b.pushHandler(h);
            }
        }
    }

    void clearExceptName(String name) {
        if (name != null) {
            b.loadConst(ConstNone.NONE);
            storeName(name);
            deleteName(name);
        }
    }

    void tryFinally(Stmt.Try t) {
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

    void tryExcept(Stmt.Try t) {
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

    void with(List<Stmt.WithItem> items, int i, List<Stmt> body) {
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
        // [exit, value]: the handler keeps only [exit], so storing the value is protected too.
        b.pushHandler(onException, 1);
        if (item.optionalVars() != null) {
            store(item.optionalVars());
        } else {
            b.emit(Opcode.POP_TOP);
        }
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
    void callExitWithNones() {
        b.emit(Opcode.PUSH_NULL);
        b.loadConst(ConstNone.NONE).loadConst(ConstNone.NONE).loadConst(ConstNone.NONE);
        b.emit(Opcode.CALL, 3).emit(Opcode.POP_TOP);
    }
}
