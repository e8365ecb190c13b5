package io.github.freethread.vm.threads;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.freethread.vm.runtime.VmConfig;

/**
 * {@code for x in it} over one list iterator shared by several threads: the specialised
 * FOR_ITER_LIST (interpreted and compiled) must hand every position to exactly one loop, like
 * {@code next(it)} does, while a {@code for x in l} over a private iterator keeps its plain path.
 */
class SharedForLoopIteratorTest {
    private static final String PROGRAM = """
        import threading
        n = 30000
        l = list(range(n))
        it = iter(l)
        seen = [[], [], [], []]
        def work(k):
            mine = seen[k]
            for x in it:
                mine.append(x)
        def private_sum():
            s = 0
            for x in l:
                s += x
            return s
        ts = [threading.Thread(target=work, args=(k,)) for k in range(4)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        every = []
        for s in seen:
            every.extend(s)
        every.sort()
        print(len(every), every == l, private_sum() == n * (n - 1) // 2)
        """;

    @ParameterizedTest
    @EnumSource(VmConfig.Jit.class)
    void shouldHandEachPositionToOneLoopWhenFourThreadsShareAnIterator(VmConfig.Jit jit) throws Exception {
        for (int round = 0; round < 3; round++) {
            ThreadedRun r = ThreadedRun.run(PROGRAM, VmConfig.defaults().withChecked(true).withJit(jit));
            assertThat(r.out()).as("round %d, --jit=%s", round, jit).isEqualTo("30000 True True\n");
            assertThat(r.leaks()).isEmpty();
        }
    }
}
