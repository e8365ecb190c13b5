package io.github.freethread.vm.bytecode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodeBuilderTest {

    @Test
    void shouldAssembleAFunctionWithoutTheFrontEnd() {
        CodeBuilder b = CodeBuilder.function("add1", "<asm>", 1, List.of("x"), 0);
        b.emit(Opcode.LOAD_FAST, b.local("x"))
                .loadConst(1L)
                .emit(Opcode.BINARY_OP, BinaryOp.ADD.oparg(false))
                .emit(Opcode.RETURN_VALUE);
        CodeObject co = b.build();
        assertThat(co.argCount()).isEqualTo(1);
        assertThat(co.maxStack()).isEqualTo(2);
        assertThat(co.codeLength()).isEqualTo(5); // LOAD_FAST, LOAD_CONST, BINARY_OP + 1 cache, RETURN_VALUE
        assertThat(Disassembler.disassemble(co)).contains("LOAD_FAST                        0 (x)")
                .contains("BINARY_OP                        0 (+)");
    }

    @Test
    void shouldResolveForwardAndBackwardJumps() {
        CodeBuilder b = CodeBuilder.module("<asm>");
        Label top = b.newLabel();
        Label done = b.newLabel();
        b.loadConst(3L).emit(Opcode.STORE_GLOBAL, b.name("n"));
        b.bind(top);
        b.emit(Opcode.LOAD_GLOBAL, b.name("n")).emitJump(Opcode.POP_JUMP_IF_FALSE, done);
        b.emit(Opcode.LOAD_GLOBAL, b.name("n")).loadConst(1L).emit(Opcode.BINARY_OP, BinaryOp.SUBTRACT.oparg(true))
                .emit(Opcode.STORE_GLOBAL, b.name("n"));
        b.jump(top);
        b.bind(done);
        b.loadConst(ConstNone.NONE).emit(Opcode.RETURN_VALUE);
        CodeObject co = b.build();
        List<Instruction> insns = Instruction.decode(co.copyCode());
        Instruction back = insns.stream().filter(i -> i.op() == Opcode.JUMP_BACKWARD).findFirst().orElseThrow();
        assertThat(back.arg()).isEqualTo(2);
        Instruction cond = insns.stream().filter(i -> i.op() == Opcode.POP_JUMP_IF_FALSE).findFirst().orElseThrow();
        assertThat(cond.arg()).isEqualTo(back.next());
    }

    @Test
    void shouldEmitExtendedArgForWideOperandsAndJumpsOverThem() {
        CodeBuilder b = CodeBuilder.module("<asm>");
        Label end = b.newLabel();
        b.loadConst(true).emitJump(Opcode.POP_JUMP_IF_FALSE, end);
        for (long i = 0; i < 300; i++) {
            b.loadConst(i).emit(Opcode.POP_TOP);
        }
        b.bind(end);
        b.loadConst(ConstNone.NONE).emit(Opcode.RETURN_VALUE);
        CodeObject co = b.build();
        List<Instruction> insns = Instruction.decode(co.copyCode());
        Instruction jump = insns.get(1);
        assertThat(jump.op()).isEqualTo(Opcode.POP_JUMP_IF_FALSE);
        assertThat(jump.opOffset() - jump.start()).isEqualTo(1);
        Instruction wide = insns.stream().filter(i -> i.op() == Opcode.LOAD_CONST && i.arg() == 299).findFirst().orElseThrow();
        assertThat(wide.opOffset() - wide.start()).isEqualTo(1);
        assertThat(insns.stream().anyMatch(i -> i.start() == jump.arg() && i.op() == Opcode.LOAD_CONST)).isTrue();
    }

    @Test
    void shouldPoolConstantsByTypeAndValue() {
        CodeBuilder b = CodeBuilder.module("<asm>");
        assertThat(b.constant(1L)).isEqualTo(b.constant(1L));
        assertThat(b.constant(1L)).isNotEqualTo(b.constant(1.0));
        assertThat(b.constant(1L)).isNotEqualTo(b.constant(true));
        assertThat(b.constant(0.0)).isNotEqualTo(b.constant(-0.0));
        assertThat(b.constant(new ConstTuple(List.of(1L)))).isEqualTo(b.constant(new ConstTuple(List.of(1L))));
        assertThat(b.constant(BigInteger.ONE.shiftLeft(70))).isEqualTo(b.constant(BigInteger.ONE.shiftLeft(70)));
        assertThatThrownBy(() -> b.constant(BigInteger.ONE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldBuildExceptionTableFromHandlerRangesWithDepthAtPush() {
        CodeBuilder b = CodeBuilder.module("<asm>");
        Label handler = b.newLabel();
        Label end = b.newLabel();
        b.loadConst(1L); // one item below the protected range
        b.pushHandler(handler);
        b.emit(Opcode.LOAD_GLOBAL, b.name("boom")).emit(Opcode.POP_TOP);
        b.popHandler();
        b.jump(end);
        b.bind(handler); // [1, exc]
        b.emit(Opcode.POP_TOP);
        b.bind(end);
        b.emit(Opcode.RETURN_VALUE);
        CodeObject co = b.build();
        List<ExceptionTable.Entry> entries = co.exceptionTable().entries();
        assertThat(entries).hasSize(1);
        ExceptionTable.Entry e = entries.getFirst();
        assertThat(e.start()).isEqualTo(1);
        assertThat(e.end()).isEqualTo(9); // LOAD_GLOBAL has 6 cache units
        assertThat(e.depth()).isEqualTo(1);
        assertThat(co.exceptionTable().handlerFor(4)).isEqualTo(e);
        assertThat(co.exceptionTable().handlerFor(9)).isNull();
        assertThat(co.maxStack()).isEqualTo(2);
    }

    @Test
    void shouldRecordLinesPerOffset() {
        CodeBuilder b = CodeBuilder.module("<asm>");
        b.line(3).loadConst(1L).emit(Opcode.POP_TOP);
        b.line(7).loadConst(ConstNone.NONE).emit(Opcode.RETURN_VALUE);
        CodeObject co = b.build();
        assertThat(co.lineAt(0)).isEqualTo(3);
        assertThat(co.lineAt(1)).isEqualTo(3);
        assertThat(co.lineAt(2)).isEqualTo(7);
        assertThat(co.lineAt(3)).isEqualTo(7);
    }

    @Test
    void shouldRejectMisuse() {
        CodeBuilder b = CodeBuilder.module("<asm>");
        assertThatThrownBy(() -> b.emit(Opcode.JUMP_FORWARD, 3)).hasMessageContaining("takes a label");
        assertThatThrownBy(() -> b.emit(Opcode.POP_TOP, 1)).hasMessageContaining("takes no oparg");
        assertThatThrownBy(() -> b.emit(Opcode.CACHE)).hasMessageContaining("emitted by the assembler");
        assertThatThrownBy(() -> b.emit(Opcode.LOAD_CONST, -1)).hasMessageContaining("negative");
        assertThatThrownBy(b::popHandler).isInstanceOf(IllegalStateException.class);
        Label never = b.newLabel();
        b.emitJump(Opcode.JUMP_FORWARD, never);
        assertThatThrownBy(b::build).hasMessageContaining("never bound");
        CodeBuilder other = CodeBuilder.module("<asm>");
        assertThatThrownBy(() -> other.jump(never)).hasMessageContaining("another builder");
    }

    @Test
    void shouldVerifyWhatItBuilds() {
        CodeBuilder b = CodeBuilder.module("<asm>");
        b.emit(Opcode.POP_TOP).loadConst(ConstNone.NONE).emit(Opcode.RETURN_VALUE);
        assertThatThrownBy(b::build).isInstanceOfSatisfying(VerifyError.class, e -> {
            assertThat(e.offset()).isEqualTo(0);
            assertThat(e.reason()).contains("stack underflow");
        });
    }
}
