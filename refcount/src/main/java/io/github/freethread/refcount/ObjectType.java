package io.github.freethread.refcount;

import java.util.function.LongConsumer;

/**
 * The behaviour of one kind of runtime object, registered once in a {@link TypeRegistry} that
 * hands back the type id written into every header of that type.
 */
public interface ObjectType {

    /** The type's name, used in error messages ("unhashable type: 'list'", "decref below zero ... type 'list'"). */
    String name();

    /**
     * Reports every reference that {@code obj} holds, so that deallocation can drop them. Called
     * exactly once per object, by the thread that deallocates it, before its memory is freed. The
     * visitor does not recurse: children whose count reaches zero are queued on the deallocating
     * thread's work list, so a chain of any length is freed iteratively.
     *
     * @param obj          address of the dying object's header
     * @param childVisitor receives the address of each child (non-zero addresses only)
     */
    void visitReferences(long obj, LongConsumer childVisitor);

    /** Hash of the object; by default the type is unhashable. */
    default long hash(long obj) {
        throw new UnsupportedOperationException("unhashable type: '" + name() + "'");
    }

    /** Equality of two objects of this type; identity by default. */
    default boolean equals(long a, long b) {
        return a == b;
    }
}
