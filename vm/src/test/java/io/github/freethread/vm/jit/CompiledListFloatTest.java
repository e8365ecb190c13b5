package io.github.freethread.vm.jit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.github.freethread.refcount.RefcountMode;
import io.github.freethread.vm.runtime.VmConfig;

/**
 * Float items of lists in compiled code ({@code runtime.ListFloats}): {@code b[i] op= x} updates
 * the list's float in place when only the list references it, and float items feeding a float
 * operator are read without a float object or a count. {@code jit/list_floats.py} (output
 * produced by CPython 3.11) covers the fast paths (an nbody-like kernel) and every reason they
 * must not apply: a float the program keeps elsewhere (a local, another list, a list of kept
 * values), items changing type mid-loop (int, bool, big int), a tuple or dict in the list's
 * place, negative and out-of-range indexes; on every tier, both refcount modes, leak-free.
 */
class CompiledListFloatTest {
    static Stream<Arguments> tiers() {
        return Stream.of(VmConfig.Jit.OFF, VmConfig.Jit.ON, VmConfig.Jit.ALWAYS)
            .flatMap(j -> Stream.of(RefcountMode.BIASED, RefcountMode.ATOMIC).map(m -> Arguments.of(j, m)));
    }

    @ParameterizedTest(name = "--jit={0} --refcount={1}")
    @MethodSource("tiers")
    void shouldPrintWhatCPythonPrintsForListFloatUpdates(VmConfig.Jit jit, RefcountMode mode) throws Exception {
        JitRun r = JitRun.run(CompiledProgramsTest.read("list_floats.py"), jit, mode);
        assertThat(r.out()).as(r.err()).isEqualTo(Files.readString(CompiledProgramsTest.DIR.resolve("list_floats.out"), StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.leakFree()).as(r.err()).isTrue();
        if (jit != VmConfig.Jit.OFF) {
            for (String f : List.of("advance", "held", "shared_item", "changing", "other_containers")) {
                assertThat(r.tier()).as("tier of " + f).containsEntry(f, "compiled");
            }
        }
    }

    static final String HOT_UPDATE = """
        def step(b, n):
            for i in range(n):
                b[0] += 0.5
                b[1] -= b[0] * 0.25
            return b
        print(step([1.0, 2.0], 100000))
        """;

    @Test
    void shouldUpdateAListsOnlyReferenceToAFloatInPlace() throws Exception {
        JitRun r = JitRun.run(HOT_UPDATE, VmConfig.Jit.ON, RefcountMode.BIASED);
        assertThat(r.out()).isEqualTo("[50001.0, -625031248.0]\n"); // CPython 3.11
        assertThat(r.tier()).containsEntry("step", "compiled");
        // 200000 stores: only the interpreted warm-up (a few thousand) allocates floats
        assertThat(r.floatAllocations()).isLessThan(20_000);
        assertThat(r.leakFree()).as(r.err()).isTrue();
    }

    @Test
    void shouldAllocateANewFloatPerStoreInAtomicMode() throws Exception {
        // atomic mode has no owner: another thread's conditional increment could succeed at any
        // time, so an in-place write would not be sound there (ListFloats, S5)
        JitRun r = JitRun.run(HOT_UPDATE, VmConfig.Jit.ON, RefcountMode.ATOMIC);
        assertThat(r.out()).isEqualTo("[50001.0, -625031248.0]\n");
        assertThat(r.floatAllocations()).isGreaterThanOrEqualTo(200_000);
        assertThat(r.leakFree()).as(r.err()).isTrue();
    }
}
