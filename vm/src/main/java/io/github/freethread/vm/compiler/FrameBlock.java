package io.github.freethread.vm.compiler;

import io.github.freethread.vm.bytecode.Label;
import io.github.freethread.vm.syntax.Stmt;
import java.util.List;

/**
 * A compile-time block that {@code break}, {@code continue} and {@code return} must unwind
 * (CPython's fblock). {@code handlers} are the exception-handler ranges the block keeps open,
 * outermost first: unwinding closes them before emitting the block's exit code (so that code is
 * not protected by the block's own handler) and reopens them after the jump.
 */
record FrameBlock(Kind kind, Label continueTarget, Label breakTarget, List<Label> handlers, List<Stmt> finalBody, String exceptName) {

    enum Kind {
        /** while loop; nothing on the stack. */
        WHILE_LOOP,
        /** for loop; its iterator is on the stack. */
        FOR_LOOP,
        /** body of try with except clauses. */
        TRY_EXCEPT,
        /** body of try with finally: exits run a copy of the finally body. */
        FINALLY_TRY,
        /** finally body on the exception path: [prev_exc, exc] on the stack. */
        FINALLY_END,
        /** body of an except clause: [prev_exc] on the stack, maybe a bound name to clear. */
        HANDLER_CLEANUP,
        /** body of with: [exit] on the stack. */
        WITH,
        /** a finally body inlined by a return: the return value is on the stack under it. */
        POP_VALUE
    }

    boolean isLoop() {
        return kind == Kind.WHILE_LOOP || kind == Kind.FOR_LOOP;
    }
}
