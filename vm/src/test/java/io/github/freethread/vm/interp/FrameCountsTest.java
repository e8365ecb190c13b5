package io.github.freethread.vm.interp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.agrona.UnsafeApi;
import org.junit.jupiter.api.Test;

import io.github.freethread.refcount.ObjectHeader;
import io.github.freethread.refcount.RefcountMode;
import io.github.freethread.vm.builtins.BuiltinTable;
import io.github.freethread.vm.bytecode.InlineCacheLayout;
import io.github.freethread.vm.bytecode.Opcode;
import io.github.freethread.vm.runtime.Vm;
import io.github.freethread.vm.runtime.VmConfig;
import io.github.freethread.vm.runtime.VmThread;

/**
 * The assumptions {@link FrameCounts} and the dispatch loop rely on: in BIASED mode an object a
 * thread allocates carries the thread state's id as owner (the runtime's bias id), in ATOMIC mode
 * it never does; the inline paths leave exactly the counts the runtime's own incref/decref leave;
 * and the cache sizes the hot arms restate are the opcodes' real ones.
 */
class FrameCountsTest {
    @Test
    void shouldSeeOwnAllocationsAsOwnerInBiasedModeOnly() {
        for (RefcountMode mode : new RefcountMode[] {RefcountMode.BIASED, RefcountMode.ATOMIC}) {
            try (Vm vm = start(VmConfig.defaults().withMode(mode))) {
                VmThread t = vm.mainThread();
                long f = t.newFloat(1.5);
                int owner = UnsafeApi.getInt(f + ObjectHeader.OWNER_ID_OFFSET);
                if (mode == RefcountMode.BIASED) {
                    assertThat(owner).isEqualTo(t.ts.id());
                } else {
                    assertThat(owner).isNotEqualTo(t.ts.id());
                }
                t.decref(f);
            }
        }
    }

    @Test
    void shouldCountLikeTheRuntimeOnTheOwnerPath() {
        try (Vm vm = start(VmConfig.defaults())) {
            VmThread t = vm.mainThread();
            long a = t.newFloat(2.5);
            long b = t.newFloat(2.5);
            FrameCounts.incref(t, a);
            t.incref(b);
            FrameCounts.incref(t, a);
            t.incref(b);
            assertThat(localCount(a)).isEqualTo(localCount(b)).isEqualTo(3);
            FrameCounts.decref(t, a);
            t.decref(b);
            assertThat(localCount(a)).isEqualTo(localCount(b)).isEqualTo(2);
            FrameCounts.decref(t, a);
            FrameCounts.decref(t, a); // the last one is delegated (parks or frees)
            t.decref(b);
            t.decref(b);
            FrameCounts.incref(t, t.none); // immortal: untouched
            FrameCounts.decref(t, t.none);
        }
    }

    @Test
    void shouldRestateTheRealCacheSizesInTheHotArms() {
        assertThat(Opcode.BINARY_OP_ADD_FLOAT.cacheUnits()).isEqualTo(InlineCacheLayout.COUNTER_UNITS);
        assertThat(Opcode.BINARY_OP_ADD_INT.cacheUnits()).isEqualTo(InlineCacheLayout.COUNTER_UNITS);
        assertThat(Opcode.COMPARE_OP_INT.cacheUnits()).isEqualTo(InlineCacheLayout.COUNTER_UNITS);
        assertThat(Opcode.CALL_PY_EXACT_ARGS.cacheUnits()).isEqualTo(InlineCacheLayout.CALL_UNITS);
        assertThat(Opcode.LOAD_ATTR_MODULE.cacheUnits()).isEqualTo(InlineCacheLayout.LOAD_ATTR_UNITS);
        assertThat(Opcode.LOAD_METHOD_MODULE.cacheUnits()).isEqualTo(InlineCacheLayout.LOAD_ATTR_UNITS);
        assertThat(Opcode.LOAD_METHOD_BUILTIN.cacheUnits()).isEqualTo(InlineCacheLayout.LOAD_ATTR_UNITS);
        for (Opcode o : new Opcode[] {Opcode.POP_TOP, Opcode.PUSH_NULL, Opcode.COPY, Opcode.SWAP, Opcode.LOAD_CONST,
            Opcode.LOAD_FAST, Opcode.STORE_FAST, Opcode.POP_JUMP_IF_FALSE, Opcode.POP_JUMP_IF_TRUE}) {
            assertThat(o.cacheUnits()).as(o.name()).isZero();
        }
    }

    private static Vm start(VmConfig config) {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        return Vm.start(config, sink, sink, BuiltinTable.count());
    }

    private static int localCount(long o) {
        return UnsafeApi.getInt(o + ObjectHeader.LOCAL_COUNT_OFFSET);
    }
}
