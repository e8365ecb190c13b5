package io.github.freethread.vm.runtime;

import static io.github.freethread.vm.runtime.Layouts.P;

/**
 * Layout of a dict object: an insertion-ordered compact table (CPython 3.6+'s design): an
 * entries array in insertion order and a power-of-two index table of int slots pointing into it.
 *
 * <pre>
 *  P+0  long used          live entries (len(d))
 *  P+8  long filled        entries ever appended since the last rebuild (live + deleted)
 *  P+16 long capacity      entries the entries array holds
 *  P+24 long indexSize     slots of the index table (power of two, &gt; capacity)
 *  P+32 ptr  entries       capacity * ENTRY_SIZE bytes
 *  P+40 ptr  indices       indexSize ints: EMPTY (-1) or an entry number
 *  P+48 long keysVersion   changes whenever a key is added or removed (never for a value update);
 *                          the LOAD_GLOBAL specialisation guards on it
 *  entry: +0 long hash | +8 ref key (0 = deleted) | +16 ref value
 * </pre>
 * Invariants: (D1) used &le; filled &le; capacity &lt; indexSize; (D2) every live entry is reachable
 * by probing from its hash; (D3) a deleted entry keeps its index slot (so probing continues).
 */
public final class DictLayout {
    private DictLayout() {
    }

    public static final int USED = P;
    public static final int FILLED = P + 8;
    public static final int CAPACITY = P + 16;
    public static final int INDEX_SIZE = P + 24;
    public static final int ENTRIES = P + 32;
    public static final int INDICES = P + 40;
    public static final int KEYS_VERSION = P + 48;
    public static final long PAYLOAD = 56;

    public static final int ENTRY_HASH = 0;
    public static final int ENTRY_KEY = 8;
    public static final int ENTRY_VALUE = 16;
    public static final int ENTRY_SIZE = 24;

    public static final int EMPTY = -1;
    public static final int MIN_CAPACITY = 5;
}
