package io.github.freethread.vm.interp;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.freethread.refcount.RefcountMode;
import io.github.freethread.vm.runtime.VmConfig;

/** Test helper: runs source on a fresh VM (big-stack thread) and captures stdout, stderr, status. */
record PyRun(String out, String err, int status) {
    static PyRun run(String source, boolean stats, boolean check) throws InterruptedException {
        return run(source, VmConfig.defaults().withChecked(check), stats);
    }

    static PyRun run(String source, VmConfig config, boolean stats) throws InterruptedException {
        return run(source, config, new Program.Options(false, stats, config.checked()));
    }

    /** Runs with {@code --dis --stats}: stdout ends with the quickened disassembly of every code object that ran. */
    static PyRun dis(String source, VmConfig config) throws InterruptedException {
        return run(source, config, new Program.Options(true, true, config.checked()));
    }

    static PyRun run(String source, VmConfig config, Program.Options options) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AtomicInteger status = new AtomicInteger(-1);
        Thread t = new Thread(null, () -> status.set(Program.run(config, source, "t.py",
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
            options)), "pyrun", 1L << 29);
        t.start();
        t.join();
        return new PyRun(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), status.get());
    }

    static PyRun atomic(String source) throws InterruptedException {
        return run(source, VmConfig.defaults().withMode(RefcountMode.ATOMIC).withChecked(true), false);
    }
}
