package io.github.freethread.vm.runtime;

import static io.github.freethread.vm.runtime.Layouts.*;

import java.math.BigInteger;
import java.util.Arrays;

import org.agrona.UnsafeApi;

import io.github.freethread.collections.CollectionsRuntime;
import io.github.freethread.collections.ThreadContext;
import io.github.freethread.refcount.ObjectHeader;
import io.github.freethread.refcount.ObjectRuntime;
import io.github.freethread.refcount.ThreadState;

/**
 * The interpreter's state for one Python thread: its refcount {@link ThreadState} (heap, bias id,
 * merge queue), its data stack (frames' locals and value stacks), its private quickened copies of
 * code (PEP 659 specialisation is per thread, so no cache unit is ever shared), the exception
 * being handled, the call depth, and specialisation counters. Nothing here is global: a second
 * Python thread gets a second VmThread over the same {@link Vm}.
 *
 * <p>Ownership: every field is written and read only by the thread this state belongs to
 * (plain access), except the counters, which {@code --stats} reads racily after the run
 * (benign: statistics), and {@link #pollCountdown}, which the main thread may also set to 0/1
 * at program end (opaque write in {@code PyDaemonStop}; the owner's plain read sees it at a later
 * poll at the latest, which is all a stop request needs). {@link #singleThread} is the VM's
 * shared mode object (its own protocol); the list-elision flag is this thread's own, plain
 * (written by another party only in {@link SingleThreadMode}'s same-Java-thread attach).
 *
 * <p>Reference conventions: methods named {@code new*} return a new (owned) reference; accessors
 * return borrowed references; {@link #incref}/{@link #decref} take the owner fast path when this
 * thread allocated the object (biased counting).
 */
public final class VmThread implements SingleThreadMode.Member {
    public final Vm vm;
    public final ObjectRuntime rt;
    public final ThreadState ts;
    /** This thread's collections context: its QSBR record and critical-section stack. */
    public final ThreadContext ctx;
    public final long none;
    public final long trueObj;
    public final long falseObj;
    private final long[] smallInts;

    /** The VM's single-attached-thread mode (one per VM). */
    public final SingleThreadMode singleThread;
    /**
     * True while this thread may store list items without the list's lock ({@link SingleThreadMode}:
     * no other thread is attached, and one attaching waits until this thread cleared the flag).
     * Owner thread only, plain (set and cleared by this thread at safe points and before blocking).
     */
    private boolean elideSections;

    /** Frames' locals and value stacks; a frame uses a window of it (see Interpreter). */
    public final long[] data;
    /** First free data-stack slot above the running frame (where a call from Java puts its frame). */
    public int top;
    /** Back-edges and calls until the next safe point (ThreadState.poll). */
    public int pollCountdown = 256;
    /**
     * True while the safe point at frame entry runs ({@link #safePointAtFrameEntry}): the new
     * frame's exception handler does not exist yet, so a thread listener must not raise there
     * (it defers to the next safe point). Owner thread only, plain.
     */
    public boolean atFrameEntry;
    /** Python call depth (RecursionError past vm.recursionLimit). */
    public int depth;
    /** The exception being handled (owned reference), or 0 for none. */
    public long handledExc;
    /** This thread's quickened code copies, by code index (lazily cloned). */
    private char[][] quickened = new char[16][];

    /** Allocations per type id by this thread (plain; read by --stats after the run). */
    public final long[] allocations = new long[TypeIds.COUNT + 1];
    /** The owner id this thread's objects carry (BIASED/NONATOMIC), or NO_OWNER in ATOMIC mode. */
    private final int biasId;
    private final boolean checked;

    /** The VM's GIL (final; its state is volatile inside). */
    private final Gil gil;
    /** True while this thread holds the GIL (only this thread reads and writes it). */
    public boolean holdsGil;
    /** GIL hand-offs at this thread's safe points (statistics). */
    public long gilSwitches;
    /** The Java object of this Python thread (modules.PyThread), set by whoever attached it. */
    public Object pythonThread;

    public long specHits;
    public long specMisses;
    public long specialisations;
    public long deopts;

    /** Scratch pair for one dict iteration step (Iterators.next; owned references pass through it at once). */
    public final long[] iterPair = new long[2];
    /** This thread's block of dict keys versions: next to hand out, and the end of the block (exclusive). */
    private int keysVersionNext;
    private int keysVersionEnd;

