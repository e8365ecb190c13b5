package io.github.freethread.vm.cli;

import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * ftvm's command line as a picocli {@link CommandSpec}, built with picocli's programmatic API.
 *
 * <p>Why not annotations: {@code new CommandLine(annotatedObject)} reflects over the class, parses
 * generic signatures and reads every {@code @Option} through an annotation proxy (a class the JDK
 * generates at run time); {@code mixinStandardHelpOptions} does the same for picocli's own help
 * mixin. Built here, the same options cost a few plain objects. Options keep the annotations'
 * names, labels, types, arities and descriptions, so the usage text and the error messages are
 * unchanged (the CLI tests compare them with the text the annotated version printed).
 *
 * <p>Also: picocli registers built-in converters for {@code java.time}, {@code java.sql} and
 * {@code java.nio.file.Path} by reflection (initialising {@code java.time}'s formatters) on every
 * parse. ftvm's options are strings, ints and booleans only, so those are excluded through
 * picocli's documented {@code picocli.converters.excludes} system property, unless the user set
 * that property.
 *
 * <p>To add an option: one {@code spec.addOption(...)} line below (names, label, type,
 * description), and read it in {@link Ftvm#call()} with {@code matchedOptionValue} or
 * {@code hasMatchedOption}. An {@code @Option} annotation on a field of {@link Ftvm} would be
 * ignored (nothing inspects annotations); {@code FtvmCommandLineTest} fails if one appears.
 */
final class FtvmCommandLine {
    static final String COMMAND = "-c";
    static final String DIS = "--dis";
    static final String STATS = "--stats";
    static final String CHECK = "--check";
    static final String REFCOUNT = "--refcount";
    static final String NO_SPECIALIZE = "--no-specialize";
    static final String JIT = "--jit";
    static final String RECURSION_LIMIT = "--recursion-limit";
    static final String GIL = "--gil";
    static final String WARN = "-W";

    /** Picocli's converters for types ftvm's options do not have (see the class comment). */
    static final String CONVERTER_EXCLUDES = "java\\.time\\..*,java\\.sql\\..*,java\\.nio\\.file\\.Path";

    private FtvmCommandLine() {
    }

    /** The spec, with a {@link CommandLine} for it (stop at the first positional), running {@code command}. */
    static CommandSpec spec(Callable<Integer> command) {
        if (System.getProperty("picocli.converters.excludes") == null) {
            System.setProperty("picocli.converters.excludes", CONVERTER_EXCLUDES);
        }
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command);
        spec.name("ftvm").version("ftvm 0.1");
        spec.usageMessage().description(
            "Runs a Python-subset program on the freethread runtime (off-heap objects, biased reference counting).");
        spec.addOption(OptionSpec.builder(COMMAND).paramLabel("CODE").type(String.class)
            .description("program passed in as a string").build());
        spec.addOption(flag(DIS, "disassemble the code, and the quickened forms after the run"));
        spec.addOption(flag(STATS, "runtime counters to stderr at exit"));
        spec.addOption(flag(CHECK, "checked mode: allocator/refcount checks and a leak report at exit"));
        spec.addOption(OptionSpec.builder(REFCOUNT).paramLabel("MODE").type(String.class)
            .description("biased (default) or atomic").build());
        spec.addOption(flag(NO_SPECIALIZE, "disable PEP 659 quickening"));
        spec.addOption(OptionSpec.builder(JIT).paramLabel("off|on|always").type(String.class)
            .description("compiling tier: on (default: hot code), off, always (every code object)").build());
        spec.addOption(OptionSpec.builder(RECURSION_LIMIT).paramLabel("N").type(int.class)
            .description("Python call depth limit (default 1000)").build());
        spec.addOption(OptionSpec.builder(GIL).paramLabel("0|1").type(String.class)
            .description("1: run with a global interpreter lock (switch interval 5 ms);"
                + " 0: force it off, even for modules that do not declare free-threading safety. Default: off unless such a module"
                + " is imported. Env FTVM_GIL=0|1 does the same; this option wins.").build());
        spec.addOption(OptionSpec.builder(WARN).paramLabel("ARG").type(List.class).auxiliaryTypes(String.class)
            .description("warning control, as python -W: 'error' (or 'error::RuntimeWarning')"
                + " turns the GIL-enabling RuntimeWarning into a failing import; 'ignore' silences it; repeatable").build());
        // the two options mixinStandardHelpOptions = true adds, with picocli's own descriptions
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
            .description("Print version information and exit.").build());
        spec.addPositional(PositionalParamSpec.builder().index("0..*").arity("0..*").paramLabel("FILE [ARGS]")
            .type(List.class).auxiliaryTypes(String.class).description("program file and its arguments").build());
        new CommandLine(spec).setStopAtPositional(true);
        return spec;
    }

    private static OptionSpec flag(String name, String description) {
        return OptionSpec.builder(name).arity("0").type(boolean.class).description(description).build();
    }
}
