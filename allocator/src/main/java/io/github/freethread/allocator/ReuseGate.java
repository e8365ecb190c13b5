package io.github.freethread.allocator;

/**
 * Lets QSBR delay the reuse of a page for ANOTHER size class, and its decommit/unmap, until a
 * grace period has passed (a lock-free reader may still read a header in it). Same-size-class
 * reuse of a freed block needs no grace period.
 *
 * <p>The allocator calls {@link #retireTicket()} when a page becomes empty and leaves its bin
 * (any thread that owns the page at that moment), and releases the page to its segment only once
 * {@link #isSafe(long)} returns true for that ticket (checked on heap slow paths and in
 * {@link Heap#collect()}). {@link Allocator#close()} ignores the gate: it requires that no reader
 * is left.
 */
public interface ReuseGate {
    /** No delay: pages are released as soon as they are empty. */
    ReuseGate ALWAYS = new ReuseGate() {
        @Override
        public long retireTicket() {
            return 0;
        }

        @Override
        public boolean isSafe(long ticket) {
            return true;
        }

        @Override
        public String toString() {
            return "ReuseGate.ALWAYS";
        }
    };

    /** Called when a page becomes empty (from any thread); returns the goal to wait for. */
    long retireTicket();

    /** True once every reader has passed the goal {@code ticket}. Must be cheap and thread-safe. */
    boolean isSafe(long ticket);
}