    /** Parked float and int objects (each holding its one reference); see {@link #newFloat}. */
    private static final int NUMBER_CACHE_CAPACITY = 64;
    private final long[] floatCache = new long[NUMBER_CACHE_CAPACITY];
    private int floatCacheSize;
    private final long[] intCache = new long[NUMBER_CACHE_CAPACITY];
    private int intCacheSize;

    VmThread(Vm vm, ThreadState ts, int dataSlots) {
        this.vm = vm;
        this.rt = vm.rt;
        this.ts = ts;
        this.ctx = CollectionsRuntime.context(ts);
        this.none = vm.none;
        this.trueObj = vm.trueObj;
        this.falseObj = vm.falseObj;
        this.smallInts = vm.smallInts;
        this.data = new long[dataSlots];
        this.checked = vm.checked;
        this.gil = vm.gil;
        long probe = rt.allocate(ts, TypeIds.INT, Layouts.INT_SIZE);
        if (checked) {
            vm.allocated.incrementAndGet(TypeIds.INT); // the probe is freed (and counted as freed) at once
        }
        this.biasId = UnsafeApi.getInt(probe + ObjectHeader.OWNER_ID_OFFSET);
        rt.decref(ts, probe);
        this.singleThread = vm.singleThread;
        singleThread.register(this); // a second thread waits here for the grace period (SingleThreadMode E3)
    }

    @Override
    public Object memberKey() {
        return ts;
    }

    @Override
    public void setEliding(boolean on) {
        elideSections = on;
    }

    /** True if this thread may store list items without the lock now ({@link SingleThreadMode}). */
    public boolean elidesSections() {
        return elideSections;
    }

    /**
     * This thread stops eliding list sections (before blocking, at program finish and detach: see
     * {@link SingleThreadMode#stop}); a later safe point starts again if it is still alone.
     */
    public void stopEliding() {
        if (elideSections) {
            singleThread.stop(this);
        }
    }

    // ------------------------------------------------------------------ safe points and blocking

    /** One back-edge or call: every {@link #pollCountdown}-th of them runs {@link #safePoint}. */
    public void countSafePoint() {
        if (--pollCountdown <= 0) {
            safePoint();
        }
    }

    /** A safe point (see {@link #safePoint}) at the entry of a frame, before its handler exists: listeners see {@link #atFrameEntry}. */
    public void safePointAtFrameEntry() {
        atFrameEntry = true;
        try {
            safePoint();
        } finally {
            atFrameEntry = false;
        }
    }

    /**
     * Safe point (loop back-edges and calls, every {@link #pollCountdown} of them): merges the
     * objects other threads queued to this thread and reports a QSBR quiescent state (through
     * {@link ThreadState#poll}). The caller holds no borrowed pointer into a shared container.
     */
    public void safePoint() {
        pollCountdown = 256;
        singleThread.safePoint(this, elideSections); // acknowledges an attach, or starts eliding while alone
        ts.poll();
        Gil g = gil;
        if (g.isEnabled()) {
            if (!holdsGil) {
                takeGil(); // the GIL was enabled at run time while this thread ran
            } else if (g.dropRequested()) {
                // Hand-off: offline while another thread holds the GIL, with this thread's critical
                // sections suspended (a Python callback inside a section, e.g. a sort key, must
                // not keep the next holder from that object while we wait for the GIL back).
                ctx.beginBlocking();
                try {
                    if (g.yieldIfRequested(this)) {
                        gilSwitches++;
                    }
                } finally {
                    ctx.endBlocking();
                }
            }
        }
    }

    /**
     * Takes the GIL if it is enabled and this thread does not hold it (thread start, after the GIL
     * was enabled at run time). Waits offline (QSBR, critical sections suspended) like any block.
     */
    public void takeGilIfEnabled() {
        if (gil.isEnabled() && !holdsGil) {
            takeGil();
        }
    }

    private void takeGil() {
        ctx.beginBlocking();
        try {
            gil.acquire(this);
            holdsGil = true;
        } finally {
            ctx.endBlocking();
        }
    }

    /** Thread exit: releases the GIL if held. */
    public void dropGil() {
        if (holdsGil) {
            holdsGil = false;
            gil.release(this);
        }
    }

