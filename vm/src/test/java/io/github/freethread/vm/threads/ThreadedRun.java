package io.github.freethread.vm.threads;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.github.freethread.allocator.AllocatorStats;
import io.github.freethread.vm.interp.Program;
import io.github.freethread.vm.runtime.Gil;
import io.github.freethread.vm.runtime.VmConfig;

/**
 * Test helper: runs a program in-process on a fresh VM (on a big-stack thread, as the CLI does) and
 * captures stdout, stderr, the exit status, and the VM's state after shutdown: GIL statistics,
 * allocator statistics, live handle slots and (checked mode) the leak report.
 */
record ThreadedRun(String out, String err, int status, Gil.Stats gil, boolean gilEnabled, AllocatorStats alloc,
                   int liveHandles, Map<String, Long> leaks) {

    static ThreadedRun run(String source, VmConfig config) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AtomicInteger status = new AtomicInteger(-1);
        AtomicReference<ThreadedRun> after = new AtomicReference<>();
        PrintStream po = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream pe = new PrintStream(err, true, StandardCharsets.UTF_8);
        Thread t = new Thread(null, () -> status.set(Program.run(config, source, "t.py", po, pe,
            new Program.Options(false, false, config.checked()),
            vm -> after.set(new ThreadedRun(null, null, 0, vm.gil.stats(), vm.gil.isEnabled(), vm.rt.allocator().stats(),
                vm.handles.live(), config.checked() ? vm.leaks() : Map.of())))), "threaded-run", 1L << 29);
        t.start();
        t.join(120_000);
        if (t.isAlive()) {
            throw new AssertionError("program did not finish in 120 s:\n" + out.toString(StandardCharsets.UTF_8)
                + err.toString(StandardCharsets.UTF_8));
        }
        ThreadedRun a = after.get();
        if (a == null) {
            throw new AssertionError("program ended without a clean shutdown (status " + status.get() + "):\n"
                + err.toString(StandardCharsets.UTF_8));
        }
        return new ThreadedRun(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), status.get(),
            a.gil(), a.gilEnabled(), a.alloc(), a.liveHandles(), a.leaks());
    }

    static VmConfig checked(int gil) {
        return VmConfig.defaults().withChecked(true).withGil(gil, "test");
    }
}
