package io.github.freethread.vm.jit;

import static java.lang.constant.ConstantDescs.CD_Object;
import static java.lang.constant.ConstantDescs.CD_double;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;

import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;

import io.github.freethread.refcount.ObjectHeader;
import io.github.freethread.vm.runtime.Layouts;

/**
 * Off-heap reads emitted directly into generated code: the type id of an object and the value
 * of a float or int object, as {@code jdk.internal.misc.Unsafe.getInt/getDouble/getLong(Object,
 * long)} on a null base.
 *
 * <p>Why not a call to {@code VmThread.typeOf} / {@code floatValue}: a generated method of a few
 * kilobytes (nbody's {@code advance}: 6 kB) uses up most of C2's inlining budget
 * ({@code DesiredMethodLimit}, 8000 bytecodes counting the root method), so those helpers stayed
 * real calls — two per float operand, with every live {@code double} spilled around each.
 * The {@code (Object, long)} accessors are C2 intrinsics, which are expanded before the inlining
 * budget is consulted, so these reads cost one load each however big the method is.
 *
 * <p>Access: the package is exported to the class path by the jar's {@code Add-Exports} manifest
 * entry (and {@code ft.jvm.flags} in tests), the same export Agrona's {@code UnsafeApi} needs.
 * The instance is held in a {@code static final} field, a constant to C2, so the receiver check
 * and the {@code checkcast} fold away. Reads only: every address read here is an object the
 * generated code holds a reference to (owned or borrowed from a local), so it is live.
 */
final class RawMemory {
    private static final ClassDesc CD_UNSAFE = ClassDesc.of("jdk.internal.misc.Unsafe");
    private static final ClassDesc CD_SELF = ClassDesc.of(RawMemory.class.getName());
    private static final MethodTypeDesc GET_INT = MethodTypeDesc.of(CD_int, CD_Object, CD_long);
    private static final MethodTypeDesc GET_LONG = MethodTypeDesc.of(CD_long, CD_Object, CD_long);
    private static final MethodTypeDesc GET_DOUBLE = MethodTypeDesc.of(CD_double, CD_Object, CD_long);

    /** {@code jdk.internal.misc.Unsafe.getUnsafe()}, typed Object so this source needs no export at compile time. */
    static final Object UNSAFE = unsafe();

    private RawMemory() {
    }

    private static Object unsafe() {
        try {
            return Class.forName("jdk.internal.misc.Unsafe").getMethod("getUnsafe").invoke(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("compiled tier needs java.base/jdk.internal.misc exported (Add-Exports): " + e, e);
        }
    }

    /** Pushes the Unsafe instance (the method prologue keeps it in JVM variable {@link FrameState#U}). */
    static void receiver(CodeBuilder cb) {
        cb.getstatic(CD_SELF, "UNSAFE", CD_Object).checkcast(CD_UNSAFE);
    }

    /** Pushes the receiver and the null base of an absolute-address access. */
    private static void base(CodeBuilder cb) {
        cb.aload(FrameState.U).aconst_null();
    }

    private static void address(CodeBuilder cb, int objectVar, int offset) {
        cb.lload(objectVar).ldc((long) offset).ladd();
    }

    /** Pushes the type id (int) of the object whose address is in long variable {@code objectVar}. */
    static void typeId(CodeBuilder cb, int objectVar) {
        base(cb);
        address(cb, objectVar, ObjectHeader.TYPE_ID_OFFSET);
        cb.invokevirtual(CD_UNSAFE, "getInt", GET_INT);
    }

    /** Jumps to {@code other} unless the object in {@code objectVar} has type id {@code type} (JVM stack unchanged). */
    static void requireType(CodeBuilder cb, int objectVar, int type, Label other) {
        typeId(cb, objectVar);
        cb.loadConstant(type).if_icmpne(other);
    }

    /** Pushes the double value of the FLOAT object in {@code objectVar}. */
    static void floatValue(CodeBuilder cb, int objectVar) {
        base(cb);
        address(cb, objectVar, Layouts.FLOAT_VALUE);
        cb.invokevirtual(CD_UNSAFE, "getDouble", GET_DOUBLE);
    }

    /** Pushes the long value of the INT object in {@code objectVar}. */
    static void intValue(CodeBuilder cb, int objectVar) {
        base(cb);
        address(cb, objectVar, Layouts.INT_VALUE);
        cb.invokevirtual(CD_UNSAFE, "getLong", GET_LONG);
    }
}
