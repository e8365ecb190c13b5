package io.github.freethread.refcount;

import static io.github.freethread.refcount.ObjectHeader.FLAGS_OFFSET;
import static io.github.freethread.refcount.ObjectHeader.FLAG_DEFERRED;
import static io.github.freethread.refcount.ObjectHeader.FLAG_IMMORTAL;
import static io.github.freethread.refcount.ObjectHeader.HEADER_SIZE;
import static io.github.freethread.refcount.ObjectHeader.IMMORTAL_OWNER;
import static io.github.freethread.refcount.ObjectHeader.LOCAL_COUNT_OFFSET;
import static io.github.freethread.refcount.ObjectHeader.LOCK_OFFSET;
import static io.github.freethread.refcount.ObjectHeader.MERGED;
import static io.github.freethread.refcount.ObjectHeader.NO_OWNER;
import static io.github.freethread.refcount.ObjectHeader.OWNER_ID_OFFSET;
import static io.github.freethread.refcount.ObjectHeader.PER_THREAD_OWNER;
import static io.github.freethread.refcount.ObjectHeader.SHARED_COUNT_OFFSET;
import static io.github.freethread.refcount.ObjectHeader.SHARED_ONE;
import static io.github.freethread.refcount.ObjectHeader.SHARED_READ;
import static io.github.freethread.refcount.ObjectHeader.SINGLE_THREAD_OWNER;
import static io.github.freethread.refcount.ObjectHeader.STATE_MASK;
import static io.github.freethread.refcount.ObjectHeader.TYPE_ID_OFFSET;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.agrona.UnsafeApi;

import io.github.freethread.allocator.Allocator;

/**
 * One object runtime (one per VM instance): allocator, type registry, thread-state registry and
 * the counting operations of biased reference counting.
 *
 * <p>Overview. Every object is off-heap with an {@link ObjectHeader}. In BIASED mode the thread
 * that allocates an object owns it: its {@code incref}/{@code decref} are a plain load and store
 * of the local count ({@link #increfOwner}, {@link #decrefOwner}); every other thread counts on
 * the shared word with atomics ({@link SharedCounting}). The one branch at the top of each
 * operation compares the header's owner id with the caller's bias id — the caller passes its
 * {@link ThreadState} explicitly, so no ThreadLocal is read on the hot path. The full protocol,
 * its state diagram and memory-ordering argument are in {@code docs/refcount.md}. Objects that
 * many threads count at once can be switched to per-thread counting ({@link #makePerThreadCounted}:
 * each thread counts in its own slot, frees happen only at a stop-the-world {@link #collect};
 * {@link PerThreadCounting}, {@link StopTheWorld}); that path is a third branch after the owner test.
 *
 * <p>Anchors: Choi, Shull, Torrellas, <i>Biased Reference Counting</i>, PACT 2018; CPython's
 * free-threaded build ({@code Include/object.h}, {@code Objects/object.c}, {@code Python/brc.c}).
 *
 * <table>
 *   <caption>Ownership</caption>
 *   <tr><th>field</th><th>written by</th><th>read by</th><th>mode</th></tr>
 *   <tr><td>registry</td><td>attach / newThreadState / detach (any thread)</td><td>any</td><td>ConcurrentHashMap</td></tr>
 *   <tr><td>listeners</td><td>addThreadListener</td><td>any</td><td>CopyOnWriteArrayList</td></tr>
 *   <tr><td>registry insertions</td><td>newThreadState, under the {@link StopTheWorld} monitor</td><td>collectors' snapshots (same monitor)</td><td>monitor</td></tr>
 *   <tr><td>retiredCounters</td><td>detach (under {@code this})</td><td>counters() (under {@code this})</td><td>monitor</td></tr>
 *   <tr><td>everything else</td><td>constructor</td><td>any</td><td>final</td></tr>
 * </table>
 */
