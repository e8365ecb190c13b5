package io.github.freethread.collections.dict;

import org.agrona.UnsafeApi;

import io.github.freethread.collections.ThreadContext;
import io.github.freethread.collections.lock.CriticalSections;
import io.github.freethread.collections.object.ObjectSpace;

/**
 * An insertion-ordered dict keyed by runtime objects, with lock-free lookups and locked
 * insert/delete/resize, after CPython's free-threaded {@code Objects/dictobject.c}
 * ({@code _Py_dict_lookup_threadsafe}, {@code _Py_TryXGetRef}, tables freed with
 * {@code _PyMem_FreeDelayed}). Hash and equality come from the keys' {@code ObjectKind}.
 * Layout and invariants: {@link DictLayout}.
 *
 * <p><b>Lock-free lookup</b> ({@link #get}), each step and why it is safe:
 * <ol>
 * <li>hash the probe key (the caller holds it; ints and strs without dispatch, see
 *     {@code ObjectSpace.hash});</li>
 * <li>load {@code table} (acquire; pairs with the release in {@code resize}/{@code clear}): log2
 *     size and entry capacity are immutable; the table is not freed before this thread's next
 *     quiescent point;</li>
 * <li>probe index slots (acquire; pairs with {@code putIntRelease} after the entry was written): an
 *     entry number leads to a fully written entry; EMPTY ends the probe with "absent" — slots never
 *     return to EMPTY, so the key was absent from this table when the table was loaded;</li>
 * <li>load the entry's key (acquire). The same address as the probe key is a match without
 *     touching either key (the caller's reference keeps the address from being reused);</li>
 * <li>otherwise compare the stored hash (immutable); on a match with key 0 the entry is deleted
 *     <em>or</em> the table is retired and its keys cleared (6): re-load {@code table}; if it
 *     changed, the answer comes from the locked lookup (a retired table must never yield "absent"
 *     for a present key); on a match with another key object take a reference to it with
 *     {@code tryIncrefCompare(keySlot, k)} before calling {@code equals}, so equality never reads
 *     a freed key;</li>
 * <li>load the value slot word (acquire). Values that were immortal or deferred when stored carry
 *     slot tags in the word's low bits ({@link ObjectSpace#slotTag}; flags are only ever set, so a
 *     tag stays true): {@code getUse} of a tagged value returns the uncounted use straight from
 *     this one load, {@code get} of an immortal value returns it without a count — the load is the
 *     confirmation, and there is no increment whose timing a re-read would have to prove (6i, 6u).
 *     A per-thread counted value carries its index in the word's high 16 bits: {@code get} and
 *     {@code getUse} count it in the reader's own slot from the word alone and return it (6p: it is
 *     freed only at a stop-the-world collection, which cannot complete before this thread's next
 *     safe point, so no re-read is needed).
 *     Otherwise {@code tryIncrefCompare(valueSlot, word)}: fails on a dead value; its re-read of the
 *     slot after the increment is the confirmation: a value slot only goes 0 &rarr; v &rarr; v'
 *     (replace, key unchanged) &rarr; 0 (remove and retire clear the value <em>before</em> the
 *     key), and an entry is never reused within a table, so reading {@code v} again means the
 *     entry was live and bound to our key at that instant (6c);</li>
 * <li>any failed step falls back to the locked lookup, which is exact.</li>
 * </ol>
 *
 * <p><b>Mutation</b>: inside a critical section on the dict's lock word. Inserts append an entry,
 * then publish its index slot with release. Deletes mark the index DUMMY and clear key and value
 * (release). A full table is replaced by a compacted one sized by the live count (deleted entries
 * dropped), so insert/delete churn never grows memory without bound; the old table's keys and values
 * are cleared, then it goes to QSBR. The dict holds one reference to each key and value;
 * {@code put} takes its own references (the caller keeps theirs); lookups return new references.
 *
 * <p>Deviation from CPython: value slots carry deferred/immortal tags (CPython reads the value's
 * header: {@code _Py_TryIncrefCompareStackRef} checks {@code _PyObject_HasDeferredRefcount}); no
 * separate unicode-keys fast path and no split tables; retired tables
 * are cleared (closes a same-address reuse ABA for stale readers, as in {@code ObjectList}); entries
 * carry an insertion ordinal so a cursor resumes correctly after compaction.
 *
 * <p>Ownership: head and tables off-heap (see {@link DictLayout}); this handle's fields are final.
 */
