package io.github.freethread.vm.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.freethread.refcount.RefcountMode;
import io.github.freethread.vm.interp.Program;
import io.github.freethread.vm.runtime.VmConfig;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * {@code ftvm}: runs a Python-subset program on the freethread runtime.
 *
 * <p>The command line is a picocli {@link CommandSpec} built through picocli's programmatic API
 * ({@link FtvmCommandLine}), not from annotations: reading {@code @Option} annotations costs
 * reflection, annotation proxies (classes generated at run time) and generic-signature parsing,
 * about 40 ms of a 0.1 s start-up. The options, their help text and error messages are the same.
 * {@link EarlyStart} begins the command-line-independent start-up work on a second thread first.
 */
public final class Ftvm implements Callable<Integer> {
    private final CommandSpec spec;
    /** Where ftvm's own command-line diagnostics go ("ftvm: no program given", ...). */
    private final PrintStream diagnostics;
    /** The program's stdout / stderr; null: the process's file descriptors 1 and 2. */
    private final OutputStream programOut;
    private final OutputStream programErr;

    private Ftvm(PrintStream diagnostics, OutputStream programOut, OutputStream programErr) {
        this.spec = FtvmCommandLine.spec(this);
        this.diagnostics = diagnostics;
        this.programOut = programOut;
        this.programErr = programErr;
    }

    @Override
    public Integer call() throws Exception {
        ParseResult pr = spec.commandLine().getParseResult();
        String refcount = pr.matchedOptionValue(FtvmCommandLine.REFCOUNT, "biased");
        String command = pr.matchedOptionValue(FtvmCommandLine.COMMAND, null);
        List<String> rest = new ArrayList<>(pr.matchedPositionalValue(0, List.<String>of()));
        List<String> warnOptions = new ArrayList<>(pr.matchedOptionValue(FtvmCommandLine.WARN, List.<String>of()));
        String gil = pr.matchedOptionValue(FtvmCommandLine.GIL, null);
        RefcountMode mode = switch (refcount.toLowerCase()) {
            case "biased" -> RefcountMode.BIASED;
            case "atomic" -> RefcountMode.ATOMIC;
            default -> throw new ParameterException(spec.commandLine(), "--refcount must be biased or atomic, not " + refcount);
        };
        String source;
        String filename;
        List<String> argv = new ArrayList<>();
        if (command != null) {
            source = command;
            filename = "<string>";
            argv.add("-c");
            argv.addAll(rest);
        } else {
            if (rest.isEmpty()) {
                diagnostics.println("ftvm: no program given (FILE or -c CODE)");
                return 2;
            }
            filename = rest.get(0);
            try {
                source = Files.readString(Path.of(filename), StandardCharsets.UTF_8);
            } catch (IOException e) {
                diagnostics.println("ftvm: can't open file '" + filename + "': " + e.getMessage());
                return 2;
            }
            argv.addAll(rest);
        }
        boolean dis = pr.hasMatchedOption(FtvmCommandLine.DIS);
        boolean stats = pr.hasMatchedOption(FtvmCommandLine.STATS);
        boolean check = pr.hasMatchedOption(FtvmCommandLine.CHECK);
        VmConfig config = VmConfig.defaults().withMode(mode).withChecked(check).withArgv(argv)
            .withRecursionLimit(pr.matchedOptionValue(FtvmCommandLine.RECURSION_LIMIT, 1000))
            .withSpecialise(!pr.hasMatchedOption(FtvmCommandLine.NO_SPECIALIZE))
            .withJit(parseJit(pr.matchedOptionValue(FtvmCommandLine.JIT, "on"))).withWarnOptions(warnOptions);
        String env = System.getenv("FTVM_GIL");
        if (gil != null) {
            config = config.withGil(parseGil(gil, "--gil"), "--gil=" + gil.strip());
        } else if (env != null && !env.isBlank()) {
            config = config.withGil(parseGil(env, "FTVM_GIL"), "FTVM_GIL=" + env.strip());
        }
        for (String w : warnOptions) {
            String action = w.split(":", -1)[0].strip();
            if (!List.of("error", "ignore", "default", "always", "module", "once", "").contains(action)) {
                diagnostics.println("ftvm: invalid -W option ignored: " + w + " (invalid action: '" + action + "')");
            }
        }
        OutputStream stdout = programOut != null ? programOut : new FileOutputStream(FileDescriptor.out);
        OutputStream stderr = programErr != null ? programErr : new FileOutputStream(FileDescriptor.err);
        PrintStream out = new PrintStream(new BufferedOutputStream(stdout, 1 << 16), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(stderr, true, StandardCharsets.UTF_8);
        return runProgram(config, source, filename, out, err, new Program.Options(dis, stats, check));
    }

    /** Runs the program on a thread with a big stack; returns its exit status. */
    static int runProgram(VmConfig cfg, String src, String fn, PrintStream out, PrintStream err, Program.Options opt)
        throws InterruptedException {
        AtomicInteger status = new AtomicInteger(1);
        // A big stack so that RecursionError (the configured depth) comes long before a JVM StackOverflowError.
        Thread main = new Thread(null, () -> {
            try {
                status.set(Program.run(cfg, src, fn, out, err, opt));
            } catch (Throwable e) {
                out.flush();
                reportInternalError(err, e);
                status.set(1);
            }
        }, "ftvm-main", 2L << 30);
        main.start();
        main.join();
        out.flush();
        return status.get();
    }

    /** An internal error: the throwable, 40 frames, and its causes (a failure of {@link EarlyStart}'s work shows there). */
    static void reportInternalError(PrintStream err, Throwable e) {
        err.println("ftvm: internal error: " + e);
        StackTraceElement[] st = e.getStackTrace();
        for (int i = 0; i < Math.min(40, st.length); i++) {
            err.println("    at " + st[i]);
        }
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            err.println("  caused by: " + c);
            StackTraceElement[] cs = c.getStackTrace();
            for (int i = 0; i < Math.min(10, cs.length); i++) {
                err.println("    at " + cs[i]);
            }
        }
    }

    private VmConfig.Jit parseJit(String v) {
        try {
            return VmConfig.Jit.parse(v);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private int parseGil(String v, String where) {
        return switch (v.strip()) {
            case "0" -> VmConfig.GIL_OFF;
            case "1" -> VmConfig.GIL_ON;
            default -> throw new ParameterException(spec.commandLine(), where + " must be 0 or 1, not '" + v + "'");
        };
    }

    /**
     * Parses {@code args} and runs the command; returns the exit status. {@code cliOut} /
     * {@code cliErr} receive picocli's usage, version and error text and ftvm's own diagnostics
     * (null: the process's standard streams, as picocli opens them by default);
     * {@code programOut} / {@code programErr} the program's output (null: file descriptors 1, 2).
     */
    static int execute(String[] args, PrintStream cliOut, PrintStream cliErr, OutputStream programOut, OutputStream programErr) {
        Ftvm ftvm = new Ftvm(cliErr != null ? cliErr : System.err, programOut, programErr);
        CommandLine cl = ftvm.spec.commandLine();
        if (cliOut != null) {
            cl.setOut(new PrintWriter(cliOut, true));
        }
        if (cliErr != null) {
            cl.setErr(new PrintWriter(cliErr, true));
        }
        return cl.execute(args);
    }

    public static void main(String[] args) {
        EarlyStart.begin();
        int rc = execute(args, null, null, null, null);
        System.exit(rc);
    }
}
