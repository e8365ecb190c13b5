package io.github.freethread.collections.object;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

import io.github.freethread.collections.ThreadContext;
import io.github.freethread.refcount.ObjectHeader;
import io.github.freethread.refcount.ObjectRuntime;
import io.github.freethread.refcount.ObjectType;
import io.github.freethread.refcount.ThreadState;

/**
 * The {@link ObjectSpace} over the refcount layer's {@link ObjectRuntime}: biased counting,
 * the runtime's {@code tryIncrefCompare}, its {@link ObjectHeader} (lock word at
 * {@link ObjectHeader#LOCK_OFFSET}), and raw memory from the runtime's allocator.
 *
 * <p>Each {@link ObjectKind} is registered once as an {@link ObjectType} whose hash and equality
 * delegate to the kind; objects of types registered by others (the VM) get their hash and equality
 * from their own {@code ObjectType}, and an unhashable one is reported as
 * {@link UnhashableTypeException} naming it.
 *
 * <p>Every context used with this space must carry its {@link ThreadState} as
 * {@link ThreadContext#objectThread()} (see {@code CollectionsRuntime.install}).
 *
 * <p>Ownership: {@code typeIds} (concurrent map) and {@code kindsById} (copy-on-write array, racy
 * reads, see the field) are filled under {@code this} on first use of a kind; everything else is final.
 */
public final class RuntimeObjects implements ObjectSpace {
    private final ObjectRuntime runtime;
    private final ConcurrentHashMap<ObjectKind, Integer> typeIds = new ConcurrentHashMap<>();
    /** Written under {@code this} (a fresh array each time), read racily on hot paths: a stale,
     *  shorter array only sends a lookup to the runtime's TypeRegistry (volatile), so the race is
     *  benign and saves a volatile load per hash. */
    private ObjectKind[] kindsById = new ObjectKind[0];
    /** Type ids of our int and str kinds (registered in the constructor, final): the dict's hash
     *  fast path compares a key's type id against them before any array or interface dispatch. */
    private final int intTypeId;
    private final int strTypeId;

    /** The space of {@code runtime}. */
    public RuntimeObjects(ObjectRuntime runtime) {
        this.runtime = runtime;
        this.intTypeId = typeId(IntObject.KIND);
        this.strTypeId = typeId(StrObject.KIND);
    }

    /** The runtime beneath. */
    public ObjectRuntime runtime() {
        return runtime;
    }

    /** The runtime type id of {@code kind}, registering it on first use. */
    public int typeId(ObjectKind kind) {
        Integer id = typeIds.get(kind);
        if (id != null) {
            return id;
        }
        synchronized (this) {
            id = typeIds.get(kind);
            if (id == null) {
                id = runtime.types().register(new KindType(kind));
                ObjectKind[] old = kindsById;
                ObjectKind[] next = java.util.Arrays.copyOf(old, Math.max(old.length, id + 1));
                next[id] = kind;
                kindsById = next;
                typeIds.put(kind, id);
            }
            return id;
        }
    }

    private static ThreadState state(ThreadContext t) {
        return (ThreadState) t.objectThread();
    }

    @Override
    public long newObject(ThreadContext thread, ObjectKind kind, long payloadBytes) {
        long obj = runtime.allocate(state(thread), typeId(kind), payloadBytes);
        org.agrona.UnsafeApi.setMemory(obj + ObjectHeader.HEADER_SIZE, payloadBytes, (byte) 0);
        return obj;
    }

    @Override
    public long payload(long obj) {
        return obj + ObjectHeader.HEADER_SIZE;
    }

    @Override
    public long lockWord(long obj) {
        return obj + ObjectHeader.LOCK_OFFSET;
    }

