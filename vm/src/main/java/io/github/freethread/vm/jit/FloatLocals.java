package io.github.freethread.vm.jit;

import org.agrona.UnsafeApi;

import io.github.freethread.vm.runtime.Layouts;

/**
 * Run-time half of the compiled tier's float locals without their object (the protocol and its
 * invariants (3) and (3') are in {@link FrameState}'s "Float cache of local k" comment).
 *
 * <p>Ownership: {@link #writeBack} writes the payload of a FLOAT object that only the calling
 * frame's local slot references (invariant 3'), so no other thread holds a reference to it and
 * no synchronisation is needed: a plain store, read later by this thread, or by another one only
 * after a reference to the object was published through the usual release (list store, count
 * operations), which comes after this write in program order.
 */
final class FloatLocals {
    private FloatLocals() {
    }

    /**
     * Given a cache flag, the local's object and the cached value: if the flag is
     * {@link FrameState#STALE}, stores the value into the object's payload; returns the new flag
     * ({@link FrameState#FRESH} after a write-back, else unchanged).
     */
    public static int writeBack(int flag, long object, double value) {
        if (flag == FrameState.STALE) {
            UnsafeApi.putDouble(object + Layouts.FLOAT_VALUE, value);
            return FrameState.FRESH;
        }
        return flag;
    }
}
