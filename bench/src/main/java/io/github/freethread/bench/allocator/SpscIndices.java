package io.github.freethread.bench.allocator;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The index protocol of a bounded single-producer single-consumer ring (Lamport's queue with each
 * side caching the other side's index, as in FastForward/JCTools' {@code SpscArrayQueue}; our own
 * code). The typed rings ({@link LongRing}, {@link RefRing}) store the elements; this class decides
 * which slot may be written or read and publishes the moves. Both typed rings run exactly this
 * code, so every allocator in the producer/consumer and churn cases pays the same queue cost.
 *
 * <p>Layout: the four indices live in one {@code long[]}, 128 bytes apart (array elements are never
 * reordered by the JVM, unlike fields), so the producer's and the consumer's words never share a
 * cache line or an adjacent-line prefetch pair, and neither shares with the array header.
 * <pre>
 *   words[ 16] producerIndex        next slot to write      written by producer (release), read by consumer (acquire)
 *   words[ 17] producerLimitCache   consumerIndex + capacity as last seen   producer only (plain)
 *   words[ 32] consumerIndex        next slot to read       written by consumer (release), read by producer (acquire)
 *   words[ 33] consumerLimitCache   producerIndex as last seen              consumer only (plain)
 * </pre>
 * Invariants: (1) {@code consumerIndex <= producerIndex <= consumerIndex + capacity};
 * (2) each index only grows, and only its own side writes it.
 */
final class SpscIndices {
    private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int PRODUCER_INDEX = 16;
    private static final int PRODUCER_LIMIT_CACHE = 17;
    private static final int CONSUMER_INDEX = 32;
    private static final int CONSUMER_LIMIT_CACHE = 33;
    private static final int WORD_COUNT = 48;

    /** Written only as described in the class comment; never resized. */
    private final long[] words = new long[WORD_COUNT];
    private final int capacity;

    SpscIndices(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("ring capacity must be a power of two, was " + capacity);
        }
        this.capacity = capacity;
        words[PRODUCER_LIMIT_CACHE] = capacity;
    }

    int capacity() {
        return capacity;
    }

    /** Producer: the index of a free slot to fill, or -1 when the ring is full. */
    long claimForOffer() {
        long index = words[PRODUCER_INDEX]; // own word: plain
        if (index >= words[PRODUCER_LIMIT_CACHE]) {
            // acquire: pairs with the setRelease in commitPoll(); the consumer has read (and
            // cleared) every slot below consumerIndex, so the producer may overwrite them.
            long limit = (long) WORDS.getAcquire(words, CONSUMER_INDEX) + capacity;
            words[PRODUCER_LIMIT_CACHE] = limit;
            if (index >= limit) {
                return -1;
            }
        }
        return index;
    }

    /** Producer: publishes the slot filled at {@code index}. */
    void commitOffer(long index) {
        // release: pairs with the getAcquire in claimForPoll(); the element store (and every write
        // the producer made to the block) happens-before the consumer's read of the slot.
        WORDS.setRelease(words, PRODUCER_INDEX, index + 1);
    }

    /** Consumer: the index of a filled slot to read, or -1 when the ring is empty. */
    long claimForPoll() {
        long index = words[CONSUMER_INDEX]; // own word: plain
        if (index >= words[CONSUMER_LIMIT_CACHE]) {
            // acquire: pairs with the setRelease in commitOffer().
            long limit = (long) WORDS.getAcquire(words, PRODUCER_INDEX);
            words[CONSUMER_LIMIT_CACHE] = limit;
            if (index >= limit) {
                return -1;
            }
        }
        return index;
    }

    /** Consumer: hands the slot read at {@code index} back to the producer. */
    void commitPoll(long index) {
        // release: pairs with the getAcquire in claimForOffer().
        WORDS.setRelease(words, CONSUMER_INDEX, index + 1);
    }
}
