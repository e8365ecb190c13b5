package io.github.freethread.vm.modules;

import static io.github.freethread.vm.runtime.Layouts.*;
import static io.github.freethread.vm.runtime.VmThread.*;

import org.agrona.UnsafeApi;

import io.github.freethread.vm.runtime.ClassTable;
import io.github.freethread.vm.runtime.PyError;
import io.github.freethread.vm.runtime.VmThread;

/** Creating handle objects and finding the Java object behind one (with a type check). */
final class HandleObjects {
    private HandleObjects() {
    }

    /** A new handle object of {@code typeId} whose state is {@code n} (owned reference). */
    static long create(VmThread t, int typeId, HandleTable.Native n) {
        int slot = t.vm.handles.register(n);
        long o = t.alloc(typeId, HANDLE_PAYLOAD);
        UnsafeApi.putInt(o + HANDLE_SLOT, slot);
        UnsafeApi.putInt(o + HANDLE_SLOT + 4, 0);
        return o;
    }

    /** The Java state of {@code o}, which must be a handle object of {@code typeId}. */
    static <T extends HandleTable.Native> T get(VmThread t, long o, int typeId, Class<T> kind, String what) {
        if (o == 0 || typeOf(o) != typeId) {
            throw PyError.typeError("descriptor '" + what + "' requires a '" + ClassTable.name(classOfType(typeId))
                + "' object but received a '" + (o == 0 ? "NoneType" : typeName(o)) + "'");
        }
        return kind.cast(t.vm.handles.get(UnsafeApi.getInt(o + HANDLE_SLOT)));
    }

    /** The Java state of any handle object (no type check). */
    static HandleTable.Native any(VmThread t, long o) {
        return t.vm.handles.get(UnsafeApi.getInt(o + HANDLE_SLOT));
    }

    private static int classOfType(int typeId) {
        return switch (typeId) {
            case io.github.freethread.vm.runtime.TypeIds.THREAD -> ClassTable.THREAD;
            case io.github.freethread.vm.runtime.TypeIds.LOCK -> ClassTable.LOCK;
            case io.github.freethread.vm.runtime.TypeIds.RLOCK -> ClassTable.RLOCK;
            case io.github.freethread.vm.runtime.TypeIds.EVENT -> ClassTable.EVENT;
            case io.github.freethread.vm.runtime.TypeIds.FUTURE -> ClassTable.FUTURE;
            case io.github.freethread.vm.runtime.TypeIds.EXECUTOR -> ClassTable.THREAD_POOL_EXECUTOR;
            default -> ClassTable.QUEUE;
        };
    }
}
