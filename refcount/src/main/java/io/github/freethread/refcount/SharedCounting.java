package io.github.freethread.refcount;

import static io.github.freethread.refcount.ObjectHeader.FLAGS_OFFSET;
import static io.github.freethread.refcount.ObjectHeader.FLAG_RETIRED;
import static io.github.freethread.refcount.ObjectHeader.FREED_OWNER;
import static io.github.freethread.refcount.ObjectHeader.IMMORTAL_OWNER;
import static io.github.freethread.refcount.ObjectHeader.LOCAL_COUNT_OFFSET;
import static io.github.freethread.refcount.ObjectHeader.MERGED;
import static io.github.freethread.refcount.ObjectHeader.NO_OWNER;
import static io.github.freethread.refcount.ObjectHeader.OWNER_ID_OFFSET;
import static io.github.freethread.refcount.ObjectHeader.QUEUED;
import static io.github.freethread.refcount.ObjectHeader.SHARED_COUNT_OFFSET;
import static io.github.freethread.refcount.ObjectHeader.SHARED_ONE;
import static io.github.freethread.refcount.ObjectHeader.SHARED_READ;
import static io.github.freethread.refcount.ObjectHeader.STATE_MASK;
import static io.github.freethread.refcount.ObjectHeader.TYPE_ID_OFFSET;

import org.agrona.UnsafeApi;

/**
 * The non-owner half of biased reference counting, and every merge.
 *
 * <p>Follows CPython's free-threaded build ({@code Objects/object.c}: {@code _Py_DecRefShared},
 * {@code _Py_MergeZeroLocalRefcount}, {@code _Py_ExplicitMergeRefcount},
 * {@code _Py_TryIncRefShared}; {@code Python/brc.c}) and Choi/Shull/Torrellas, PACT 2018.
 * Every change of the shared word is one atomic read-modify-write, so the shared word is the
 * single point where owner merges, non-owner decrements, queueing and conditional increments are
 * linearised. The local count is touched only by its owner ({@link ObjectRuntime} owner paths and
 * {@link #mergeQueued}), or, once the owner has exited, by the one thread that won the QUEUED CAS
 * ({@link #mergeOnTheSpot}) — the owner's last plain store happens-before that merge through the
 * merge queue's gate.
 *
 * <p>Deviations from CPython: owner ids are never reused (CPython reuses thread ids), so a dead
 * owner's objects can never be taken for a live thread's; queueing to an exited owner is decided
 * by the {@link MergeQueue} gate instead of a bucket mutex; a decrement below zero or an increment
 * of a dead object throws {@link RefcountException} (after undoing the change) instead of
 * corrupting memory.
 */
final class SharedCounting {
    private final ObjectRuntime runtime;
    private final boolean checked;

    SharedCounting(ObjectRuntime runtime, boolean checked) {
        this.runtime = runtime;
        this.checked = checked;
    }

    /**
     * Non-owner increment. {@code owner} is the owner id the caller already loaded. The caller
     * bumps {@code countOps} after this returns; an immortal no-op takes that bump back.
     */
    void incref(ThreadState ts, long obj, int owner) {
        if (owner < NO_OWNER && sentinelOwner(obj, owner, "incref")) {
            ts.countOps--; // immortal: not counted (the caller's bump follows)
            return;
        }
        if (checked) {
            requireLive(obj, "incref");
        }
        long a = obj + SHARED_COUNT_OFFSET;
        long old = UnsafeApi.getAndAddLong(null, a, SHARED_ONE);
        ts.sharedOps++;
        if (old == MERGED) { // merged with count zero: the object is dead (or retired, if deferred)
            UnsafeApi.getAndAddLong(null, a, -SHARED_ONE);
            throw runtime.error("incref of a dead object (count already zero)", obj);
        }
    }

