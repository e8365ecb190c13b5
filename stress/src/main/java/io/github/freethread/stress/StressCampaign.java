package io.github.freethread.stress;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.openjdk.jcstress.JCStress;
import org.openjdk.jcstress.Options;

/**
 * Runs a jcstress campaign and turns its verdict into an exit status.
 *
 * <p>jcstress 0.16 throws from {@code run()} when a test observed a forbidden outcome, but exits 0
 * when a campaign ran no test, when the run was cut short, or when only error results were
 * recorded in a way it does not escalate. This launcher takes the same arguments, runs the
 * campaign, then reads the run's own text summary (the lines "Failed tests: ..." and
 * "Error tests: ...") and exits 1 unless both say "No matches.", so a build can gate on it.
 */
public final class StressCampaign {
    private StressCampaign() {}

    public static void main(String[] args) throws Exception {
        PrintStream console = System.out;
        LineRecorder recorder = new LineRecorder(console);
        System.setOut(new PrintStream(recorder, true, StandardCharsets.UTF_8));

        Options options = new Options(args);
        if (!options.parse()) {
            System.exit(2);
        }
        try {
            new JCStress(options).run();
        } finally {
            System.out.flush();
            System.setOut(console);
        }
        List<String> problems = Verdict.problems(recorder.lines());
        if (!problems.isEmpty()) {
            problems.forEach(p -> console.println("jcstress campaign FAILED: " + p));
            System.exit(1);
        }
        console.println("jcstress campaign passed: no failed or errored test.");
    }

    /** Reads jcstress' text summary. */
    static final class Verdict {
        private Verdict() {}

        static List<String> problems(List<String> lines) {
            List<String> problems = new ArrayList<>();
            int results = lines.indexOf("RUN RESULTS:");
            if (results < 0) {
                problems.add("no RUN RESULTS section: the campaign did not complete or ran no test");
                return problems;
            }
            for (String section : new String[] {"Failed tests", "Error tests"}) {
                String line = null;
                for (int i = results; i < lines.size(); i++) {
                    if (lines.get(i).trim().startsWith(section + ":")) {
                        line = lines.get(i).trim();
                        break;
                    }
                }
                if (line == null) {
                    problems.add("summary line '" + section + ":' missing");
                } else if (!line.endsWith("No matches.")) {
                    problems.add(line);
                }
            }
            return problems;
        }
    }

    /**
     * Passes output through to the console and keeps it, line by line, for the verdict.
     * {@code current} and {@code lines} are written by whichever jcstress thread prints and read by
     * main after the run: every access is under {@code this} (synchronized), which also orders
     * the final {@link #lines()} after every write.
     */
    static final class LineRecorder extends OutputStream {
        private final PrintStream console;
        private final ByteArrayOutputStream current = new ByteArrayOutputStream();
        private final List<String> lines = new ArrayList<>();

        LineRecorder(PrintStream console) {
            this.console = console;
        }

        @Override
        public synchronized void write(int b) {
            console.write(b);
            if (b == '\n') {
                lines.add(current.toString(StandardCharsets.UTF_8).stripTrailing());
                current.reset();
            } else {
                current.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        @Override
        public void flush() {
            console.flush();
        }

        synchronized List<String> lines() {
            if (current.size() > 0) {
                lines.add(current.toString(StandardCharsets.UTF_8).stripTrailing());
                current.reset();
            }
            return List.copyOf(lines);
        }
    }
}
