package io.github.freethread.vm.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.github.freethread.collections.lock.CriticalSections;
import io.github.freethread.collections.lock.ObjectLock;
import io.github.freethread.refcount.ObjectHeader;

/**
 * The short lock sections of list stores ({@link Lists#set}, {@link ListFloats#storeDouble}):
 * taken directly when the lock word is free, else as a full critical section — nested inside an
 * enclosing section of the same thread on the same list, or waiting for another thread — and
 * the lock word is free again afterwards (or still held by the enclosing section). Also the
 * in-place float store's two outcomes on one list (own unique float: same object; a float
 * another reference holds: a new object, the held one unchanged).
 */
class ListShortSectionTest extends SharedVmTest {
    @Test
    void shouldNestAStoreInsideTheThreadsOwnSectionOnTheSameList() {
        long l = Lists.newList(main, 2);
        Lists.appendPrivate(main, l, main.newInt(1));
        Lists.appendPrivate(main, l, main.newInt(2));
        CriticalSections cs = main.ctx.sections();
        long word = l + ObjectHeader.LOCK_OFFSET;
        cs.enter(word);
        try {
            assertThat(Lists.set(main, l, -1, main.newInt(7))).isTrue();
            assertThat(Lists.set(main, l, 2, main.none)).as("out of range").isFalse();
            assertThat(ObjectLock.isHeldBy(word, cs.id())).as("the enclosing section still holds the list").isTrue();
        } finally {
            cs.exit();
        }
        assertThat(ObjectLock.isLocked(word)).isFalse();
        assertThat(VmThread.intValue(Lists.get(l, 1))).isEqualTo(7);
        Lists.assertInvariants(l);
        main.decref(l);
    }

    @Test
    void shouldWaitForAnotherThreadHoldingTheListsLock() throws Exception {
        long l = Lists.newList(main, 1);
        Lists.appendPrivate(main, l, main.newFloat(1.5));
        long word = l + ObjectHeader.LOCK_OFFSET;
        CountDownLatch held = new CountDownLatch(1);
        runThreads(2, (t, idx) -> {
            if (idx == 0) {
                CriticalSections cs = t.ctx.sections();
                cs.enter(word);
                try {
                    held.countDown();
                    Thread.sleep(50);
                } finally {
                    cs.exit();
                }
            } else {
                assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
                assertThat(ListFloats.storeDouble(t, l, 0, 2.5)).isTrue(); // waits for thread 0's section
                assertThat(Lists.set(t, l, 0, t.none)).isTrue();
            }
        });
        assertThat(ObjectLock.isLocked(word)).isFalse();
        assertThat(Lists.get(l, 0)).isEqualTo(main.none);
        main.decref(l);
    }

    @Test
    void shouldOverwriteOnlyAFloatNoOneElseReferences() {
        long l = Lists.newList(main, 1);
        Lists.appendPrivate(main, l, main.newFloat(1.0));
        long unique = Lists.get(l, 0);
        assertThat(ListFloats.storeDouble(main, l, 0, 2.0)).isTrue();
        assertThat(Lists.get(l, 0)).as("the list's only reference: updated in place").isEqualTo(unique);
        assertThat(VmThread.floatValue(unique)).isEqualTo(2.0);
        long held = Lists.getOwned(main, l, 0); // a second reference
        assertThat(ListFloats.storeDouble(main, l, 0, 3.0)).isTrue();
        assertThat(Lists.get(l, 0)).as("a held float is never overwritten").isNotEqualTo(held);
        assertThat(VmThread.floatValue(held)).isEqualTo(2.0);
        assertThat(VmThread.floatValue(Lists.get(l, 0))).isEqualTo(3.0);
        assertThat(ListFloats.storeDouble(main, l, 1, 4.0)).as("out of range").isFalse();
        assertThat(ListFloats.storeDouble(main, l, -1, 5.0)).isTrue();
        assertThat(VmThread.floatValue(Lists.get(l, 0))).isEqualTo(5.0);
        main.decref(held);
        main.decref(l);
    }
}
