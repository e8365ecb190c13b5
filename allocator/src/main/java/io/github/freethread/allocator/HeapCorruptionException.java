package io.github.freethread.allocator;

/**
 * Checked mode found memory that was modified while it was free (a write after free), or a free
 * list that cannot be right. The message names the block address.
 */
public final class HeapCorruptionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what was found where */
    public HeapCorruptionException(String message) {
        super(message);
    }
}