    /**
     * Before a call that may block (join, lock, queue, sleep): suspends this thread's critical
     * sections and takes it offline for QSBR, so a parked thread stalls neither lock holders nor
     * reclamation. Must be paired with {@link #endBlocking}; no borrowed pointer into a shared
     * container may be held across the pair.
     */
    public void beginBlocking() {
        stopEliding(); // an attacher must not wait for a blocked thread (SingleThreadMode)
        ctx.beginBlocking();
        if (holdsGil) {
            holdsGil = false;
            gil.release(this);
        }
    }

    /**
     * After a blocking call: takes the GIL back if it is enabled (first, so that a thread waiting for
     * it never holds a critical section another GIL holder needs), then back online for QSBR with
     * the top critical section re-locked.
     */
    public void endBlocking() {
        if (gil.isEnabled() && !holdsGil) {
            gil.acquire(this);
            holdsGil = true;
        }
        ctx.endBlocking();
    }

    /** This thread's code units for {@code ci} (its private, quickenable copy). */
    public char[] code(CodeInfo ci) {
        int i = ci.index;
        char[][] q = quickened;
        if (i >= q.length) {
            q = quickened = Arrays.copyOf(q, Math.max(i + 1, q.length * 2));
        }
        char[] c = q[i];
        if (c == null) {
            c = q[i] = ci.code.copyCode();
        }
        return c;
    }

    /** The quickened copy if this thread ran {@code ci}, else null. */
    public char[] quickenedOrNull(CodeInfo ci) {
        return ci.index < quickened.length ? quickened[ci.index] : null;
    }

    // ------------------------------------------------------------------ counting

    public long alloc(int typeId, long payloadBytes) {
        long o = rt.allocate(ts, typeId, payloadBytes);
        allocations[typeId]++;
        if (checked) {
            vm.allocated.incrementAndGet(typeId);
        }
        return o;
    }

    /** Adds a reference; immortal objects are skipped without calling into the runtime. */
    public void incref(long o) {
        if (UnsafeApi.getInt(o + ObjectHeader.OWNER_ID_OFFSET) != ObjectHeader.IMMORTAL_OWNER) {
            rt.incref(ts, o);
        }
    }

    /** Drops a reference; immortal objects are skipped without calling into the runtime. */
    public void decref(long o) {
        if (UnsafeApi.getInt(o + ObjectHeader.OWNER_ID_OFFSET) != ObjectHeader.IMMORTAL_OWNER) {
            int type = UnsafeApi.getInt(o + ObjectHeader.TYPE_ID_OFFSET);
            if (type == TypeIds.FLOAT) {
                if (floatCacheSize < NUMBER_CACHE_CAPACITY && parkable(o)) {
                    floatCache[floatCacheSize++] = o; // keep the last reference: newFloat reuses the block
                    return;
                }
            } else if (type == TypeIds.INT) {
                if (intCacheSize < NUMBER_CACHE_CAPACITY && parkable(o)) {
                    intCache[intCacheSize++] = o; // same for newInt(long)
                    return;
                }
            }
            rt.decref(ts, o);
        }
    }

    /**
     * Frees the floats and ints parked in this thread's number caches (see {@link #newFloat}). Must run
     * before the thread state detaches and before a leak report: parked numbers are live objects.
     */
    public void drainNumberCaches() {
        stopEliding(); // called by Vm.finish and Vm.detachThread: this thread runs no more Python code
        while (floatCacheSize > 0) {
            long o = floatCache[--floatCacheSize];
            floatCache[floatCacheSize] = 0;
            rt.decref(ts, o);
        }
        while (intCacheSize > 0) {
            long o = intCache[--intCacheSize];
            intCache[intCacheSize] = 0;
            rt.decref(ts, o);
        }
    }

    /** A dying number may be parked when ours is its only reference and its flags are clear. */
    private boolean parkable(long o) {
        return UnsafeApi.getInt(o + ObjectHeader.FLAGS_OFFSET) == 0 && isUniqueTemp(o);
    }

