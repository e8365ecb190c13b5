package io.github.freethread.bench.threads;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the freethread repository from inside a benchmark fork, to read {@code vm/examples}.
 * Order: the system property {@code freethread.repo} (pass it to the forks with
 * {@code -jvmArgsAppend -Dfreethread.repo=/path}), else the working directory and its parents
 * (JMH forks inherit the launcher's working directory, so running from the repository root or
 * any directory below it works). A directory counts as the root when it holds
 * {@code vm/examples/pi_threads.py}.
 */
public final class RepositoryRoot {
    /** System property naming the repository root explicitly. */
    public static final String PROPERTY = "freethread.repo";

    private static final String MARKER = "vm/examples/pi_threads.py";

    private RepositoryRoot() {
    }

    /** The repository root; fails with the directories tried when there is none. */
    public static Path find() {
        String explicit = System.getProperty(PROPERTY);
        if (explicit != null) {
            Path root = Path.of(explicit).toAbsolutePath().normalize();
            if (!Files.isRegularFile(root.resolve(MARKER))) {
                throw new IllegalStateException("-D" + PROPERTY + "=" + explicit + " has no " + MARKER);
            }
            return root;
        }
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(MARKER))) {
                return dir;
            }
        }
        throw new IllegalStateException("no freethread repository (a directory holding " + MARKER + ") at or above "
            + start + "; run from inside the repository or pass -D" + PROPERTY + "=<root>");
    }

    /** {@code vm/examples/<name>} under the root. */
    public static Path example(String name) {
        return find().resolve("vm/examples").resolve(name);
    }
}
