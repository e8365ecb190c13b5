package io.github.freethread.vm.jit;

import static io.github.freethread.vm.jit.FrameState.*;


import io.github.freethread.vm.bytecode.InlineCacheLayout;
import io.github.freethread.vm.bytecode.Instruction;
import io.github.freethread.vm.bytecode.Opcode;
import io.github.freethread.vm.interp.GenericInstructions;
import io.github.freethread.vm.interp.Op;
import io.github.freethread.vm.interp.StackInstructions;
import io.github.freethread.vm.interp.WithStatement;

/**
 * The generic templates of {@link Templates}: every instruction without a template of its own
 * materialises the whole stack and calls the interpreter's body for it with constant stack
 * pointers; quickened attribute and call forms choose a guarded body (no code copy is written).
 */
final class GenericTemplates extends TemplateGroup {
    GenericTemplates(Templates tp) {
        super(tp);
    }

    /** Materialises the whole stack and calls the interpreter's body of the instruction. */
    void genericBody(int pc, Instruction in, Opcode q) {
        Opcode op = in.op();
        int arg = in.arg();
        int d = st.depth;
        int after = d - op.pops(arg) + op.pushes(arg);
        if (op == Opcode.CALL && new CallTemplates(tp).inline(pc, in, q)) {
            return; // a leaf callee evaluated inline (calls4)
        }
        st.flushAll();
        tp.throwSite(pc);
        switch (op) {
            case STORE_GLOBAL -> {
                cb.aload(T);
                tp.ci();
                cb.lload(GLOBALS).ldc(arg).aload(S);
                tp.sp();
                st.call(StackInstructions.class, "storeGlobal");
                cb.pop();
            }
            case DELETE_GLOBAL -> {
                cb.aload(T);
                tp.ci();
                cb.lload(GLOBALS).ldc(arg);
                st.call(StackInstructions.class, "deleteGlobal");
            }
            case LOAD_ATTR -> {
                if (q == Opcode.LOAD_ATTR_MODULE) {
                    moduleAttribute(in, arg, false);
                } else {
                    attribute(arg, "loadAttr");
                }
            }
            case LOAD_METHOD -> {
                if (q == Opcode.LOAD_METHOD_MODULE) {
                    moduleAttribute(in, arg, true);
                } else if (q == Opcode.LOAD_METHOD_BUILTIN) {
                    cb.aload(T);
                    tp.ci();
                    cb.ldc(arg).ldc(jc.cache32(in, InlineCacheLayout.LOAD_ATTR_VERSION)).ldc(jc.cache(in, InlineCacheLayout.LOAD_ATTR_INDEX))
                        .aload(S);
                    tp.sp();
                    st.call(JitRuntime.class, "builtinMethod");
                    cb.pop();
                } else {
                    attribute(arg, "loadMethod");
                    cb.pop();
                }
            }
            case STORE_ATTR -> stackCall(GenericInstructions.class, "storeAttr", true, arg, true);
            case DELETE_ATTR -> stackCall(GenericInstructions.class, "deleteAttr", true, arg, true);
            case UNARY_POSITIVE, UNARY_INVERT, UNARY_NOT -> {
                cb.aload(T).ldc(op == Opcode.UNARY_POSITIVE ? Op.UNARY_POSITIVE : op == Opcode.UNARY_INVERT ? Op.UNARY_INVERT : Op.UNARY_NOT)
                    .aload(S);
                tp.sp();
                st.call(GenericInstructions.class, "unary");
            }
            case IS_OP -> stackCall(StackInstructions.class, "isOp", false, arg, true);
            case CONTAINS_OP -> stackCall(GenericInstructions.class, "containsOp", false, arg, true);
            case DELETE_SUBSCR -> stackCall(StackInstructions.class, "deleteSubscr", false, -1, true);
            case BUILD_SLICE -> stackCall(GenericInstructions.class, "buildSlice", false, arg, true);
            case BUILD_LIST -> stackCall(StackInstructions.class, "buildList", false, arg, true);
            case BUILD_TUPLE -> stackCall(GenericInstructions.class, "buildTuple", false, arg, true);
            case BUILD_MAP -> stackCall(StackInstructions.class, "buildMap", false, arg, true);
            case LIST_APPEND -> stackCall(StackInstructions.class, "listAppend", false, arg, true);
            case UNPACK_SEQUENCE -> stackCall(JitRuntime.class, "unpack", false, arg, true);
            case FORMAT_VALUE -> stackCall(GenericInstructions.class, "formatValue", false, arg, true);
            case BUILD_STRING -> stackCall(GenericInstructions.class, "buildString", false, arg, true);
            case GET_ITER -> stackCall(StackInstructions.class, "getIter", false, -1, false);
            case CALL, CALL_KW -> new CallTemplates(tp).call(in, q, arg);
            case MAKE_FUNCTION -> {
                cb.aload(T).ldc(arg).lload(GLOBALS).aload(S);
                tp.sp();
                st.call(GenericInstructions.class, "makeFunction");
                cb.pop();
            }
            case IMPORT_NAME -> stackCall(GenericInstructions.class, "importName", true, arg, true);
            case IMPORT_FROM -> stackCall(GenericInstructions.class, "importFrom", true, arg, true);
            case PUSH_EXC_INFO -> stackCall(GenericInstructions.class, "pushExcInfo", false, -1, false);
            case POP_EXCEPT -> {
                cb.aload(T);
                st.loadSlot(d - 1);
                st.call(GenericInstructions.class, "popExcept");
            }
            case CHECK_EXC_MATCH -> stackCall(GenericInstructions.class, "checkExcMatch", false, -1, false);
            case LOAD_ASSERTION_ERROR -> {
                cb.aload(T);
                st.call(JitRuntime.class, "assertionError");
                st.storeSlotFromStack(d);
            }
            case BEFORE_WITH -> stackCall(WithStatement.class, "beforeWith", false, -1, true);
            case WITH_EXCEPT_START -> stackCall(WithStatement.class, "withExceptStart", false, -1, true);
            default -> throw new IllegalStateException("no template for " + op + " at " + pc);
        }
        tp.generic(after);
    }

    /** GenericInstructions.loadAttr / loadMethod without quickening (no code copy to write). */
    private void attribute(int arg, String name) {
        cb.aload(T);
        tp.ci();
        cb.aconst_null().iconst_0().iconst_0().ldc(arg).aload(S);
        tp.sp();
        cb.iconst_0();
        st.call(GenericInstructions.class, name);
    }

    /** {@code owner.name(t, [ci,] [arg,] s, sp)}, popping the returned sp if {@code returnsSp}. */
    private void stackCall(Class<?> owner, String name, boolean withCi, int arg, boolean returnsSp) {
        cb.aload(T);
        if (withCi) {
            tp.ci();
        }
        if (arg >= 0) {
            cb.ldc(arg);
        }
        cb.aload(S);
        tp.sp();
        st.call(owner, name);
        if (returnsSp) {
            cb.pop();
        }
    }

    private void moduleAttribute(Instruction in, int arg, boolean method) {
        cb.aload(T);
        tp.ci();
        cb.ldc(arg).ldc(jc.cache(in, InlineCacheLayout.LOAD_ATTR_INDEX)).ldc(jc.cache32(in, InlineCacheLayout.LOAD_ATTR_VERSION))
            .aload(S);
        tp.sp();
        if (method) {
            cb.iconst_1();
        } else {
            cb.iconst_0();
        }
        st.call(JitRuntime.class, "moduleAttribute");
        cb.pop();
    }
}
