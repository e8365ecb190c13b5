package io.github.freethread.refcount;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.function.LongConsumer;

import io.github.freethread.allocator.Heap;

/**
 * The per-thread record of an {@link ObjectRuntime}: bias id, heap, merge queue, deallocation
 * work list, counters, deferred-reclamation epoch and extension slots for the layers above.
 * Passed explicitly to every count operation, so the owner test needs no ThreadLocal.
 *
 * <p>A thread state is used by one thread at a time. {@link ObjectRuntime#attach()} binds one to
 * the calling thread; {@link ObjectRuntime#newThreadState()} registers one that the caller hands
 * to a thread itself (jcstress actors, thread pools); handing it over needs a happens-before edge
 * (a thread start, a volatile publication, jcstress' own state publication).
 *
 * <table>
 *   <caption>Ownership</caption>
 *   <tr><th>field</th><th>written by</th><th>read by</th><th>mode</th></tr>
 *   <tr><td>biasId</td><td>using thread (attach, detach)</td><td>using thread</td><td>plain</td></tr>
 *   <tr><td>heap</td><td>using thread (lazily)</td><td>using thread</td><td>plain</td></tr>
 *   <tr><td>mergeQueue</td><td>see {@link MergeQueue}</td><td></td><td></td></tr>
 *   <tr><td>pending, pendingSize, deallocating</td><td>using thread</td><td>using thread</td><td>plain</td></tr>
 *   <tr><td>counter fields</td><td>using thread (plain ++)</td><td>any thread ({@link ObjectRuntime#counters()})</td>
 *       <td>plain: a snapshot may be slightly stale (never torn on 64-bit HotSpot); benign, statistics only</td></tr>
 *   <tr><td>observedEpoch</td><td>using thread at poll (release)</td><td>reclaimers (acquire)</td><td>see {@link DeferredReclamation}</td></tr>
 *   <tr><td>extensions[]</td><td>using thread or a listener on it (release)</td><td>any thread (acquire)</td><td>VarHandle</td></tr>
 *   <tr><td>detached</td><td>detaching thread (volatile)</td><td>any</td><td>volatile</td></tr>
 *   <tr><td>slots</td><td>using thread (plain ++/--, growth) while online; a collector (plain, zeroing) while
 *       this state is PARKED or BARRED</td><td>the same</td><td>plain; the hand-overs are the status word's
 *       volatile stores and CASes and the gate's generation (see {@link StopTheWorld})</td></tr>
 *   <tr><td>activeSlots</td><td>using thread (online/offline)</td><td>using thread</td><td>plain</td></tr>
 *   <tr><td>status</td><td>see {@link StopTheWorld}'s transition table</td><td>any</td><td>VarHandle, volatile/CAS</td></tr>
 * </table>
 */
public final class ThreadState {
    /** Number of extension slots (QSBR record, critical-section stack, VM frame, ...). */
    public static final int EXTENSION_SLOTS = 8;

