package io.github.freethread.refcount;

/**
 * Hooks for the layers above (QSBR keeps its per-thread record in a {@link ThreadState}
 * extension slot). Every method runs on the thread that uses the state at that moment.
 */
public interface ThreadListener {

    /** A thread state was registered (by {@link ObjectRuntime#attach()} or {@link ObjectRuntime#newThreadState()}). */
    default void onAttach(ThreadState ts) {}

    /** The state passed a safe point ({@link ThreadState#poll()}), after its merge queue was drained. */
    default void onSafePoint(ThreadState ts) {}

    /** The state is detaching: its merge queue is already drained and closed; its heap is still open. */
    default void onDetach(ThreadState ts) {}
}