    /**
     * True if the caller's reference to {@code o} is the only one (a temporary on the value stack):
     * the interpreter may then overwrite the object's payload in place instead of allocating a
     * new result (CPython 3.13 does the same for floats). BIASED: owned by this thread with local
     * count 1 and no shared references; ATOMIC: merged with shared count exactly 1. No other
     * thread can gain a reference concurrently: it would need one already (the object is in no
     * container a lock-free reader could find it in).
     */
    public boolean hasExactlyTwoOwnReferences(long o) {
        int owner = UnsafeApi.getInt(o + ObjectHeader.OWNER_ID_OFFSET);
        if (owner == biasId && owner != ObjectHeader.NO_OWNER) {
            return UnsafeApi.getInt(o + ObjectHeader.LOCAL_COUNT_OFFSET) == 2
                && UnsafeApi.getLongVolatile(null, o + ObjectHeader.SHARED_COUNT_OFFSET) == 0;
        }
        return owner == ObjectHeader.NO_OWNER
            && UnsafeApi.getLongVolatile(null, o + ObjectHeader.SHARED_COUNT_OFFSET)
                == (2 * ObjectHeader.SHARED_ONE | ObjectHeader.MERGED);
    }

    /** Same test as {@link #isUniqueTemp}: one reference, owned by this thread's frame. */
    public boolean hasExactlyOneOwnReference(long o) {
        return isUniqueTemp(o);
    }

    public boolean isUniqueTemp(long o) {
        int owner = UnsafeApi.getInt(o + ObjectHeader.OWNER_ID_OFFSET);
        if (owner == biasId && owner != ObjectHeader.NO_OWNER) {
            return UnsafeApi.getInt(o + ObjectHeader.LOCAL_COUNT_OFFSET) == 1
                && UnsafeApi.getLongVolatile(null, o + ObjectHeader.SHARED_COUNT_OFFSET) == 0;
        }
        return owner == ObjectHeader.NO_OWNER
            && UnsafeApi.getLongVolatile(null, o + ObjectHeader.SHARED_COUNT_OFFSET)
                == (ObjectHeader.SHARED_ONE | ObjectHeader.MERGED);
    }

    /**
     * Lock-free reader's step (see {@link Lists#getOwned}): takes an owned reference to {@code v},
     * just loaded from {@code slot}, if it is alive and the slot still holds it after the count.
     * Immortal objects are not counted: the volatile re-read alone confirms membership (the
     * address was not freed and reused meanwhile). Otherwise the refcount layer's conditional
     * increment ({@code tryIncrefCompare}), which fails on a dead object, or on an object of
     * another owner whose shared word is 0 (the owner may free it without a CAS); the caller then
     * retries under the container's lock, where {@link #increfShared} makes the next lock-free
     * read of that object succeed.
     */
    public boolean tryOwnSlot(long slot, long v) {
        if (UnsafeApi.getInt(v + ObjectHeader.OWNER_ID_OFFSET) == ObjectHeader.IMMORTAL_OWNER) {
            return UnsafeApi.getLongVolatile(null, slot) == v; // volatile: pairs with the writer's release store of the slot
        }
        return tryOwnCounted(slot, v);
    }

    /** {@link #tryOwnSlot} for a mortal item (out of line: compiled callers inline only the immortal case). */
    private boolean tryOwnCounted(long slot, long v) {
        int owner = UnsafeApi.getInt(v + ObjectHeader.OWNER_ID_OFFSET);
        if (owner == biasId && owner > 0) {
            // Our own object: only this thread frees it (its own decref to zero, or a merge at its
            // own safe point), so it was alive when the slot held it and still is: count it, plain.
            rt.incref(ts, v);
            return true;
        }
        return rt.tryIncref(ts, v) && confirm(slot, v);
    }

    /**
     * True if {@code o} is immortal or owned by this thread: then no other thread can free it
     * before this thread's next decref to zero or safe point, and its content may be read
     * without counting (see {@link #tryOwnSlot}).
     */
    public boolean isOwnOrImmortal(long o) {
        int owner = UnsafeApi.getInt(o + ObjectHeader.OWNER_ID_OFFSET);
        return owner == ObjectHeader.IMMORTAL_OWNER || (owner == biasId && owner > 0);
    }

    private boolean confirm(long slot, long v) {
        if (UnsafeApi.getLongVolatile(null, slot) == v) { // volatile: the slot re-read after the increment
            return true;
        }
        decref(v);
        return false;
    }

