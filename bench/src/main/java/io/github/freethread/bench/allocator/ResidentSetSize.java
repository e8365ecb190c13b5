package io.github.freethread.bench.allocator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's resident set size, from {@code /proc/self/status} (Linux); -1 elsewhere. */
final class ResidentSetSize {
    private static final Path STATUS = Path.of("/proc/self/status");

    private ResidentSetSize() {}

    /** Resident bytes now ({@code VmRSS}), or -1 when the platform does not report it. */
    static long bytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    // "VmRSS:    123456 kB"
                    String kilobytes = line.substring("VmRSS:".length()).trim().split("\\s+")[0];
                    return Long.parseLong(kilobytes) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
