package io.github.freethread.refcount;

import static io.github.freethread.refcount.ObjectHeader.FLAGS_OFFSET;
import static io.github.freethread.refcount.ObjectHeader.FLAG_DEFERRED;
import static io.github.freethread.refcount.ObjectHeader.FLAG_IMMORTAL;
import static io.github.freethread.refcount.ObjectHeader.FLAG_RETIRED;
import static io.github.freethread.refcount.ObjectHeader.IMMORTAL_OWNER;
import static io.github.freethread.refcount.ObjectHeader.LOCAL_COUNT_OFFSET;
import static io.github.freethread.refcount.ObjectHeader.MERGED;
import static io.github.freethread.refcount.ObjectHeader.NO_OWNER;
import static io.github.freethread.refcount.ObjectHeader.OWNER_ID_OFFSET;
import static io.github.freethread.refcount.ObjectHeader.QUEUED;
import static io.github.freethread.refcount.ObjectHeader.SHARED_COUNT_OFFSET;
import static io.github.freethread.refcount.ObjectHeader.TYPE_FREED_BIT;
import static io.github.freethread.refcount.ObjectHeader.TYPE_ID_OFFSET;

import org.agrona.UnsafeApi;

/**
 * The header equations of docs/refcount.md, checked on a quiescent live object:
 * <pre>
 *  (H1) immortal  &lt;=&gt;  owner == IMMORTAL_OWNER                      (and then nothing else is checked)
 *  (H2) state == MERGED  =&gt;  owner == NO_OWNER  and  local == 0
 *  (H3) state != MERGED  =&gt;  owner is a thread's bias id (&gt; 0, or SINGLE_THREAD_OWNER)  and  local &gt;= 0
 *  (H4) state in {BIASED, SHARED_READ}  =&gt;  shared count &gt;= 0
 *  (H5) total = local + shared count &gt;= 1   (a live, not retired object; QUEUED: the queue's reference included)
 *  (H6) deferred  =&gt;  state == MERGED
 *  (H7) the type id is registered and not poisoned (TYPE_FREED_BIT clear)
 *  (H8) per-thread counted (owner == PER_THREAD_OWNER)  =&gt;  state == MERGED, index &gt;= 0, not deferred,
 *       and total (shared count + every state's slot) &gt;= 1       (and nothing else is checked)
 * </pre>
 */
final class HeaderInvariants {
    private HeaderInvariants() {}

    static void check(ObjectRuntime rt, long obj) {
        int owner = UnsafeApi.getInt(obj + OWNER_ID_OFFSET);
        int local = UnsafeApi.getInt(obj + LOCAL_COUNT_OFFSET);
        long shared = UnsafeApi.getLongVolatile(null, obj + SHARED_COUNT_OFFSET);
        int type = UnsafeApi.getInt(obj + TYPE_ID_OFFSET);
        int flags = UnsafeApi.getIntVolatile(null, obj + FLAGS_OFFSET);
        long state = ObjectHeader.state(shared);
        long count = ObjectHeader.sharedCount(shared);
        String where = ObjectHeader.describe(obj);

        require((type & TYPE_FREED_BIT) == 0, "(H7) poisoned type id: object was freed", where);
        require(rt.types().nameOf(type).charAt(0) != '<', "(H7) unregistered type id", where);
        boolean immortal = (flags & FLAG_IMMORTAL) != 0;
        require(immortal == (owner == IMMORTAL_OWNER), "(H1) immortal flag and owner id disagree", where);
        if (immortal) {
            return;
        }
        if (owner == ObjectHeader.PER_THREAD_OWNER) {
            require(state == MERGED && local >= 0 && (flags & FLAG_DEFERRED) == 0,
                "(H8) per-thread counted object not merged, with a negative index, or deferred", where);
            require(rt.refcount(obj) >= 1, "(H8) live per-thread counted object with total count < 1", where);
            return;
        }
        if (state == MERGED) {
            require(owner == NO_OWNER && local == 0, "(H2) merged object with an owner or a local count", where);
        } else {
            require(owner > 0 || owner == ObjectHeader.SINGLE_THREAD_OWNER, "(H3) biased object without an owner", where);
            require(local >= 0, "(H3) negative local count", where);
            if (state != QUEUED) {
                require(count >= 0, "(H4) negative shared count outside QUEUED", where);
            }
        }
        if ((flags & FLAG_RETIRED) == 0) {
            require(local + count >= 1, "(H5) live object with total count < 1", where);
        }
        if ((flags & FLAG_DEFERRED) != 0) {
            require(state == MERGED, "(H6) deferred object not merged", where);
        }
    }

    private static void require(boolean ok, String equation, String where) {
        if (!ok) {
            throw new AssertionError(equation + ": " + where);
        }
    }
}