public final class ObjectRuntime implements AutoCloseable {
    private final RuntimeConfig config;
    private final RefcountMode mode;
    private final Allocator allocator;
    private final TypeRegistry types = new TypeRegistry();
    private final SharedCounting shared;
    private final Deallocation deallocation = new Deallocation(this);
    private final DeferredReclamation deferred = new DeferredReclamation(this);
    private final StopTheWorld gate = new StopTheWorld(this);
    private final PerThreadCounting perThread = new PerThreadCounting(this);
    private final ConcurrentHashMap<Integer, ThreadState> registry = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<ThreadListener> listeners = new CopyOnWriteArrayList<>();
    private final ThreadLocal<ThreadState> current = new ThreadLocal<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    private CountersSnapshot retiredCounters = CountersSnapshot.zero();

    private ObjectRuntime(RuntimeConfig config) {
        this.config = config;
        this.mode = config.mode();
        this.allocator = Allocator.create(config.effectiveAllocator());
        this.shared = new SharedCounting(this, config.checked());
    }

    /** Creates a runtime with its own allocator. */
    public static ObjectRuntime create(RuntimeConfig config) {
        return new ObjectRuntime(Objects.requireNonNull(config, "config"));
    }

    /** The allocator every object of this runtime lives in. */
    public Allocator allocator() {
        return allocator;
    }

    /** The counting mode. */
    public RefcountMode mode() {
        return mode;
    }

    /** The configuration. */
    public RuntimeConfig config() {
        return config;
    }

    /** The per-runtime type registry. */
    public TypeRegistry types() {
        return types;
    }

    // ------------------------------------------------------------------ thread states

    /** The calling thread's state, created and registered on first call (idempotent). */
    public ThreadState attach() {
        ThreadState ts = current.get();
        if (ts != null && !ts.isDetached()) {
            return ts;
        }
        ts = newThreadState();
        bind(ts);
        ts.online();
        return ts;
    }

    /**
     * Registers a thread state that is not bound to the calling thread. The caller hands it to one
     * thread at a time (with a happens-before edge at each hand-over); that thread passes it to
     * every count operation, or {@link #bind}s it. For harnesses whose threads are not known in
     * advance (jcstress actors, pools); {@link #attach()} is the usual way.
     */
    public ThreadState newThreadState() {
        int id = nextId.getAndIncrement();
        if (id <= 0) {
            throw new IllegalStateException("thread ids exhausted (2^31 attaches)");
        }
        int bias = switch (mode) {
            case BIASED, ATOMIC -> id;
            case NONATOMIC -> SINGLE_THREAD_OWNER;
        };
        ThreadState ts = new ThreadState(this, id, bias, deferred.currentEpoch());
        gate.register(ts, () -> registry.put(id, ts)); // born OFFLINE, or BARRED during a collection
        for (ThreadListener l : listeners) {
            l.onAttach(ts);
        }
        return ts;
    }

    /** Makes {@code ts} the calling thread's state for {@link #current()} and {@link #detach()}. */
    public void bind(ThreadState ts) {
        requireOwn(ts);
        if (ts.isDetached()) {
            throw new IllegalStateException("cannot bind detached thread state " + ts.id());
        }
        current.set(ts);
        ts.bind(Thread.currentThread());
    }

    /** The calling thread's state; {@link IllegalStateException} if it has none. */
    public ThreadState current() {
        ThreadState ts = current.get();
        if (ts == null || ts.isDetached()) {
            throw new IllegalStateException("thread " + Thread.currentThread().getName() + " is not attached to this runtime");
        }
        return ts;
    }

    /** Detaches the calling thread's state (thread exit); no-op if it has none. */
    public void detach() {
        ThreadState ts = current.get();
        current.remove();
        if (ts != null && !ts.isDetached()) {
            detach(ts);
        }
    }

