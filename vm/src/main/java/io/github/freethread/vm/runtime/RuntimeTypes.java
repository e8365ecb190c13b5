package io.github.freethread.vm.runtime;

import static io.github.freethread.vm.runtime.Layouts.*;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongConsumer;

import org.agrona.UnsafeApi;

import io.github.freethread.allocator.Allocator;
import io.github.freethread.refcount.ObjectRuntime;
import io.github.freethread.refcount.ObjectType;
import io.github.freethread.refcount.TypeRegistry;

/**
 * The {@link ObjectType}s of ftvm's runtime objects: each reports the references its object holds
 * (so deallocation drops them iteratively) and frees the raw blocks the object owns (list item
 * arrays, dict tables). Also counts deallocations per type for the checked-mode leak report.
 */
public final class RuntimeTypes {
    private RuntimeTypes() {
    }

    /** Registers every type in {@link TypeIds} order; fails if the registry hands out other ids. */
    public static void registerAll(ObjectRuntime rt, AtomicLongArray freed, HandleRelease handles) {
        TypeRegistry reg = rt.types();
        Allocator alloc = rt.allocator();
        String[] names = {null, "NoneType", "bool", "int", "int", "float", "str", "tuple", "list", "dict", "range",
            "slice", "iterator", "function", "builtin_function_or_method", "module", "type", "exception",
            "traceback", "code", "dict_view", "Thread", "lock", "RLock", "Event", "Future", "ThreadPoolExecutor", "Queue"};
        for (int id = 1; id <= TypeIds.COUNT; id++) {
            int got = reg.register(new VmType(id, names[id], alloc, freed, handles));
            if (got != id) {
                throw new IllegalStateException("type " + names[id] + " registered as id " + got + ", expected " + id
                    + ": ftvm needs a fresh ObjectRuntime");
            }
        }
    }

    /**
     * Deallocation of a handle object (thread, lock, future, ...): frees its slot in the VM's handle
     * table and reports, through {@code v}, the owned references the Java object still held (each
     * exactly once: the Java object hands a reference over at most once, under its own lock).
     */
    @FunctionalInterface
    public interface HandleRelease {
        void release(int slot, LongConsumer v);
    }

    /** One runtime type; behaviour switches on the id (one class keeps the JIT's profile monomorphic). */
    static final class VmType implements ObjectType {
        private final int id;
        private final String name;
        private final Allocator alloc;
        private final AtomicLongArray freed;
        private final HandleRelease handles;

        VmType(int id, String name, Allocator alloc, AtomicLongArray freed, HandleRelease handles) {
            this.id = id;
            this.name = name;
            this.alloc = alloc;
            this.freed = freed;
            this.handles = handles;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void visitReferences(long obj, LongConsumer v) {
            if (freed != null) {
                freed.incrementAndGet(id);
            }
            switch (id) {
                case TypeIds.TUPLE -> {
                    long n = UnsafeApi.getLong(obj + TUPLE_SIZE);
                    for (long i = 0; i < n; i++) {
                        visit(v, UnsafeApi.getLong(tupleSlot(obj, i)));
                    }
                }
                case TypeIds.LIST -> Lists.dispose(obj, v, alloc);
                case TypeIds.DICT -> Dicts.dispose(obj, v, alloc);
                case TypeIds.SLICE -> {
                    visit(v, UnsafeApi.getLong(obj + SLICE_START));
                    visit(v, UnsafeApi.getLong(obj + SLICE_STOP));
                    visit(v, UnsafeApi.getLong(obj + SLICE_STEP));
                }
                case TypeIds.ITER, TypeIds.DICT_VIEW -> {
                    if (id == TypeIds.ITER && UnsafeApi.getInt(obj + ITER_KIND) == Iterators.RANGE) {
                        return; // range iterators hold raw longs only
                    }
                    visit(v, UnsafeApi.getLong(obj + ITER_TARGET));
                    visit(v, UnsafeApi.getLong(obj + ITER_AUX));
                }
                case TypeIds.FUNCTION -> {
                    visit(v, UnsafeApi.getLong(obj + FUNC_GLOBALS));
                    visit(v, UnsafeApi.getLong(obj + FUNC_DEFAULTS));
                }
                case TypeIds.BUILTIN -> visit(v, UnsafeApi.getLong(obj + BUILTIN_SELF));
                case TypeIds.RANGE -> visit(v, UnsafeApi.getLong(obj + RANGE_BIG));
                case TypeIds.MODULE -> {
                    visit(v, UnsafeApi.getLong(obj + MODULE_DICT));
                    visit(v, UnsafeApi.getLong(obj + MODULE_NAME));
                }
                case TypeIds.EXC -> {
                    visit(v, UnsafeApi.getLong(obj + EXC_ARGS));
                    visit(v, UnsafeApi.getLong(obj + EXC_TRACEBACK));
                }
                case TypeIds.TRACEBACK -> visit(v, UnsafeApi.getLong(obj + TB_NEXT));
                case TypeIds.THREAD, TypeIds.LOCK, TypeIds.RLOCK, TypeIds.EVENT, TypeIds.FUTURE, TypeIds.EXECUTOR,
                     TypeIds.QUEUE -> handles.release(UnsafeApi.getInt(obj + HANDLE_SLOT), v);
                default -> {
                }
            }
        }

        private static void visit(LongConsumer v, long child) {
            if (child != 0) {
                v.accept(child);
            }
        }
    }
}
