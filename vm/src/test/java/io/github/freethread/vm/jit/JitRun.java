package io.github.freethread.vm.jit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.freethread.refcount.RefcountMode;
import io.github.freethread.vm.interp.Program;
import io.github.freethread.vm.runtime.CodeInfo;
import io.github.freethread.vm.runtime.TypeIds;
import io.github.freethread.vm.runtime.VmConfig;

/**
 * Test helper: runs a program in checked mode (leak report) on a fresh VM with a given tier and
 * refcount mode, and records what the tier did with each code object ({@code "compiled"} or
 * {@code "rejected: reason"}, by code name; code never considered is absent) and the main
 * thread's float allocations.
 */
record JitRun(String out, String err, int status, Map<String, String> tier, long floatAllocations) {
    static JitRun run(String source, VmConfig.Jit jit, RefcountMode mode) throws InterruptedException {
        return run(source, VmConfig.defaults().withChecked(true).withJit(jit).withMode(mode));
    }

    static JitRun run(String source, VmConfig config) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AtomicInteger status = new AtomicInteger(-1);
        Map<String, String> tier = new TreeMap<>();
        long[] floats = new long[1];
        Thread t = new Thread(null, () -> status.set(Program.run(config, source, "t.py",
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
            new Program.Options(false, false, config.checked()), vm -> {
                for (CodeInfo ci : vm.codes()) {
                    if (ci.compiled() != null) {
                        tier.put(ci.code.name(), "compiled");
                    } else if (ci.rejectReason != null) {
                        tier.put(ci.code.name(), "rejected: " + ci.rejectReason);
                    }
                }
                floats[0] = vm.mainThread().allocations[TypeIds.FLOAT];
            })), "jitrun", 1L << 29);
        t.start();
        t.join();
        return new JitRun(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), status.get(), tier, floats[0]);
    }

    /** The last stderr line that is not the checked mode's leak report. */
    String lastErrorLine() {
        String last = "";
        for (String l : err.split("\n")) {
            if (!l.isBlank() && !l.startsWith("ftvm check:")) {
                last = l.strip();
            }
        }
        return last;
    }

    boolean leakFree() {
        return err.contains("ftvm check: no leaks");
    }
}
