package io.github.freethread.allocator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** threadFree pushes, the owner's collection, and mimalloc's delayed free for full pages. */
class CrossThreadFreeTest {
    private final Allocator allocator = Allocator.create(AllocatorConfig.defaults());

    @AfterEach
    void close() {
        allocator.close();
    }

    private static Page pageOf(Heap heap, long block) {
        Segment segment = heap.map.lookup(block);
        return segment.pages[(int) ((block - segment.base) >>> segment.pageShift)];
    }

    private static void onOtherThread(Runnable work) throws InterruptedException {
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(() -> {
            try {
                work.run();
            } catch (Throwable t) {
                failure[0] = t;
            }
        });
        thread.start();
        thread.join();
        assertThat(failure[0]).isNull();
    }

    @Test
    void shouldPushForeignFreesOnThreadFreeAndCollectThemWithOneAtomic() throws Exception {
        Heap owner = allocator.newHeap();
        long[] blocks = new long[10];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = owner.malloc(64);
        }
        Page page = pageOf(owner, blocks[0]);
        onOtherThread(() -> {
            Heap foreign = allocator.newHeap();
            for (int i = 0; i < 5; i++) {
                foreign.free(blocks[i]);
            }
        });
        assertThat(ThreadFreeWord.head(page.threadFree)).isEqualTo(blocks[4]); // LIFO push
        assertThat(page.used).isEqualTo(10); // not collected yet: still counted as used (P1)
        owner.assertInvariants();
        page.collectThreadFree();
        assertThat(ThreadFreeWord.head(page.threadFree)).isZero();
        assertThat(page.used).isEqualTo(5);
        assertThat(page.localFree).isEqualTo(blocks[4]);
        owner.assertInvariants();
        for (int i = 5; i < blocks.length; i++) {
            owner.free(blocks[i]);
        }
        owner.assertInvariants();
    }

    @Test
    void shouldNotifyTheOwnerThroughDelayedFreeWhenAFullPageGetsSpace() throws Exception {
        Heap owner = allocator.newHeap();
        List<Long> blocks = new ArrayList<>();
        long first = owner.malloc(64);
        blocks.add(first);
        Page page = pageOf(owner, first);
        while (pageOf(owner, blocks.get(blocks.size() - 1)) == page) {
            blocks.add(owner.malloc(64)); // the malloc after the page's last block moves it to full
        }
        assertThat(page.inFull).isTrue();
        assertThat(page.delayedState()).isEqualTo(ThreadFreeWord.USE_DELAYED);
        owner.assertInvariants();
        onOtherThread(() -> allocator.newHeap().free(first));
        // The first foreign free into a full page goes to the owner heap's delayed list...
        assertThat(owner.delayedHead()).isEqualTo(first);
        assertThat(ThreadFreeWord.head(page.threadFree)).isZero();
        assertThat(page.delayedState()).isEqualTo(ThreadFreeWord.NO_DELAYED);
        long second = blocks.get(1);
        onOtherThread(() -> allocator.newHeap().free(second));
        // ...later ones go to threadFree as usual.
        assertThat(ThreadFreeWord.head(page.threadFree)).isEqualTo(second);
        owner.assertInvariants();
        // The owner's next slow path drains the delayed list: the page leaves the full queue.
        owner.collect();
        assertThat(page.inFull).isFalse();
        assertThat(owner.queues[page.bin].contains(page)).isTrue();
        owner.assertInvariants();
        for (long block : blocks) {
            if (block != first && block != second) {
                owner.free(block);
            }
        }
        owner.collect();
        owner.assertInvariants();
        assertThat(allocator.stats().liveBlocks()).isZero();
    }

    @Test
    void shouldRouteABlockFreedByItsOwnerThroughAnotherHeapToThreadFree() {
        Heap a = allocator.newHeap();
        Heap b = allocator.newHeap(); // same thread, different heap: b is "foreign" for a's pages
        long block = a.malloc(128);
        b.free(block);
        Page page = pageOf(a, block);
        assertThat(ThreadFreeWord.head(page.threadFree)).isEqualTo(block);
        a.collect();
        assertThat(page.used).isZero();
        a.assertInvariants();
    }
}