    @Override
    public ObjectKind kindOf(long obj) {
        int id = org.agrona.UnsafeApi.getInt(obj + ObjectHeader.TYPE_ID_OFFSET);
        ObjectKind[] k = kindsById;
        if (id > 0 && id < k.length && k[id] != null) {
            return k[id];
        }
        ObjectType type = runtime.types().get(id);
        return type instanceof KindType kt ? kt.kind() : new ForeignKind(type);
    }

    /**
     * Type-supplied hash. Fast path for the two kinds every dict lookup of an interpreter sees
     * (ints: the value; strs: the hash cached at creation): one type-id load and one payload load,
     * no dispatch. Other kinds go through {@link #hashByType}.
     */
    @Override
    public long hash(long obj) {
        int id = org.agrona.UnsafeApi.getInt(obj + ObjectHeader.TYPE_ID_OFFSET);
        if (id == intTypeId) {
            return IntObject.hashOfValue(org.agrona.UnsafeApi.getLong(obj + ObjectHeader.HEADER_SIZE + IntObject.VALUE_OFFSET));
        }
        if (id == strTypeId) {
            return org.agrona.UnsafeApi.getLong(obj + ObjectHeader.HEADER_SIZE + StrObject.HASH_OFFSET);
        }
        return hashByType(obj, id);
    }

    private long hashByType(long obj, int id) {
        ObjectKind[] k = kindsById;
        if (id > 0 && id < k.length && k[id] != null) {
            ObjectKind kind = k[id];
            if (!kind.hashable()) {
                throw new UnhashableTypeException(kind.name());
            }
            return kind.hash(obj + ObjectHeader.HEADER_SIZE);
        }
        ObjectType type = runtime.types().get(id);
        try {
            return type.hash(obj);
        } catch (UnsupportedOperationException e) {
            throw new UnhashableTypeException(type.name());
        }
    }

    @Override
    public boolean equals(long a, long b) {
        if (a == b) {
            return true;
        }
        int ta = org.agrona.UnsafeApi.getInt(a + ObjectHeader.TYPE_ID_OFFSET);
        if (ta != org.agrona.UnsafeApi.getInt(b + ObjectHeader.TYPE_ID_OFFSET)) {
            return false;
        }
        ObjectKind[] k = kindsById;
        if (ta > 0 && ta < k.length && k[ta] != null) {
            return k[ta].equals(a + ObjectHeader.HEADER_SIZE, b + ObjectHeader.HEADER_SIZE);
        }
        return runtime.types().get(ta).equals(a, b);
    }

    @Override
    public void shareForReading(long obj) {
        runtime.markSharedRead(obj);
    }

    @Override
    public void incref(ThreadContext thread, long obj) {
        runtime.incref(state(thread), obj);
    }

    @Override
    public void decref(ThreadContext thread, long obj) {
        runtime.decref(state(thread), obj);
    }

    @Override
    public boolean tryIncrefCompare(ThreadContext thread, long slotAddress, long expected) {
        return runtime.tryIncrefCompare(state(thread), slotAddress, expected);
    }

    /** The slot word's index tag: a plain increment of this thread's own count slot. */
    @Override
    public void increfPerThreadSlot(ThreadContext thread, long word) {
        runtime.increfPerThreadIndex(state(thread), (int) (word >>> SLOT_INDEX_SHIFT) - 1);
    }

    @Override
    public boolean tryIncrefCompareWord(ThreadContext thread, long slotAddress, long word) {
        return runtime.tryIncrefCompare(state(thread), slotAddress, ObjectSpace.slotObject(word), word);
    }