    private static final VarHandle EXTENSIONS = MethodHandles.arrayElementVarHandle(Object[].class);
    static final VarHandle OBSERVED_EPOCH;
    static final VarHandle STATUS;
    /** Slot array of a state with no per-thread counts yet, and the active array while offline. */
    static final int[] NO_SLOTS = new int[0];

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            OBSERVED_EPOCH = lookup.findVarHandle(ThreadState.class, "observedEpoch", long.class);
            STATUS = lookup.findVarHandle(ThreadState.class, "status", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final ObjectRuntime runtime;
    private final int id;
    /** The value compared with a header's owner id: {@code id} in BIASED mode, a sentinel otherwise. */
    int biasId;
    private Heap heap;
    private Thread heapThread;
    final MergeQueue mergeQueue = new MergeQueue();
    final LongConsumer childReleaser;

    long[] pending = new long[16];
    int pendingSize;
    boolean deallocating;

    /** Count operations that completed, owner and shared path (owner ops = countOps - sharedOps). */
    long countOps;
    /** Count operations on the shared (atomic) path. */
    long sharedOps;
    long merges;
    long queuePushes;
    long spotMerges;
    long deallocations;
    long deferredRetired;
    long tryIncrefFailures;

    @SuppressWarnings("unused") // accessed through OBSERVED_EPOCH
    private volatile long observedEpoch;
    private final Object[] extensions = new Object[EXTENSION_SLOTS];
    private volatile boolean detached;
    private volatile Thread boundThread;

    /** Per-thread counts of per-thread counted objects, by index ({@link PerThreadCounting}). */
    int[] slots = NO_SLOTS;
    /** {@link #slots} while online; {@link #NO_SLOTS} while offline, so a count by an offline state takes the checked slow path. */
    int[] activeSlots = NO_SLOTS;
    /** {@link StopTheWorld} status (OFFLINE, ONLINE, PARKED, BARRED, GONE); accessed through {@link #STATUS}. */
    @SuppressWarnings("unused")
    private volatile int status;

    ThreadState(ObjectRuntime runtime, int id, int biasId, long epoch) {
        this.runtime = runtime;
        this.id = id;
        this.biasId = biasId;
        this.observedEpoch = epoch;
        this.childReleaser = child -> runtime.decref(this, child);
    }

    /** Unique id of this state within its runtime (1, 2, 3, ...; never reused, so a dead owner's id never matches a live thread). */
    public int id() {
        return id;
    }

    /**
     * The allocator heap this state allocates from: the calling thread's own heap
     * ({@code allocator.heap()}), cached. The allocator lets only a heap's owner thread malloc, so
     * a state handed between threads (see {@link ObjectRuntime#newThreadState()}) allocates from
     * whichever thread uses it now; frees go to the same per-thread heap, so the allocator's
     * owner-local free path is taken whenever the object was allocated by the freeing thread.
     */
    public Heap heap() {
        Heap h = heap;
        if (h == null || heapThread != Thread.currentThread() || h.isClosed()) {
            if (detached) {
                throw new IllegalStateException("thread state " + id + " is detached: no heap");
            }
            h = runtime.allocator().heap();
            heap = h;
            heapThread = Thread.currentThread();
        }
        return h;
    }

    /**
     * Thread exit: closes the calling thread's heap (the allocator abandons its segments to other
     * heaps; its blocks stay valid) — only for a state bound by attach, on its own thread.
     */
    void closeHeapOnExit() {
        Heap h = heap;
        heap = null;
        if (h != null && heapThread == Thread.currentThread() && boundThread == Thread.currentThread()) {
            h.close();
        }
    }

    /**
     * Safe point: merges every object other threads queued to this state (may deallocate),
     * records that this thread holds no uncounted use of a deferred object, then runs the
     * listeners' {@code onSafePoint} (QSBR's quiescent state).
     */
    public void poll() {
        runtime.safePoint(this);
    }

    /**
     * Marks this state as running: from now on a stop-the-world collection waits for it to reach
     * a safe point ({@link #poll()}). Waits while a collection is in progress. The state's thread
     * calls it before it counts per-thread counted objects ({@link ObjectRuntime#attach()} does).
     */
    public void online() {
        runtime.gate().online(this);
    }

    /**
     * Marks this state as idle or about to block (no count operation until {@link #online()}): a
     * stop-the-world collection then runs without waiting for it. It must hold no uncounted
     * pointer to a per-thread counted object across the offline stretch (as for QSBR).
     */
    public void offline() {
        runtime.gate().offline(this);
    }

    /** True while online (including parked at a safe point for a collection). */
    public boolean isOnline() {
        int s = status();
        return s == StopTheWorld.ONLINE || s == StopTheWorld.PARKED;
    }

    int status() {
        return (int) STATUS.getVolatile(this);
    }

    /** Per-thread increment: a plain add to this thread's own slot (owner-only memory, no fence). */
    void increfPerThread(long obj) {
        int i = org.agrona.UnsafeApi.getInt(obj + ObjectHeader.PER_THREAD_INDEX_OFFSET);
        int[] c = activeSlots;
        if (i < c.length) {
            c[i]++;
        } else {
            runtime.perThread().countSlow(this, obj, i, 1);
        }
    }

    /** Per-thread increment by index (the index kept in a container's slot word). */
    void increfIndex(int i) {
        int[] c = activeSlots;
        if (i < c.length) {
            c[i]++;
        } else {
            runtime.perThread().countSlow(this, 0, i, 1);
        }
    }

    /** Per-thread decrement: a plain subtract; never frees (only a collection frees). */
    void decrefPerThread(long obj) {
        int i = org.agrona.UnsafeApi.getInt(obj + ObjectHeader.PER_THREAD_INDEX_OFFSET);
        int[] c = activeSlots;
        if (i < c.length) {
            c[i]--;
        } else {
            runtime.perThread().countSlow(this, obj, i, -1);
        }
    }

    /** The extension in {@code slot}, or null. */
    public Object extension(int slot) {
        return EXTENSIONS.getAcquire(extensions, checkSlot(slot)); // acquire: pairs with setRelease in setExtension
    }

    /** Sets the extension in {@code slot} (by the thread using this state, typically in onAttach). */
    public void setExtension(int slot, Object value) {
        EXTENSIONS.setRelease(extensions, checkSlot(slot), value); // release: pairs with getAcquire in extension
    }

    private static int checkSlot(int slot) {
        if (slot < 0 || slot >= EXTENSION_SLOTS) {
            throw new IndexOutOfBoundsException("extension slot " + slot + " outside 0.." + (EXTENSION_SLOTS - 1));
        }
        return slot;
    }

    /** True once detached. */
    public boolean isDetached() {
        return detached;
    }

    /** The thread this state was last bound to by attach/bind, or null. */
    public Thread boundThread() {
        return boundThread;
    }

    void bind(Thread t) {
        boundThread = t;
    }

    void markDetached() {
        biasId = ObjectHeader.DETACHED_BIAS;
        detached = true;
    }

    long observedEpoch() {
        return (long) OBSERVED_EPOCH.getAcquire(this); // acquire: pairs with setRelease in observe
    }

    void observe(long epoch) {
        OBSERVED_EPOCH.setRelease(this, epoch); // release: pairs with getAcquire in DeferredReclamation.safeEpoch
    }

    /** Deallocation work list: push (the list grows; never recursion). */
    void pushPending(long obj) {
        if (pendingSize == pending.length) {
            pending = Arrays.copyOf(pending, pending.length * 2);
        }
        pending[pendingSize++] = obj;
    }

    long popPending() {
        return pendingSize == 0 ? 0 : pending[--pendingSize];
    }

    /** This state's counters (racy snapshot when read from another thread than the one using the state). */
    public CountersSnapshot counters() {
        return countersSnapshot();
    }

    CountersSnapshot countersSnapshot() {
        // Plain fields written by the using thread; read racily (benign: statistics only).
        // Owner operations are derived: countOps - sharedOps (exact when read by the using thread
        // or a quiescent state; see ObjectRuntime.decref). sharedOps is read first: from another
        // thread, a later countOps only adds operations, so the racy difference stays >= 0 in practice.
        long shared = sharedOps;
        long count = countOps;
        return new CountersSnapshot(1, count - shared, shared, merges, queuePushes, spotMerges,
            deallocations, deferredRetired, tryIncrefFailures);
    }

    @Override
    public String toString() {
        return "ThreadState{id=" + id + (detached ? ", detached" : "") + ", queued=" + mergeQueue.size()
            + ", " + countersSnapshot() + "}";
    }
}