public final class ObjectDict {
    /** Outcomes of comparing a probed entry's key out of line ({@code clearedKey}, {@code equalKey}). */
    private static final int NO_MATCH = 0;
    private static final int MATCH = 1;
    private static final int RETRY_LOCKED = 2;

    private final ObjectSpace space;
    private final long head;
    private final long lockWord;

    private ObjectDict(ObjectSpace space, long head) {
        this.space = space;
        this.head = head;
        this.lockWord = head + DictLayout.LOCK_OFFSET;
    }

    /** A new empty dict. */
    public static ObjectDict create(ThreadContext t) {
        ObjectSpace space = t.runtime().space();
        long head = space.allocateMemory(t, DictLayout.HEAD_SIZE);
        UnsafeApi.setMemory(head, DictLayout.HEAD_SIZE, (byte) 0);
        return new ObjectDict(space, head);
    }

    /** Address of the head. */
    public long address() {
        return head;
    }

    /** Address of the dict's lock word. */
    public long lockWord() {
        return lockWord;
    }

    /** Number of live entries (a snapshot). */
    public long length() {
        return UnsafeApi.getLongOpaque(null, head + DictLayout.USED_OFFSET);
    }

    // ------------------------------------------------------------------ lookups

    /** The value bound to {@code key} as a new reference, or 0 if absent. Lock-free in the common case. */
    public long get(ThreadContext t, long key) {
        return lookup(t, key, false);
    }

    /**
     * A <em>use</em> of the value bound to {@code key}, or 0 if absent (CPython's
     * {@code _Py_dict_lookup_threadsafe_stackref}): a value with deferred counting comes back
     * uncounted, tagged {@link ObjectSpace#UNCOUNTED_USE} and valid until this thread's next safe
     * point; any other value as a new reference. End it with {@link ObjectSpace#releaseUse}; get
     * the address with {@link ObjectSpace#useObject}. Readers of deferred values (functions,
     * modules, globals) then write nothing shared.
     */
    public long getUse(ThreadContext t, long key) {
        return lookup(t, key, true);
    }

    /** The lock-free lookup; {@code use} (a constant at each call site) selects {@link #getUse}'s
     *  confirmation. */
    private long lookup(ThreadContext t, long key, boolean use) {
        checkKey(key);
        long hash = space.hash(key);
        // acquire: pairs with putLongRelease in resize() and clear()
        long table = UnsafeApi.getLongAcquire(null, head + DictLayout.TABLE_OFFSET);
        if (table == 0) {
            return 0;
        }
        int log2 = (int) UnsafeApi.getLong(table + DictLayout.LOG2_SIZE_OFFSET);
        long mask = (1L << log2) - 1;
        long entries = table + DictLayout.entriesOffset(log2);
        long i = hash & mask;
        long perturb = hash;
        while (true) {
            // acquire: pairs with putIntRelease in insertNew()
            int ix = UnsafeApi.getIntAcquire(null, DictLayout.indexSlot(table, i));
            if (ix == DictLayout.EMPTY) {
                return 0;
            }
            if (ix >= 0) {
                long e = entries + ((long) ix << DictLayout.ENTRY_SHIFT);
                // acquire: pairs with the releases that clear the key (remove, retire)
                long k = UnsafeApi.getLongAcquire(null, e + DictLayout.ENTRY_KEY);
                if (k == key) {
                    return valueOf(t, e, key, hash, use);
                }
                if (UnsafeApi.getLong(e + DictLayout.ENTRY_HASH) == hash) {
                    int m = k == 0 ? clearedKey(table) : equalKey(t, e, k, key);
                    if (m == MATCH) {
                        return valueOf(t, e, key, hash, use);
                    }
                    if (m == RETRY_LOCKED) {
                        return getLocked(t, key, hash);
                    }
                }
            }
            perturb >>>= 5;
            i = (i * 5 + perturb + 1) & mask;
        }
    }

