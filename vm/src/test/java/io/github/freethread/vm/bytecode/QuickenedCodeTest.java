package io.github.freethread.vm.bytecode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.freethread.vm.compiler.Compiler;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuickenedCodeTest {
    private static final CodeObject MODULE = Compiler.compile("x = 1\ny = x + 2.5\nfor i in range(3):\n    y = y * 2.0\n", "q.py");

    private static Instruction first(char[] code, Opcode op) {
        return Instruction.decode(code).stream().filter(i -> i.op() == op).findFirst().orElseThrow();
    }

    @Test
    void shouldSpecializeAPrivateCopyWithoutTouchingTheCodeObject() {
        char[] mine = QuickenedCode.warmCopy(MODULE);
        Instruction add = first(mine, Opcode.BINARY_OP);
        QuickenedCode.specialize(mine, add.opOffset(), Opcode.BINARY_OP_ADD_FLOAT);
        assertThat(QuickenedCode.opcodeAt(mine, add.opOffset())).isEqualTo(Opcode.BINARY_OP_ADD_FLOAT);
        assertThat(Instruction.decode(mine).size()).isEqualTo(Instruction.decode(MODULE.copyCode()).size());
        assertThat(Opcode.byCode(CodeUnits.opcode(MODULE.unitAt(add.opOffset())))).isEqualTo(Opcode.BINARY_OP);
        String dis = Disassembler.disassemble(MODULE, mine, true);
        assertThat(dis).contains("BINARY_OP_ADD_FLOAT              0 (+)").contains("CACHE");
        Verifier.verify(MODULE);
        CodeObject smuggled = new CodeObject(MODULE.kind(), MODULE.name(), MODULE.filename(), 1, 0, 0, MODULE.varnames(),
                MODULE.names(), MODULE.constants(), mine, MODULE.lineTable(), MODULE.exceptionTable(), MODULE.maxStack());
        assertThatThrownBy(() -> Verifier.verify(smuggled)).isInstanceOf(VerifyError.class);
    }

    @Test
    void shouldDeoptimizeBackToTheFamilyWithBackoff() {
        char[] mine = QuickenedCode.warmCopy(MODULE);
        Instruction loop = first(mine, Opcode.FOR_ITER);
        QuickenedCode.specialize(mine, loop.opOffset(), Opcode.FOR_ITER_RANGE);
        QuickenedCode.deoptimize(mine, loop.opOffset());
        assertThat(QuickenedCode.opcodeAt(mine, loop.opOffset())).isEqualTo(Opcode.FOR_ITER);
        char counter = mine[loop.opOffset() + 1];
        assertThat(InlineCacheLayout.counterBackoff(counter)).isEqualTo(1);
        assertThat(CodeUnits.oparg(mine[loop.opOffset()])).isEqualTo(loop.arg() & 0xFF);
    }

    @Test
    void shouldRefuseRewritesThatChangeTheInstructionFamily() {
        char[] mine = QuickenedCode.warmCopy(MODULE);
        Instruction add = first(mine, Opcode.BINARY_OP);
        assertThatThrownBy(() -> QuickenedCode.specialize(mine, add.opOffset(), Opcode.COMPARE_OP_INT))
                .hasMessageContaining("cannot specialise BINARY_OP");
        assertThatThrownBy(() -> QuickenedCode.specialize(mine, add.opOffset(), Opcode.LOAD_CONST))
                .hasMessageContaining("cannot specialise");
        char[] fresh = MODULE.copyCode(); // caches still zero: CACHE units
        assertThatThrownBy(() -> QuickenedCode.opcodeAt(fresh, add.opOffset() + 1)).hasMessageContaining("no instruction opcode");
        Instruction store = first(mine, Opcode.STORE_GLOBAL);
        assertThatThrownBy(() -> QuickenedCode.deoptimize(mine, store.opOffset())).hasMessageContaining("not specialisable");
    }

    @Test
    void shouldGiveEachAdaptiveInstructionAWarmupCounter() {
        char[] mine = QuickenedCode.warmCopy(MODULE);
        List<Instruction> adaptive = Instruction.decode(mine).stream().filter(i -> i.op().cacheUnits() > 0).toList();
        assertThat(adaptive).isNotEmpty();
        for (Instruction in : adaptive) {
            assertThat(mine[in.opOffset() + 1]).isEqualTo(InlineCacheLayout.initialCounter());
        }
    }
}
