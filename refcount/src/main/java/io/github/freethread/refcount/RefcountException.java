package io.github.freethread.refcount;

/**
 * A counting error caught before it corrupts memory: a decrement below zero, an increment of a
 * dead object, or (in checked mode) any count operation on a freed block. The message names the
 * operation, the object address (hex) and its type.
 */
public final class RefcountException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with its full message. */
    public RefcountException(String message) {
        super(message);
    }
}