    /**
     * A matching hash whose key reads 0: a deleted entry (keep probing), or a retired table whose
     * keys were cleared. The clearing store is a release made after the new table was published,
     * so our acquire load of 0 lets us see the new pointer: a stale table means the key may well be
     * present, so the exact answer comes from the lock.
     */
    private int clearedKey(long table) {
        return UnsafeApi.getLongAcquire(null, head + DictLayout.TABLE_OFFSET) != table ? RETRY_LOCKED : NO_MATCH;
    }

    /** A different key object with the same hash: compare by the type's equality, holding a
     *  reference to the stored key so that equality never reads a freed key. */
    private int equalKey(ThreadContext t, long e, long k, long key) {
        if (!space.tryIncrefCompare(t, e + DictLayout.ENTRY_KEY, k)) {
            return RETRY_LOCKED;
        }
        try {
            return space.equals(k, key) ? MATCH : NO_MATCH;
        } finally {
            space.decref(t, k);
        }
    }

    /**
     * The value of entry {@code e} (whose key matched) as a new reference. {@code tryIncrefCompare}
     * re-reads the value slot after the increment: still {@code v} means the entry was live and
     * bound to our key at that instant — a value slot goes 0 → v → (v' under the lock, key
     * unchanged) → 0 (remove and retire clear the value before the key), and an entry is never
     * reused within a table, so no separate re-check of the key is needed.
     */
    private long valueOf(ThreadContext t, long e, long key, long hash, boolean use) {
        long valueSlot = e + DictLayout.ENTRY_VALUE;
        // acquire: pairs with the putLongRelease of the value in insertNew() / put()
        long w = UnsafeApi.getLongAcquire(null, valueSlot);
        if ((w & ObjectSpace.SLOT_INDEX_MASK) != 0) {
            // per-thread counted, index tagged when stored: count in our own slot; this one load is
            // the confirmation (6p; a counted reference is a valid use too)
            space.increfPerThreadSlot(t, w);
            return w & ~ObjectSpace.SLOT_TAGS;
        }
        if (use) {
            if ((w & ObjectSpace.SLOT_UNCOUNTED_USE) != 0) {
                // deferred or immortal, tagged when stored: this one load is the confirmation (6u)
                return w & ~ObjectSpace.SLOT_IMMORTAL;
            }
            if (w != 0) {
                long u = space.tryUseCompare(t, valueSlot, w); // untagged: w is the address
                if (u != 0) {
                    return u;
                }
            }
        } else {
            if ((w & ObjectSpace.SLOT_IMMORTAL) != 0) {
                return w & ~ObjectSpace.SLOT_TAGS; // immortal: a counted reference costs no count (6i)
            }
            if (w != 0 && space.tryIncrefCompareWord(t, valueSlot, w)) {
                return ObjectSpace.slotObject(w);
            }
        }
        return getLocked(t, key, hash); // a counted reference is a valid use too
    }

    /** The exact, locked lookup: new reference to the value or 0. */
    public long getLocked(ThreadContext t, long key, long hash) {
        CriticalSections cs = t.sections();
        cs.enter(lockWord);
        try {
            long table = tablePlain();
            if (table == 0) {
                return 0;
            }
            long e = findEntry(table, hash, key);
            if (e == 0) {
                return 0;
            }
            long v = ObjectSpace.slotObject(UnsafeApi.getLong(e + DictLayout.ENTRY_VALUE));
            space.incref(t, v);
            return v;
        } finally {
            cs.exit();
        }
    }

