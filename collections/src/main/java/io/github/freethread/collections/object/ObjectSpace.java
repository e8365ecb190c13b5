package io.github.freethread.collections.object;

import io.github.freethread.collections.ThreadContext;

/**
 * The port through which the collections reach the object layer beneath them: counted references,
 * the conditional increment that lock-free readers confirm with, type-supplied hash and equality,
 * and raw memory for item arrays and hash tables.
 *
 * <p>Two implementations: {@link StandaloneObjects} (a small self-contained object heap, used while
 * the refcount layer is under construction and as a second implementation in contract tests) and an
 * adapter over the refcount layer's {@code ObjectRuntime}. Hot paths call the port through a final
 * field, so the JIT sees one receiver type per run and inlines it.
 *
 * <p>Safety contract that lock-free readers rely on:
 * <ol>
 * <li>The header of an object that was freed stays readable as a header for at least a QSBR grace
 *     period: its memory may only be reused by an object of the same size class, and a page is not
 *     given to another size class, decommitted or unmapped before {@code Qsbr.isSafe} says so.</li>
 * <li>{@link #tryIncrefCompare} fails, never resurrects, when the object at {@code expected} is dead,
 *     and fails (undoing its increment) when the slot no longer holds {@code expected} after the
 *     increment.</li>
 * <li>Raw memory passed to {@link #freeMemory} may be reused at once: the collections free raw
 *     memory only through QSBR.</li>
 * </ol>
 */
public interface ObjectSpace {
    /** Allocates an object of {@code kind} with a payload of {@code payloadBytes}; count 1, owned
     *  by {@code thread}. The payload is zeroed. */
    long newObject(ThreadContext thread, ObjectKind kind, long payloadBytes);

    /** Address of the payload of {@code obj}. */
    long payload(long obj);

    /** Address of the lock word in {@code obj}'s header. */
    long lockWord(long obj);

    /** The kind of {@code obj}. */
    ObjectKind kindOf(long obj);

    /**
     * Called when {@code obj} is stored into a container that lock-free readers on other threads
     * may read: lets their conditional increments succeed while the owner still counts it (the
     * refcount layer's {@code markSharedRead}, CPython's {@code _PyObject_SetMaybeWeakref}).
     */
    default void shareForReading(long obj) {}

    /** Adds a reference. */
    void incref(ThreadContext thread, long obj);

    /** Drops a reference; deallocates (and drops the object's children) at zero. */
    void decref(ThreadContext thread, long obj);

    /** Adds a reference only if {@code obj} is alive and {@code slotAddress} still holds
     *  {@code expected} (= obj) afterwards; see the safety contract. */
    boolean tryIncrefCompare(ThreadContext thread, long slotAddress, long expected);

    /**
     * {@link #tryIncrefCompare} for a slot whose word may carry slot tags ({@link #slotTag}):
     * counts {@code slotObject(word)} and confirms by re-reading the slot against the whole
     * {@code word}. Spaces that never tag need not override it.
     */
    default boolean tryIncrefCompareWord(ThreadContext thread, long slotAddress, long word) {
        return tryIncrefCompare(thread, slotAddress, word);
    }

    /**
     * Tag bit of an <em>uncounted use</em> (object addresses are 8-byte aligned, so bit 0 is free):
     * see {@link #tryUseCompare}. CPython's {@code Py_TAG_DEFERRED} on a {@code _PyStackRef}.
     */
    long UNCOUNTED_USE = 1;

    /**
     * The lock-free reader's primitive for a short use (CPython's
     * {@code _Py_TryIncrefCompareStackRef}): like {@link #tryIncrefCompare}, but an object with
     * deferred counting is not counted — the result is {@code expected | UNCOUNTED_USE}, valid until
     * the calling thread's next safe point (the object layer frees a deferred object only after
     * every thread passed one). Any other object gets a counted reference: the result is
     * {@code expected}. 0 when the conditional increment or the slot re-check fails. End the use
     * with {@link #releaseUse}; {@link #useObject} strips the tag. Spaces without deferred counting
     * always count.
     */
    default long tryUseCompare(ThreadContext thread, long slotAddress, long expected) {
        return tryIncrefCompare(thread, slotAddress, expected) ? expected : 0;
    }

