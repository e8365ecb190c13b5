package io.github.freethread.bench.threads;

/**
 * The exact standard output of {@code vm/examples/pi_threads.py ITERATIONS WORKERS}, computed in
 * Java without the VM, so that a benchmark run can be checked against an answer the VM did not
 * produce.
 *
 * <p>Why the digits are bit-identical to CPython's: each term is
 * {@code (4.0 * (-1)**k) / (2 * k + 1)}; {@code (-1)**k} is the int ±1, so the numerator is the
 * float ±4.0 exactly, and the int denominator converts to a double exactly while it is below
 * 2<sup>53</sup>. The quotient and the running sum are then single IEEE-754 operations in the same
 * order, the same in Java as in any Python. Python prints floats with {@code repr} (the shortest
 * string that round-trips), and {@link Double#toString} is also shortest-round-trip since JDK 19
 * (JDK-4511638); both use plain decimal notation for magnitudes in [1e-3, 1e7), which holds for
 * every partial sum of this series (2.66 ≤ sum ≤ 4.0).
 */
public final class PiThreadsReference {
    /** The example's fixed number of tasks (its {@code TASKS}). */
    public static final int TASKS = 8;

    private PiThreadsReference() {
    }

    /** The example's {@code compute_heavy_pi(iterations)}. */
    public static double computeHeavyPi(long iterations) {
        if (iterations < 0 || iterations >= 1L << 52) {
            throw new IllegalArgumentException("iterations must be in [0, 2^52), got " + iterations);
        }
        double pi = 0.0;
        for (long k = 0; k < iterations; k++) {
            double numerator = (k & 1) == 0 ? 4.0 : -4.0;
            pi += numerator / (double) (2 * k + 1);
        }
        return pi;
    }

    /**
     * The whole output of the example.
     *
     * @param freeThreading what the program prints for {@code not sys.flags.gil}
     */
    public static String output(long iterations, int workers, boolean freeThreading) {
        double pi = computeHeavyPi(iterations);
        return "Free-threading active: " + (freeThreading ? "True" : "False") + "\n"
            + "tasks: " + TASKS + " iterations per task: " + iterations + " workers: " + workers + "\n"
            + "all equal: True\n"
            + "pi ~ " + pythonRepr(pi) + "\n";
    }

    /** Python's {@code repr(x)} for the magnitudes where it agrees with {@link Double#toString}. */
    static String pythonRepr(double x) {
        double m = Math.abs(x);
        if (x != 0.0 && (m < 1e-3 || m >= 1e7) || Double.isNaN(x) || Double.isInfinite(x)) {
            throw new IllegalArgumentException("repr of " + x + " is outside the plain-decimal range this reference covers");
        }
        return Double.toString(x);
    }
}