    /**
     * Immortal ({@code FLAG_IMMORTAL}) or deferred ({@code FLAG_DEFERRED}) objects get the slot
     * tags; both flags are only ever set ({@code makeImmortal}, {@code makeDeferred}). A plain load
     * suffices: the caller holds a reference (the address is this object's), and a flag set by
     * another thread that this load misses only leaves the slot untagged — readers then take the
     * header path, which is correct for every object.
     */
    @Override
    public long slotTag(long obj) {
        int index = runtime.perThreadIndex(obj); // plain loads: set before the object was published
        if (index >= 0) {
            // index + 1 must fit in the 16 tag bits, and the address below them
            return index < 0xFFFF && (obj & SLOT_INDEX_MASK) == 0 ? (long) (index + 1) << SLOT_INDEX_SHIFT : 0;
        }
        int flags = org.agrona.UnsafeApi.getInt(obj + ObjectHeader.FLAGS_OFFSET);
        if ((flags & ObjectHeader.FLAG_IMMORTAL) != 0) {
            return SLOT_UNCOUNTED_USE | SLOT_IMMORTAL;
        }
        return (flags & ObjectHeader.FLAG_DEFERRED) != 0 ? SLOT_UNCOUNTED_USE : 0;
    }

    /**
     * Deferred objects (the refcount layer's {@code makeDeferred}: functions, modules, globals) are
     * not counted: the flag is read, then the slot re-read. Still holding {@code expected} then
     * means the container's owning reference was live at that instant, so the object had not been
     * retired; a later retirement takes a goal above every epoch this thread observed at its last
     * safe point (the slot store that drops the container's reference happens-before the retiring
     * epoch increment), so the object outlives this thread's next safe point. The flag is only ever
     * set, never cleared, so seeing it is final.
     */
    @Override
    public long tryUseCompare(ThreadContext thread, long slotAddress, long expected) {
        // acquire: the slot re-read below must not move before this load (else the flag could be
        // that of a later occupant of the address, after the re-read proved membership)
        if ((org.agrona.UnsafeApi.getIntAcquire(null, expected + ObjectHeader.FLAGS_OFFSET) & ObjectHeader.FLAG_DEFERRED) != 0) {
            // acquire suffices: if the retiring epoch increment were visible to our last safe point,
            // the slot store that dropped the container's reference would happen-before this load
            return org.agrona.UnsafeApi.getLongAcquire(null, slotAddress) == expected ? expected | UNCOUNTED_USE : 0;
        }
        return runtime.tryIncrefCompare(state(thread), slotAddress, expected) ? expected : 0;
    }

    @Override
    public long allocateMemory(ThreadContext thread, long bytes) {
        return state(thread).heap().malloc(Math.max(bytes, 8));
    }

    @Override
    public void freeMemory(long address) {
        runtime.allocator().free(address); // any thread
    }

    /** Not tracked by the runtime: use the allocator's leak report. Returns -1. */
    @Override
    public long liveObjects() {
        return -1;
    }

    /** Not tracked by the runtime: use the allocator's leak report. Returns -1. */
    @Override
    public long liveMemoryBlocks() {
        return -1;
    }

    /** A kind registered as a runtime type: no children; hash and equality by payload. */
    private record KindType(ObjectKind kind) implements ObjectType {
        @Override
        public String name() {
            return kind.name();
        }

        @Override
        public void visitReferences(long obj, LongConsumer childVisitor) {
            // int and str hold no references
        }

        @Override
        public long hash(long obj) {
            if (!kind.hashable()) {
                throw new UnhashableTypeException(kind.name());
            }
            return kind.hash(obj + ObjectHeader.HEADER_SIZE);
        }

        @Override
        public boolean equals(long a, long b) {
            return a == b || kind.equals(a + ObjectHeader.HEADER_SIZE, b + ObjectHeader.HEADER_SIZE);
        }
    }

    /** A runtime type registered by someone else, seen as a kind (for names and errors). */
    private record ForeignKind(ObjectType type) implements ObjectKind {
        @Override
        public String name() {
            return type.name();
        }

        @Override
        public long hash(long payload) {
            throw new UnsupportedOperationException("foreign kinds hash by object, not payload");
        }

        @Override
        public boolean equals(long payloadA, long payloadB) {
            return false;
        }

        @Override
        public String toString(long payload) {
            return "<" + type.name() + ">";
        }
    }
}
