package io.github.freethread.collections.lock;

import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where threads wait for a lock word (CPython's {@code Python/parking_lot.c}, WebKit's ParkingLot):
 * a fixed table of buckets hashed by address; each bucket has a small lock and a FIFO of waiters.
 * The lock word itself stays one word; all waiting state lives here.
 *
 * <p>Ownership: a bucket's queue is read and written only under that bucket's lock. A waiter's
 * {@code woken} flag is written by the waker (volatile) and read by the waiter (volatile).
 */
final class ParkingLot {
    private static final int BUCKETS = 256;

    private final Bucket[] buckets = new Bucket[BUCKETS];

    ParkingLot() {
        for (int i = 0; i < BUCKETS; i++) {
            buckets[i] = new Bucket();
        }
    }

    /** The bucket of {@code address}. */
    Bucket bucket(long address) {
        long h = address * 0x9E3779B97F4A7C15L;
        return buckets[(int) (h >>> 56) & (BUCKETS - 1)];
    }

    /** One waiting thread. */
    static final class Waiter {
        final long address;
        final Thread thread;
        volatile boolean woken;
        Waiter next;

        Waiter(long address, Thread thread) {
            this.address = address;
            this.thread = thread;
        }

        /** Parks until woken (spurious wake-ups loop). */
        void await() {
            while (!woken) {
                LockSupport.park(this);
            }
        }
    }

    /** A bucket: lock plus FIFO of waiters for any address that hashes here. */
    static final class Bucket {
        final ReentrantLock lock = new ReentrantLock();
        private Waiter head;
        private Waiter tail;

        /** Under {@link #lock}: appends a waiter. */
        void enqueue(Waiter w) {
            if (tail == null) {
                head = w;
            } else {
                tail.next = w;
            }
            tail = w;
        }

        /** Under {@link #lock}: removes and returns the first waiter on {@code address}, or null. */
        Waiter dequeue(long address) {
            Waiter prev = null;
            for (Waiter w = head; w != null; prev = w, w = w.next) {
                if (w.address == address) {
                    if (prev == null) {
                        head = w.next;
                    } else {
                        prev.next = w.next;
                    }
                    if (tail == w) {
                        tail = prev;
                    }
                    w.next = null;
                    return w;
                }
            }
            return null;
        }

        /** Under {@link #lock}: true if a waiter on {@code address} remains. */
        boolean hasWaiter(long address) {
            for (Waiter w = head; w != null; w = w.next) {
                if (w.address == address) {
                    return true;
                }
            }
            return false;
        }
    }
}
