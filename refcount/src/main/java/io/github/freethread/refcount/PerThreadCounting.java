package io.github.freethread.refcount;

import static io.github.freethread.refcount.ObjectHeader.FLAGS_OFFSET;
import static io.github.freethread.refcount.ObjectHeader.FLAG_DEFERRED;
import static io.github.freethread.refcount.ObjectHeader.FLAG_IMMORTAL;
import static io.github.freethread.refcount.ObjectHeader.LOCAL_COUNT_OFFSET;
import static io.github.freethread.refcount.ObjectHeader.MERGED;
import static io.github.freethread.refcount.ObjectHeader.OWNER_ID_OFFSET;
import static io.github.freethread.refcount.ObjectHeader.PER_THREAD_INDEX_OFFSET;
import static io.github.freethread.refcount.ObjectHeader.PER_THREAD_OWNER;
import static io.github.freethread.refcount.ObjectHeader.SHARED_COUNT_OFFSET;
import static io.github.freethread.refcount.ObjectHeader.SHARED_ONE;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

import org.agrona.UnsafeApi;

/**
 * Per-thread reference counts for objects that many threads count at once (CPython 3.14's
 * per-thread refcounts for objects with a unique id: {@code Python/uniqueid.c},
 * {@code _Py_THREAD_INCREF_OBJECT}; read to learn, not copied).
 *
 * <p>What: an object switched to this mode ({@link #make}, before it is published) gets an index
 * from a recycled index space. Every thread state keeps an {@code int[]} of counts by index,
 * written only by its own thread with plain {@code ++}/{@code --} ({@link ThreadState#increfPerThread}).
 * The object's true count is
 * <pre>
 *   (E1)  total(o) = sharedCount(o.sharedWord) + Σ_{thread states t} t.slots[index(o)]
 * </pre>
 * No thread can see the total, and a single slot may be negative (a thread drops a reference
 * another thread counted), so nothing is freed by a count operation. Objects are freed only by a
 * {@link #collect collection} with the world stopped ({@link StopTheWorld}): every state's slots
 * are folded into the shared words (a consistent cut: no slot changes meanwhile), objects whose
 * total is 0 are freed through the normal {@link Deallocation} (their children decremented, which
 * may cascade: the collector's own slots are folded again until nothing more dies), and their
 * indices are recycled with every slot zero. A detaching state folds its own slots atomically
 * while online (so no collection runs meanwhile) before it becomes GONE, and leaves the indices
 * it folded as candidates for the next collection (their totals changed with no slot left to show it).
 *
 * <p>Why: in BIASED mode a non-owner's count operation is an atomic read-modify-write on the
 * object's shared word; when two threads count the same object, its line moves between the cores
 * on every operation and two threads are slower than one. Here a count operation reads the
 * object's header (read-only, so the line stays shared in both caches) and writes the thread's own
 * slot.
 *
 * <p>Why a lock-free reader needs no confirmation for liveness: a reader loads an address from a
 * container slot while the slot holds a counted reference, and increments its own slot before its
 * next safe point. A collection completes only while every online state is parked at a safe point,
 * so none completes between the load and the increment: either it completed before the load (and
 * then the container's reference existed after it, so the object was not freed by it), or it
 * starts after the increment, whose slot it folds. So the object is alive between load and
 * increment even if its total drops to 0 meanwhile (a total of 0 between cuts frees nothing).
 * The containers still re-read the slot after the increment; for these objects that re-read only
 * decides the linearisation point (docs/collections.md, section 4), not safety.
 *
 * <p>Deviations from CPython: CPython frees such objects only when the owner drops them through
 * the GC and merges the per-thread counts at thread exit and at {@code _PyObject_MergePerThreadRefcounts};
 * we free by total at a stop-the-world cut (explicit {@link ObjectRuntime#collect} or a count
 * threshold of newly made objects) and never through the owner path.
 *
 * <table>
 *   <caption>Ownership</caption>
 *   <tr><th>field</th><th>written by</th><th>read by</th><th>mode</th></tr>
 *   <tr><td>objects, freeIndices, freeCount, nextIndex, live</td><td>make (any online thread), collect (the
 *       collector)</td><td>the same, invariants</td><td>under {@code this}</td></tr>
 *   <tr><td>madeSinceCollection, collections, freed</td><td>under {@code this}</td><td>any (statistics, racy)</td><td>plain</td></tr>
 *   <tr><td>every state's slots</td><td>see {@link ThreadState} and {@link StopTheWorld}</td><td></td><td></td></tr>
 *   <tr><td>an object's shared word</td><td>make (before publication), detach folds and the collector (atomic add)</td>
 *       <td>the collector</td><td>atomic</td></tr>
 * </table>
 *
 * <p>Invariants ({@link #assertInvariants}, with the world quiescent):
 * <pre>
 *   (P1) objects[i] != 0  ⇔  i is in use;  then owner(objects[i]) == PER_THREAD_OWNER, index(objects[i]) == i,
 *        state(objects[i]) == MERGED
 *   (P2) a free index i: every registered state's slots[i] == 0
 *   (P3) live == number of indices in use;  free indices + live == nextIndex
 *   (P4) after a collection with every thread quiescent: every object in use has total (E1) >= 1
 * </pre>
 */