    /**
     * Detaches {@code ts} (its thread exits; the caller is the thread using it). In order:
     * merge the queue as owner; close the queue (later queuers merge on the spot); give up the
     * bias id so this state never takes the owner path again; drain what was queued in between;
     * run the listeners' onDetach; fold the per-thread counts and leave the stop-the-world gate
     * (online meanwhile, so no collection runs concurrently); unregister; close the heap (its
     * blocks stay valid and are freed by whoever drops them).
     */
    public void detach(ThreadState ts) {
        requireOwn(ts);
        if (ts.isDetached()) {
            return;
        }
        ts.online(); // waits out a collection: the folds below must not race with one
        drainMergeQueue(ts);
        ts.mergeQueue.close();
        ts.biasId = ObjectHeader.DETACHED_BIAS; // from here on, merges by anyone are of a dead owner
        drainMergeQueue(ts);
        for (ThreadListener l : listeners) {
            l.onDetach(ts);
        }
        perThread.foldOnDetach(ts);
        gate.gone(ts);
        ts.markDetached();
        registry.remove(ts.id());
        synchronized (this) {
            retiredCounters = retiredCounters.plus(ts.countersSnapshot());
        }
        ts.closeHeapOnExit();
        if (current.get() == ts) {
            current.remove();
        }
    }

    /** Live (registered, not detached) thread states. */
    public Iterable<ThreadState> threads() {
        return registry.values();
    }

