package io.github.freethread.refcount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Thread states: attach, registry, listeners, extensions, detach; counters; deallocation chains. */
class LifecycleTest {
    ObjectRuntime rt;
    TestTypes types;

    @BeforeEach
    void setUp() {
        rt = ObjectRuntime.create(RuntimeConfig.defaults());
        types = new TestTypes(rt);
    }

    @AfterEach
    void tearDown() {
        rt.close();
    }

    @Test
    void shouldAttachIdempotentlyAndGiveUniqueNeverReusedIds() throws Exception {
        ThreadState a = rt.attach();
        assertThat(rt.attach()).isSameAs(a);
        assertThat(rt.current()).isSameAs(a);
        AtomicReference<ThreadState> fromOther = new AtomicReference<>();
        Thread t = new Thread(() -> {
            fromOther.set(rt.attach());
            rt.detach();
        });
        t.start();
        t.join();
        assertThat(fromOther.get().id()).isNotEqualTo(a.id());
        assertThat(fromOther.get().isDetached()).isTrue();
        ThreadState c = rt.newThreadState();
        assertThat(c.id()).isGreaterThan(fromOther.get().id());
        assertThat(rt.threads()).containsExactlyInAnyOrder(a, c);
        rt.detach();
        assertThatThrownBy(rt::current).isInstanceOf(IllegalStateException.class).hasMessageContaining("not attached");
        assertThat(rt.attach().id()).isGreaterThan(c.id());
    }

    @Test
    void shouldCallListenersAndKeepExtensions() {
        List<String> events = new ArrayList<>();
        rt.addThreadListener(new ThreadListener() {
            @Override
            public void onAttach(ThreadState ts) {
                ts.setExtension(0, "qsbr-record-" + ts.id());
                events.add("attach " + ts.id());
            }

            @Override
            public void onSafePoint(ThreadState ts) {
                events.add("safepoint " + ts.id());
            }

            @Override
            public void onDetach(ThreadState ts) {
                events.add("detach " + ts.id() + " " + ts.extension(0));
            }
        });
        ThreadState ts = rt.attach();
        ts.poll();
        rt.detach();
        int id = ts.id();
        assertThat(events).containsExactly("attach " + id, "safepoint " + id, "detach " + id + " qsbr-record-" + id);
        assertThatThrownBy(() -> ts.setExtension(ThreadState.EXTENSION_SLOTS, 1))
            .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("slot 8");
    }

    @Test
    void shouldFreeAMillionObjectChainIteratively() {
        ThreadState ts = rt.attach();
        long head = 0;
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            head = types.newNode(ts, head, 0); // each node steals the reference to the previous one
        }
        long before = ts.deallocations;
        rt.decref(ts, head);
        assertThat(ts.deallocations - before).isEqualTo(n);
        assertThat(types.live).isEmpty();
        assertThat(types.doubleFrees.get()).isZero();
        assertThat(TestTypes.liveBlocks(rt.allocator())).isZero();
        rt.assertInvariants();
    }

    @Test
    void shouldFreeASharedChildOnlyWithItsLastParent() {
        ThreadState ts = rt.attach();
        long child = types.newLeaf(ts);
        rt.incref(ts, child);
        long p1 = types.newNode(ts, child, 0);
        long p2 = types.newNode(ts, child, 0);
        rt.decref(ts, p1);
        assertThat(types.freed).contains(p1).doesNotContain(child);
        rt.decref(ts, p2);
        assertThat(types.freed).contains(p2, child);
        assertThat(types.doubleFrees.get()).isZero();
    }

    @Test
    void shouldSummariseCountersReadably() {
        ThreadState ts = rt.attach();
        ThreadState other = rt.newThreadState();
        long obj = types.newLeaf(ts);
        rt.incref(ts, obj);
        rt.incref(other, obj);
        rt.decref(other, obj);
        rt.decref(ts, obj);
        rt.decref(ts, obj);
        CountersSnapshot c = rt.counters();
        assertThat(c.ownerOps()).isEqualTo(3);
        assertThat(c.sharedOps()).isEqualTo(2);
        assertThat(c.deallocations()).isEqualTo(1);
        assertThat(c.toString()).contains("owner=3", "shared=2", "freed=1", "owner 60.0%");
        rt.detach(other);
        assertThat(rt.counters().sharedOps()).as("detached states stay in the totals").isEqualTo(2);
    }

    @Test
    void shouldRejectAThreadStateOfAnotherRuntime() {
        try (ObjectRuntime second = ObjectRuntime.create(RuntimeConfig.defaults())) {
            ThreadState foreign = second.newThreadState();
            assertThatThrownBy(() -> rt.detach(foreign)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("another runtime");
        }
    }

    @Test
    void shouldRejectUnknownTypeIdsAtAllocation() {
        ThreadState ts = rt.attach();
        assertThatThrownBy(() -> rt.allocate(ts, 99, 8)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("unknown type id 99");
        assertThatThrownBy(() -> rt.allocate(ts, types.leaf, -1)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("negative payload");
    }
}
