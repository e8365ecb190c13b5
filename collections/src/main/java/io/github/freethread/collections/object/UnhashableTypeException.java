package io.github.freethread.collections.object;

/** A dict key whose type supplies no hash (Python's {@code TypeError: unhashable type: 'list'}). */
public final class UnhashableTypeException extends UnsupportedOperationException {
    private static final long serialVersionUID = 1L;

    private final String typeName;

    /** For a key of the type named {@code typeName}. */
    public UnhashableTypeException(String typeName) {
        super("unhashable type: '" + typeName + "'");
        this.typeName = typeName;
    }

    /** Name of the offending type. */
    public String typeName() {
        return typeName;
    }
}