    /**
     * Incref of an item read under its container's lock, on behalf of a reader that may not own it:
     * also marks it shared-for-reading (BIASED -> SHARED_READ, one CAS, once per object), so later
     * lock-free reads from other threads can count it without the lock.
     */
    public void increfShared(long v) {
        int owner = UnsafeApi.getInt(v + ObjectHeader.OWNER_ID_OFFSET);
        if (owner != ObjectHeader.IMMORTAL_OWNER) {
            rt.incref(ts, v);
            if (owner != biasId) {
                rt.markSharedRead(v);
            }
        }
    }

    /**
     * A fresh dict keys version (never 0, unique in the VM): taken from a per-thread block of
     * {@link Vm#KEYS_VERSION_BLOCK} versions, so creating and mutating dicts on several threads
     * does not contend on one shared counter (a profile showed the shared counter's cache line).
     */
    public int nextKeysVersion() {
        if (keysVersionNext == keysVersionEnd) {
            keysVersionNext = vm.reserveKeysVersions();
            keysVersionEnd = keysVersionNext + Vm.KEYS_VERSION_BLOCK;
        }
        int v = keysVersionNext++;
        return v == 0 ? nextKeysVersion() : v;
    }

    /**
     * True if no other thread holds or can take a counted reference to {@code o}: owned by this
     * thread (biased) with its shared word exactly 0 (not shared-for-reading, not queued), so a
     * non-owner's conditional increment would fail. Used to change the object's counting state
     * without racing another counter (see {@link SharedObjects#beforeGlobalStore}).
     */
    public boolean isPrivate(long o) {
        int owner = UnsafeApi.getInt(o + ObjectHeader.OWNER_ID_OFFSET);
        return owner == biasId && owner > 0
            && UnsafeApi.getLongVolatile(null, o + ObjectHeader.SHARED_COUNT_OFFSET) == 0;
    }

    public void xdecref(long o) {
        if (o != 0) {
            rt.decref(ts, o);
        }
    }

    /** Returns {@code o} after adding a reference (for returning a borrowed value as owned). */
    public long newRef(long o) {
        rt.incref(ts, o);
        return o;
    }

    public static int typeOf(long o) {
        return UnsafeApi.getInt(o + ObjectHeader.TYPE_ID_OFFSET);
    }

    /** True for an immortal object (None, bools, small ints, constants, shared hot objects): never counted. */
    public static boolean isImmortal(long o) {
        return UnsafeApi.getInt(o + ObjectHeader.OWNER_ID_OFFSET) == ObjectHeader.IMMORTAL_OWNER;
    }

    // ------------------------------------------------------------------ scalars

    public long bool(boolean b) {
        return b ? trueObj : falseObj;
    }

    /** The immortal small int {@code v}; only for {@code -5 <= v <= 256}. */
    public long smallInt(long v) {
        return smallInts[(int) v + 5];
    }

    public long newInt(long v) {
        if (v >= -5 && v <= 256) {
            return smallInt(v);
        }
        if (intCacheSize > 0) {
            long o = intCache[--intCacheSize]; // a parked int: see newFloat
            allocations[TypeIds.INT]++;
            UnsafeApi.putLong(o + INT_VALUE, v);
            return o;
        }
        long o = alloc(TypeIds.INT, INT_SIZE);
        UnsafeApi.putLong(o + INT_VALUE, v);
        return o;
    }

    /** An int from a BigInteger: the 64-bit form when it fits, else the arbitrary-precision form. */
    public long newInt(BigInteger v) {
        if (v.bitLength() < 64) {
            return newInt(v.longValue());
        }
        byte[] b = v.toByteArray();
        long o = alloc(TypeIds.BIGINT, 8 + b.length);
        UnsafeApi.putInt(o + BIGINT_LENGTH, b.length);
        for (int i = 0; i < b.length; i++) {
            UnsafeApi.putByte(o + BIGINT_BYTES + i, b[i]);
        }
        return o;
    }

