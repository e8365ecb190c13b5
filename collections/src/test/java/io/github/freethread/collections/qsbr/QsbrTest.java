package io.github.freethread.collections.qsbr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class QsbrTest {
    private final List<Long> freed = new ArrayList<>();
    private final Qsbr qsbr = new Qsbr(a -> {
        synchronized (freed) {
            freed.add(a);
        }
    });

    /** Runs {@code body} on a new registered thread that stays online until {@code release}. */
    private Thread onlineReader(CountDownLatch registered, CountDownLatch release, AtomicReference<QsbrRecord> out, boolean quiescentFirst) {
        Thread th = new Thread(() -> {
            QsbrRecord r = qsbr.register();
            out.set(r);
            registered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (quiescentFirst) {
                r.quiescent();
            }
            qsbr.unregister(r);
        });
        th.start();
        return th;
    }

    @Test
    void shouldReclaimOnlyAfterEveryOnlineThreadPassedTheGoal() throws Exception {
        QsbrRecord me = qsbr.register();
        CountDownLatch registered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<QsbrRecord> reader = new AtomicReference<>();
        Thread th = onlineReader(registered, release, reader, false);
        registered.await();

        me.deferFree(0x1000);
        assertThat(me.processDeferred()).isZero();
        me.quiescent();
        assertThat(me.processDeferred()).as("the other thread is online and has not passed a quiescent point").isZero();
        assertThat(freed).isEmpty();

        reader.get().quiescent(); // reader passes its quiescent point (from here: owner-only in spirit; safe for the test)
        assertThat(me.processDeferred()).isEqualTo(1);
        assertThat(freed).containsExactly(0x1000L);

        release.countDown();
        th.join();
        qsbr.unregister(me);
        qsbr.close();
    }

    @Test
    void shouldIgnoreOfflineThreads() {
        QsbrRecord me = qsbr.register();
        QsbrRecord other = qsbr.register(); // same thread, second record, taken offline
        other.offline();
        me.deferFree(0x2000);
        me.safePoint();
        assertThat(freed).as("other is offline: my own safe point suffices").containsExactly(0x2000L);
        other.online();
        me.deferFree(0x3000);
        me.safePoint();
        assertThat(freed).as("other came back online before the goal was reached").hasSize(1);
        other.quiescent();
        assertThat(me.processDeferred()).isEqualTo(1);
        qsbr.unregister(other);
        qsbr.unregister(me);
        qsbr.close();
        assertThat(freed).containsExactly(0x2000L, 0x3000L);
    }

    @Test
    void shouldHandTheFreesOfAnExitingThreadToTheOthers() throws Exception {
        QsbrRecord me = qsbr.register();
        Thread exiting = new Thread(() -> {
            QsbrRecord r = qsbr.register();
            r.deferFree(0x4000);
            r.deferFree(0x5000);
            qsbr.unregister(r); // me has not passed the goal: they cannot be freed yet
        });
        exiting.start();
        exiting.join();
        assertThat(freed).isEmpty();
        assertThat(qsbr.orphanCount()).isEqualTo(2);
        me.safePoint();
        assertThat(freed).containsExactly(0x4000L, 0x5000L);
        assertThat(qsbr.orphanCount()).isZero();
        qsbr.unregister(me);
        qsbr.close();
        assertThat(qsbr.reclaimedCount()).isEqualTo(qsbr.deferredCount());
    }

    @Test
    void shouldFreeOrphansAtCloseWhenNoThreadRemains() throws Exception {
        QsbrRecord me = qsbr.register();
        Thread exiting = new Thread(() -> {
            QsbrRecord r = qsbr.register();
            r.deferFree(0x6000);
            qsbr.unregister(r);
        });
        exiting.start();
        exiting.join();
        qsbr.unregister(me);
        qsbr.close();
        assertThat(freed).containsExactly(0x6000L);
    }

    @Test
    void shouldProcessInBatchesInFifoOrder() {
        QsbrRecord me = qsbr.register();
        for (int i = 1; i <= 10; i++) {
            me.deferFree(i * 16L);
        }
        qsbr.advance();
        me.quiescent(); // passes the goals of the first ten
        for (int i = 11; i < Qsbr.BATCH; i++) {
            me.deferFree(i * 16L);
            me.assertInvariants();
        }
        assertThat(freed).as("no processing before the batch threshold").isEmpty();
        me.deferFree(Qsbr.BATCH * 16L); // the batch threshold: frees what is reached, without a safe point
        assertThat(freed).hasSizeGreaterThanOrEqualTo(10).hasSizeLessThan(Qsbr.BATCH);
        me.safePoint();
        assertThat(freed).hasSize(Qsbr.BATCH);
        for (int i = 1; i < freed.size(); i++) {
            assertThat(freed.get(i)).isGreaterThan(freed.get(i - 1));
        }
        qsbr.unregister(me);
        qsbr.close();
    }

    @Test
    void shouldGateReuseUntilEveryReaderPassedTheTicket() {
        QsbrRecord me = qsbr.register();
        long ticket = qsbr.retireTicket();
        assertThat(qsbr.isSafe(ticket)).as("this online thread has not passed a quiescent point").isFalse();
        me.quiescent();
        assertThat(qsbr.isSafe(ticket)).isTrue();
        me.offline();
        long ticket2 = qsbr.retireTicket();
        assertThat(qsbr.isSafe(ticket2)).as("no thread online").isTrue();
        qsbr.unregister(me);
        qsbr.close();
    }

    @Test
    void shouldRefuseToCloseWithRegisteredThreads() {
        QsbrRecord me = qsbr.register();
        assertThatThrownBy(qsbr::close).isInstanceOf(IllegalStateException.class).hasMessageContaining("1 thread(s)");
        qsbr.unregister(me);
        qsbr.close();
    }

    @Test
    void shouldKeepGoalsMonotonicInTheQueue() {
        DeferredFrees q = new DeferredFrees();
        q.add(1, 10);
        q.add(2, 4); // an earlier-computed goal is clamped up
        q.add(3, 12);
        q.assertInvariants();
        List<Long> out = new ArrayList<>();
        assertThat(q.reclaimUpTo(10, out::add)).isEqualTo(2);
        assertThat(out).containsExactly(1L, 2L);
        assertThat(q.size()).isEqualTo(1);
    }
}
