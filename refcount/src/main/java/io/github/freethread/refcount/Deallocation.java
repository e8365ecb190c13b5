package io.github.freethread.refcount;

import static io.github.freethread.refcount.ObjectHeader.FLAGS_OFFSET;
import static io.github.freethread.refcount.ObjectHeader.FLAG_DEFERRED;
import static io.github.freethread.refcount.ObjectHeader.FREED_OWNER;
import static io.github.freethread.refcount.ObjectHeader.OWNER_ID_OFFSET;
import static io.github.freethread.refcount.ObjectHeader.TYPE_FREED_BIT;
import static io.github.freethread.refcount.ObjectHeader.TYPE_ID_OFFSET;

import org.agrona.UnsafeApi;

/**
 * Deallocation: runs exactly once per object, on the thread whose count operation (or merge)
 * took the total to zero — the one atomic step that observed zero is unique, so is the caller.
 *
 * <p>Nested frees are iterative (CPython uses the "trashcan" for the same purpose): a dying
 * object's children are decremented through {@link ObjectType#visitReferences}; a child that
 * reaches zero is pushed on the thread state's work list instead of being freed inside the
 * visitor, and only the outermost {@link #release} drains the list. Java stack depth is constant
 * whatever the length of a chain.
 *
 * <p>Before the memory goes back to the allocator, the header's owner id becomes
 * {@link ObjectHeader#FREED_OWNER} and the type id gets {@link ObjectHeader#TYPE_FREED_BIT}
 * ("poisoned"), so that a late count operation is reported, and a racing lock-free reader's
 * tryIncref fails, until the block is reused.
 *
 * <p>Deferred objects ({@link ObjectHeader#FLAG_DEFERRED}) are not freed here: they are retired to
 * {@link DeferredReclamation} and freed after a grace period.
 */
final class Deallocation {
    private final ObjectRuntime runtime;

    Deallocation(ObjectRuntime runtime) {
        this.runtime = runtime;
    }

    /** The total count of {@code obj} reached zero (the caller is the unique thread that saw it). */
    void release(ThreadState ts, long obj) {
        if ((UnsafeApi.getIntVolatile(null, obj + FLAGS_OFFSET) & FLAG_DEFERRED) != 0) {
            runtime.deferred().retire(ts, obj);
            return;
        }
        destroyIteratively(ts, obj);
    }

    /** Visits, frees and drains the work list; re-entrant calls only push. */
    void destroyIteratively(ThreadState ts, long obj) {
        ts.pushPending(obj);
        if (ts.deallocating) {
            return; // an outer release on this thread is draining the list
        }
        ts.deallocating = true;
        try {
            long next;
            while ((next = ts.popPending()) != 0) {
                destroy(ts, next);
            }
        } finally {
            ts.deallocating = false;
        }
    }

    private void destroy(ThreadState ts, long obj) {
        int typeId = UnsafeApi.getInt(obj + TYPE_ID_OFFSET);
        ObjectType type;
        try {
            type = runtime.types().get(typeId);
        } catch (IllegalArgumentException e) {
            throw runtime.error("deallocation of an object with " + e.getMessage(), obj);
        }
        type.visitReferences(obj, ts.childReleaser);
        UnsafeApi.putInt(obj + OWNER_ID_OFFSET, FREED_OWNER);
        // release: orders the child decrements and the FREED_OWNER store above before the poisoned
        // type id. Partners: (a) this thread's own later free-list push and block reuse (program
        // order, same thread: the local free is a plain store, the next malloc of this block runs
        // here too); (b) a foreign free path publishes the block with a CAS in the allocator (a
        // full fence after this store); (c) checked-mode readers (SharedCounting.requireLive,
        // ObjectRuntime's header check) read the type id plainly only for diagnostics of a use
        // after free, which is already a program error: they need no ordering beyond (a)/(b).
        // No load after this store depends on it, so the StoreLoad fence of a volatile store bought
        // nothing (it was one locked instruction per free on x86).
        UnsafeApi.putIntRelease(null, obj + TYPE_ID_OFFSET, typeId | TYPE_FREED_BIT);
        runtime.allocator().free(obj);
        ts.deallocations++;
    }
}
