package io.github.freethread.bench.threads;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The exact standard output of {@code vm/examples/list_dict_threads.py ITEMS WORKERS}, computed in
 * Java without the VM (the same generator, counts, ranking and reprs), so that a benchmark run is
 * checked against an answer the VM did not produce. The program's output does not depend on the
 * number of workers except in the header line: tasks are independent and results are printed in
 * task order; the shared list and dict are only summarised by per-task counts, which are
 * deterministic as long as {@code list.append} and {@code d[k] = v} lose nothing — exactly the
 * per-object atomicity a free-threaded runtime must provide.
 */
public final class ListDictThreadsReference {
    /** The example's fixed number of tasks (its {@code TASKS}). */
    public static final int TASKS = 8;

    private static final String[] WORDS = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta",
        "iota", "kappa", "lambda", "mu", "nu", "xi", "omicron", "pi"};

    /** Python's {@code key=by_count_then_key}: count descending, then key ascending (code points). */
    private static final Comparator<Map.Entry<String, Integer>> BY_COUNT_THEN_KEY =
        Comparator.<Map.Entry<String, Integer>>comparingInt(e -> -e.getValue()).thenComparing(Map.Entry::getKey);

    private ListDictThreadsReference() {
    }

    /** The whole output of the example; {@code items} must be positive (the program indexes samples[-1]). */
    public static String output(int items, int workers) {
        if (items < 1) {
            throw new IllegalArgumentException("items per task must be at least 1, got " + items);
        }
        StringBuilder sb = new StringBuilder();
        sb.append("tasks: ").append(TASKS).append(" items per task: ").append(items).append(" workers: ").append(workers).append('\n');
        for (int tid = 0; tid < TASKS; tid++) {
            task(tid, items, sb);
        }
        int logEntriesPerTask = (items + 1023) / 1024;   // i % 1024 == 0 for i in range(items)
        int samplesPerTask = (items + 63) / 64;          // i % 64 == 0
        sb.append("shared log: ").append(TASKS * logEntriesPerTask).append(" entries, ").append(perTaskPairs(logEntriesPerTask)).append('\n');
        sb.append("shared samples: ").append(perTaskPairs(samplesPerTask)).append('\n');
        return sb.toString();
    }

    private static void task(int tid, int items, StringBuilder sb) {
        long seed = tid * 7919L + 1;
        Map<String, Integer> counts = new HashMap<>();
        String lastKey = null;
        int lastIndex = -1;
        for (int i = 0; i < items; i++) {
            seed = (seed * 1103515245L + 12345L) % 2147483648L;   // seed < 2^31: the product fits a long
            String key = WORDS[(int) ((seed >> 16) % 16)] + (seed % 7);
            counts.merge(key, 1, Integer::sum);
            if (i % 64 == 0) {
                lastKey = key;
                lastIndex = i;
            }
        }
        List<Map.Entry<String, Integer>> ranked = new ArrayList<>(counts.entrySet());
        ranked.sort(BY_COUNT_THEN_KEY);
        StringBuilder top = new StringBuilder("[");
        for (int j = 0; j < Math.min(3, ranked.size()); j++) {
            if (j > 0) {
                top.append(", ");
            }
            top.append("('").append(ranked.get(j).getKey()).append("', ").append(ranked.get(j).getValue()).append(')');
        }
        top.append(']');
        sb.append("task ").append(tid).append(": ").append(counts.size()).append(" keys, ").append(items)
            .append(" items, top ").append(top).append(", last sample ('").append(lastKey).append("', ").append(lastIndex).append(")\n");
    }

    /** {@code [(0, n), (1, n), ..., (7, n)]}. */
    private static String perTaskPairs(int n) {
        StringBuilder sb = new StringBuilder("[");
        for (int tid = 0; tid < TASKS; tid++) {
            if (tid > 0) {
                sb.append(", ");
            }
            sb.append('(').append(tid).append(", ").append(n).append(')');
        }
        return sb.append(']').toString();
    }
}