    /** True if {@code key} is bound. */
    public boolean contains(ThreadContext t, long key) {
        long v = get(t, key);
        if (v == 0) {
            return false;
        }
        space.decref(t, v);
        return true;
    }

    /** A cursor over entries in insertion order, weakly consistent (see {@link DictCursor}). */
    public DictCursor cursor(ThreadContext t) {
        return new DictCursor(this, t);
    }

    // ------------------------------------------------------------------ mutation

    /** Binds {@code key} to {@code value} (the dict takes its own references); replaces an old value. */
    public void put(ThreadContext t, long key, long value) {
        checkKey(key);
        checkValue(value);
        long hash = space.hash(key); // unhashable keys fail here, before any state changes
        long old = 0;
        CriticalSections cs = t.sections();
        cs.enter(lockWord);
        try {
            long table = tablePlain();
            long e = table == 0 ? 0 : findEntry(table, hash, key);
            if (e != 0) {
                old = ObjectSpace.slotObject(UnsafeApi.getLong(e + DictLayout.ENTRY_VALUE));
                space.incref(t, value);
                space.shareForReading(value);
                // release: a reader that loads the new value sees it initialised
                UnsafeApi.putLongRelease(null, e + DictLayout.ENTRY_VALUE, value | space.slotTag(value));
            } else {
                insertNew(t, hash, key, value);
            }
        } finally {
            cs.exit();
        }
        if (old != 0) {
            space.decref(t, old);
        }
    }

    /**
     * Binds {@code key} to {@code value} unless bound: returns 0 when it inserted, else a new
     * reference to the existing value (atomic with respect to other mutations).
     */
    public long putIfAbsent(ThreadContext t, long key, long value) {
        checkKey(key);
        checkValue(value);
        long hash = space.hash(key);
        CriticalSections cs = t.sections();
        cs.enter(lockWord);
        try {
            long table = tablePlain();
            long e = table == 0 ? 0 : findEntry(table, hash, key);
            if (e != 0) {
                long v = ObjectSpace.slotObject(UnsafeApi.getLong(e + DictLayout.ENTRY_VALUE));
                space.incref(t, v);
                return v;
            }
            insertNew(t, hash, key, value);
            return 0;
        } finally {
            cs.exit();
        }
    }

    /** Removes {@code key}'s binding; true if there was one. */
    public boolean remove(ThreadContext t, long key) {
        checkKey(key);
        long hash = space.hash(key);
        long k;
        long v;
        CriticalSections cs = t.sections();
        cs.enter(lockWord);
        try {
            long table = tablePlain();
            if (table == 0) {
                return false;
            }
            int log2 = (int) UnsafeApi.getLong(table + DictLayout.LOG2_SIZE_OFFSET);
            long slot = findSlot(table, log2, hash, key);
            if (slot == 0) {
                return false;
            }
            long e = DictLayout.entry(table, log2, UnsafeApi.getInt(slot));
            k = UnsafeApi.getLong(e + DictLayout.ENTRY_KEY);
            v = ObjectSpace.slotObject(UnsafeApi.getLong(e + DictLayout.ENTRY_VALUE));
            UnsafeApi.putIntRelease(null, slot, DictLayout.DUMMY);
            // release: stale readers' confirmations re-read 0 and fail
            UnsafeApi.putLongRelease(null, e + DictLayout.ENTRY_VALUE, 0L);
            UnsafeApi.putLongRelease(null, e + DictLayout.ENTRY_KEY, 0L);
            putUsed(usedPlain() - 1);
        } finally {
            cs.exit();
        }
        space.decref(t, k);
        space.decref(t, v);
        return true;
    }

