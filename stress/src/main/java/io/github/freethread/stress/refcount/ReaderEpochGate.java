package io.github.freethread.stress.refcount;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.github.freethread.allocator.ReuseGate;

/**
 * A minimal epoch gate for the stress runtime, standing in for the QSBR layer (not built yet):
 * a test thread that may read the header of an object another thread is freeing (a lock-free
 * reader) brackets the read with {@link #enter()} / {@link #exit()}, and the allocator does not
 * release or repurpose a page retired while such a reader was inside. Same-size-class reuse of a
 * freed block stays allowed, exactly as in the real design: the reader then meets a header,
 * never unmapped memory, and {@code tryIncrefCompare} rejects the recycled block by its slot.
 *
 * <p>Ownership: {@code epoch} — any thread (incrementAndGet at retire, volatile get at enter);
 * {@code readers} values — written by their own thread (volatile set), read by isSafe (volatile).
 */
final class ReaderEpochGate implements ReuseGate {
    static final ReaderEpochGate INSTANCE = new ReaderEpochGate();

    private final AtomicLong epoch = new AtomicLong(1);
    private final ConcurrentHashMap<Thread, AtomicLong> readers = new ConcurrentHashMap<>();
    private final ThreadLocal<AtomicLong> mine = ThreadLocal.withInitial(() -> {
        AtomicLong slot = new AtomicLong();
        readers.put(Thread.currentThread(), slot);
        return slot;
    });

    private ReaderEpochGate() {}

    /** Reader: from now until exit, pages retired from now on are not released. */
    void enter() {
        // volatile store, then the reader's volatile load of the object slot: store-load ordered
        mine.get().set(epoch.get());
    }

    void exit() {
        mine.get().set(0);
    }

    @Override
    public long retireTicket() {
        return epoch.incrementAndGet();
    }

    @Override
    public boolean isSafe(long ticket) {
        for (var e : readers.entrySet()) {
            long entered = e.getValue().get();
            if (entered != 0 && entered < ticket) {
                return false;
            }
            if (entered == 0 && !e.getKey().isAlive()) {
                readers.remove(e.getKey(), e.getValue());
            }
        }
        return true;
    }
}
