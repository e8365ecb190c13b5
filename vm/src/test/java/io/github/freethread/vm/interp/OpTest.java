package io.github.freethread.vm.interp;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;

import org.junit.jupiter.api.Test;

import io.github.freethread.vm.bytecode.Opcode;

class OpTest {
    @Test
    void shouldMatchEveryOpcodeNumber() throws Exception {
        for (Opcode o : Opcode.values()) {
            Field f = Op.class.getField(o.name());
            assertThat(f.getInt(null)).as(o.name()).isEqualTo(o.code());
        }
        assertThat(Op.class.getFields()).hasSize(Opcode.values().length);
    }
}
