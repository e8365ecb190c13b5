package io.github.freethread.bench.allocator;

/**
 * The size mix of the footprint case, precomputed into a table so the measured path draws a size
 * with one load: 70% small blocks in [16, 256), 25% medium in [256, 4096), 5% large in
 * [4096, 32768], each log-uniform within its band (sizes of the same magnitude are equally likely,
 * as in most allocation traces). Mean about 1.1 KiB; the large band carries most of the bytes.
 */
final class MixedSizes {
    private static final int TABLE = 1 << 16;
    private final int[] sizes = new int[TABLE];

    MixedSizes(long seed) {
        RandomBits random = new RandomBits(seed);
        for (int i = 0; i < TABLE; i++) {
            double band = unit(random.next());
            double within = unit(random.next());
            if (band < 0.70) {
                sizes[i] = logUniform(16, 256, within);
            } else if (band < 0.95) {
                sizes[i] = logUniform(256, 4096, within);
            } else {
                sizes[i] = logUniform(4096, 32768, within);
            }
        }
    }

    /** The size picked by {@code bits} (any 64 random bits; the high 16 are used). */
    int pick(long bits) {
        return sizes[(int) (bits >>> 48)];
    }

    private static double unit(long bits) {
        return (bits >>> 11) * 0x1.0p-53;
    }

    private static int logUniform(int low, int high, double u) {
        return (int) Math.min(high, Math.round(low * Math.pow((double) high / low, u)));
    }
}
