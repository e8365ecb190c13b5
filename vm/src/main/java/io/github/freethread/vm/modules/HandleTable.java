package io.github.freethread.vm.modules;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongConsumer;

import io.github.freethread.vm.runtime.RuntimeTypes;

/**
 * The per-VM table that links off-heap handle objects (thread, lock, event, future, executor,
 * queue: {@code Layouts.HANDLE_SLOT}) to the Java objects holding their state. A slot is taken
 * when the Python object is created and given back when it is deallocated; the Java object then
 * reports the Python references it still owns to the deallocator, which drops them.
 *
 * <table>
 *   <caption>Ownership</caption>
 *   <tr><th>field</th><th>written by</th><th>read by</th><th>mode</th></tr>
 *   <tr><td>slots (the array reference)</td><td>{@link #register} growing it (under {@code this})</td>
 *       <td>any thread ({@link #get})</td><td>volatile</td></tr>
 *   <tr><td>slots[i]</td><td>register / release (under {@code this})</td><td>any thread</td>
 *       <td>AtomicReferenceArray set (volatile) / get (volatile)</td></tr>
 *   <tr><td>free list, count</td><td>under {@code this}</td><td>under {@code this}</td><td>monitor</td></tr>
 * </table>
 *
 * <p>Why {@link #get} needs no lock: a thread can only look up a slot through a live object it
 * holds a reference to; the slot was written (volatile) before the object's address was
 * published, so the reader reads the array reference later than that write and finds the entry
 * either in the array it was written to or in a copy made under the lock after it. A slot is only
 * released when its object dies, when no thread can reach the slot any more.
 */
public final class HandleTable implements RuntimeTypes.HandleRelease {
    /** The Java side of a handle object. */
    public interface Native {
        /**
         * The owning Python object died: report every Python reference this object still owns to
         * {@code v} (each exactly once; afterwards this object owns none).
         */
        void dropReferences(LongConsumer v);
    }

    private volatile AtomicReferenceArray<Native> slots = new AtomicReferenceArray<>(64);
    private int[] free = new int[64];
    private int freeCount;
    private int next;
    private int live;

    /** Takes a slot for {@code n}. */
    public synchronized int register(Native n) {
        int slot;
        if (freeCount > 0) {
            slot = free[--freeCount];
        } else {
            slot = next++;
            AtomicReferenceArray<Native> cur = slots;
            if (slot >= cur.length()) {
                AtomicReferenceArray<Native> grown = new AtomicReferenceArray<>(cur.length() * 2);
                for (int i = 0; i < cur.length(); i++) {
                    grown.set(i, cur.get(i));
                }
                slots = grown; // volatile write: publishes the copy
            }
        }
        slots.set(slot, n); // volatile: before the object holding the slot is published
        live++;
        return slot;
    }

    /** The Java object in {@code slot} (the caller holds a reference to the slot's Python object). */
    public Native get(int slot) {
        Native n = slots.get(slot);
        if (n == null) {
            throw new IllegalStateException("handle slot " + slot + " is empty (object already deallocated?)");
        }
        return n;
    }

    /** Deallocation of the slot's object: drops the Java object's references and frees the slot. */
    @Override
    public void release(int slot, LongConsumer v) {
        Native n;
        synchronized (this) {
            n = slots.get(slot);
            if (n == null) {
                throw new IllegalStateException("handle slot " + slot + " released twice");
            }
            slots.set(slot, null);
            if (freeCount == free.length) {
                free = java.util.Arrays.copyOf(free, free.length * 2);
            }
            free[freeCount++] = slot;
            live--;
        }
        n.dropReferences(v);
    }

    /** Slots in use (tests: zero after a program once its objects are gone, except immortal ones). */
    public synchronized int live() {
        return live;
    }
}
