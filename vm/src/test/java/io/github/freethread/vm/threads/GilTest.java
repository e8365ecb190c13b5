package io.github.freethread.vm.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.github.freethread.vm.runtime.Gil;

/** The GIL object alone: enabling rules, misuse, and the forced hand-off to a waiter. */
class GilTest {
    @Test
    void shouldNeverEnableWhenForcedOffAndEnableOnceOtherwise() {
        Gil off = new Gil(false, true, "--gil=0");
        assertThat(off.enable("legacy")).isFalse();
        assertThat(off.isEnabled()).isFalse();
        Gil dflt = new Gil(false, false, "default");
        assertThat(dflt.enable("module 'x'")).isTrue();
        assertThat(dflt.enable("module 'y'")).isFalse();
        assertThat(dflt.reason()).isEqualTo("module 'x'");
        assertThatThrownBy(() -> new Gil(true, true, "both")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRejectReleaseByANonHolderAndDoubleAcquire() {
        Gil g = new Gil(true, false, "test");
        g.acquire("a");
        assertThatThrownBy(() -> g.release("b")).isInstanceOf(IllegalStateException.class).hasMessageContaining("held by a");
        assertThatThrownBy(() -> g.acquire("a")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> g.setIntervalNanos(0)).isInstanceOf(IllegalArgumentException.class);
        g.release("a");
        g.assertInvariants();
    }

    @Test
    void shouldHandTheLockToAWaiterAtTheHoldersNextSafePointAfterTheInterval() throws Exception {
        Gil g = new Gil(true, false, "test");
        g.setIntervalNanos(2_000_000);
        g.acquire("holder");
        CountDownLatch waiting = new CountDownLatch(1);
        AtomicLong waitedNanos = new AtomicLong();
        AtomicBoolean got = new AtomicBoolean();
        Thread w = new Thread(() -> {
            waiting.countDown();
            long t0 = System.nanoTime();
            g.acquire("waiter");
            waitedNanos.set(System.nanoTime() - t0);
            got.set(true);
            g.release("waiter");
        });
        w.start();
        waiting.await();
        // the holder "runs Python code": polls its safe point until it handed over once
        long spins = 0;
        while (!g.yieldIfRequested("holder")) {
            spins++;
            Thread.onSpinWait();
        }
        assertThat(g.isHeldBy("holder")).as("the holder got the lock back after the hand-off").isTrue();
        g.release("holder");
        w.join();
        assertThat(got).isTrue();
        assertThat(waitedNanos.get()).as("the waiter asked only after one interval").isGreaterThanOrEqualTo(2_000_000L);
        Gil.Stats s = g.stats();
        assertThat(s.forcedSwitches()).isEqualTo(1);
        assertThat(s.dropRequests()).isGreaterThanOrEqualTo(1);
        assertThat(s.minWaitAtDropRequestNanos()).isGreaterThanOrEqualTo(2_000_000L);
        assertThat(spins).isPositive();
        g.assertInvariants();
    }

    @Test
    void shouldLetTheHolderReleaseWhileAnInterruptedWaiterWaitsAndKeepTheWaitersInterruptStatus() throws Exception {
        Gil g = new Gil(true, false, "test");
        g.setIntervalNanos(1_000_000_000L); // no drop request during the test: only release() can end the wait
        g.acquire("holder");
        AtomicBoolean interruptedAfter = new AtomicBoolean();
        CountDownLatch acquired = new CountDownLatch(1);
        Thread w = new Thread(() -> {
            g.acquire("waiter");
            interruptedAfter.set(Thread.currentThread().isInterrupted());
            g.release("waiter");
            acquired.countDown();
        });
        w.setDaemon(true); // if the bug is back, it spins forever: it must not keep the test JVM alive
        w.start();
        while (w.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait();
        }
        w.interrupt();
        Thread.sleep(20); // with the interrupt re-set inside the wait loop, the waiter spun holding the monitor here
        Thread releaser = new Thread(() -> g.release("holder"));
        releaser.setDaemon(true);
        releaser.start();
        releaser.join(5_000);
        assertThat(releaser.isAlive()).as("release() blocked by a spinning interrupted waiter").isFalse();
        assertThat(acquired.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(interruptedAfter).as("the waiter's interrupt status survives the acquire").isTrue();
        w.join();
        g.assertInvariants();
    }
}
