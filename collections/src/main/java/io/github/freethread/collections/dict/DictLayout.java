package io.github.freethread.collections.dict;

/**
 * Off-heap layout of an {@link ObjectDict}: a fixed head and a compact, insertion-ordered table
 * (CPython's {@code PyDictKeysObject}: an index array of small ints into a dense entry array).
 *
 * <pre>
 * head (HEAD_SIZE bytes, lives as long as the dict)
 *   +0   | lock word (LockWord)                          | critical sections of this dict (CAS by every mutator)
 *   +8   | used: live entries                            | release under the lock; opaque lock-free
 *   +16  | nextOrder: insertion ordinal of the next entry| under the lock only
 *   +24  | (unused, to the next cache line)              |
 *   +64  | table: address of the current table, or 0     | putLongRelease under the lock; getLongAcquire lock-free
 *   +72  | (unused, to HEAD_SIZE = 128)                  |
 *
 *   The lock word and the counters written under the lock share the first cache line; the
 *   table pointer, which every lookup loads, sits alone on the second, so a put on one thread does
 *   not evict the line every other thread's next lookup needs. HEAD_SIZE = 128 is a size class
 *   whose blocks are 128-byte aligned in our allocator (no neighbouring block on either line).
 *
 * table (one block, freed through QSBR when replaced)
 *   +0   | log2IndexSize (long), immutable               |
 *   +8   | entryCapacity (long), immutable               |
 *   +16  | entriesUsed (long)  entries appended so far   | under the lock
 *   +24  | indices: int32[1 << log2IndexSize]            | EMPTY=-1, DUMMY=-2, else entry number;
 *        |   ...                                         |   putIntRelease under the lock, getIntAcquire lock-free
 *   +E   | entries[entryCapacity], ENTRY_SIZE each:      | E = entriesOffset(log2IndexSize)
 *        |   +0  hash  (long)  immutable once published  |
 *        |   +8  key   (long)  object, 0 once deleted    | release stores under the lock, acquire loads
 *        |   +16 value (long)  object | slot tags, 0 once   | release stores under the lock, acquire loads;
 *        |                     deleted                   |   tags (low 2 bits, ObjectSpace.slotTag):
 *        |                                               |   1 uncounted use allowed, 2 immortal;
 *        |                                               |   high 16 bits: per-thread index + 1
 *        |   +24 order (long)  insertion ordinal          | immutable once published
 * </pre>
 * Probing follows CPython: {@code i = hash & mask}, then {@code perturb >>>= 5; i = (5 i + perturb + 1) & mask}.
 *
 * <p>Invariants (checked by {@link ObjectDict#assertInvariants}):
 * <pre>
 *   (1) entriesUsed &lt;= entryCapacity &lt; indexSize            (an EMPTY index slot always exists)
 *   (2) used = |{ e &lt; entriesUsed : key(e) != 0 }|
 *   (3) |{ index slots != EMPTY }| = entriesUsed               (slots go EMPTY -> e -> DUMMY, never back)
 *   (4) each live entry e is found by probing from hash(e) before any EMPTY slot
 *   (5) order(e) strictly increases with e                      (cursors resume by order across resizes)
 *   (6) a replaced table has every key and value cleared to 0 before it is handed to QSBR
 *   (7) a value slot's tags are a subset of slotTag(its object): tags are taken from the value's
 *       flags when it is stored, and the flags are only ever set
 * </pre>
 */
public final class DictLayout {
    /** Lock word in the head. */
    public static final int LOCK_OFFSET = 0;
    /** Live entry count in the head (on the lock word's line: written under the lock). */
    public static final int USED_OFFSET = 8;
    /** Next insertion ordinal in the head. */
    public static final int NEXT_ORDER_OFFSET = 16;
    /** Current table pointer in the head: alone on the second cache line, which lookups load. */
    public static final int TABLE_OFFSET = 64;
    /** Head size: two cache lines. */
    public static final int HEAD_SIZE = 128;

    /** log2 of the index size in a table. */
    public static final int LOG2_SIZE_OFFSET = 0;
    /** Entry capacity in a table. */
    public static final int ENTRY_CAPACITY_OFFSET = 8;
    /** Entries appended so far in a table. */
    public static final int ENTRIES_USED_OFFSET = 16;
    /** First index slot. */
    public static final int INDICES_OFFSET = 24;

    /** Entry: hash. */
    public static final int ENTRY_HASH = 0;
    /** Entry: key. */
    public static final int ENTRY_KEY = 8;
    /** Entry: value. */
    public static final int ENTRY_VALUE = 16;
    /** Entry: insertion ordinal. */
    public static final int ENTRY_ORDER = 24;
    /** Entry size. */
    public static final int ENTRY_SIZE = 32;
    /** log2 of {@link #ENTRY_SIZE}: entry number to byte offset with one shift. */
    public static final int ENTRY_SHIFT = 5;

    /** Index slot never used. */
    public static final int EMPTY = -1;
    /** Index slot of a deleted entry. */
    public static final int DUMMY = -2;

    /** Smallest index size (log2). */
    public static final int MIN_LOG2_SIZE = 3;
    /** Largest index size (log2): entry numbers fit an int. */
    public static final int MAX_LOG2_SIZE = 30;

    private DictLayout() {}

    /** Entry capacity of an index of {@code 1 << log2} slots (2/3, as CPython's USABLE_FRACTION). */
    public static long entryCapacity(int log2) {
        return ((1L << log2) << 1) / 3;
    }

    /** Offset of entry 0 from the table start. */
    public static long entriesOffset(int log2) {
        return (INDICES_OFFSET + (4L << log2) + 7) & -8L;
    }

    /** Table bytes for {@code log2}. */
    public static long tableBytes(int log2) {
        return entriesOffset(log2) + entryCapacity(log2) * ENTRY_SIZE;
    }

    /** Smallest log2 index size whose entry capacity holds {@code entries}. */
    public static int log2For(long entries) {
        int log2 = MIN_LOG2_SIZE;
        while (entryCapacity(log2) < entries) {
            if (++log2 > MAX_LOG2_SIZE) {
                throw new IllegalStateException("dict too large: " + entries + " entries");
            }
        }
        return log2;
    }

    /** Address of index slot {@code i}. */
    public static long indexSlot(long table, long i) {
        return table + INDICES_OFFSET + (i << 2);
    }

    /** Address of entry {@code e} in a table of {@code log2}. */
    public static long entry(long table, int log2, long e) {
        return table + entriesOffset(log2) + (e << ENTRY_SHIFT);
    }
}
