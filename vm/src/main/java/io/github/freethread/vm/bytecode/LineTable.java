package io.github.freethread.vm.bytecode;

import java.util.Arrays;

/**
 * Maps code offsets to source lines: sorted pairs (start offset, line); an offset belongs to the
 * last pair whose start is not after it. Lines are 1-based; 0 means "no line" (synthetic code).
 */
public final class LineTable {
    private final int[] starts;
    private final int[] lines;

    public LineTable(int[] starts, int[] lines) {
        if (starts.length != lines.length) {
            throw new IllegalArgumentException("starts and lines differ in length");
        }
        for (int i = 1; i < starts.length; i++) {
            if (starts[i] <= starts[i - 1]) {
                throw new IllegalArgumentException("line table starts not strictly increasing at entry " + i);
            }
        }
        this.starts = starts.clone();
        this.lines = lines.clone();
    }

    public static LineTable empty() {
        return new LineTable(new int[0], new int[0]);
    }

    /** Line of the instruction at {@code offset}, or 0 if none. */
    public int lineAt(int offset) {
        int i = Arrays.binarySearch(starts, offset);
        if (i < 0) {
            i = -i - 2;
        }
        return i < 0 ? 0 : lines[i];
    }

    public int size() {
        return starts.length;
    }

    public int startAt(int entry) {
        return starts[entry];
    }

    public int lineOf(int entry) {
        return lines[entry];
    }
}
