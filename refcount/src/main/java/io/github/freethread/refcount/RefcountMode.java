package io.github.freethread.refcount;

/**
 * How an {@link ObjectRuntime} counts references. Chosen once per runtime so that one benchmark can
 * compare the three on identical code: the mode changes only what {@link ObjectRuntime#allocate}
 * writes into a new header and which bias id a {@link ThreadState} carries, never the counting
 * code itself.
 */
public enum RefcountMode {
    /**
     * Biased reference counting (Choi, Shull, Torrellas, PACT 2018; CPython's free-threaded build).
     * A new object is owned by the thread that allocates it: the owner counts with plain loads and
     * stores on the local count, every other thread atomically on the shared count.
     */
    BIASED,
    /**
     * The classic baseline: every object is born merged (no owner), so every count operation is an
     * atomic read-modify-write on the shared count.
     */
    ATOMIC,
    /**
     * Single-thread reference: every thread state carries the same bias id, so every thread takes
     * the plain owner path. UNSAFE as soon as two threads touch one object; it exists only to
     * measure the cost of counting without any atomics.
     */
    NONATOMIC
}