final class PerThreadCounting {
    /** Newly made per-thread counted objects between two automatic collections (default). */
    static final int DEFAULT_THRESHOLD = 4096;

    private final ObjectRuntime runtime;
    private long[] objects = new long[64];
    private int[] freeIndices = new int[64];
    private int freeCount;
    private int nextIndex;
    private int live;
    private int madeSinceCollection;
    /** Indices whose counts a detaching state folded since the last collection: candidates for it. */
    private final BitSet foldedOnDetach = new BitSet();
    private volatile int threshold = DEFAULT_THRESHOLD;
    private long collections;
    private long freed;

    PerThreadCounting(ObjectRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * Switches {@code obj} to per-thread counting. The caller owns it privately (BIASED, shared
     * word 0: not yet published) and is online. Its local count moves to the shared word.
     */
    void make(ThreadState ts, long obj) {
        if (!ts.isOnline()) {
            throw new IllegalStateException("makePerThreadCounted by thread state " + ts.id() + " which is offline");
        }
        int owner = UnsafeApi.getInt(obj + OWNER_ID_OFFSET);
        if (owner == PER_THREAD_OWNER) {
            return;
        }
        int flags = UnsafeApi.getInt(obj + FLAGS_OFFSET);
        if ((flags & (FLAG_IMMORTAL | FLAG_DEFERRED)) != 0) {
            throw runtime.error("makePerThreadCounted of an immortal or deferred object", obj);
        }
        long shared = UnsafeApi.getLongVolatile(null, obj + SHARED_COUNT_OFFSET);
        long total;
        if (runtime.mode() == RefcountMode.ATOMIC && owner == ObjectHeader.NO_OWNER && ObjectHeader.state(shared) == MERGED) {
            total = ObjectHeader.sharedCount(shared); // ATOMIC mode: every object is merged from birth
        } else if (owner == ts.biasId && shared == 0) {
            total = UnsafeApi.getInt(obj + LOCAL_COUNT_OFFSET);
        } else {
            throw runtime.error("makePerThreadCounted of an object not privately owned by thread state " + ts.id()
                + " (it must not be published yet)", obj);
        }
        boolean collect;
        int index;
        synchronized (this) {
            index = takeIndex();
            objects[index] = obj;
            live++;
            collect = ++madeSinceCollection >= threshold;
        }
        UnsafeApi.putLongVolatile(null, obj + SHARED_COUNT_OFFSET, ObjectHeader.sharedWord(total, MERGED));
        UnsafeApi.putInt(obj + PER_THREAD_INDEX_OFFSET, index);
        // The caller publishes obj afterwards (a release store into a container, a thread start):
        // that publication orders these header stores before any other thread's count operation.
        UnsafeApi.putIntRelease(null, obj + OWNER_ID_OFFSET, PER_THREAD_OWNER);
        if (collect) {
            runtime.gate().request();
        }
    }

    private int takeIndex() {
        if (freeCount > 0) {
            return freeIndices[--freeCount];
        }
        if (nextIndex == objects.length) {
            objects = Arrays.copyOf(objects, objects.length * 2);
        }
        return nextIndex++;
    }

    /** Sets the automatic collection threshold (objects made between two collections). */
    void setThreshold(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("collection threshold must be >= 1, got " + n);
        }
        threshold = n;
    }

    /**
     * Slow path of a per-thread count: the slot array is too short (grow it; only the owner writes
     * its array) or the state is offline (an error: it would count behind a collector's back).
     */
    void countSlow(ThreadState ts, long obj, int index, int delta) {
        if (ts.status() != StopTheWorld.ONLINE) {
            String what = "count operation on a per-thread counted object (index " + index + ") by thread state "
                + ts.id() + " while it is offline (call online() first)";
            throw obj == 0 ? new RefcountException(what) : runtime.error(what, obj);
        }
        if (index < 0) {
            String what = "per-thread counted object with a negative index " + index;
            throw obj == 0 ? new RefcountException(what) : runtime.error(what, obj);
        }
        int[] grown = Arrays.copyOf(ts.slots, Math.max(64, Integer.highestOneBit(index) << 1));
        ts.slots = grown;
        ts.activeSlots = grown;
        grown[index] += delta;
    }

    /** Detach: folds the state's own slots into the shared words (atomic adds; the state is online). */
    void foldOnDetach(ThreadState ts) {
        int[] c = ts.slots;
        for (int i = 0; i < c.length; i++) {
            if (c[i] != 0) {
                long obj;
                synchronized (this) {
                    obj = objects[i];
                    foldedOnDetach.set(i);
                }
                if (obj == 0) {
                    throw new IllegalStateException("detaching thread state " + ts.id() + " counted " + c[i]
                        + " on free per-thread index " + i + " (count on a freed object)");
                }
                UnsafeApi.getAndAddLong(null, obj + SHARED_COUNT_OFFSET, c[i] * SHARED_ONE);
                c[i] = 0;
            }
        }
    }

