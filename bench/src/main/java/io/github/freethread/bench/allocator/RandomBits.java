package io.github.freethread.bench.allocator;

/**
 * A per-thread xorshift64* generator (Marsaglia's xorshift with Vigna's multiplier): a handful of
 * cycles, no allocation, no shared state, and the same sequence for every implementation given
 * the same seed, so all allocators see identical size and slot choices.
 */
final class RandomBits {
    private long state;

    RandomBits(long seed) {
        this.state = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
    }

    /** The next 64 random bits. */
    long next() {
        long x = state;
        x ^= x >>> 12;
        x ^= x << 25;
        x ^= x >>> 27;
        state = x;
        return x * 0x2545F4914F6CDD1DL;
    }

    /** A value in {@code [low, low + span)} from the high 32 bits of {@code bits}, by multiply-shift (no division). */
    static int inRange(long bits, int low, int span) {
        return low + (int) (((bits >>> 32) * span) >>> 32);
    }
}