    /** Removes every entry (dropping the references); the table goes through QSBR. */
    public void clear(ThreadContext t) {
        long[] dropped;
        CriticalSections cs = t.sections();
        cs.enter(lockWord);
        try {
            long table = tablePlain();
            if (table == 0) {
                return;
            }
            int log2 = (int) UnsafeApi.getLong(table + DictLayout.LOG2_SIZE_OFFSET);
            long n = UnsafeApi.getLong(table + DictLayout.ENTRIES_USED_OFFSET);
            dropped = new long[(int) (2 * usedPlain())];
            int j = 0;
            for (long e = 0; e < n; e++) {
                long entry = DictLayout.entry(table, log2, e);
                long k = UnsafeApi.getLong(entry + DictLayout.ENTRY_KEY);
                if (k != 0) {
                    dropped[j++] = k;
                    dropped[j++] = ObjectSpace.slotObject(UnsafeApi.getLong(entry + DictLayout.ENTRY_VALUE));
                }
            }
            UnsafeApi.putLongRelease(null, head + DictLayout.TABLE_OFFSET, 0L);
            putUsed(0);
            retire(t, table);
        } finally {
            cs.exit();
        }
        for (long a : dropped) {
            space.decref(t, a);
        }
    }

    /** Drops every entry and frees head and table through QSBR; the handle is dead after. */
    public void dispose(ThreadContext t) {
        clear(t);
        t.qsbr().deferFree(head);
    }

    // ------------------------------------------------------------------ internals (under the lock)

    long tablePlain() {
        return UnsafeApi.getLong(head + DictLayout.TABLE_OFFSET);
    }

    long usedPlain() {
        return UnsafeApi.getLong(head + DictLayout.USED_OFFSET);
    }

    private void putUsed(long used) {
        UnsafeApi.putLongRelease(null, head + DictLayout.USED_OFFSET, used);
    }

    /** Under the lock: the entry address bound to {@code key}, or 0. */
    private long findEntry(long table, long hash, long key) {
        int log2 = (int) UnsafeApi.getLong(table + DictLayout.LOG2_SIZE_OFFSET);
        long slot = findSlot(table, log2, hash, key);
        return slot == 0 ? 0 : DictLayout.entry(table, log2, UnsafeApi.getInt(slot));
    }

    /** Under the lock: address of the index slot that leads to {@code key}'s entry, or 0. */
    private long findSlot(long table, int log2, long hash, long key) {
        long mask = (1L << log2) - 1;
        long i = hash & mask;
        long perturb = hash;
        while (true) {
            long slot = DictLayout.indexSlot(table, i);
            int ix = UnsafeApi.getInt(slot);
            if (ix == DictLayout.EMPTY) {
                return 0;
            }
            if (ix >= 0) {
                long e = DictLayout.entry(table, log2, ix);
                if (UnsafeApi.getLong(e + DictLayout.ENTRY_HASH) == hash) {
                    long k = UnsafeApi.getLong(e + DictLayout.ENTRY_KEY);
                    if (k == key || (k != 0 && space.equals(k, key))) {
                        return slot;
                    }
                }
            }
            perturb >>>= 5;
            i = (i * 5 + perturb + 1) & mask;
        }
    }

    /** Under the lock: appends a new entry (resizing first if full) and publishes its index slot. */
    private void insertNew(ThreadContext t, long hash, long key, long value) {
        long table = tablePlain();
        if (table == 0 || UnsafeApi.getLong(table + DictLayout.ENTRIES_USED_OFFSET)
                == UnsafeApi.getLong(table + DictLayout.ENTRY_CAPACITY_OFFSET)) {
            table = resize(t, usedPlain() + 1);
        }
        int log2 = (int) UnsafeApi.getLong(table + DictLayout.LOG2_SIZE_OFFSET);
        long n = UnsafeApi.getLong(table + DictLayout.ENTRIES_USED_OFFSET);
        long e = DictLayout.entry(table, log2, n);
        space.incref(t, key);
        space.incref(t, value);
        space.shareForReading(key);
        space.shareForReading(value);
        long order = UnsafeApi.getLong(head + DictLayout.NEXT_ORDER_OFFSET);
        UnsafeApi.putLong(head + DictLayout.NEXT_ORDER_OFFSET, order + 1);
        UnsafeApi.putLong(e + DictLayout.ENTRY_HASH, hash);
        UnsafeApi.putLong(e + DictLayout.ENTRY_ORDER, order);
        UnsafeApi.putLongRelease(null, e + DictLayout.ENTRY_KEY, key);
        UnsafeApi.putLongRelease(null, e + DictLayout.ENTRY_VALUE, value | space.slotTag(value));
        UnsafeApi.putLongRelease(null, table + DictLayout.ENTRIES_USED_OFFSET, n + 1);
        // release: pairs with getIntAcquire in get(): the entry above is visible to a reader
        // that finds this slot
        UnsafeApi.putIntRelease(null, emptySlotFor(table, log2, hash), (int) n);
        putUsed(usedPlain() + 1);
    }

