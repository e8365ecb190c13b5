package io.github.freethread.vm.runtime;

import static io.github.freethread.vm.runtime.ListLayout.*;

import org.agrona.UnsafeApi;

import io.github.freethread.refcount.ObjectHeader;

/**
 * Float items of lists without float objects on the way: an uncounted read of a float item's
 * value ({@link #ownFloatItem}) and an in-place update of a float item ({@link #storeDouble}),
 * for compiled code's {@code b[i] -= x} (nbody's list-item updates: before, every such store
 * allocated a float, counted it into the list and dropped the old one). CPython 3.11 allocates
 * there; CPython 3.13+ reuses a float in place only for unique temporaries, never for a list's
 * item. The list protocol is {@link Lists}' (docs/collections.md section 3).
 *
 * <p><b>Ownership.</b> No fields. The memory written here: a list slot (only on the allocating
 * path, through {@link Lists#set}, under the list's lock) and the payload of a float object
 * ({@link Layouts#FLOAT_VALUE}, plain store, only in the in-place case below). Read: slots
 * (acquire, as {@link Lists#getOwned}), the float's owner id, local count (plain: only the owner
 * writes it) and shared word (volatile, in {@link VmThread#isPrivate}).
 *
 * <p><b>Soundness of the in-place store (S1–S5).</b> Python floats are immutable: an in-place
 * write is only allowed where no one but the list can ever observe the old object. Condition,
 * checked while holding the list's lock: the old item {@code f} is a float, owned by this thread
 * (biased owner id = ours), local count exactly 1 and shared word exactly 0.
 * <ol>
 *   <li>(S1) {@code f} has exactly one reference, the list's slot: local count 1 and shared 0
 *       mean one counted reference in total, and the slot holds a counted reference (L3). No
 *       uncounted reference exists either: compiled code's borrowed entries are views of locals
 *       (which are counted), {@link #ownFloatItem} keeps no address past its value read, and
 *       uncounted container uses ({@code getUse}) are only for deferred objects.</li>
 *   <li>(S2) Another thread can only obtain {@code f} from the list (S1). Its lock-free read
 *       ({@link VmThread#tryOwnSlot}) of an object it does not own is the refcount layer's
 *       conditional increment, which fails, without writing, when the shared word is 0; it then
 *       reads under the list's lock ({@code Lists.getLocked}), which we hold: it waits, and after
 *       our unlock (release, pairs with its lock CAS) it sees the new payload before it counts
 *       {@code f} (increfShared, which makes the shared word non-zero, so no later in-place write
 *       happens to {@code f} while it is shared).</li>
 *   <li>(S3) The shared word cannot become non-zero between our check and our write: only a
 *       counted reference from another thread makes it non-zero ({@code increfShared} under the
 *       list's lock, S2) or a merge (needs a foreign reference, excluded by S1).</li>
 *   <li>(S4) This thread's own readers are program-ordered with the store. Other threads never
 *       read the payload of an object they do not own without a counted reference
 *       ({@link #ownFloatItem} is owner-or-immortal only).</li>
 *   <li>(S5) Atomic refcount mode has no owner (NO_OWNER): the condition is never true there,
 *       every store allocates (the conditional increment of atomic mode succeeds on any live
 *       object, so S2 would not hold).</li>
 * </ol>
 * Observable behaviour is CPython's: the list's item has the new value; no other reference to
 * the old object existed (S1), so no program can see it change or compare its identity.
 */
public final class ListFloats {
    private ListFloats() {
    }

    /**
     * Item {@code i >= 0} of list {@code l} if it is a float that this thread owns (or an
     * immortal float), as an UNCOUNTED address whose value the caller reads at once (before its
     * next decref or safe point); 0 otherwise (absent, another type, another owner). Lock-free:
     * the array and slot loads of {@link Lists#getOwned} (acquire). An own object seen in a slot
     * is alive until this thread's next decref-to-zero or safe point ({@link VmThread#tryOwnSlot},
     * own-object branch), and its payload is only ever written by this thread (S4), so the value
     * read is the item's value at the slot load.
     */
    public static long ownFloatItem(VmThread t, long l, long i) {
        long a = UnsafeApi.getLongAcquire(null, l + ITEMS); // acquire: pairs with the release that published the array
        if (a == 0 || i < 0 || i >= UnsafeApi.getLong(a + ARRAY_CAPACITY)) {
            return 0;
        }
        long v = UnsafeApi.getLongAcquire(null, slot(a, i)); // acquire: pairs with the writer's release store of the slot
        return v != 0 && VmThread.typeOf(v) == TypeIds.FLOAT && t.isOwnOrImmortal(v) ? v : 0;
    }

    /**
     * {@code l[i] = d} for a Python index {@code i} (negative from the end). Overwrites the old
     * item in place when the class comment's condition holds (checked under the list's lock),
     * else stores a new float through {@link Lists#set}. Returns false (nothing changed) when
     * {@code i} is out of range.
     */
    public static boolean storeDouble(VmThread t, long l, long i, double d) {
        int section = Lists.lockShort(t, l); // nothing below blocks or runs code
        try {
            long s = Lists.slotLocked(l, i);
            if (s == 0) {
                return false;
            }
            long f = UnsafeApi.getLong(s);
            if (VmThread.typeOf(f) == TypeIds.FLOAT && isSoleOwnReference(t, f)) {
                UnsafeApi.putDouble(f + Layouts.FLOAT_VALUE, d); // plain: S2 (others read it after our unlock), S4
                return true;
            }
        } finally {
            Lists.unlockShort(t, l, section);
        }
        long v = t.newFloat(d);
        boolean stored = Lists.set(t, l, i, v);
        t.decref(v);
        return stored;
    }

    /** This thread owns {@code f}, its local count is 1 and its shared word 0 (S1, S3, S5). */
    static boolean isSoleOwnReference(VmThread t, long f) {
        return t.isPrivate(f) && UnsafeApi.getInt(f + ObjectHeader.LOCAL_COUNT_OFFSET) == 1;
    }
}
