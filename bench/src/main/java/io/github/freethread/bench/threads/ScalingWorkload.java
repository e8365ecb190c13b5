package io.github.freethread.bench.threads;

/**
 * The two threaded example programs of the scaling measurement, with their size argument and the
 * exact output each must print. Both run {@link #TASKS} tasks on a {@code ThreadPoolExecutor}
 * whose {@code max_workers} is the second argument, so the total work is fixed by the size alone
 * and throughput relative to one worker is {@code time(1 worker) / time(N workers)}.
 */
public enum ScalingWorkload {
    /** {@code vm/examples/pi_threads.py ITERATIONS WORKERS}: the seed article's float series. */
    PI_THREADS("pi_threads.py") {
        @Override
        public String expectedOutput(int size, int workers, boolean gilEnabled) {
            return PiThreadsReference.output(size, workers, !gilEnabled);
        }
    },
    /** {@code vm/examples/list_dict_threads.py ITEMS WORKERS}: private dicts/lists plus shared appends. */
    LIST_DICT_THREADS("list_dict_threads.py") {
        @Override
        public String expectedOutput(int size, int workers, boolean gilEnabled) {
            return ListDictThreadsReference.output(size, workers);
        }
    };

    /** Tasks per run in both programs (their {@code TASKS}). */
    public static final int TASKS = 8;

    /** File name under {@code vm/examples}. */
    public final String file;

    ScalingWorkload(String file) {
        this.file = file;
    }

    /** The exact standard output of {@code file size workers} under the given GIL mode. */
    public abstract String expectedOutput(int size, int workers, boolean gilEnabled);

    /** By file stem ({@code pi_threads}, {@code list_dict_threads}), as JMH parameters name them. */
    public static ScalingWorkload byStem(String stem) {
        for (ScalingWorkload w : values()) {
            if (w.file.equals(stem + ".py")) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown scaling workload '" + stem + "' (pi_threads or list_dict_threads)");
    }
}
