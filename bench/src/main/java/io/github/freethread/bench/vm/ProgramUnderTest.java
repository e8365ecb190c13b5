package io.github.freethread.bench.vm;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import io.github.freethread.vm.interp.Program;
import io.github.freethread.vm.runtime.VmConfig;

/**
 * A benchmark's program, run in one of the two VM modes with its output captured and checked:
 * {@code warm}, one {@link ResidentVm} for the whole trial; {@code cold}, a fresh VM per run
 * ({@link Program#run}). Every run must exit with status 0, print nothing on stderr and, when an
 * expected output is given, print exactly that; anything else throws, naming the benchmark
 * parameters ({@code label}), the expected and actual output. Confined to the benchmark thread
 * that created it (as {@link ResidentVm}).
 */
final class ProgramUnderTest implements AutoCloseable {
    private final VmConfig config;
    private final String source;
    private final String filename;
    private final String label;
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream(1 << 12);
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream(1 << 10);
    private final PrintStream out = new PrintStream(outBytes, false, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, false, StandardCharsets.UTF_8);
    private ResidentVm resident;

    /**
     * @param vm {@code warm} or {@code cold}
     * @throws IllegalArgumentException for any other mode
     */
    ProgramUnderTest(String vm, VmConfig config, String source, String filename, String label) {
        this.config = config;
        this.source = source;
        this.filename = filename;
        this.label = label + " vm=" + vm;
        this.resident = switch (vm) {
            case "warm" -> ResidentVm.start(config, source, filename, out, err);
            case "cold" -> null;
            default -> throw new IllegalArgumentException("vm must be warm or cold, got " + vm);
        };
    }

    /** Runs the program once; returns its standard output, checked against {@code expected} unless that is null. */
    String run(String expected) {
        outBytes.reset();
        errBytes.reset();
        int status = resident != null ? resident.run()
            : Program.run(config, source, filename, out, err, new Program.Options(false, false, false));
        out.flush();
        err.flush();
        String stdout = outBytes.toString(StandardCharsets.UTF_8);
        String stderr = errBytes.toString(StandardCharsets.UTF_8);
        if (status != 0 || !stderr.isEmpty() || (expected != null && !stdout.equals(expected))) {
            throw new IllegalStateException(label + ": exit status " + status
                + "\n--- expected stdout\n" + expected + "--- actual stdout\n" + stdout + "--- stderr\n" + stderr);
        }
        return stdout;
    }

    /** Warm mode: closes the VM, failing if a run leaked ({@link ResidentVm#close}); cold: nothing to do. */
    @Override
    public void close() {
        if (resident != null) {
            ResidentVm r = resident;
            resident = null;
            r.close();
        }
    }
}