    /**
     * Slot tag (low bits of a container slot, see {@link #slotTag}): a lock-free reader may hand
     * out an uncounted use of the object without reading its header — the object has deferred
     * counting or is immortal. Equal to {@link #UNCOUNTED_USE}, so a slot word carrying only this
     * tag is already the use.
     */
    long SLOT_UNCOUNTED_USE = UNCOUNTED_USE;

    /** Slot tag: the object is immortal, so even a counted reference needs no count. */
    long SLOT_IMMORTAL = 2;

    /**
     * Slot tag in the high 16 bits (object addresses are user-space pointers below 2^48): a
     * per-thread counted object's index into the threads' count slots, plus one (0 = no index). A
     * lock-free reader counts such an object in its own slot from the slot word alone
     * ({@link #increfPerThreadSlot}), without reading its header.
     */
    int SLOT_INDEX_SHIFT = 48;

    /** Mask of the per-thread index tag ({@link #SLOT_INDEX_SHIFT}). */
    long SLOT_INDEX_MASK = 0xFFFFL << SLOT_INDEX_SHIFT;

    /** Every slot tag bit: {@code word & ~SLOT_TAGS} is the object address. */
    long SLOT_TAGS = SLOT_UNCOUNTED_USE | SLOT_IMMORTAL | SLOT_INDEX_MASK;

    /**
     * Adds a reference to the object of {@code word}, a slot word carrying a per-thread index tag
     * ({@link #SLOT_INDEX_MASK}), by one plain increment of the calling thread's own count slot —
     * no header read, no confirmation. Sound only for a word loaded from a container slot since
     * the caller's last safe point (the refcount layer frees such objects only at a stop-the-world
     * collection, which cannot complete while the caller is between two safe points). Spaces whose
     * {@link #slotTag} never sets the index tag need not override it.
     */
    default void increfPerThreadSlot(ThreadContext thread, long word) {
        throw new UnsupportedOperationException("no per-thread counting in " + getClass().getSimpleName());
    }

    /**
     * The tags a container may keep in the low bits of a slot it stores {@code obj} into
     * ({@link #SLOT_UNCOUNTED_USE}, plus {@link #SLOT_IMMORTAL} for an immortal object), so that
     * its lock-free readers decide "no count needed" from the slot word alone, without a dependent
     * load of the object's header. The caller holds a reference to {@code obj} (so the address is
     * this object's). Sound because both properties are final: the refcount layer only ever sets
     * the deferred and immortal flags, never clears them, so a tag that was true when the slot was
     * written stays true while the slot holds the object. A property acquired after the store is
     * simply not tagged (the reader then reads the header, as without tags). Spaces without
     * deferred or immortal objects return 0. A per-thread counted object gets its index tag
     * ({@link #SLOT_INDEX_MASK}); per-thread counting is final and the index is the object's until
     * it is freed, so that tag is as stable.
     */
    default long slotTag(long obj) {
        return 0;
    }

    /** The object address of a slot word (the slot tags stripped). */
    static long slotObject(long word) {
        return word & ~SLOT_TAGS;
    }

    /** Ends a use from {@link #tryUseCompare} (or a plain new reference): drops the reference
     *  unless the use is tagged uncounted. */
    default void releaseUse(ThreadContext thread, long use) {
        if ((use & UNCOUNTED_USE) == 0) {
            decref(thread, use);
        }
    }

    /** The object address of a use (the tag stripped). */
    static long useObject(long use) {
        return use & ~UNCOUNTED_USE;
    }

    /** Type-supplied hash; {@link UnhashableTypeException} if the kind has none. */
    default long hash(long obj) {
        ObjectKind kind = kindOf(obj);
        if (!kind.hashable()) {
            throw new UnhashableTypeException(kind.name());
        }
        return kind.hash(payload(obj));
    }

    /** Type-supplied equality: identity, or same kind and equal payloads. */
    default boolean equals(long a, long b) {
        if (a == b) {
            return true;
        }
        ObjectKind ka = kindOf(a);
        return ka == kindOf(b) && ka.equals(payload(a), payload(b));
    }

    /** Raw memory of {@code bytes} (8-byte aligned, not zeroed) for an item array or table. */
    long allocateMemory(ThreadContext thread, long bytes);

    /** Frees raw memory from {@link #allocateMemory}; any thread. */
    void freeMemory(long address);

    /** Live objects now (for leak checks in tests). */
    long liveObjects();

    /** Live raw blocks now (for leak checks in tests). */
    long liveMemoryBlocks();
}
