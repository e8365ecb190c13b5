package io.github.freethread.vm.bytecode;

import java.util.List;

/**
 * Zero-cost exception handling (CPython 3.11's exception table): no instruction runs on entry to
 * a {@code try}; instead each entry says that an exception raised by an instruction in
 * {@code [start, end)} is handled at {@code target}, after popping the value stack down to
 * {@code depth} items and pushing the exception. Entries are sorted by start and do not overlap
 * (the compiler gives each instruction only its innermost handler), so lookup is a binary search.
 * Offsets are in code units. Unlike CPython there is no "lasti" flag: a re-raise never needs the
 * old instruction offset because tracebacks are recorded when an exception first leaves a frame.
 */
public final class ExceptionTable {
    /** One handler range. */
    public record Entry(int start, int end, int target, int depth) {
    }

    private final List<Entry> entries;

    public ExceptionTable(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The entry covering {@code offset}, or null: the exception propagates to the caller. */
    public Entry handlerFor(int offset) {
        int lo = 0;
        int hi = entries.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Entry e = entries.get(mid);
            if (offset < e.start()) {
                hi = mid - 1;
            } else if (offset >= e.end()) {
                lo = mid + 1;
            } else {
                return e;
            }
        }
        return null;
    }
}