    /** First EMPTY index slot on {@code hash}'s probe path (one always exists: invariant (1)). */
    private static long emptySlotFor(long table, int log2, long hash) {
        long mask = (1L << log2) - 1;
        long i = hash & mask;
        long perturb = hash;
        while (true) {
            long slot = DictLayout.indexSlot(table, i);
            if (UnsafeApi.getInt(slot) == DictLayout.EMPTY) {
                return slot;
            }
            perturb >>>= 5;
            i = (i * 5 + perturb + 1) & mask;
        }
    }

    /**
     * Under the lock: replaces the table by a compacted one with room for {@code needed} live
     * entries (twice that, so a run of inserts does not resize at once again); publishes it and
     * retires the old one. Returns the new table.
     */
    private long resize(ThreadContext t, long needed) {
        int log2 = DictLayout.log2For(Math.max(needed * 2, 5));
        long bytes = DictLayout.tableBytes(log2);
        long table = space.allocateMemory(t, bytes);
        UnsafeApi.putLong(table + DictLayout.LOG2_SIZE_OFFSET, log2);
        UnsafeApi.putLong(table + DictLayout.ENTRY_CAPACITY_OFFSET, DictLayout.entryCapacity(log2));
        UnsafeApi.setMemory(DictLayout.indexSlot(table, 0), 4L << log2, (byte) 0xFF); // EMPTY = -1
        long n = 0;
        long old = tablePlain();
        if (old != 0) {
            int oldLog2 = (int) UnsafeApi.getLong(old + DictLayout.LOG2_SIZE_OFFSET);
            long oldUsed = UnsafeApi.getLong(old + DictLayout.ENTRIES_USED_OFFSET);
            for (long e = 0; e < oldUsed; e++) {
                long src = DictLayout.entry(old, oldLog2, e);
                long k = UnsafeApi.getLong(src + DictLayout.ENTRY_KEY);
                if (k == 0) {
                    continue; // deleted: compaction
                }
                long dst = DictLayout.entry(table, log2, n);
                long hash = UnsafeApi.getLong(src + DictLayout.ENTRY_HASH);
                UnsafeApi.putLong(dst + DictLayout.ENTRY_HASH, hash);
                UnsafeApi.putLong(dst + DictLayout.ENTRY_KEY, k);
                UnsafeApi.putLong(dst + DictLayout.ENTRY_VALUE, UnsafeApi.getLong(src + DictLayout.ENTRY_VALUE));
                UnsafeApi.putLong(dst + DictLayout.ENTRY_ORDER, UnsafeApi.getLong(src + DictLayout.ENTRY_ORDER));
                UnsafeApi.putInt(emptySlotFor(table, log2, hash), (int) n);
                n++;
            }
        }
        UnsafeApi.putLong(table + DictLayout.ENTRIES_USED_OFFSET, n);
        // release: pairs with getLongAcquire in get(): the whole table is visible
        UnsafeApi.putLongRelease(null, head + DictLayout.TABLE_OFFSET, table);
        if (old != 0) {
            retire(t, old);
        }
        return table;
    }

