package io.github.freethread.vm.conformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.github.freethread.vm.interp.Program;
import io.github.freethread.vm.runtime.VmConfig;

/**
 * Runs one corpus program in-process on a fresh VM (on a thread with a large stack, as the CLI
 * does) and compares as the corpus README specifies: stdout byte for byte, exit status (from
 * {@code .exit}, else 0), and the last non-empty stderr line against {@code .err} when present.
 */
final class ConformanceRunner {
    private ConformanceRunner() {
    }

    /** Result of one run: null mismatch means pass. */
    record Outcome(String program, String mismatch, String stdout, String stderr, int status) {
        boolean passed() {
            return mismatch == null;
        }
    }

    /** A golden program: source file, folder holding the expected files, base name. */
    record Golden(Path source, Path expectDir, String name) {
        String id() {
            return source.toString().replace('\\', '/');
        }
    }

    static Outcome run(Golden g, boolean checked) throws IOException, InterruptedException {
        return run(g, checked, VmConfig.Jit.ON);
    }

    /** Runs {@code g} with the compiling tier in mode {@code jit} ({@code ALWAYS}: every code object compiled before it runs). */
    static Outcome run(Golden g, boolean checked, VmConfig.Jit jit) throws IOException, InterruptedException {
        String source = Files.readString(g.source(), StandardCharsets.UTF_8);
        List<String> argv = new ArrayList<>();
        argv.add(g.name() + ".py");
        Path args = g.expectDir().resolve(g.name() + ".args");
        if (Files.exists(args)) {
            for (String a : Files.readString(args).trim().split("\\s+")) {
                if (!a.isEmpty()) {
                    argv.add(a);
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream po = new PrintStream(out, false, StandardCharsets.UTF_8);
        PrintStream pe = new PrintStream(err, true, StandardCharsets.UTF_8);
        VmConfig config = withVmOptions(VmConfig.defaults().withArgv(argv).withChecked(checked).withJit(jit),
            g.expectDir().resolve(g.name() + ".vmopts"));
        AtomicReference<Object> result = new AtomicReference<>();
        AtomicReference<String> jitFailure = new AtomicReference<>(); // the compiler failed on a code object (not a size rejection)
        Thread th = new Thread(null, () -> {
            try {
                result.set(Program.run(config, source, g.name() + ".py", po, pe, new Program.Options(false, false, checked), vm -> {
                    for (io.github.freethread.vm.runtime.CodeInfo ci : vm.codes()) {
                        if (ci.rejectReason != null && ci.rejectReason.startsWith("internal")) {
                            jitFailure.set(ci.code.name() + ": " + ci.rejectReason);
                        }
                    }
                }));
            } catch (Throwable e) {
                result.set(e);
            }
        }, "conformance-" + g.name(), 1L << 30);
        th.start();
        th.join(120_000);
        if (th.isAlive()) {
            return new Outcome(g.id(), "timed out", "", "", -1);
        }
        po.flush();
        String stdout = out.toString(StandardCharsets.UTF_8);
        String stderr = err.toString(StandardCharsets.UTF_8);
        if (result.get() instanceof Throwable e) {
            return new Outcome(g.id(), "Java exception escaped: " + e, stdout, stderr, -1);
        }
        int status = (Integer) result.get();
        if (jitFailure.get() != null) {
            return new Outcome(g.id(), "compiled tier failed: " + jitFailure.get(), stdout, stderr, status);
        }
        byte[] want = Files.readAllBytes(g.expectDir().resolve(g.name() + ".out"));
        if (!java.util.Arrays.equals(want, out.toByteArray())) {
            return new Outcome(g.id(), "stdout differs", stdout, stderr, status);
        }
        Path exit = g.expectDir().resolve(g.name() + ".exit");
        int wantStatus = Files.exists(exit) ? Integer.parseInt(Files.readString(exit).trim()) : 0;
        if (checked && status == 3 && wantStatus != 3) {
            return new Outcome(g.id(), "leaks: " + lastLine(stderr), stdout, stderr, status);
        }
        if (status != wantStatus) {
            return new Outcome(g.id(), "exit " + status + ", expected " + wantStatus, stdout, stderr, status);
        }
        Path errFile = g.expectDir().resolve(g.name() + ".err");
        if (Files.exists(errFile)) {
            String wantLast = Files.readString(errFile, StandardCharsets.UTF_8).strip();
            String last = lastLine(withoutCheckReport(stderr));
            if (!wantLast.equals(last)) {
                return new Outcome(g.id(), "last stderr line '" + last + "', expected '" + wantLast + "'", stdout, stderr, status);
            }
        }
        if (checked && !stderr.contains("ftvm check: no leaks")) {
            return new Outcome(g.id(), "no clean leak report: " + lastLine(stderr), stdout, stderr, status);
        }
        return new Outcome(g.id(), null, stdout, stderr, status);
    }

    /**
     * ftvm options for one program ({@code NAME.vmopts}, whitespace-separated): {@code --gil=0|1}
     * and {@code -W ARG}, as on the command line. Used where CPython 3.11's output depends on its
     * GIL (e.g. pi_threads prints "Free-threading active: False").
     */
    static VmConfig withVmOptions(VmConfig c, Path file) throws IOException {
        if (!Files.exists(file)) {
            return c;
        }
        String[] opts = Files.readString(file).trim().split("\\s+");
        List<String> warn = new ArrayList<>();
        for (int i = 0; i < opts.length; i++) {
            String o = opts[i];
            if (o.startsWith("--gil=")) {
                c = c.withGil(Integer.parseInt(o.substring(6)), o);
            } else if (o.equals("-W") && i + 1 < opts.length) {
                warn.add(opts[++i]);
            } else if (!o.isEmpty()) {
                throw new IllegalArgumentException(file + ": unknown ftvm option " + o);
            }
        }
        return c.withWarnOptions(warn);
    }

    static String withoutCheckReport(String stderr) {
        StringBuilder sb = new StringBuilder();
        for (String l : stderr.split("\n")) {
            if (!l.startsWith("ftvm check:")) {
                sb.append(l).append('\n');
            }
        }
        return sb.toString();
    }

    static String lastLine(String s) {
        String last = "";
        for (String l : s.split("\n")) {
            if (!l.isBlank()) {
                last = l.strip();
            }
        }
        return last;
    }

    /** A syntax spec of errors-syntax/: must fail with SyntaxError at the line, naming the keyword. */
    static Outcome runSyntax(Path py) throws IOException {
        String name = py.getFileName().toString().replace(".py", "");
        List<String> spec = Files.readAllLines(py.resolveSibling(name + ".expect"));
        String first = spec.get(0);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("line (\\d+)").matcher(first);
        m.find();
        String line = m.group(1);
        String[] keywords = spec.stream().filter(l -> l.startsWith("keyword:")).findFirst().orElse("keyword:")
            .substring("keyword:".length()).trim().split("\\|");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Program.run(VmConfig.defaults(), Files.readString(py), py.getFileName().toString(),
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
            new Program.Options(false, false, false));
        String stderr = err.toString(StandardCharsets.UTF_8);
        String id = py.toString();
        if (status != 1 || out.size() != 0) {
            return new Outcome(id, "status " + status + " / stdout " + out.size() + " bytes", "", stderr, status);
        }
        if (!stderr.contains("SyntaxError") || !stderr.contains("line " + line)) {
            return new Outcome(id, "no SyntaxError at line " + line + ": " + stderr, "", stderr, status);
        }
        boolean kw = false;
        for (String k : keywords) {
            kw |= stderr.toLowerCase().contains(k.trim().toLowerCase());
        }
        return new Outcome(id, kw ? null : "message names none of " + String.join("|", keywords), "", stderr, status);
    }
}