    /**
     * A new float. Takes a parked block from the per-thread float cache when there is one
     * (CPython keeps per-thread float free-lists for the same reason: float temporaries are
     * created and dropped at every arithmetic step). A parked float is a live object whose only
     * reference is the cache's, in exactly the header state {@link ObjectRuntime#allocate} gives
     * a new object (biased: owned by this thread, local count 1, shared 0; atomic: merged, shared
     * count 1; flags 0) — {@link #decref} parks only objects that pass {@link #isUniqueTemp} with
     * flags 0 — so handing it out is indistinguishable from a fresh allocation, minus the
     * allocator and deallocation round trip. Checked mode still balances: the object was counted
     * allocated once and is counted freed once, when it finally dies (at the latest in
     * {@link #drainNumberCaches}).
     */
    public long newFloat(double d) {
        if (floatCacheSize > 0) {
            long o = floatCache[--floatCacheSize];
            allocations[TypeIds.FLOAT]++;
            UnsafeApi.putDouble(o + FLOAT_VALUE, d);
            return o;
        }
        long o = alloc(TypeIds.FLOAT, FLOAT_SIZE);
        UnsafeApi.putDouble(o + FLOAT_VALUE, d);
        return o;
    }

    public static boolean isInt(long o) {
        int t = typeOf(o);
        return t == TypeIds.INT || t == TypeIds.BOOL || t == TypeIds.BIGINT;
    }

    /** True for int and bool objects whose value fits a long (not the big form). */
    public static boolean isSmallInt(long o) {
        int t = typeOf(o);
        return t == TypeIds.INT || t == TypeIds.BOOL;
    }

    public static long intValue(long o) {
        return UnsafeApi.getLong(o + INT_VALUE);
    }

    public static double floatValue(long o) {
        return UnsafeApi.getDouble(o + FLOAT_VALUE);
    }

    /** Value of any int object (int, bool, bigint) as a BigInteger. */
    public static BigInteger bigValue(long o) {
        if (typeOf(o) == TypeIds.BIGINT) {
            int n = UnsafeApi.getInt(o + BIGINT_LENGTH);
            byte[] b = new byte[n];
            for (int i = 0; i < n; i++) {
                b[i] = UnsafeApi.getByte(o + BIGINT_BYTES + i);
            }
            return new BigInteger(b);
        }
        return BigInteger.valueOf(intValue(o));
    }

    // ------------------------------------------------------------------ str

    /**
     * A new str. Strings of BMP characters store UTF-16 units; a string with any character beyond
     * the BMP stores one int per code point (flag WIDE), so indexing and len() count code points
     * as Python does.
     */
    public long newStr(String s) {
        int units = s.length();
        int n = s.codePointCount(0, units);
        boolean wide = n != units;
        long o = alloc(TypeIds.STR, wide ? 16 + 4L * n : strPayload(n));
        UnsafeApi.putInt(o + STR_LENGTH, n);
        UnsafeApi.putInt(o + STR_HASHED, wide ? STR_WIDE : 0);
        long p = o + STR_CHARS;
        if (wide) {
            int i = 0;
            for (int k = 0; k < n; k++) {
                int cp = s.codePointAt(i);
                UnsafeApi.putInt(p + 4L * k, cp);
                i += Character.charCount(cp);
            }
        } else {
            for (int i = 0; i < n; i++) {
                UnsafeApi.putChar(p + 2L * i, s.charAt(i));
            }
        }
        return o;
    }

    /** Flag bit in the str flags word: one int per code point. */
    public static final int STR_WIDE = 2;
    private static final int STR_HASH_DONE = 1;

    /** Length in code points. */
    public static int strLength(long o) {
        return UnsafeApi.getInt(o + STR_LENGTH);
    }

    private static boolean wide(long o) {
        return (UnsafeApi.getInt(o + STR_HASHED) & STR_WIDE) != 0;
    }

    /** Code point {@code i}. */
    public static int strChar(long o, int i) {
        return wide(o) ? UnsafeApi.getInt(o + STR_CHARS + 4L * i) : UnsafeApi.getChar(o + STR_CHARS + 2L * i);
    }

