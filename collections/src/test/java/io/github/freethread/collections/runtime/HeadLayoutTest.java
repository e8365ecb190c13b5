package io.github.freethread.collections.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.github.freethread.collections.CollectionsRuntime;
import io.github.freethread.collections.ThreadContext;
import io.github.freethread.collections.dict.DictLayout;
import io.github.freethread.collections.dict.ObjectDict;
import io.github.freethread.collections.list.ListLayout;
import io.github.freethread.collections.list.ObjectList;
import io.github.freethread.refcount.ObjectRuntime;
import io.github.freethread.refcount.RuntimeConfig;
import io.github.freethread.refcount.ThreadState;

/**
 * The heads keep the lock word (written by every mutation) off the cache line that lock-free
 * readers load on every get, and the runtime's allocator places heads on line boundaries so that no
 * neighbouring block shares either line.
 */
class HeadLayoutTest {
    private static final int LINE = 64;

    private static long line(long offset) {
        return offset / LINE;
    }

    @Test
    void shouldKeepTheDictLockWordOffTheTablePointersLine() {
        assertThat(line(DictLayout.TABLE_OFFSET)).isNotEqualTo(line(DictLayout.LOCK_OFFSET));
        assertThat(line(DictLayout.USED_OFFSET)).as("written under the lock: with it").isEqualTo(line(DictLayout.LOCK_OFFSET));
        assertThat(line(DictLayout.NEXT_ORDER_OFFSET)).isEqualTo(line(DictLayout.LOCK_OFFSET));
        assertThat(DictLayout.HEAD_SIZE).isEqualTo(2 * LINE);
        assertThat(DictLayout.ENTRY_SIZE).isEqualTo(1 << DictLayout.ENTRY_SHIFT);
    }

    @Test
    void shouldKeepTheListLockWordOffTheReadersLine() {
        assertThat(line(ListLayout.ITEMS_OFFSET)).isNotEqualTo(line(ListLayout.LOCK_OFFSET));
        assertThat(line(ListLayout.SIZE_OFFSET)).as("read with items by every get").isEqualTo(line(ListLayout.ITEMS_OFFSET));
        assertThat(ListLayout.HEAD_SIZE).isEqualTo(2 * LINE);
    }

    @Test
    void shouldAllocateHeadsOnCacheLineBoundaries() {
        CollectionsRuntime c = CollectionsRuntime.create(RuntimeConfig.defaults());
        ObjectRuntime rt = c.objectRuntime();
        ThreadState ts = rt.attach();
        ThreadContext t = CollectionsRuntime.context(ts);
        for (int i = 0; i < 100; i++) {
            ObjectDict d = ObjectDict.create(t);
            ObjectList l = ObjectList.create(t);
            assertThat(d.address() % LINE).as("dict head 0x%x", d.address()).isZero();
            assertThat(l.address() % LINE).as("list head 0x%x", l.address()).isZero();
            d.dispose(t);
            l.dispose(t);
        }
        ts.poll();
        rt.detach();
        c.close();
    }
}
