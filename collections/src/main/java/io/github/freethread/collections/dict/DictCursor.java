package io.github.freethread.collections.dict;

import org.agrona.UnsafeApi;

import io.github.freethread.collections.ThreadContext;
import io.github.freethread.collections.lock.CriticalSections;
import io.github.freethread.collections.object.ObjectSpace;

/**
 * Iteration over an {@link ObjectDict}'s entries in insertion order, weakly consistent under
 * concurrent mutation: every entry present for the whole iteration is returned exactly once, in
 * insertion order; entries added or removed meanwhile may or may not be seen; it never throws a
 * concurrent-modification error, never crashes, never reads freed memory.
 *
 * <p>Each step takes the dict's critical section briefly, so it reads the current table exactly.
 * The cursor remembers the last table and position, and the last insertion ordinal returned; when a
 * resize (compaction) replaced the table, it resumes at the first entry whose ordinal is larger
 * (binary search: ordinals increase with position, {@link DictLayout} invariant (5)).
 *
 * <p>The cursor holds references to the current key and value, dropped on {@link #next()} and
 * {@link #close()}; {@link #key()} and {@link #value()} are borrowed until then. One thread only.
 */
public final class DictCursor implements AutoCloseable {
    private final ObjectDict dict;
    private final ThreadContext thread;
    private long table;
    private long position;
    private long lastOrder = -1;
    private long key;
    private long value;

    DictCursor(ObjectDict dict, ThreadContext thread) {
        this.dict = dict;
        this.thread = thread;
    }

    /** Advances to the next entry; false at the end. */
    public boolean next() {
        release();
        CriticalSections cs = thread.sections();
        cs.enter(dict.lockWord());
        try {
            long current = dict.tablePlain();
            if (current == 0) {
                return false;
            }
            int log2 = (int) UnsafeApi.getLong(current + DictLayout.LOG2_SIZE_OFFSET);
            long n = UnsafeApi.getLong(current + DictLayout.ENTRIES_USED_OFFSET);
            if (current != table) {
                table = current;
                position = firstAfter(current, log2, n, lastOrder);
            }
            while (position < n) {
                long e = DictLayout.entry(current, log2, position++);
                long k = UnsafeApi.getLong(e + DictLayout.ENTRY_KEY);
                if (k != 0) {
                    key = k;
                    value = ObjectSpace.slotObject(UnsafeApi.getLong(e + DictLayout.ENTRY_VALUE));
                    lastOrder = UnsafeApi.getLong(e + DictLayout.ENTRY_ORDER);
                    dict.space().incref(thread, key);
                    dict.space().incref(thread, value);
                    return true;
                }
            }
            return false;
        } finally {
            cs.exit();
        }
    }

    /** First position whose ordinal is greater than {@code order}. */
    private static long firstAfter(long table, int log2, long n, long order) {
        long lo = 0;
        long hi = n;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (UnsafeApi.getLong(DictLayout.entry(table, log2, mid) + DictLayout.ENTRY_ORDER) <= order) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Current key (borrowed). */
    public long key() {
        check();
        return key;
    }

    /** Current value (borrowed). */
    public long value() {
        check();
        return value;
    }

    private void check() {
        if (key == 0) {
            throw new IllegalStateException("cursor is not on an entry");
        }
    }

    private void release() {
        if (key != 0) {
            dict.space().decref(thread, key);
            dict.space().decref(thread, value);
            key = 0;
            value = 0;
        }
    }

    @Override
    public void close() {
        release();
    }
}
