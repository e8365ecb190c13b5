package io.github.freethread.vm.jit;

import static java.lang.constant.ConstantDescs.CD_Object;
import static java.lang.constant.ConstantDescs.CD_String;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.Label;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.CodeAttribute;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.DirectMethodHandleDesc;
import java.lang.constant.DynamicCallSiteDesc;
import java.lang.constant.MethodHandleDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** {@link MethodCodeLength} agrees with the ClassFile API's own parse of the same class file. */
class MethodCodeLengthTest {
    private static final ClassDesc SELF = ClassDesc.of("io.github.freethread.vm.jit.Probe");
    private static final MethodTypeDesc LONG_INT = MethodTypeDesc.of(CD_long, CD_int);

    /** A class with every kind of constant-pool entry the compiled tier emits, and methods of {@code sizes} loops. */
    private static byte[] probeClass(int[] sizes, long seed) {
        Random r = new Random(seed);
        DirectMethodHandleDesc bsm = ConstantDescs.ofCallsiteBootstrap(SELF, "bsm", ConstantDescs.CD_CallSite);
        return ClassFile.of().build(SELF, clb -> {
            clb.withField("f", CD_long, ClassFile.ACC_STATIC);
            clb.withField("g", CD_String, ClassFile.ACC_PUBLIC);
            clb.withMethod("abstractOne", MethodTypeDesc.of(CD_void), ClassFile.ACC_PUBLIC | ClassFile.ACC_ABSTRACT, mb -> { });
            for (int m = 0; m < sizes.length; m++) {
                int n = sizes[m];
                clb.withMethodBody("m" + m, LONG_INT, ClassFile.ACC_STATIC, cb -> {
                    Label top = cb.newLabel();
                    Label out = cb.newLabel();
                    cb.lconst_0().lstore(1);
                    cb.labelBinding(top);
                    cb.iload(0).ifle(out);
                    for (int i = 0; i < n; i++) {
                        switch (r.nextInt(6)) {
                            case 0 -> cb.ldc(r.nextLong()).lload(1).ladd().lstore(1);
                            case 1 -> cb.ldc(r.nextDouble()).d2l().lload(1).lxor().lstore(1);
                            case 2 -> cb.ldc("s" + r.nextInt(1000)).pop();
                            case 3 -> cb.getstatic(SELF, "f", CD_long).lload(1).lor().putstatic(SELF, "f", CD_long);
                            case 4 -> cb.ldc(MethodHandleDesc.ofMethod(DirectMethodHandleDesc.Kind.STATIC, SELF, "m0", LONG_INT)).pop();
                            default -> cb.invokedynamic(DynamicCallSiteDesc.of(bsm, "site" + r.nextInt(5), MethodTypeDesc.of(CD_Object))).pop();
                        }
                    }
                    cb.iinc(0, -1).goto_(top);
                    cb.labelBinding(out);
                    cb.lload(1).lreturn();
                });
            }
            clb.withMethodBody("body", LONG_INT, ClassFile.ACC_STATIC, cb -> cb.iload(0).i2l().lreturn());
        });
    }

    private static int parsed(byte[] bytes, String name) {
        for (MethodModel m : ClassFile.of().parse(bytes).methods()) {
            if (m.methodName().equalsString(name)) {
                return m.findAttribute(Attributes.code()).map(CodeAttribute::codeLength).orElse(0);
            }
        }
        return 0;
    }

    @Test
    void shouldReadTheSameCodeLengthAsTheClassFileApiForEveryMethod() {
        Random r = new Random(42);
        for (int round = 0; round < 50; round++) {
            int[] sizes = new int[1 + r.nextInt(4)];
            Arrays.setAll(sizes, i -> r.nextInt(400));
            byte[] bytes = probeClass(sizes, r.nextLong());
            for (int m = 0; m < sizes.length; m++) {
                assertThat(MethodCodeLength.of(bytes, "m" + m)).as("round %d, m%d of %s", round, m, Arrays.toString(sizes))
                    .isEqualTo(parsed(bytes, "m" + m)).isPositive();
            }
            assertThat(MethodCodeLength.of(bytes, "body")).isEqualTo(parsed(bytes, "body")).isEqualTo(3);
        }
    }

    @Test
    void shouldGiveZeroForAMethodWithoutCodeOrWithoutThatName() {
        byte[] bytes = probeClass(new int[] {10}, 1);
        assertThat(MethodCodeLength.of(bytes, "abstractOne")).isZero();
        assertThat(MethodCodeLength.of(bytes, "noSuchMethod")).isZero();
        assertThat(MethodCodeLength.of(bytes, "f")).as("a field of that name is not a method").isZero();
    }

    @Test
    void shouldRejectATruncatedClassFileNamingTheOffset() {
        byte[] bytes = probeClass(new int[] {50}, 2);
        byte[] cut = Arrays.copyOf(bytes, bytes.length / 2);
        assertThatThrownBy(() -> MethodCodeLength.of(cut, "body"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("truncated at offset")
            .hasMessageContaining("of " + cut.length);
    }
}
