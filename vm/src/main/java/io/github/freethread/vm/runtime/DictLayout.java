package io.github.freethread.vm.runtime;

import static io.github.freethread.vm.runtime.Layouts.P;

import org.agrona.UnsafeApi;

/**
 * Layout of a dict: an insertion-ordered compact table (CPython 3.6+'s design) in ONE block, the
 * <em>keys table</em>, reached through one pointer in the dict object, so a lock-free reader loads
 * a consistent table (index size, capacity, index slots and entries) with one acquire. A resize
 * builds a new table, publishes it, clears the old one and hands it to QSBR (CPython's
 * {@code PyDictKeysObject} freed with {@code _PyMem_FreeDelayed}).
 *
 * <pre>
 *  dict object                                keys table (one block)
 *  +0   lock word                             +0  long indexSize     power of two, immutable
 *  ...  header                                +8  long capacity      entries, immutable (&lt; indexSize)
 *  P+0  long used      live entries           +16 long filled        entries appended (release)
 *  P+8  ptr  keys -> keys table | 0           +24 int  indices[indexSize]   EMPTY (-1) | entry number
 *  P+16 long keysVersion                      E   entries[capacity], 24 B each:
 *                                                   +0 long hash | +8 ref key (0 = deleted) | +16 ref value
 *                                             E = 24 + 4 * indexSize rounded up to 8
 * </pre>
 *
 * <p>keysVersion changes whenever a key is added or removed and whenever the table is replaced
 * (never for a value update); specialised global loads guard on it. It is stored BEFORE a new
 * table is published, so a reader that sees the new table also sees the new version.
 *
 * <p>Invariants ({@link Dicts#assertInvariants}), quiescent dict:
 * <pre>
 *  (D1) used &lt;= filled &lt;= capacity &lt; indexSize   (an EMPTY index slot always exists)
 *  (D2) every live entry is reachable by probing from its hash
 *  (D3) index slots go EMPTY -&gt; entry number and never back; deleted entries keep their slot
 *  (D4) entries at or past filled are all zero
 *  (D5) a replaced table has every key and value cleared (value first) before it goes to QSBR
 * </pre>
 */
public final class DictLayout {
    private DictLayout() {
    }

    public static final int USED = P;
    public static final int KEYS = P + 8;
    public static final int KEYS_VERSION = P + 16;
    public static final long PAYLOAD = 24;

    public static final int T_INDEX_SIZE = 0;
    public static final int T_CAPACITY = 8;
    public static final int T_FILLED = 16;
    public static final int T_INDICES = 24;

    public static final int ENTRY_HASH = 0;
    public static final int ENTRY_KEY = 8;
    public static final int ENTRY_VALUE = 16;
    public static final int ENTRY_SIZE = 24;

    public static final int EMPTY = -1;
    public static final int MIN_CAPACITY = 5;

    /** Offset of the entries from the table start. */
    public static long entriesOffset(long indexSize) {
        return (T_INDICES + 4 * indexSize + 7) & ~7L;
    }

    /** Bytes of a table with {@code indexSize} slots and {@code capacity} entries. */
    public static long tableBytes(long indexSize, long capacity) {
        return entriesOffset(indexSize) + capacity * ENTRY_SIZE;
    }

    public static long indexSize(long table) {
        return UnsafeApi.getLong(table + T_INDEX_SIZE);
    }

    public static long capacity(long table) {
        return UnsafeApi.getLong(table + T_CAPACITY);
    }

    /** Address of entry {@code i} of {@code table}. */
    public static long entry(long table, long i) {
        return table + entriesOffset(indexSize(table)) + i * ENTRY_SIZE;
    }

    /** Address of index slot {@code i}. */
    public static long indexSlot(long table, long i) {
        return table + T_INDICES + 4 * i;
    }

    /** Index size for {@code capacity} entries: the smallest power of two with capacity &lt;= 2/3 of it. */
    public static long indexSizeFor(long capacity) {
        if (capacity < 0 || capacity > (1L << 36)) {
            throw new IllegalArgumentException("dict capacity " + capacity + " out of range [0, 2^36]");
        }
        long n = 8;
        while (n * 2 < capacity * 3) {
            n <<= 1;
        }
        return n;
    }
}
