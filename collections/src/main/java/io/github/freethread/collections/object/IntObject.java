package io.github.freethread.collections.object;

import org.agrona.UnsafeApi;

import io.github.freethread.collections.ThreadContext;

/**
 * A boxed 64-bit integer: the int type of tests and benchmarks.
 *
 * <pre>
 * payload + 0   +-------------------------+
 *               | value (long, immutable) |
 * payload + 8   +-------------------------+
 * </pre>
 * Hash: Python's for ints in [-2^61+2, 2^61-2] is the value itself; we return the value and let
 * the dict's perturbed probing spread it, as CPython does.
 */
public final class IntObject implements ObjectKind {
    /** The one instance. */
    public static final IntObject KIND = new IntObject();
    /** Offset of the value in the payload. */
    public static final int VALUE_OFFSET = 0;
    /** Payload size. */
    public static final int PAYLOAD_BYTES = 8;

    private IntObject() {}

    /** A new int object holding {@code value}; the caller owns the one reference. */
    public static long create(ObjectSpace space, ThreadContext thread, long value) {
        long obj = space.newObject(thread, KIND, PAYLOAD_BYTES);
        UnsafeApi.putLong(space.payload(obj) + VALUE_OFFSET, value);
        return obj;
    }

    /** The value of int object {@code obj}. */
    public static long value(ObjectSpace space, long obj) {
        ObjectKind k = space.kindOf(obj);
        if (k != KIND) {
            throw new IllegalArgumentException("object 0x" + Long.toHexString(obj) + " is a '" + k.name() + "', not an int");
        }
        return UnsafeApi.getLong(space.payload(obj) + VALUE_OFFSET);
    }

    @Override
    public String name() {
        return "int";
    }

    @Override
    public long fixedPayloadBytes() {
        return PAYLOAD_BYTES;
    }

    @Override
    public long hash(long payload) {
        return hashOfValue(UnsafeApi.getLong(payload + VALUE_OFFSET));
    }

    /** The hash of an int whose value is {@code v}. */
    public static long hashOfValue(long v) {
        return v == -1 ? -2 : v; // as CPython: -1 is reserved
    }

    @Override
    public boolean equals(long payloadA, long payloadB) {
        return UnsafeApi.getLong(payloadA + VALUE_OFFSET) == UnsafeApi.getLong(payloadB + VALUE_OFFSET);
    }

    @Override
    public String toString(long payload) {
        return Long.toString(UnsafeApi.getLong(payload + VALUE_OFFSET));
    }
}
