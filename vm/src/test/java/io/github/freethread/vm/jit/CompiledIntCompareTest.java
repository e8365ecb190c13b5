package io.github.freethread.vm.jit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.github.freethread.vm.bytecode.CompareOp;
import io.github.freethread.vm.interp.Interpreter;

/**
 * {@link JitRuntime#compareLongs}' bit table (a shift and a mask, small enough for C2 to inline
 * everywhere) against the interpreter's switch, for every comparison operator and operands at
 * and around the extremes.
 */
class CompiledIntCompareTest {
    private static final long[] VALUES = {Long.MIN_VALUE, Long.MIN_VALUE + 1, -257, -6, -5, -1, 0, 1, 2, 255, 256, 257,
        Long.MAX_VALUE - 1, Long.MAX_VALUE};

    @Test
    void shouldAgreeWithTheInterpretersComparisonForEveryOperatorAndOperand() {
        for (CompareOp op : CompareOp.values()) {
            for (long x : VALUES) {
                for (long y : VALUES) {
                    assertThat(JitRuntime.compareLongs(op.ordinal(), x, y))
                        .as("%d %s %d", x, op, y)
                        .isEqualTo(Interpreter.cmp(op.ordinal(), Long.compare(x, y)));
                }
            }
        }
    }
}
