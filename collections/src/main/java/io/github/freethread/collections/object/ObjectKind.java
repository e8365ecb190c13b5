package io.github.freethread.collections.object;

/**
 * A type of runtime object as the collections see it: a name, and hash/equality for dict keys.
 * An {@link ObjectSpace} maps each kind to its own type id (for the refcount runtime: an
 * {@code ObjectType} registered in its {@code TypeRegistry} that delegates here).
 *
 * <p>{@code hash} and {@code equals} are called on objects the caller holds a reference to (the
 * dict confirms a key with a conditional increment before calling {@code equals} on it), so they
 * may read the payload freely. They must not call back into the dict that is looking them up.
 */
public interface ObjectKind {
    /** The type's name, used in error messages ("unhashable type: 'list'"). */
    String name();

    /** Size of the payload in bytes of an object of this kind, for objects with a fixed size;
     *  -1 when it varies per object. Informational. */
    default long fixedPayloadBytes() {
        return -1;
    }

    /** Whether objects of this kind can be dict keys. */
    default boolean hashable() {
        return true;
    }

    /** Hash of the object whose payload starts at {@code payload}. */
    long hash(long payload);

    /** Equality of two objects of this kind, by payload. */
    boolean equals(long payloadA, long payloadB);

    /** Readable form of the object, for tests and errors. */
    String toString(long payload);
}