    /**
     * Non-owner decrement: CPython's {@code _Py_DecRefShared}. The caller has already bumped
     * {@code countOps}; an immortal no-op takes that bump back.
     */
    void decref(ThreadState ts, long obj, int owner) {
        if (owner < NO_OWNER && sentinelOwner(obj, owner, "decref")) {
            ts.countOps--; // immortal: not counted
            return;
        }
        if (checked) {
            requireLive(obj, "decref");
        }
        ts.sharedOps++;
        long a = obj + SHARED_COUNT_OFFSET;
        long s = UnsafeApi.getLongVolatile(null, a);
        if ((s & STATE_MASK) == MERGED) {
            // Merged is final: a plain atomic subtract suffices (the ATOMIC-mode path).
            long n = UnsafeApi.getAndAddLong(null, a, -SHARED_ONE) - SHARED_ONE;
            if (n == MERGED) {
                runtime.deallocation().release(ts, obj);
            } else if (n < MERGED) {
                UnsafeApi.getAndAddLong(null, a, SHARED_ONE);
                throw runtime.error("decref below zero", obj);
            }
            return;
        }
        decrefBiased(ts, obj, a, s);
    }

    private void decrefBiased(ThreadState ts, long obj, long a, long s) {
        while (true) {
            long n;
            boolean queue = s == 0 || s == SHARED_READ; // count zero, owner holds every reference
            if (queue) {
                n = QUEUED; // the queue takes over the reference being dropped (no subtraction)
            } else if ((s & STATE_MASK) == MERGED && s - SHARED_ONE < MERGED) {
                throw runtime.error("decref below zero", obj);
            } else {
                n = s - SHARED_ONE; // may go negative while QUEUED
            }
            long w = UnsafeApi.compareAndExchangeLong(null, a, s, n);
            if (w == s) {
                if (queue) {
                    queueToOwner(ts, obj);
                } else if (n == MERGED) {
                    runtime.deallocation().release(ts, obj);
                }
                return;
            }
            s = w;
        }
    }

    /**
     * Hands a just-QUEUED object to its owner's merge queue; if the owner has exited, merges on
     * the spot. As in CPython's {@code _Py_brc_queue_object}, an owner id of NO_OWNER means the
     * owner is merging concurrently: then the queue's reference is simply dropped again.
     */
    private void queueToOwner(ThreadState ts, long obj) {
        int owner = UnsafeApi.getIntVolatile(null, obj + OWNER_ID_OFFSET);
        if (owner == NO_OWNER) {
            ts.countOps++; // a second decrement of its own: counted as one more shared operation
            decref(ts, obj, NO_OWNER);
            return;
        }
        ThreadState target = runtime.registeredState(owner);
        if (target != null && target.mergeQueue.tryPush(obj)) {
            ts.queuePushes++;
            return;
        }
        mergeOnTheSpot(ts, obj);
    }

    /**
     * Merge of an object whose owner has exited: its local count is frozen (the owner's last
     * store happens-before the close of its gate, which we observed), and only we hold the
     * QUEUED state, so no one else merges it.
     */
    private void mergeOnTheSpot(ThreadState ts, long obj) {
        ts.spotMerges++;
        long count = merge(obj, -1);
        if (count == 0) {
            runtime.deallocation().release(ts, obj);
        } else if (count < 0) {
            throw runtime.error("decref below zero (found at merge, total " + count + ")", obj);
        }
    }

    /** Owner: merges one object taken from its merge queue (CPython's {@code merge_queued_objects}). */
    void mergeQueued(ThreadState ts, long obj) {
        ts.merges++;
        long count = merge(obj, -1); // minus the queue's reference
        if (count == 0) {
            runtime.deallocation().release(ts, obj);
        } else if (count < 0) {
            throw runtime.error("decref below zero (found at merge, total " + count + ")", obj);
        }
    }

    /**
     * Folds the local count into the shared word and makes the object MERGED
     * (CPython's {@code _Py_ExplicitMergeRefcount}). Caller: the owner, or the spot merger of a
     * dead owner. Returns the merged total.
     */
    long merge(long obj, long extra) {
        long a = obj + SHARED_COUNT_OFFSET;
        long local = UnsafeApi.getInt(obj + LOCAL_COUNT_OFFSET);
        long s = UnsafeApi.getLongVolatile(null, a);
        while (true) {
            long total = ObjectHeader.sharedCount(s) + local + extra;
            long n = ObjectHeader.sharedWord(total, MERGED);
            long w = UnsafeApi.compareAndExchangeLong(null, a, s, n);
            if (w == s) {
                // Plain stores after the CAS: other threads already see MERGED and ignore both fields.
                UnsafeApi.putInt(obj + LOCAL_COUNT_OFFSET, 0);
                UnsafeApi.putInt(obj + OWNER_ID_OFFSET, NO_OWNER);
                return total;
            }
            s = w;
        }
    }

