package io.github.freethread.vm.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * The state machine of {@link SingleThreadMode} with plain members (no VM): who may elide when,
 * that a second thread's attach waits for the eliding thread's acknowledgement (E3), that
 * everything the eliding thread wrote before it is visible to the attacher, and that MULTI is
 * final (E4).
 */
class SingleThreadModeTest {
    static final class Member implements SingleThreadMode.Member {
        final Object key = new Object();
        volatile boolean eliding; // volatile only so the test thread can observe it

        @Override
        public Object memberKey() {
            return key;
        }

        @Override
        public void setEliding(boolean on) {
            eliding = on;
        }
    }

    private static SingleThreadMode enabledMode() {
        SingleThreadMode mode = new SingleThreadMode();
        mode.enable();
        return mode;
    }

    @Test
    void shouldNotElideUntilEnabled() {
        SingleThreadMode mode = new SingleThreadMode();
        Member sole = new Member();
        mode.register(sole);
        mode.safePoint(sole, false);
        assertThat(sole.eliding).isFalse();
        mode.enable();
        mode.safePoint(sole, false);
        assertThat(sole.eliding).isTrue();
    }

    @Test
    void shouldLetTheFirstThreadElideFromItsFirstSafePoint() {
        SingleThreadMode mode = enabledMode();
        Member sole = new Member();
        mode.register(sole);
        assertThat(sole.eliding).isFalse();
        mode.safePoint(sole, false);
        assertThat(sole.eliding).isTrue();
        assertThat(mode.isMulti()).isFalse();
    }

    @Test
    void shouldTreatASecondRegistrationOfTheSameThreadStateAsTheSameThread() {
        SingleThreadMode mode = enabledMode();
        Member sole = new Member();
        mode.register(sole);
        mode.safePoint(sole, false);
        mode.register(sole); // e.g. the VM's start-up thread state and its main thread share one
        assertThat(mode.isMulti()).isFalse();
        assertThat(sole.eliding).isTrue();
    }

    @Test
    void shouldMakeASecondThreadWaitForTheElidingThreadsSafePointAndSeeItsStores() throws Exception {
        SingleThreadMode mode = enabledMode();
        Member sole = new Member();
        mode.register(sole);
        mode.safePoint(sole, false);
        int[] plain = new int[1];
        AtomicInteger seen = new AtomicInteger(-1);
        CountDownLatch attached = new CountDownLatch(1);
        Thread second = new Thread(() -> {
            mode.register(new Member());
            seen.set(plain[0]); // after register: every store the eliding thread made is visible (E3)
            attached.countDown();
        });
        second.start();
        assertThat(attached.await(50, TimeUnit.MILLISECONDS)).as("attach waits for the acknowledgement").isFalse();
        plain[0] = 42; // an "elided store": plain, before the safe point
        assertThat(sole.eliding).isTrue();
        mode.safePoint(sole, true);
        assertThat(sole.eliding).isFalse();
        assertThat(attached.await(10, TimeUnit.SECONDS)).isTrue();
        second.join();
        assertThat(seen.get()).isEqualTo(42);
        assertThat(mode.isMulti()).isTrue();
    }

    @Test
    void shouldNotWaitForASoleThreadThatStoppedEliding() throws Exception {
        SingleThreadMode mode = enabledMode();
        Member sole = new Member();
        mode.register(sole);
        mode.safePoint(sole, false);
        mode.stop(sole); // before blocking, at finish or detach
        assertThat(sole.eliding).isFalse();
        Thread second = new Thread(() -> mode.register(new Member()));
        second.start();
        second.join(10_000);
        assertThat(second.isAlive()).isFalse();
        assertThat(mode.isMulti()).isTrue();
        mode.safePoint(sole, false);
        assertThat(sole.eliding).as("MULTI is final").isFalse();
    }

    @Test
    void shouldNotWaitWhenNoThreadEverElided() throws Exception {
        SingleThreadMode mode = enabledMode();
        mode.register(new Member()); // e.g. a VM whose main thread never runs Python code
        Thread second = new Thread(() -> mode.register(new Member()));
        second.start();
        second.join(10_000);
        assertThat(second.isAlive()).isFalse();
        assertThat(mode.isMulti()).isTrue();
    }

    @Test
    void shouldLetTheElidingThreadAttachAnotherMemberItselfWithoutWaiting() {
        SingleThreadMode mode = enabledMode();
        Member sole = new Member();
        mode.register(sole);
        mode.safePoint(sole, false);
        mode.register(new Member()); // same Java thread: no elided section can be in flight
        assertThat(sole.eliding).isFalse();
        assertThat(mode.isMulti()).isTrue();
    }

    @Test
    void shouldLetABlockingSoleThreadHandOverAPendingRequest() throws Exception {
        SingleThreadMode mode = enabledMode();
        Member sole = new Member();
        mode.register(sole);
        mode.safePoint(sole, false);
        Thread second = new Thread(() -> mode.register(new Member()));
        second.start();
        while (second.getState() == Thread.State.RUNNABLE && !mode.isMulti() && second.isAlive()) {
            Thread.onSpinWait(); // until it has asked (or parked)
            if (second.getState() == Thread.State.TIMED_WAITING) {
                break;
            }
        }
        mode.stop(sole); // the sole thread blocks instead of reaching a safe point
        second.join(10_000);
        assertThat(second.isAlive()).isFalse();
        assertThat(mode.isMulti()).isTrue();
        assertThat(sole.eliding).isFalse();
    }
}
