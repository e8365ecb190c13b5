package io.github.freethread.vm.runtime;

import static io.github.freethread.vm.runtime.ListLayout.*;
import static io.github.freethread.vm.runtime.VmThread.isImmortal;

import org.agrona.UnsafeApi;

/**
 * The list paths compiled code inlines at every subscript and store site ({@code JitRuntime}):
 * each small enough that C2 inlines it within its per-compilation budget (HotSpot's
 * {@code DesiredMethodLimit} counts the bytecodes of everything inlined into one body), and each
 * returning 0 / false when its case does not apply, so the caller falls back to the full path
 * in {@link Lists} out of line. Same memory protocol as {@link Lists} (its ownership table); the
 * store is the elided section of {@link SingleThreadMode} (E2: no call before the store).
 */
public final class ListFastPaths {
    private ListFastPaths() {
    }

    /**
     * l[k] = v for {@code 0 <= k < len(l)} while this thread elides list sections
     * ({@link SingleThreadMode}: no other thread is attached): no lock, one slot store. Takes a
     * new reference to v and drops the old item. Returns false (nothing changed) when not
     * eliding or {@code k} is negative or out of range: the caller then takes {@link Lists#set}'s
     * path. Small on purpose (compiled code inlines it); the section is the bounds check and the
     * store, with no call before the store (SingleThreadMode E2).
     */
    public static boolean setFast(VmThread t, long l, long k, long v) {
        if (!t.elidesSections() || Long.compareUnsigned(k, UnsafeApi.getLong(l + SIZE)) >= 0) {
            return false;
        }
        long s = slot(Lists.items(l), k);
        long old = UnsafeApi.getLong(s);
        if (!isImmortal(v)) {
            t.incref(v);
        }
        UnsafeApi.putLongRelease(null, s, v); // release: pairs with getLongAcquire of the slot (readers after an attach: E3)
        if (!isImmortal(old)) {
            t.decref(old);
        }
        return true;
    }

    /**
     * l[k] (OWNED) for the compiled code's inline path: an immortal item, confirmed as
     * {@link Lists#getOwned} does (array, capacity, slot with acquire, then the volatile re-read of
     * {@link VmThread#tryOwnSlot}), or any item {@code tryOwnSlot} can count; 0 when {@code k}
     * is negative or past the array, the slot is empty, or counting failed (the caller then
     * takes the full path, which retries under the lock).
     */
    public static long getFast(VmThread t, long l, long k) {
        long a = UnsafeApi.getLongAcquire(null, l + ITEMS); // acquire: pairs with the release that published the array
        if (a == 0 || Long.compareUnsigned(k, UnsafeApi.getLong(a + ARRAY_CAPACITY)) >= 0) {
            return 0;
        }
        long s = slot(a, k);
        long v = UnsafeApi.getLongAcquire(null, s); // acquire: pairs with the writer's release store of the slot
        return v != 0 && t.tryOwnSlot(s, v) ? v : 0;
    }

}
