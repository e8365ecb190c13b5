package io.github.freethread.bench.refcount;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded single-producer single-consumer ring of addresses for the end-to-end benchmark
 * (hands one counted reference per element from the producer thread to the consumer thread
 * without boxing). Ownership: {@code slots} elements written by the producer, read by the
 * consumer; {@code tail} written by the producer (release: pairs with the consumer's acquire of
 * tail), {@code head} written by the consumer (release: pairs with the producer's acquire).
 */
final class LongHandoff {
    private final long[] slots;
    private final int mask;
    private final AtomicLong head = new AtomicLong();
    private final AtomicLong tail = new AtomicLong();

    LongHandoff(int capacityPowerOfTwo) {
        slots = new long[capacityPowerOfTwo];
        mask = capacityPowerOfTwo - 1;
    }

    /** Producer: false if full. */
    boolean offer(long value) {
        long t = tail.getPlain();
        if (t - head.getAcquire() == slots.length) {
            return false;
        }
        slots[(int) t & mask] = value;
        tail.setRelease(t + 1);
        return true;
    }

    /** Consumer: 0 if empty. */
    long poll() {
        long h = head.getPlain();
        if (h == tail.getAcquire()) {
            return 0;
        }
        long value = slots[(int) h & mask];
        head.setRelease(h + 1);
        return value;
    }
}
