package io.github.freethread.vm.cli;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.PrintStream;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ftvm}: runs a Python-subset program on the freethread runtime. */
@Command(name = "ftvm", mixinStandardHelpOptions = true, version = "ftvm 0.1",
    description = "Runs a Python-subset program on the freethread runtime (off-heap objects, biased reference counting).")
public final class Ftvm implements Callable<Integer> {
    @Option(names = "-c", paramLabel = "CODE", description = "program passed in as a string")
    String command;

    @Option(names = "--dis", description = "disassemble the code, and the quickened forms after the run")
    boolean dis;

    @Option(names = "--stats", description = "runtime counters to stderr at exit")
    boolean stats;

    @Option(names = "--check", description = "checked mode: allocator/refcount checks and a leak report at exit")
    boolean check;

    @Option(names = "--refcount", paramLabel = "MODE", description = "biased (default) or atomic")
    String refcount = "biased";

    @Option(names = "--no-specialize", description = "disable PEP 659 quickening")
    boolean noSpecialize;

    @Option(names = "--jit", paramLabel = "off|on|always", description = "compiling tier: on (default: hot code), off, always (every code object)")
    String jit = "on";

    @Option(names = "--recursion-limit", paramLabel = "N", description = "Python call depth limit (default 1000)")
    int recursionLimit = 1000;

    @Option(names = "--gil", paramLabel = "0|1", description = "1: run with a global interpreter lock (switch interval 5 ms);"
        + " 0: force it off, even for modules that do not declare free-threading safety. Default: off unless such a module"
        + " is imported. Env FTVM_GIL=0|1 does the same; this option wins.")
    String gil;

    @Option(names = "-W", paramLabel = "ARG", description = "warning control, as python -W: 'error' (or 'error::RuntimeWarning')"
        + " turns the GIL-enabling RuntimeWarning into a failing import; 'ignore' silences it; repeatable")
    List<String> warnOptions = new ArrayList<>();

    @Parameters(arity = "0..*", paramLabel = "FILE [ARGS]", description = "program file and its arguments")
    List<String> rest = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        RefcountMode mode = switch (refcount.toLowerCase()) {
            case "biased" -> RefcountMode.BIASED;
            case "atomic" -> RefcountMode.ATOMIC;
            default -> throw new CommandLine.ParameterException(new CommandLine(this), "--refcount must be biased or atomic, not " + refcount);
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
                System.err.println("ftvm: no program given (FILE or -c CODE)");
                return 2;
            }
            filename = rest.get(0);
            try {
                source = Files.readString(Path.of(filename), StandardCharsets.UTF_8);
            } catch (IOException e) {
                System.err.println("ftvm: can't open file '" + filename + "': " + e.getMessage());
                return 2;
            }
            argv.addAll(rest);
        }
        VmConfig config = VmConfig.defaults().withMode(mode).withChecked(check).withArgv(argv)
            .withRecursionLimit(recursionLimit).withSpecialise(!noSpecialize).withJit(parseJit(jit)).withWarnOptions(warnOptions);
        String env = System.getenv("FTVM_GIL");
        if (gil != null) {
            config = config.withGil(parseGil(gil, "--gil"), "--gil=" + gil.strip());
        } else if (env != null && !env.isBlank()) {
            config = config.withGil(parseGil(env, "FTVM_GIL"), "FTVM_GIL=" + env.strip());
        }
        for (String w : warnOptions) {
            String action = w.split(":", -1)[0].strip();
            if (!List.of("error", "ignore", "default", "always", "module", "once", "").contains(action)) {
                System.err.println("ftvm: invalid -W option ignored: " + w + " (invalid action: '" + action + "')");
            }
        }
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16), false,
            StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        Program.Options opt = new Program.Options(dis, stats, check);
        AtomicInteger status = new AtomicInteger(1);
        VmConfig cfg = config;
        String src = source;
        String fn = filename;
        // A big stack so that RecursionError (the configured depth) comes long before a JVM StackOverflowError.
        Thread main = new Thread(null, () -> {
            try {
                status.set(Program.run(cfg, src, fn, out, err, opt));
            } catch (Throwable e) {
                out.flush();
                err.println("ftvm: internal error: " + e);
                StackTraceElement[] st = e.getStackTrace();
                for (int i = 0; i < Math.min(40, st.length); i++) {
                    err.println("    at " + st[i]);
                }
                status.set(1);
            }
        }, "ftvm-main", 2L << 30);
        main.start();
        main.join();
        out.flush();
        return status.get();
    }

    private VmConfig.Jit parseJit(String v) {
        try {
            return VmConfig.Jit.parse(v);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
    }

    private int parseGil(String v, String where) {
        return switch (v.strip()) {
            case "0" -> VmConfig.GIL_OFF;
            case "1" -> VmConfig.GIL_ON;
            default -> throw new CommandLine.ParameterException(new CommandLine(this), where + " must be 0 or 1, not '" + v + "'");
        };
    }

    public static void main(String[] args) {
        int rc = new CommandLine(new Ftvm()).setStopAtPositional(true).execute(args);
        System.exit(rc);
    }
}