    /** Under the lock, after the table is unpublished: clears keys and values (6), defers the free. */
    private static void retire(ThreadContext t, long table) {
        int log2 = (int) UnsafeApi.getLong(table + DictLayout.LOG2_SIZE_OFFSET);
        long n = UnsafeApi.getLong(table + DictLayout.ENTRIES_USED_OFFSET);
        for (long e = 0; e < n; e++) {
            long entry = DictLayout.entry(table, log2, e);
            UnsafeApi.putLongRelease(null, entry + DictLayout.ENTRY_VALUE, 0L);
            UnsafeApi.putLongRelease(null, entry + DictLayout.ENTRY_KEY, 0L);
        }
        t.qsbr().deferFree(table);
    }

    private void checkKey(long key) {
        if (key == 0) {
            throw new IllegalArgumentException("null object address cannot be a dict key");
        }
    }

    private static void checkValue(long value) {
        if (value == 0) {
            throw new IllegalArgumentException("null object address cannot be a dict value");
        }
    }

    /** Checks invariants (1)-(5) and (7) under the dict's lock. */
    public void assertInvariants(ThreadContext t) {
        CriticalSections cs = t.sections();
        cs.enter(lockWord);
        try {
            long table = tablePlain();
            if (table == 0) {
                if (usedPlain() != 0) {
                    throw new AssertionError("(2) no table but used " + usedPlain());
                }
                return;
            }
            int log2 = (int) UnsafeApi.getLong(table + DictLayout.LOG2_SIZE_OFFSET);
            long size = 1L << log2;
            long cap = UnsafeApi.getLong(table + DictLayout.ENTRY_CAPACITY_OFFSET);
            long n = UnsafeApi.getLong(table + DictLayout.ENTRIES_USED_OFFSET);
            if (n > cap || cap >= size) {
                throw new AssertionError("(1) entriesUsed " + n + " capacity " + cap + " index size " + size);
            }
            long live = 0;
            long lastOrder = -1;
            for (long e = 0; e < n; e++) {
                long entry = DictLayout.entry(table, log2, e);
                long order = UnsafeApi.getLong(entry + DictLayout.ENTRY_ORDER);
                if (order <= lastOrder) {
                    throw new AssertionError("(5) order " + order + " after " + lastOrder + " at entry " + e);
                }
                lastOrder = order;
                long k = UnsafeApi.getLong(entry + DictLayout.ENTRY_KEY);
                long w = UnsafeApi.getLong(entry + DictLayout.ENTRY_VALUE);
                long tags = w & ObjectSpace.SLOT_TAGS;
                if (tags != 0 && (tags & ~space.slotTag(ObjectSpace.slotObject(w))) != 0) {
                    throw new AssertionError("(7) entry " + e + " value slot tagged " + tags
                            + " but the value's flags give " + space.slotTag(ObjectSpace.slotObject(w)));
                }
                if (k != 0) {
                    live++;
                    long slot = findSlot(table, log2, UnsafeApi.getLong(entry + DictLayout.ENTRY_HASH), k);
                    if (slot == 0 || UnsafeApi.getInt(slot) != e) {
                        throw new AssertionError("(4) entry " + e + " not reachable by probing");
                    }
                }
            }
            if (live != usedPlain()) {
                throw new AssertionError("(2) used " + usedPlain() + " but " + live + " live entries");
            }
            long nonEmpty = 0;
            for (long i = 0; i < size; i++) {
                if (UnsafeApi.getInt(DictLayout.indexSlot(table, i)) != DictLayout.EMPTY) {
                    nonEmpty++;
                }
            }
            if (nonEmpty != n) {
                throw new AssertionError("(3) " + nonEmpty + " non-empty index slots, " + n + " entries");
            }
        } finally {
            cs.exit();
        }
    }

    /** Entry capacity of the current table (0 when none): for growth tests. */
    public long tableCapacity(ThreadContext t) {
        CriticalSections cs = t.sections();
        cs.enter(lockWord);
        try {
            long table = tablePlain();
            return table == 0 ? 0 : UnsafeApi.getLong(table + DictLayout.ENTRY_CAPACITY_OFFSET);
        } finally {
            cs.exit();
        }
    }

    ObjectSpace space() {
        return space;
    }
}
