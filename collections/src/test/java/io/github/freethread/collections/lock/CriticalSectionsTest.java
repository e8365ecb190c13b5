package io.github.freethread.collections.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.agrona.UnsafeApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CriticalSectionsTest {
    private final long block = UnsafeApi.allocateMemory(64);
    private final long a = (block + 7) & -8L;
    private final long b = a + 8;
    private final long c = a + 16;

    CriticalSectionsTest() {
        UnsafeApi.setMemory(block, 64, (byte) 0);
    }

    @AfterEach
    void free() {
        UnsafeApi.freeMemory(block);
    }

    @Test
    void shouldLockAndUnlockWithTheOwnerInTheWord() {
        CriticalSections cs = new CriticalSections(null);
        cs.enter(a);
        assertThat(LockWord.owner(UnsafeApi.getLongVolatile(null, a))).isEqualTo(cs.id());
        assertThat(ObjectLock.isHeldBy(a, cs.id())).isTrue();
        cs.assertInvariants();
        cs.exit();
        assertThat(UnsafeApi.getLongVolatile(null, a)).isZero();
    }

    @Test
    void shouldRejectUnlockByAThreadThatDoesNotHoldTheLock() {
        CriticalSections cs = new CriticalSections(null);
        cs.enter(a);
        assertThatThrownBy(() -> ObjectLock.unlock(a, cs.id() + 1000))
                .isInstanceOf(IllegalMonitorStateException.class)
                .hasMessageContaining("0x" + Long.toHexString(a))
                .hasMessageContaining("locked by " + cs.id());
        cs.exit();
    }

    @Test
    void shouldRejectExitWithoutEnter() {
        assertThatThrownBy(() -> new CriticalSections(null).exit()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldNestOnTheSameLockWithoutRelocking() {
        CriticalSections cs = new CriticalSections(null);
        cs.enter(a);
        cs.enter(a);
        assertThat(cs.depth()).isEqualTo(1);
        cs.exit();
        assertThat(ObjectLock.isHeldBy(a, cs.id())).as("outer section still holds it").isTrue();
        cs.exit();
        assertThat(ObjectLock.isLocked(a)).isFalse();
    }

    @Test
    void shouldSuspendALowerSectionHoldingTheLockAndResumeItOnExit() {
        CriticalSections cs = new CriticalSections(null);
        cs.enter(a);
        cs.enter(b);
        cs.enter(a); // a held by a lower section: suspend all, take a for the new top
        assertThat(cs.suspensions()).isEqualTo(1);
        assertThat(ObjectLock.isHeldBy(b, cs.id())).as("b's section is suspended").isFalse();
        cs.assertInvariants();
        cs.exit();
        assertThat(ObjectLock.isHeldBy(b, cs.id())).as("b resumed when its section became the top").isTrue();
        assertThat(ObjectLock.isHeldBy(a, cs.id())).as("a's section is still suspended").isFalse();
        cs.exit();
        assertThat(ObjectLock.isHeldBy(a, cs.id())).isTrue();
        cs.exit();
        assertThat(ObjectLock.isLocked(a) || ObjectLock.isLocked(b)).isFalse();
    }

    @Test
    void shouldTakeTwoLocksInAddressOrder() {
        CriticalSections cs = new CriticalSections(null);
        cs.enter2(c, a);
        assertThat(ObjectLock.isHeldBy(a, cs.id())).isTrue();
        assertThat(ObjectLock.isHeldBy(c, cs.id())).isTrue();
        cs.assertInvariants();
        cs.exit();
        cs.enter2(b, b);
        assertThat(cs.depth()).isEqualTo(1);
        cs.exit();
        assertThat(ObjectLock.isLocked(a) || ObjectLock.isLocked(b) || ObjectLock.isLocked(c)).isFalse();
    }

    @Test
    void shouldExcludeEachOtherUnderContention() throws Exception {
        AtomicLong plainCounterHolder = new AtomicLong();
        long[] counter = new long[1];
        int perThread = 200_000;
        Runnable work = () -> {
            CriticalSections cs = new CriticalSections(null);
            for (int i = 0; i < perThread; i++) {
                cs.enter(a);
                counter[0]++; // plain: protected by the lock
                cs.exit();
            }
        };
        Thread t1 = new Thread(work);
        Thread t2 = new Thread(work);
        t1.start();
        t2.start();
        t1.join();
        t2.join();
        plainCounterHolder.set(counter[0]);
        assertThat(plainCounterHolder.get()).isEqualTo(2L * perThread);
        assertThat(UnsafeApi.getLongVolatile(null, a)).as("free and no parked bit left").isZero();
    }

    @Test
    void shouldNotDeadlockWhenTwoThreadsNestInOppositeOrder() throws Exception {
        int rounds = 20_000;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(2);
        long[] inside = new long[1];
        Thread ab = new Thread(() -> nest(a, b, rounds, inside, failure, done));
        Thread ba = new Thread(() -> nest(b, a, rounds, inside, failure, done));
        ab.setDaemon(true);
        ba.setDaemon(true);
        ab.start();
        ba.start();
        assertThat(done.await(60, TimeUnit.SECONDS)).as("opposite-order nesting finished (no deadlock)").isTrue();
        assertThat(failure.get()).isNull();
        assertThat(UnsafeApi.getLongVolatile(null, a) | UnsafeApi.getLongVolatile(null, b)).isZero();
    }

    private static void nest(long first, long second, int rounds, long[] inside, AtomicReference<Throwable> failure, CountDownLatch done) {
        try {
            CriticalSections cs = new CriticalSections(null);
            for (int i = 0; i < rounds; i++) {
                cs.enter(first);
                cs.enter(second);
                cs.assertInvariants();
                cs.exit();
                cs.assertInvariants();
                cs.exit();
            }
        } catch (Throwable e) {
            failure.set(e);
        } finally {
            done.countDown();
        }
    }

    @Test
    void shouldReleaseHeldSectionsWhileParked() throws Exception {
        CriticalSections holder = new CriticalSections(null);
        holder.enter(b); // b is held by another thread
        CountDownLatch waiting = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread th = new Thread(() -> {
            try {
                CriticalSections cs = new CriticalSections(null);
                cs.enter(a);
                waiting.countDown();
                cs.enter(b); // blocks: must release a first
                cs.exit();
                cs.exit();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        th.start();
        waiting.await();
        CriticalSections me = holder;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!ObjectLock.tryLock(a, me.id())) { // becomes free once the other thread suspends
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.onSpinWait();
        }
        ObjectLock.unlock(a, me.id());
        holder.exit();
        th.join();
        assertThat(failure.get()).isNull();
    }
}
