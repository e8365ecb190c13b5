package io.github.freethread.refcount;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.jctools.queues.MpscUnboundedArrayQueue;

/**
 * A thread state's merge queue: objects that other threads queued because they would have driven
 * the shared count below zero (the owner holds the references in its local count). Many producers
 * (any thread), one consumer (the owner, at {@link ThreadState#poll()}). Follows CPython's
 * {@code Python/brc.c}; where CPython guards each queue with a bucket mutex, we use a JCTools MPSC
 * queue plus a small <em>gate</em> word that makes "the owner has exited" a clean cut:
 *
 * <pre>
 *   gate = CLOSED bit (bit 31) | producers in flight (bits 0..30)
 *
 *   producer (tryPush):  CAS gate g -&gt; g+1 unless CLOSED   (fails: caller merges on the spot)
 *                        offer(obj)
 *                        getAndAdd(gate, -1)                 release: pairs with the acquire
 *                                                            spin in close()
 *   owner (close):       getAndBitwiseOr(gate, CLOSED)       no producer enters after this
 *                        spin until in-flight == 0           acquire: every accepted offer is
 *                                                            now visible to drain()
 * </pre>
 *
 * <p>Invariant (1): once {@link #close()} returned, no element is ever added again, so one final
 * drain empties the queue for good. Invariant (2): an object is in at most one merge queue, at
 * most once (only the CAS that sets the QUEUED state pushes it).
 *
 * <p>Ownership: {@code gate} is written by any thread with CAS / getAndAdd / getAndBitwiseOr and
 * read volatile; the queue is JCTools' (producers: any thread; consumer: the owner only).
 * Elements are boxed {@link Long} addresses: queueing is the rare slow path, and JCTools has no
 * primitive queue.
 */
final class MergeQueue {
    private static final int CLOSED = 0x8000_0000;
    private static final int CHUNK_SIZE = 32;
    private static final VarHandle GATE;

    static {
        try {
            GATE = MethodHandles.lookup().findVarHandle(MergeQueue.class, "gate", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MpscUnboundedArrayQueue<Long> queue = new MpscUnboundedArrayQueue<>(CHUNK_SIZE);
    @SuppressWarnings("unused") // accessed through GATE
    private volatile int gate;

    /**
     * Any thread: hands {@code obj} to the owner. Returns false, adding nothing, once the owner
     * has closed the queue (it is exiting): the caller must then merge on the spot.
     */
    boolean tryPush(long obj) {
        int g = (int) GATE.getVolatile(this);
        while (true) {
            if ((g & CLOSED) != 0) {
                return false;
            }
            int witness = (int) GATE.compareAndExchange(this, g, g + 1);
            if (witness == g) {
                break;
            }
            g = witness;
        }
        queue.offer(obj);
        GATE.getAndAdd(this, -1); // release: pairs with the acquire read in close()
        return true;
    }

    /** Owner only: next queued object, or 0 when the queue is (momentarily) empty. */
    long poll() {
        Long obj = queue.poll();
        return obj == null ? 0 : obj;
    }

    /**
     * Owner only, at exit: refuses every later push and waits for producers already past the
     * gate (each is a few instructions from done). After it returns the queue is frozen.
     */
    void close() {
        GATE.getAndBitwiseOr(this, CLOSED);
        while (((int) GATE.getAcquire(this) & ~CLOSED) != 0) { // acquire: pairs with getAndAdd in tryPush
            Thread.onSpinWait();
        }
    }

    /** True once {@link #close()} has started. */
    boolean isClosed() {
        return ((int) GATE.getVolatile(this) & CLOSED) != 0;
    }

    /** Racy size, for diagnostics and quiescent checks. */
    int size() {
        return queue.size();
    }
}
