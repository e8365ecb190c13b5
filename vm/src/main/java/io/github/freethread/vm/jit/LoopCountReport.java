package io.github.freethread.vm.jit;

import static java.lang.constant.ConstantDescs.CD_int;

import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;

/**
 * Tells HotSpot early that a compiled Python loop is hot, so that the generated method spends
 * fewer iterations in HotSpot's bytecode interpreter before its OSR compilations (the role of
 * Truffle's {@code LoopNode.reportLoopCount}, which a plain class file cannot call).
 *
 * <p>Why: generated code starts in HotSpot's bytecode interpreter and is OSR-compiled by C1 only
 * after about {@code Tier3BackEdgeThreshold} (60 000) back-edges of the method, then by C2 after
 * about {@code Tier4BackEdgeThreshold} (40 000) more. A Python loop iteration is one JVM back-edge,
 * and interpreted it costs about 15x its compiled cost: for pi_series' two 5M-iteration loops the
 * interpreted phase was a third of each loop's time ({@code -XX:+PrintCompilation} and
 * {@code -Xlog:class+load}: class defined at 305 ms, C1 OSR queued at 350 ms, C2 installed at
 * 373 ms, loop done at 430 ms).
 *
 * <p>What: every Python back-edge of compiled code first runs an empty counted JVM loop of
 * {@link #SPIN} iterations, while the code object's budget {@link CompiledCode#warmUpEdges} lasts
 * ({@link #BUDGET} Python back-edges, shared by all loops and threads of the code object). Each
 * spin iteration is a JVM back-edge, so HotSpot's counters reach its thresholds {@code SPIN} times
 * sooner; the budget covers both thresholds ({@code BUDGET * SPIN} = 128 000). Once it is spent
 * the back-edge costs one field load and a never-taken branch. The spin has no effect on the
 * program: it touches only a JVM local. {@code -Dftvm.jit.warmUpEdges=0} turns it off (to measure
 * it).
 *
 * <p>Concurrency: the budget is a plain field decremented by every thread running the code
 * object; lost or duplicated decrements only change how long the heuristic spins (benign race).
 */
final class LoopCountReport {
    private LoopCountReport() {
    }

    /** JVM back-edges reported per Python back-edge while the budget lasts. */
    static final int SPIN = 32;
    /** Python back-edges of one code object that spin. */
    static final int BUDGET = Integer.getInteger("ftvm.jit.warmUpEdges", 4000);

    /** Emits the report at a Python back-edge; {@code counter} is a free JVM int local. */
    static void emit(CodeBuilder cb, int counter) {
        Label done = cb.newLabel();
        Label spin = cb.newLabel();
        cb.aload(FrameState.THIS).getfield(JitCompiler.compiledDesc(), "warmUpEdges", CD_int).ifle(done);
        cb.aload(FrameState.THIS).dup().getfield(JitCompiler.compiledDesc(), "warmUpEdges", CD_int)
            .iconst_1().isub().putfield(JitCompiler.compiledDesc(), "warmUpEdges", CD_int);
        cb.iconst_0().istore(counter);
        cb.labelBinding(spin);
        cb.iinc(counter, 1).iload(counter).bipush(SPIN).if_icmplt(spin);
        cb.labelBinding(done);
    }
}
