package io.github.freethread.collections.lock;

import org.agrona.UnsafeApi;

/**
 * A one-word lock at an off-heap address (CPython's {@code PyMutex}, widened to 64 bits so the
 * holder's id fits for error checks): CAS fast paths for lock and unlock, a short spin, then
 * parking in a {@link ParkingLot} keyed by the word's address. Layout in {@link LockWord}.
 *
 * <p>Protocol (no lost wake-up): a waiter sets {@code PARKED} and enqueues itself under its bucket
 * lock, and only while {@code LOCKED} is set; the holder, seeing {@code PARKED} when it unlocks,
 * takes the same bucket lock, dequeues one waiter, stores the word as {@code PARKED} (more waiters)
 * or 0, and wakes the waiter, which competes again (barging allowed: throughput over fairness, as
 * CPython before its 1 ms hand-off). While {@code LOCKED} is set only the holder and bucket-locked
 * waiters change the word, so the holder's store under the bucket lock loses no update.
 *
 * <p>Memory ordering: acquiring CASes are volatile (acquire + release); the unlocking CAS or store
 * is volatile, so the critical section's writes happen-before the next holder's reads
 * (release: pairs with the acquiring CAS in {@link #tryLock}/{@link #lock}).
 */
public final class ObjectLock {
    private static final ParkingLot LOT = new ParkingLot();
    private static final int SPINS = 64;

    private ObjectLock() {}

    /** Takes the lock if it is free and uncontended; never blocks. */
    public static boolean tryLock(long word, int ownerId) {
        return UnsafeApi.compareAndSetLong(null, word, 0L, LockWord.held(ownerId));
    }

    /** Takes the lock, blocking if needed; {@code hook} hears about blocking. */
    public static void lock(long word, int ownerId, BlockingHook hook) {
        if (!tryLock(word, ownerId)) {
            lockSlow(word, ownerId, hook);
        }
    }

    /** Slow path: a few spins, then park until woken, then compete again. */
    static void lockSlow(long word, int ownerId, BlockingHook hook) {
        long held = LockWord.held(ownerId);
        for (int i = 0; i < SPINS; i++) {
            long v = UnsafeApi.getLongVolatile(null, word);
            if ((v & LockWord.LOCKED) == 0) {
                if (UnsafeApi.compareAndSetLong(null, word, v, v | held)) {
                    return;
                }
            } else if (LockWord.owner(v) == ownerId) {
                throw new IllegalMonitorStateException("lock word 0x" + Long.toHexString(word)
                        + " is already held by this thread (id " + ownerId + "): not re-entrant");
            }
            Thread.onSpinWait();
        }
        boolean blocked = false;
        try {
            while (true) {
                long v = UnsafeApi.getLongVolatile(null, word);
                if ((v & LockWord.LOCKED) == 0) {
                    // keep PARKED: other waiters may still be queued
                    if (UnsafeApi.compareAndSetLong(null, word, v, v | held)) {
                        return;
                    }
                    continue;
                }
                if (!blocked) {
                    blocked = true;
                    hook.beforeBlock(); // may release locks this thread holds (suspension)
                    continue;           // re-check: the holder may have left meanwhile
                }
                ParkingLot.Bucket bucket = LOT.bucket(word);
                ParkingLot.Waiter waiter = null;
                bucket.lock.lock();
                try {
                    v = UnsafeApi.getLongVolatile(null, word);
                    if ((v & LockWord.LOCKED) != 0
                            && ((v & LockWord.PARKED) != 0
                                || UnsafeApi.compareAndSetLong(null, word, v, v | LockWord.PARKED))) {
                        waiter = new ParkingLot.Waiter(word, Thread.currentThread());
                        bucket.enqueue(waiter);
                    }
                } finally {
                    bucket.lock.unlock();
                }
                if (waiter != null) {
                    waiter.await();
                }
            }
        } finally {
            if (blocked) {
                hook.afterBlock();
            }
        }
    }

    /** Releases the lock held by {@code ownerId}; throws if the word is not held by it. */
    public static void unlock(long word, int ownerId) {
        if (!UnsafeApi.compareAndSetLong(null, word, LockWord.held(ownerId), 0L)) {
            unlockSlow(word, ownerId);
        }
    }

    private static void unlockSlow(long word, int ownerId) {
        long v = UnsafeApi.getLongVolatile(null, word);
        if ((v & LockWord.LOCKED) == 0 || LockWord.owner(v) != ownerId) {
            throw new IllegalMonitorStateException("unlock of lock word 0x" + Long.toHexString(word)
                    + " by id " + ownerId + ", but it is " + LockWord.describe(v));
        }
        ParkingLot.Bucket bucket = LOT.bucket(word);
        ParkingLot.Waiter waiter;
        bucket.lock.lock();
        try {
            waiter = bucket.dequeue(word);
            boolean more = waiter != null && bucket.hasWaiter(word);
            // release (volatile store): pairs with the acquiring CAS of the next holder.
            UnsafeApi.putLongVolatile(null, word, more ? LockWord.PARKED : 0L);
        } finally {
            bucket.lock.unlock();
        }
        if (waiter != null) {
            waiter.woken = true;
            java.util.concurrent.locks.LockSupport.unpark(waiter.thread);
        }
    }

    /** True if the word is held by {@code ownerId}. */
    public static boolean isHeldBy(long word, int ownerId) {
        long v = UnsafeApi.getLongVolatile(null, word);
        return (v & LockWord.LOCKED) != 0 && LockWord.owner(v) == ownerId;
    }

    /** True if the word is held by anyone. */
    public static boolean isLocked(long word) {
        return (UnsafeApi.getLongVolatile(null, word) & LockWord.LOCKED) != 0;
    }
}