    /**
     * Owner: its local count reached zero (CPython's {@code _Py_MergeZeroLocalRefcount}). If the
     * shared word is exactly 0 (BIASED, count 0) no other reference exists and no reader may
     * increment (tryIncref refuses 0), so the object dies without a CAS; otherwise the owner gives
     * the object up: owner id NO_OWNER first, then a CAS to MERGED.
     */
    void mergeZeroLocal(ThreadState ts, long obj) {
        long a = obj + SHARED_COUNT_OFFSET;
        long s = UnsafeApi.getLongVolatile(null, a); // acquire: pairs with the non-owner CAS that made it 0
        if (s == 0) {
            runtime.deallocation().release(ts, obj);
            return;
        }
        UnsafeApi.putIntVolatile(null, obj + OWNER_ID_OFFSET, NO_OWNER);
        long n;
        while (true) {
            n = (s & ~STATE_MASK) | MERGED;
            long w = UnsafeApi.compareAndExchangeLong(null, a, s, n);
            if (w == s) {
                break;
            }
            s = w;
        }
        ts.merges++;
        if ((s & STATE_MASK) == QUEUED && n <= MERGED) {
            // The queue still holds a reference, so a correct program cannot reach zero here.
            throw runtime.error("decref below zero (queued object reached zero at owner merge)", obj);
        }
        if (n == MERGED) {
            runtime.deallocation().release(ts, obj);
        } else if (n < MERGED) {
            throw runtime.error("decref below zero (found at merge, shared " + ObjectHeader.sharedCount(n) + ")", obj);
        }
    }

    /** Non-owner conditional increment (CPython's {@code _Py_TryIncRefShared}): never from 0 nor MERGED|0. */
    boolean tryIncref(ThreadState ts, long obj, int owner) {
        if (owner < NO_OWNER) {
            if (owner == IMMORTAL_OWNER) {
                return true;
            }
            if (owner == FREED_OWNER) {
                ts.tryIncrefFailures++;
                return false;
            }
        }
        if (checked && !runtime.allocator().isLiveBlock(obj)) {
            ts.tryIncrefFailures++;
            return false; // a racing lock-free reader may see a freed block: a failure, not an error
        }
        long a = obj + SHARED_COUNT_OFFSET;
        long s = UnsafeApi.getLongVolatile(null, a);
        while (true) {
            if (s == 0 || s == MERGED || (s & STATE_MASK) == MERGED && s < MERGED) {
                ts.tryIncrefFailures++;
                return false;
            }
            long w = UnsafeApi.compareAndExchangeLong(null, a, s, s + SHARED_ONE);
            if (w == s) {
                ts.sharedOps++;
                ts.countOps++;
                return true;
            }
            s = w;
        }
    }

    /** Immortal: no-op (returns true); freed: error. Other sentinels fall through (false). */
    private boolean sentinelOwner(long obj, int owner, String op) {
        if (owner == IMMORTAL_OWNER) {
            return true;
        }
        if (owner == FREED_OWNER) {
            throw runtime.error(op + " of a freed object", obj);
        }
        return false;
    }

    private void requireLive(long obj, String op) {
        if (!runtime.allocator().isLiveBlock(obj)) {
            throw runtime.error(op + " of a freed object (not a live allocator block)", obj);
        }
        if ((UnsafeApi.getInt(obj + TYPE_ID_OFFSET) & ObjectHeader.TYPE_FREED_BIT) != 0) {
            throw runtime.error(op + " of a freed object (poisoned type id)", obj);
        }
        if ((UnsafeApi.getIntVolatile(null, obj + FLAGS_OFFSET) & FLAG_RETIRED) != 0 && op.equals("incref")) {
            throw runtime.error("incref of a retired deferred object", obj);
        }
    }
}
