package io.github.freethread.collections.list;

import io.github.freethread.collections.ThreadContext;

/**
 * Iteration over an {@link ObjectList} by index with lock-free reads: weakly consistent under
 * concurrent mutation (an item inserted or removed meanwhile may be seen or missed, an item may be
 * seen twice when others shift the list), never a crash, never freed memory — each step is a
 * {@link ObjectList#get} that confirms its item.
 *
 * <p>The cursor holds a counted reference to its current item, dropped on {@link #next()} and
 * {@link #close()}; {@link #current()} is borrowed until then. Owned by one thread.
 */
public final class ListCursor implements AutoCloseable {
    private final ObjectList list;
    private final ThreadContext thread;
    private long index = -1;
    private long current;

    ListCursor(ObjectList list, ThreadContext thread) {
        this.list = list;
        this.thread = thread;
    }

    /** Advances; false at the end (the list's length at that moment). */
    public boolean next() {
        release();
        index++;
        if (index >= list.length()) {
            return false;
        }
        try {
            current = list.get(thread, index);
            return true;
        } catch (IndexOutOfBoundsException shrunk) {
            return false; // the list shrank under us: the end
        }
    }

    /** The current item (borrowed). */
    public long current() {
        if (current == 0) {
            throw new IllegalStateException("cursor is not on an item");
        }
        return current;
    }

    /** Index of the current item. */
    public long index() {
        return index;
    }

    private void release() {
        if (current != 0) {
            thread.runtime().space().decref(thread, current);
            current = 0;
        }
    }

    @Override
    public void close() {
        release();
    }
}
