package io.github.freethread.refcount;

import java.util.Arrays;
import java.util.Objects;

/**
 * Per-runtime table from type id to {@link ObjectType}: the deallocator looks a dying object's
 * type up here to drop its children.
 *
 * <p>Ownership: {@code types} is replaced copy-on-write under {@code this} by {@link #register};
 * readers on any thread load it with a volatile read (pairs with the volatile write in
 * {@code register}), so a type id is usable by any thread that learned it after registration.
 * Type id 0 is never handed out: a zeroed header is recognisably not an object.
 */
public final class TypeRegistry {
    private volatile ObjectType[] types = new ObjectType[1];

    TypeRegistry() {}

    /** Registers a type and returns its id (&ge; 1). */
    public synchronized int register(ObjectType type) {
        Objects.requireNonNull(type, "type");
        ObjectType[] old = types;
        if (old.length >= ObjectHeader.TYPE_FREED_BIT) {
            throw new IllegalStateException("too many types: " + old.length);
        }
        ObjectType[] grown = Arrays.copyOf(old, old.length + 1);
        grown[old.length] = type;
        types = grown;
        return old.length;
    }

    /** The type with this id; {@link IllegalArgumentException} naming the id if there is none. */
    public ObjectType get(int typeId) {
        ObjectType[] t = types;
        if (typeId <= 0 || typeId >= t.length) {
            throw new IllegalArgumentException("unknown type id " + typeId + " (registered: 1.." + (t.length - 1) + ")");
        }
        return t[typeId];
    }

    /** Name of the type with this id, or a description of why there is none (for error messages). */
    public String nameOf(int typeId) {
        int id = typeId & ~ObjectHeader.TYPE_FREED_BIT;
        ObjectType[] t = types;
        if (id <= 0 || id >= t.length) {
            return "<unknown type id " + typeId + ">";
        }
        return t[id].name();
    }

    /** Number of registered types. */
    public int size() {
        return types.length - 1;
    }
}
