package io.github.freethread.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Entry point of {@code bench/target/benchmarks.jar}: JMH's own command line, plus the JVM flags
 * that every fork needs (Agrona's access to {@code jdk.internal.misc}, native access for the
 * allocator's mmap). The flags come from the parent pom's {@code ft.jvm.flags} property, filtered
 * into {@code freethread-jvm-flags.properties}, so they are defined in one place only.
 */
public final class BenchmarkMain {
    private BenchmarkMain() {}

    public static void main(String[] args) throws RunnerException, CommandLineOptionException, IOException {
        CommandLineOptions cli = new CommandLineOptions(args);
        if (cli.shouldHelp()) {
            cli.showHelp();
            return;
        }
        if (cli.shouldList() || cli.shouldListWithParams() || cli.shouldListProfilers() || cli.shouldListResultFormats()) {
            org.openjdk.jmh.Main.main(args);
            return;
        }
        ChainedOptionsBuilder options = new OptionsBuilder().parent(cli).jvmArgsAppend(forkFlags());
        new Runner(options.build()).run();
    }

    /** The runtime's JVM flags, split into single arguments. */
    static String[] forkFlags() throws IOException {
        Properties props = new Properties();
        try (InputStream in = BenchmarkMain.class.getResourceAsStream("/freethread-jvm-flags.properties")) {
            if (in == null) {
                throw new IOException("freethread-jvm-flags.properties missing from the benchmark jar");
            }
            props.load(in);
        }
        return props.getProperty("jvm.flags").trim().split("\\s+");
    }
}
