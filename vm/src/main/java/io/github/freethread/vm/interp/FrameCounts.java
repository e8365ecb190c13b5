package io.github.freethread.vm.interp;

import org.agrona.UnsafeApi;

import io.github.freethread.refcount.ObjectHeader;
import io.github.freethread.vm.runtime.VmThread;

/**
 * The interpreter's inline reference counting: the two cases that dominate a frame's traffic,
 * written small enough for C2 to inline at every hot instruction, and everything else delegated
 * to {@link VmThread#incref} / {@link VmThread#decref} (number caches, merging, shared counts,
 * deallocation).
 *
 * <ul>
 *   <li>immortal object ({@code None}, booleans, small ints, constants): nothing to do;</li>
 *   <li>object owned by this thread (biased mode) whose local count stays above zero: a plain
 *       load and store of the local count, exactly {@code ObjectRuntime.increfOwner} /
 *       {@code decrefOwner} minus the zero case, which needs the merge and is delegated.</li>
 * </ul>
 *
 * <p>Why not just call {@code VmThread.decref}: inlined, it is about 450 bytecodes (float and int
 * cache checks, two uniqueness tests, the runtime's owner/shared split). HotSpot's C2 stops
 * inlining into {@link Interpreter#execute} once the method plus its inlinees reach
 * {@code DesiredMethodLimit} (8000 bytecodes); with the runtime's decref at every site the
 * budget ran out before LOAD_FAST's incref and STORE_FAST's decref were inlined
 * ({@code -XX:CompileCommand=PrintInlining,...Interpreter::execute}: "size > DesiredMethodLimit"),
 * so the two most frequent instructions made a real call each.
 *
 * <p>Ownership test: in BIASED mode {@code ObjectRuntime} gives a thread state the bias id equal
 * to its id ({@code ThreadState.id()}), so {@code owner == ts.id()} is the runtime's own
 * {@code owner == ts.biasId} test. In ATOMIC mode objects carry {@code NO_OWNER} and in NONATOMIC
 * mode {@code SINGLE_THREAD_OWNER} (negative); neither equals a thread id (1, 2, ...), so those
 * modes always take the delegated path. {@code FrameCountsTest} checks the identity.
 *
 * <p>Deviation: owner operations done here are not added to the thread state's owner-operation
 * statistic ({@code --stats} "owner=" counts only the delegated ones).
 *
 * <p>Thread safety: only the owner thread touches the local count (plain accesses, as in the
 * runtime's owner path); other threads use the shared count word, which is not touched here.
 */
public final class FrameCounts {
    private FrameCounts() {
    }

    public static void incref(VmThread t, long o) {
        int owner = UnsafeApi.getInt(o + ObjectHeader.OWNER_ID_OFFSET);
        if (owner == t.ts.id()) {
            long local = o + ObjectHeader.LOCAL_COUNT_OFFSET;
            UnsafeApi.putInt(local, UnsafeApi.getInt(local) + 1);
        } else if (owner != ObjectHeader.IMMORTAL_OWNER) {
            t.incref(o);
        }
    }

    public static void decref(VmThread t, long o) {
        int owner = UnsafeApi.getInt(o + ObjectHeader.OWNER_ID_OFFSET);
        if (owner == t.ts.id()) {
            long local = o + ObjectHeader.LOCAL_COUNT_OFFSET;
            int n = UnsafeApi.getInt(local) - 1;
            if (n > 0) {
                UnsafeApi.putInt(local, n);
                return;
            }
        } else if (owner == ObjectHeader.IMMORTAL_OWNER) {
            return;
        }
        t.decref(o); // last owner reference (merge, number cache, free) or a shared/atomic count
    }
}
