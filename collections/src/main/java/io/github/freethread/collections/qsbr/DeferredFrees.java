package io.github.freethread.collections.qsbr;

import java.util.Arrays;

/**
 * A FIFO of (address, goal) pairs waiting for their grace period: the per-thread queue of
 * CPython's {@code _PyMem_FreeDelayed}, and the shared queue that exiting threads hand theirs to.
 *
 * <p>Not thread-safe: a thread's own queue is touched by its owner only; the shared orphan queue
 * is guarded by {@link Qsbr}'s orphan lock.
 *
 * <p>Invariants (checked by {@link #assertInvariants()}):
 * <pre>
 *   (1) 0 &lt;= size &lt;= capacity, capacity a power of two
 *   (2) goals are non-decreasing from head to tail (goals come from a monotonic write sequence)
 * </pre>
 * (2) lets the owner free a prefix: once the head's goal is reached, everything up to the first
 * entry with a later goal is reached too.
 */
final class DeferredFrees {
    private long[] addresses = new long[16];
    private long[] goals = new long[16];
    private int head;
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Goal of the oldest entry; only when not empty. */
    long oldestGoal() {
        return goals[head];
    }

    /** Goal of the newest entry; only when not empty. */
    long newestGoal() {
        return goals[(head + size - 1) & (goals.length - 1)];
    }

    void add(long address, long goal) {
        if (size == addresses.length) {
            grow();
        }
        int tail = (head + size) & (addresses.length - 1);
        if (size > 0) {
            long last = goals[(tail - 1) & (addresses.length - 1)];
            // keep (2): a goal computed before a later advance can only be smaller; clamp up.
            goal = Math.max(goal, last);
        }
        addresses[tail] = address;
        goals[tail] = goal;
        size++;
    }

    /** Removes and reclaims every entry whose goal is {@code <= readSequence}; returns how many. */
    int reclaimUpTo(long readSequence, AddressReclaimer reclaimer) {
        int done = 0;
        int mask = addresses.length - 1;
        while (size > 0 && goals[head] <= readSequence) {
            long address = addresses[head];
            head = (head + 1) & mask;
            size--;
            done++;
            reclaimer.reclaim(address);
        }
        return done;
    }

    /** Moves every entry of this queue to the tail of {@code target}, in order. */
    void drainTo(DeferredFrees target) {
        int mask = addresses.length - 1;
        while (size > 0) {
            target.add(addresses[head], goals[head]);
            head = (head + 1) & mask;
            size--;
        }
    }

    /** Reclaims everything regardless of goals: only when no reader can exist (domain shutdown). */
    int reclaimAll(AddressReclaimer reclaimer) {
        return reclaimUpTo(Long.MAX_VALUE, reclaimer);
    }

    private void grow() {
        int n = addresses.length;
        long[] a = new long[n * 2];
        long[] g = new long[n * 2];
        for (int i = 0; i < size; i++) {
            a[i] = addresses[(head + i) & (n - 1)];
            g[i] = goals[(head + i) & (n - 1)];
        }
        addresses = a;
        goals = g;
        head = 0;
    }

    void assertInvariants() {
        int cap = addresses.length;
        if (Integer.bitCount(cap) != 1 || size < 0 || size > cap) {
            throw new AssertionError("(1) size " + size + " capacity " + cap);
        }
        for (int i = 1; i < size; i++) {
            if (goals[(head + i) & (cap - 1)] < goals[(head + i - 1) & (cap - 1)]) {
                throw new AssertionError("(2) goals decrease at " + i + ": " + Arrays.toString(goals));
            }
        }
    }
}