    /** Adds a listener; it sees states attached from now on (call before threads attach). */
    public void addThreadListener(ThreadListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    ThreadState registeredState(int id) {
        return registry.get(id);
    }

    void safePoint(ThreadState ts) {
        drainMergeQueue(ts);
        deferred.observe(ts);
        for (ThreadListener l : listeners) {
            l.onSafePoint(ts);
        }
        if (gate.pending()) { // one volatile load; a collection is requested or running
            gate.atSafePoint(ts, perThread::collectStopped);
        }
    }

    private void drainMergeQueue(ThreadState ts) {
        long obj;
        while ((obj = ts.mergeQueue.poll()) != 0) {
            shared.mergeQueued(ts, obj);
        }
    }

    private void requireOwn(ThreadState ts) {
        if (Objects.requireNonNull(ts, "thread state").runtime != this) {
            throw new IllegalArgumentException("thread state " + ts.id() + " belongs to another runtime");
        }
    }

    // ------------------------------------------------------------------ objects

    /**
     * Allocates header + payload from {@code ts}'s heap. The new object has one reference, held
     * by the caller: in BIASED and NONATOMIC mode owned by {@code ts} (local count 1), in ATOMIC
     * mode merged (shared count 1). The payload is not initialised. The header is written with
     * plain stores: publish the object to other threads with a release (or any happens-before).
     */
    public long allocate(ThreadState ts, int typeId, long payloadBytes) {
        if (payloadBytes < 0) {
            throw new IllegalArgumentException("negative payload size " + payloadBytes);
        }
        types.get(typeId); // validates
        long obj = ts.heap().malloc(HEADER_SIZE + payloadBytes);
        UnsafeApi.putLong(obj + LOCK_OFFSET, 0);
        if (mode == RefcountMode.ATOMIC) {
            UnsafeApi.putInt(obj + OWNER_ID_OFFSET, NO_OWNER);
            UnsafeApi.putInt(obj + LOCAL_COUNT_OFFSET, 0);
            UnsafeApi.putLong(obj + SHARED_COUNT_OFFSET, SHARED_ONE | MERGED);
        } else {
            UnsafeApi.putInt(obj + OWNER_ID_OFFSET, ts.biasId);
            UnsafeApi.putInt(obj + LOCAL_COUNT_OFFSET, 1);
            UnsafeApi.putLong(obj + SHARED_COUNT_OFFSET, 0);
        }
        UnsafeApi.putInt(obj + TYPE_ID_OFFSET, typeId);
        UnsafeApi.putInt(obj + FLAGS_OFFSET, 0);
        return obj;
    }

    /**
     * Adds a reference. Owner: a plain increment of the local count; anyone else: atomic on the
     * shared count. Counted once in {@code countOps}, after both paths join (see {@link #decref}).
     */
    public void incref(ThreadState ts, long obj) {
        int owner = UnsafeApi.getInt(obj + OWNER_ID_OFFSET);
        if (owner == ts.biasId) {
            increfOwner(obj);
        } else if (owner == PER_THREAD_OWNER) {
            ts.increfPerThread(obj);
        } else {
            shared.incref(ts, obj, owner);
        }
        ts.countOps++;
    }

    /**
     * Drops a reference; the last one deallocates (once, iteratively).
     *
     * <p>Counting: every count operation bumps {@code countOps} once, the shared path also
     * bumps {@code sharedOps}, and owner operations are derived ({@code countOps - sharedOps},
     * exact). {@link #incref} bumps at its end and decref at its start, so an incref followed by a
     * decref has no deoptimisation point between the two bumps and the JIT folds them into one
     * counter store; the owner path itself writes nothing but the local count
     * (docs/refcount.md, "Counters").
     */
    public void decref(ThreadState ts, long obj) {
        ts.countOps++;
        int owner = UnsafeApi.getInt(obj + OWNER_ID_OFFSET);
        if (owner == ts.biasId) {
            decrefOwner(ts, obj);
        } else if (owner == PER_THREAD_OWNER) {
            ts.decrefPerThread(obj);
        } else {
            shared.decref(ts, obj, owner);
        }
    }

    /** Owner path: a plain load and a plain store of the local count (one {@code inc} on x86); no fence. */
    private static void increfOwner(long obj) {
        long local = obj + LOCAL_COUNT_OFFSET;
        UnsafeApi.putInt(local, UnsafeApi.getInt(local) + 1);
    }

    /** Owner path: plain decrement; reaching zero merges (the only non-plain step). */
    private void decrefOwner(ThreadState ts, long obj) {
        long local = obj + LOCAL_COUNT_OFFSET;
        int n = UnsafeApi.getInt(local) - 1;
        UnsafeApi.putInt(local, n);
        if (n == 0) {
            shared.mergeZeroLocal(ts, obj);
        }
    }

    /**
     * Adds a reference only if the object is alive; never resurrects. The owner always succeeds
     * (it holds a local reference, else the object would be merged); a non-owner succeeds unless
     * the shared word is 0 (possibly dying on its owner without a CAS: see {@link #markSharedRead})
     * or MERGED with count 0 (dead or retired). A failure is conservative: retry under a lock.
     */
    public boolean tryIncref(ThreadState ts, long obj) {
        int owner = UnsafeApi.getInt(obj + OWNER_ID_OFFSET);
        if (owner == ts.biasId) {
            increfOwner(obj);
            ts.countOps++;
            return true;
        }
        if (owner == PER_THREAD_OWNER) {
            // Never fails: a per-thread counted object is freed only at a stop-the-world collection,
            // and none completes while this thread is between two safe points (PerThreadCounting).
            ts.increfPerThread(obj);
            ts.countOps++;
            return true;
        }
        return shared.tryIncref(ts, obj, owner);
    }

    /**
     * The lock-free reader's primitive (CPython's {@code _Py_TryIncrefCompare}): adds a reference
     * to {@code expected} only if it is alive and {@code slotAddress} still holds it after the
     * increment; otherwise undoes the increment and fails. The volatile re-read after the
     * increment pairs with the writer's slot store, which precedes its decrement of the old value:
     * if the slot still holds {@code expected}, the slot's own reference was live when we counted.
     */
    public boolean tryIncrefCompare(ThreadState ts, long slotAddress, long expected) {
        return tryIncrefCompare(ts, slotAddress, expected, expected);
    }

    /**
     * {@link #tryIncrefCompare(ThreadState, long, long)} for a slot that stores {@code obj} as
     * {@code slotWord} (the address with tag bits of the container's own in its low bits, which
     * object alignment leaves free): counts {@code obj}, then confirms by re-reading the slot
     * against the whole {@code slotWord}.
     */
    public boolean tryIncrefCompare(ThreadState ts, long slotAddress, long obj, long slotWord) {
        if (obj == 0 || !tryIncref(ts, obj)) {
            return false;
        }
        if (UnsafeApi.getLongVolatile(null, slotAddress) != slotWord) {
            decref(ts, obj);
            return false;
        }
        return true;
    }

    /**
     * Lets lock-free readers {@link #tryIncref} this object even while its shared count is zero
     * (CPython's {@code _PyObject_SetMaybeWeakref}): BIASED becomes SHARED_READ, and the owner's
     * final decrement then merges with a CAS instead of freeing directly. Any thread holding a
     * reference may call it; a no-op on other states.
     */
    public void markSharedRead(long obj) {
        long a = obj + SHARED_COUNT_OFFSET;
        long s = UnsafeApi.getLongVolatile(null, a);
        while ((s & STATE_MASK) == ObjectHeader.BIASED) {
            long w = UnsafeApi.compareAndExchangeLong(null, a, s, s | SHARED_READ);
            if (w == s) {
                return;
            }
            s = w;
        }
    }

    /**
     * Makes {@code obj} immortal: never counted, never freed (None, True, small ints, interned
     * constants). Call before publishing it to other threads; its memory is never returned.
     */
    public void makeImmortal(long obj) {
        if (UnsafeApi.getInt(obj + OWNER_ID_OFFSET) == PER_THREAD_OWNER) {
            throw error("makeImmortal of a per-thread counted object", obj);
        }
        UnsafeApi.getAndBitwiseOrInt(null, obj + FLAGS_OFFSET, FLAG_IMMORTAL);
        UnsafeApi.putIntVolatile(null, obj + OWNER_ID_OFFSET, IMMORTAL_OWNER);
    }

    /**
     * Switches {@code obj} to deferred counting (functions, code, modules: long-lived, used by
     * many threads). The caller holds a reference and is its owner (or it is already merged). The
     * object is merged now, and from then on its count holds only owning references; short uses
     * go through {@link #acquireUse}. When the count reaches zero it is retired, and freed by
     * {@link #reclaimDeferred} after every thread passed a safe point. See docs/refcount.md.
     */
    public void makeDeferred(ThreadState ts, long obj) {
        int owner = UnsafeApi.getInt(obj + OWNER_ID_OFFSET);
        if (owner == IMMORTAL_OWNER) {
            return;
        }
        if (owner == PER_THREAD_OWNER) {
            throw error("makeDeferred of a per-thread counted object", obj);
        }
        long s = UnsafeApi.getLongVolatile(null, obj + SHARED_COUNT_OFFSET);
        if (owner != ts.biasId && (s & STATE_MASK) != MERGED) {
            throw error("makeDeferred by a thread that is neither the owner (" + owner + ") nor holding a merged object", obj);
        }
        UnsafeApi.getAndBitwiseOrInt(null, obj + FLAGS_OFFSET, FLAG_DEFERRED); // before the merge CAS: ordered by it
        if ((s & STATE_MASK) != MERGED) {
            long total = shared.merge(obj, 0);
            ts.merges++;
            if (total <= 0) {
                throw error("makeDeferred of an object without references (total " + total + ")", obj);
            }
        }
    }

    /**
     * A short use of {@code obj} (a load to call or read it): for a deferred object nothing is
     * counted and the use is valid until this thread's next {@link ThreadState#poll()} — returns
     * false; for any other object a reference is added — returns true. Pass the result to
     * {@link #releaseUse}. Keeping a deferred object past a safe point needs {@link #tryIncref}
     * (a counted, owning reference).
     */
    public boolean acquireUse(ThreadState ts, long obj) {
        if ((UnsafeApi.getInt(obj + FLAGS_OFFSET) & FLAG_DEFERRED) != 0) {
            return false;
        }
        incref(ts, obj);
        return true;
    }

    /** Ends a use begun by {@link #acquireUse}; {@code counted} is what it returned. */
    public void releaseUse(ThreadState ts, long obj, boolean counted) {
        if (counted) {
            decref(ts, obj);
        }
    }

    /**
     * The explicit reclamation step of deferred counting: frees every retired deferred object
     * whose grace period has passed (every registered thread state passed a safe point after it
     * was retired). Counts as a safe point of {@code ts}. Returns the number freed.
     */
    public int reclaimDeferred(ThreadState ts) {
        requireOwn(ts);
        return deferred.reclaim(ts);
    }

    /** Retired deferred objects waiting for their grace period (racy). */
    public int pendingDeferred() {
        return deferred.pending();
    }

    // ------------------------------------------------------------------ per-thread counting

    /**
     * Switches {@code obj} to per-thread counting ({@link PerThreadCounting}): every thread then
     * counts it in its own slot with plain arithmetic, and it is freed only by a stop-the-world
     * {@link #collect}. For objects that many threads count at once (values of a shared dict or
     * list). Call before publishing it: the caller is online and owns it privately (in ATOMIC mode:
     * it is merged and unpublished). Counts toward the automatic collection threshold.
     */
    public void makePerThreadCounted(ThreadState ts, long obj) {
        requireOwn(ts);
        perThread.make(ts, obj);
    }

    /**
     * The per-thread index of {@code obj} (its slot in every thread's count array), or -1 if it is
     * not per-thread counted. Fixed from {@link #makePerThreadCounted} until the object is freed.
     * The caller holds a reference.
     */
    public int perThreadIndex(long obj) {
        return UnsafeApi.getInt(obj + OWNER_ID_OFFSET) == PER_THREAD_OWNER
            ? UnsafeApi.getInt(obj + ObjectHeader.PER_THREAD_INDEX_OFFSET) : -1;
    }

    /**
     * A reference to the per-thread counted object with index {@code index} ({@link #perThreadIndex}),
     * counted in {@code ts}'s own slot: a lock-free reader that keeps the index beside the
     * address (a container's slot word) counts without reading the header. Sound only if the
     * caller loaded the index, since its last safe point, from a place that held a counted
     * reference to the object at the time: the object is then not freed, and its index not
     * recycled, before the next stop-the-world collection, which waits for this thread's next
     * safe point.
     */
    public void increfPerThreadIndex(ThreadState ts, int index) {
        ts.increfIndex(index);
        ts.countOps++;
    }

    /** True if {@code obj} is counted per thread. */
    public boolean isPerThreadCounted(long obj) {
        return UnsafeApi.getInt(obj + OWNER_ID_OFFSET) == PER_THREAD_OWNER;
    }

    /**
     * A stop-the-world collection of per-thread counted objects, run by {@code ts} (online, at a
     * safe point: holding no uncounted pointer and no critical section). Waits until every other
     * online state parks at a safe point and bars offline ones from going online; folds every
     * state's counts, frees the objects whose total is zero (cascading), restarts the world.
     * Returns the number freed. {@link IllegalStateException} if an online state does not reach a
     * safe point within 10 s (the world is restarted unchanged).
     */
    public int collect(ThreadState ts) {
        requireOwn(ts);
        return gate.collect(ts, perThread::collectStopped);
    }

    /** Collect automatically at the next safe point once {@code n} per-thread counted objects were made since the last collection. */
    public void setCollectionThreshold(int n) {
        perThread.setThreshold(n);
    }

    /** Per-thread counted objects alive (racy). */
    public int perThreadCountedLive() {
        return perThread.live();
    }

    /** Completed collections (racy). */
    public long perThreadCollections() {
        return perThread.collections();
    }

    StopTheWorld gate() {
        return gate;
    }

    PerThreadCounting perThread() {
        return perThread;
    }

    /**
     * Moves the bias of a new, unpublished object from {@code from} to {@code to} (a thread that
     * builds objects for another, e.g. thread-start arguments). Only legal while {@code from}
     * holds every reference (BIASED, shared word 0); otherwise {@link IllegalStateException}.
     */
    public void transferUnpublished(ThreadState from, long obj, ThreadState to) {
        requireOwn(to);
        if (UnsafeApi.getInt(obj + OWNER_ID_OFFSET) != from.biasId
            || UnsafeApi.getLongVolatile(null, obj + SHARED_COUNT_OFFSET) != 0) {
            throw error("transferUnpublished of an object not privately owned by thread state " + from.id(), obj);
        }
        UnsafeApi.putInt(obj + OWNER_ID_OFFSET, to.biasId);
    }

    // ------------------------------------------------------------------ diagnostics

    /**
     * Total references (local + shared count, the queue's reference included) — exact only when
     * no other thread counts on the object concurrently; for tests and debugging.
     */
    public long refcount(long obj) {
        if (UnsafeApi.getInt(obj + OWNER_ID_OFFSET) == PER_THREAD_OWNER) {
            return perThread.total(obj);
        }
        long s = UnsafeApi.getLongVolatile(null, obj + SHARED_COUNT_OFFSET);
        return UnsafeApi.getInt(obj + LOCAL_COUNT_OFFSET) + ObjectHeader.sharedCount(s);
    }

    /** Counters of every live thread state plus all detached ones. */
    public CountersSnapshot counters() {
        CountersSnapshot sum;
        synchronized (this) {
            sum = retiredCounters;
        }
        for (ThreadState ts : registry.values()) {
            sum = sum.plus(ts.countersSnapshot());
        }
        return sum;
    }

    /**
     * Checks the header equations of docs/refcount.md on a quiescent object (no concurrent count
     * operation); throws {@link AssertionError} naming the broken equation.
     */
    public void assertInvariants(long obj) {
        HeaderInvariants.check(this, obj);
    }

    /** Checks runtime-level invariants (quiescent): registry consistent, work lists empty. */
    public void assertInvariants() {
        for (var e : registry.entrySet()) {
            ThreadState ts = e.getValue();
            // (R1) the registry maps a state's id to itself, and holds no detached state
            if (e.getKey() != ts.id() || ts.isDetached()) {
                throw new AssertionError("(R1) registry entry " + e.getKey() + " -> " + ts);
            }
            // (R2) outside a deallocation, the work list is empty
            if (ts.deallocating || ts.pendingSize != 0) {
                throw new AssertionError("(R2) deallocation work list not empty: " + ts);
            }
            // (R3) with no collection running, a registered state is ONLINE or OFFLINE
            int st = ts.status();
            if (st != StopTheWorld.ONLINE && st != StopTheWorld.OFFLINE) {
                throw new AssertionError("(R3) thread state " + ts.id() + " has stop-the-world status " + st);
            }
        }
        perThread.assertInvariants();
    }

    RefcountException error(String what, long obj) {
        int typeId = UnsafeApi.getInt(obj + TYPE_ID_OFFSET);
        boolean poisoned = (typeId & ObjectHeader.TYPE_FREED_BIT) != 0;
        return new RefcountException(what + ": object 0x" + Long.toHexString(obj) + " of type '"
            + types.nameOf(typeId) + "'" + (poisoned ? " (freed)" : "") + " — " + ObjectHeader.describe(obj));
    }

    Deallocation deallocation() {
        return deallocation;
    }

    DeferredReclamation deferred() {
        return deferred;
    }

    /** Detaches every remaining state and closes the allocator (quiescent: no thread may still count). */
    @Override
    public void close() {
        for (ThreadState ts : registry.values()) {
            detach(ts);
        }
        allocator.close();
    }

    @Override
    public String toString() {
        return "ObjectRuntime{" + mode + (config.checked() ? ", checked" : "") + ", threads=" + registry.size()
            + ", " + counters() + "}";
    }
}