    public static String str(long o) {
        int n = strLength(o);
        long p = o + STR_CHARS;
        if (wide(o)) {
            StringBuilder sb = new StringBuilder(n + 4);
            for (int i = 0; i < n; i++) {
                sb.appendCodePoint(UnsafeApi.getInt(p + 4L * i));
            }
            return sb.toString();
        }
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = UnsafeApi.getChar(p + 2L * i);
        }
        return new String(c);
    }

    /** Hash of a str, computed once (FNV-1a over code points, never -1) and cached in the object. */
    public static long strHash(long o) {
        int flags = UnsafeApi.getIntAcquire(null, o + STR_HASHED); // acquire: pairs with putIntRelease below
        if ((flags & STR_HASH_DONE) != 0) {
            return UnsafeApi.getLong(o + STR_HASH);
        }
        int n = strLength(o);
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < n; i++) {
            h = (h ^ strChar(o, i)) * 0x100000001b3L;
        }
        if (h == -1) {
            h = -2;
        }
        // Benign race: two threads may both compute and store the same hash.
        UnsafeApi.putLong(o + STR_HASH, h);
        UnsafeApi.putIntRelease(null, o + STR_HASHED, flags | STR_HASH_DONE); // release: pairs with getIntAcquire above
        return h;
    }

    public static boolean strEquals(long a, long b) {
        if (a == b) {
            return true;
        }
        int n = strLength(a);
        if (n != strLength(b)) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (strChar(a, i) != strChar(b, i)) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ tuple

    /** A tuple of {@code n} items, all slots 0: the caller fills every slot with an owned reference. */
    public long newTuple(long n) {
        if (n == 0) {
            return vm.emptyTuple;
        }
        long o = alloc(TypeIds.TUPLE, tuplePayload(n));
        UnsafeApi.putLong(o + TUPLE_SIZE, n);
        UnsafeApi.setMemory(o + TUPLE_ITEMS, 8 * n, (byte) 0);
        return o;
    }

    /** A tuple of the given items (new references taken). */
    public long tupleOf(long... items) {
        long t = newTuple(items.length);
        for (int i = 0; i < items.length; i++) {
            incref(items[i]);
            UnsafeApi.putLong(tupleSlot(t, i), items[i]);
        }
        return t;
    }

    public static long tupleSize(long t) {
        return UnsafeApi.getLong(t + TUPLE_SIZE);
    }

    public static long tupleItem(long t, long i) {
        return UnsafeApi.getLong(tupleSlot(t, i));
    }

    /** Stores an owned reference into an empty slot of a fresh tuple. */
    public static void tupleInit(long t, long i, long item) {
        UnsafeApi.putLong(tupleSlot(t, i), item);
    }

    // ------------------------------------------------------------------ exceptions

    /** Turns an error into its exception object (an owned reference kept in the error). */
    public long materialize(PyError e) {
        if (e.exc == 0) {
            long args;
            if (e.text == null) {
                args = vm.emptyTuple;
            } else {
                long s = newStr(e.text);
                args = newTuple(1);
                tupleInit(args, 0, s);
            }
            e.exc = newException(e.classIndex, args);
        }
        return e.exc;
    }

    /** A new exception of class {@code classIndex} taking over {@code args} (owned tuple). */
    public long newException(int classIndex, long args) {
        long o = alloc(TypeIds.EXC, EXC_PAYLOAD);
        UnsafeApi.putLong(o + EXC_CLASS, vm.classObj(classIndex));
        UnsafeApi.putLong(o + EXC_ARGS, args);
        UnsafeApi.putLong(o + EXC_TRACEBACK, 0);
        return o;
    }

    public static int excClass(long exc) {
        return UnsafeApi.getInt(UnsafeApi.getLong(exc + EXC_CLASS) + CLASS_INDEX);
    }

    public static long excArgs(long exc) {
        return UnsafeApi.getLong(exc + EXC_ARGS);
    }

    /**
     * Enters one level of a Java-recursive container operation (repr, {@code ==}, ordering, hash
     * of nested lists/tuples/dicts), counted in the same {@link #depth} as Python calls: CPython's
     * {@code Py_EnterRecursiveCall}. Past the recursion limit it raises RecursionError cleanly,
     * here, with no lock held and no reference half-taken. Without it a deep enough nesting ran
     * the Java stack out at an arbitrary frame (inside a snapshot's release, a critical section,
     * the allocator), and the StackOverflowError, turned into RecursionError only at the Python
     * frame's catch, left references never given back (a leak of ~190 000 lists was seen) or
     * worse. Pair every call with {@link #leaveRecursive} in a {@code finally}.
     */
    public void enterRecursive(String where) {
        if (++depth > vm.config.recursionLimit()) {
            depth--;
            throw new PyError(ClassTable.RECURSION_ERROR, "maximum recursion depth exceeded" + where);
        }
    }

    /** Leaves a level entered by {@link #enterRecursive}. */
    public void leaveRecursive() {
        depth--;
    }

    /**
     * Prepends a traceback entry (code index, line) to {@code exc}'s traceback.
     *
     * <p>One exception object can propagate in several threads at once (a shared exception
     * raised by each: {@code raise shared[0]}), so the head is pushed with a CAS, Treiber-stack
     * style: the new entry takes over the exception's reference to the old head only if the head
     * is still that one. A plain read-modify-write lost entries (two entries both taking over the
     * one reference to the old head; one of them then unreachable — a leak {@code --check} found,
     * {@code threads/022_shared_exception_raised_concurrently}). Entries are immutable once
     * published; the head is only ever replaced, never cleared, while the exception lives, and the
     * chain is freed only with the exception (last reference), so a reader never meets a freed
     * entry.
     */
    public void addTraceback(long exc, int codeIndex, int line) {
        long tb = alloc(TypeIds.TRACEBACK, TB_PAYLOAD);
        UnsafeApi.putInt(tb + TB_CODE, codeIndex);
        UnsafeApi.putInt(tb + TB_LINE, line);
        long head;
        do {
            head = UnsafeApi.getLongVolatile(null, exc + EXC_TRACEBACK);
            UnsafeApi.putLong(tb + TB_NEXT, head);
            // release (CAS is volatile): publishes tb's fields; pairs with getLongAcquire in tracebackHead.
        } while (!UnsafeApi.compareAndSetLong(null, exc + EXC_TRACEBACK, head, tb));
    }

    /**
     * The newest traceback entry of {@code exc} (borrowed; 0 for none). Acquire: pairs with the
     * CAS in {@link #addTraceback}, so the entry's fields and, transitively (each CAS read the
     * previous head with a volatile load), every older entry's fields are visible; TB_NEXT may then
     * be read plain.
     */
    public static long tracebackHead(long exc) {
        return UnsafeApi.getLongAcquire(null, exc + EXC_TRACEBACK);
    }

    /** Class index of any object (its Python type). */
    public static int classOf(long o) {
        return switch (typeOf(o)) {
            case TypeIds.NONE -> ClassTable.NONE_TYPE;
            case TypeIds.BOOL -> ClassTable.BOOL;
            case TypeIds.INT, TypeIds.BIGINT -> ClassTable.INT;
            case TypeIds.FLOAT -> ClassTable.FLOAT;
            case TypeIds.STR -> ClassTable.STR;
            case TypeIds.TUPLE -> ClassTable.TUPLE;
            case TypeIds.LIST -> ClassTable.LIST;
            case TypeIds.DICT -> ClassTable.DICT;
            case TypeIds.RANGE -> ClassTable.RANGE;
            case TypeIds.SLICE -> ClassTable.SLICE;
            case TypeIds.ITER -> ClassTable.ITERATOR;
            case TypeIds.DICT_VIEW -> ClassTable.DICT_VIEW;
            case TypeIds.FUNCTION -> ClassTable.FUNCTION;
            case TypeIds.BUILTIN -> ClassTable.BUILTIN_FUNCTION;
            case TypeIds.MODULE -> ClassTable.MODULE;
            case TypeIds.CLASS -> ClassTable.TYPE;
            case TypeIds.EXC -> excClass(o);
            case TypeIds.TRACEBACK -> ClassTable.TRACEBACK;
            case TypeIds.CODE -> ClassTable.CODE;
            case TypeIds.THREAD -> ClassTable.THREAD;
            case TypeIds.LOCK -> ClassTable.LOCK;
            case TypeIds.RLOCK -> ClassTable.RLOCK;
            case TypeIds.EVENT -> ClassTable.EVENT;
            case TypeIds.FUTURE -> ClassTable.FUTURE;
            case TypeIds.EXECUTOR -> ClassTable.THREAD_POOL_EXECUTOR;
            case TypeIds.QUEUE -> ClassTable.QUEUE;
            default -> throw new IllegalStateException("object 0x" + Long.toHexString(o) + " has bad type id " + typeOf(o));
        };
    }

    /** Python type name of an object, e.g. {@code 'int'} in error messages. */
    public static String typeName(long o) {
        int t = typeOf(o);
        if (t == TypeIds.ITER) {
            return Iterators.kindName(UnsafeApi.getInt(o + ITER_KIND));
        }
        if (t == TypeIds.DICT_VIEW) {
            return Iterators.viewName(UnsafeApi.getInt(o + ITER_KIND));
        }
        return ClassTable.name(classOf(o));
    }
}
