package io.github.freethread.collections.list;

/** Orders two runtime objects (borrowed references, valid for the call). */
@FunctionalInterface
public interface ObjectComparator {
    /** Negative, zero or positive as {@code a} sorts before, with or after {@code b}. */
    int compare(long a, long b);
}