    /** The collection: runs with the world stopped ({@link StopTheWorld.CollectorStep}). Returns the number freed. */
    int collectStopped(ThreadState collector, List<ThreadState> stopped) {
        synchronized (this) {
            BitSet touched = (BitSet) foldedOnDetach.clone();
            foldedOnDetach.clear();
            for (ThreadState t : stopped) {
                fold(t, touched);
            }
            fold(collector, touched);
            int freedNow = 0;
            BitSet dying = new BitSet();
            while (!touched.isEmpty()) {
                dying.clear();
                for (int i = touched.nextSetBit(0); i >= 0; i = touched.nextSetBit(i + 1)) {
                    if (objects[i] == 0) {
                        continue; // folded on detach, then already freed by an earlier round
                    }
                    long total = ObjectHeader.sharedCount(UnsafeApi.getLongVolatile(null, objects[i] + SHARED_COUNT_OFFSET));
                    if (total == 0) {
                        dying.set(i);
                    } else if (total < 0) {
                        throw runtime.error("decref below zero (per-thread total " + total + " at a collection)", objects[i]);
                    }
                }
                touched.clear();
                for (int i = dying.nextSetBit(0); i >= 0; i = dying.nextSetBit(i + 1)) {
                    long obj = objects[i];
                    objects[i] = 0;
                    // Header back to an ordinary dead object; Deallocation writes FREED_OWNER and poisons it.
                    UnsafeApi.putInt(obj + PER_THREAD_INDEX_OFFSET, 0);
                    runtime.deallocation().destroyIteratively(collector, obj);
                    releaseIndex(i);
                    freedNow++;
                }
                fold(collector, touched); // children the frees decremented in the collector's own slots
            }
            madeSinceCollection = 0;
            collections++;
            freed += freedNow;
            return freedNow;
        }
    }

    /** Adds {@code t}'s slots to the shared words and zeroes them (world stopped: plain slot access). */
    private void fold(ThreadState t, BitSet touched) {
        int[] c = t.slots;
        for (int i = 0; i < c.length; i++) {
            int d = c[i];
            if (d != 0) {
                long obj = objects[i];
                if (obj == 0) {
                    throw new IllegalStateException("thread state " + t.id() + " counted " + d
                        + " on free per-thread index " + i + " (count on a freed object)");
                }
                UnsafeApi.getAndAddLong(null, obj + SHARED_COUNT_OFFSET, d * SHARED_ONE);
                c[i] = 0;
                touched.set(i);
            }
        }
    }

    private void releaseIndex(int i) {
        if (freeCount == freeIndices.length) {
            freeIndices = Arrays.copyOf(freeIndices, freeIndices.length * 2);
        }
        freeIndices[freeCount++] = i;
        live--;
    }

    /** Per-thread counted objects alive now (racy). */
    int live() {
        return live;
    }

    /** Completed collections (racy). */
    long collections() {
        return collections;
    }

    /** Objects freed by collections (racy). */
    long freed() {
        return freed;
    }

    /**
     * Total (E1) of {@code obj}: exact only with the world quiescent (no count operation in flight).
     */
    long total(long obj) {
        int i = UnsafeApi.getInt(obj + PER_THREAD_INDEX_OFFSET);
        long sum = ObjectHeader.sharedCount(UnsafeApi.getLongVolatile(null, obj + SHARED_COUNT_OFFSET));
        for (ThreadState t : runtime.threads()) {
            int[] c = t.slots;
            if (i < c.length) {
                sum += c[i];
            }
        }
        return sum;
    }

    /** Checks (P1)–(P3) (quiescent); (P4) is checked by {@link #total} in tests after a collection. */
    void assertInvariants() {
        synchronized (this) {
            int used = 0;
            BitSet free = new BitSet();
            for (int k = 0; k < freeCount; k++) {
                free.set(freeIndices[k]);
            }
            for (int i = 0; i < nextIndex; i++) {
                long obj = objects[i];
                if (obj != 0) {
                    used++;
                    if (free.get(i)) {
                        throw new AssertionError("(P1) index " + i + " in use and free");
                    }
                    if (UnsafeApi.getInt(obj + OWNER_ID_OFFSET) != PER_THREAD_OWNER
                        || UnsafeApi.getInt(obj + PER_THREAD_INDEX_OFFSET) != i
                        || ObjectHeader.state(UnsafeApi.getLongVolatile(null, obj + SHARED_COUNT_OFFSET)) != MERGED) {
                        throw new AssertionError("(P1) index " + i + " maps to " + ObjectHeader.describe(obj));
                    }
                } else {
                    if (!free.get(i)) {
                        throw new AssertionError("(P3) index " + i + " neither in use nor free");
                    }
                    for (ThreadState t : runtime.threads()) {
                        if (i < t.slots.length && t.slots[i] != 0) {
                            throw new AssertionError("(P2) free index " + i + " has count " + t.slots[i]
                                + " in thread state " + t.id());
                        }
                    }
                }
            }
            if (used != live || used + freeCount != nextIndex) {
                throw new AssertionError("(P3) live " + live + ", used " + used + ", free " + freeCount
                    + ", next " + nextIndex);
            }
        }
    }
}
