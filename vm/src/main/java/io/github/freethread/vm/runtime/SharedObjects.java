package io.github.freethread.vm.runtime;

import static io.github.freethread.vm.runtime.Layouts.*;
import static io.github.freethread.vm.runtime.VmThread.isImmortal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.agrona.UnsafeApi;


/**
 * Shared hot objects must not serialise threads: the objects every thread reads on every
 * iteration (module objects, module globals dicts, the builtins, functions and the values bound
 * in globals) become IMMORTAL when the program starts its first non-main thread, so loading them
 * (LOAD_GLOBAL, a call, a subscript of a global list) counts nothing and writes no shared cache
 * line. This is CPython 3.13's precedent ({@code _PyGC_ImmortalizeDeferredObjects}, called by the
 * thread that starts the first thread, before it starts it): there functions, code, modules and
 * types were immortalised; we also immortalise what module globals hold, because a profile of
 * {@code list_dict_threads.py} showed the global list {@code WORDS} (read by every worker in
 * every iteration) as the hottest contended line.
 *
 * <p>Why immortalisation and not the refcount layer's deferred counting: a deferred use
 * ({@code acquireUse}) is valid only until the thread's next poll, but an interpreter stack value
 * outlives safe points (a function object stays on the stack across the call's back-edges, which
 * poll), and ftvm has no stack-scanning collector that could keep it alive. Immortal objects need
 * no such argument: they are never freed while the VM runs.
 *
 * <p>Protocol and safety:
 * <ol>
 *   <li>{@link #start} runs once, on the thread that is about to start the first other thread,
 *       while no other Python thread runs (the caller guarantees it: {@code Vm.prepareThreadStart}
 *       is called before the new Java thread is started). It first polls (merges the caller's
 *       queue, so no object is in a merge queue), then walks from every module: modules, dicts,
 *       lists, tuples, functions (and their defaults), strs, ints, floats, ranges, bound builtins.
 *       Nobody else counts concurrently, so switching them to immortal is a plain state change.
 *       The new thread starts afterwards: {@code Thread.start} is the happens-before edge.
 *   <li>After that, new modules are immortal at creation ({@link #adoptNew}, before publication),
 *       and a function or module stored into module globals is immortalised just before the store
 *       publishes it ({@link #beforeGlobalStore}) if it is still private: owned by the storing
 *       thread with its shared word exactly 0 — no other thread holds a counted reference, and
 *       none can take one lock-free (a non-owner's conditional increment fails on word 0), so
 *       the state change races with no counter. Otherwise it stays counted (correct, slower).
 *   <li>Step 2b, values bound to a NEW name in a module's globals after the start
 *       ({@link #beforeNewGlobal}, called by {@code Dicts.put} before it takes the dict's lock):
 *       a value of an adoptable type that is still private to the storing thread becomes
 *       immortal, with its private children (a list's items, a tuple's, a dict's keys and values),
 *       up to {@link #LATER_BUDGET} objects over the whole run. This is what a thread reads hot
 *       from globals bound after it started ({@code RESULTS = []}, {@code SCALE = f(x)} in the
 *       main program after starting a pool). Rebinding a name that is already bound never adopts:
 *       a global counter ({@code total += 1}) stores a new int on every step, and adopting those
 *       would retain every intermediate value until finish. Whether the name is already bound
 *       is a lock-free lookup taken just before the store: a race with a concurrent insert or
 *       delete of the same name only changes whether the value is adopted (both are correct).
 *       CPython (3.13/3.14, {@code _Py_dict_lookup_threadsafe_stackref}) does not do this: only
 *       objects with deferred counting (functions, modules, code, types) are loaded uncounted,
 *       any other global value is counted with an atomic on its shared word by every non-owner.
 *   <li>Release: at {@code Vm.finish} (all other threads ended), {@link #disposeAll} drops what
 *       every adopted object holds (children reported through the object's type; counted children
 *       are decremented, immortal ones ignored) and empties it; {@code Vm.close} frees the blocks, so
 *       checked mode's leak report stays exact. Until then an adopted object that the program
 *       drops stays allocated (as in CPython 3.13): bounded by what globals held at thread start,
 *       the functions and modules bound in globals later, and {@link #LATER_BUDGET} values bound
 *       to new global names later.
 * </ol>
 *
 * <p>Ownership: {@link #active} — written (volatile) by the starting thread, once per program
 * ({@link #restart} clears it between programs run in one VM, while no other thread is attached), read by any;
 * {@link #adopted}, {@link #laterAdopted} — under {@code this}, read by {@link #disposeAll}
 * (quiescent); {@link #moduleDicts} — added under {@code this} (start, adoptNew), read by any
 * thread (concurrent set).
 */
public final class SharedObjects {
    /** Objects visited at most at thread start (beyond it the rest stays counted; documented limit). */
    static final int START_BUDGET = 1 << 20;
    /** Objects adopted after the start through new global names (step 2b), over the whole run. */
    static final int LATER_BUDGET = 1 << 16;

    private final Vm vm;
    private volatile boolean active;
    private final List<Long> adopted = new ArrayList<>();
    /** Objects adopted by step 2b so far (bounded by LATER_BUDGET). */
    private int laterAdopted;
    /** The globals dicts of the modules (adopted at start or created later): stores into them may adopt (step 2b). */
    private final java.util.Set<Long> moduleDicts = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Adopted objects already emptied by {@link #disposeAll} (a prefix of {@link #adopted}). */
    private int disposed;

    SharedObjects(Vm vm) {
        this.vm = vm;
    }

    /** True once the first non-main thread was prepared. */
    public boolean active() {
        return active;
    }

    /** Number of objects made immortal by this mechanism (diagnostics, tests). */
    public synchronized int adoptedCount() {
        return adopted.size();
    }

    /** Step 1: immortalise everything reachable from {@code roots}; runs once. Returns the number adopted. */
    synchronized int start(VmThread parent, List<Long> roots) {
        if (active) {
            return 0;
        }
        parent.ts.poll(); // merge the caller's queue: no reachable object is QUEUED while its owner changes (no GIL hand-off here)
        int before = adopted.size();
        ArrayDeque<Long> work = new ArrayDeque<>(roots);
        int budget = START_BUDGET;
        while (!work.isEmpty() && budget-- > 0) {
            long o = work.pop();
            if (o == 0 || isImmortal(o) || !adoptable(VmThread.typeOf(o))) {
                continue;
            }
            adopt(o);
            if (VmThread.typeOf(o) == TypeIds.MODULE) {
                moduleDicts.add(UnsafeApi.getLong(o + MODULE_DICT));
            }
            children(parent, o, work);
        }
        active = true; // volatile: later readers of active also see every adoption above
        return adopted.size() - before;
    }

    private static boolean adoptable(int type) {
        return switch (type) {
            case TypeIds.MODULE, TypeIds.DICT, TypeIds.LIST, TypeIds.TUPLE, TypeIds.FUNCTION, TypeIds.STR, TypeIds.INT,
                 TypeIds.BIGINT, TypeIds.FLOAT, TypeIds.RANGE, TypeIds.BUILTIN -> true;
            default -> false; // iterators, exceptions, tracebacks, views: mutable per-use objects stay counted
        };
    }

    private static void children(VmThread t, long o, ArrayDeque<Long> work) {
        switch (VmThread.typeOf(o)) {
            case TypeIds.MODULE -> {
                work.push(UnsafeApi.getLong(o + MODULE_DICT));
                work.push(UnsafeApi.getLong(o + MODULE_NAME));
            }
            case TypeIds.DICT -> {
                for (long x : Dicts.itemsOwned(t, o)) {
                    work.push(x);
                    t.decref(x); // the dict still holds it: the borrowed address stays valid (no other thread runs)
                }
            }
            case TypeIds.LIST -> {
                for (long x : Lists.snapshotOwned(t, o)) {
                    work.push(x);
                    t.decref(x);
                }
            }
            case TypeIds.TUPLE -> {
                long n = VmThread.tupleSize(o);
                for (long i = 0; i < n; i++) {
                    work.push(VmThread.tupleItem(o, i));
                }
            }
            case TypeIds.FUNCTION -> {
                work.push(UnsafeApi.getLong(o + FUNC_GLOBALS));
                work.push(UnsafeApi.getLong(o + FUNC_DEFAULTS));
            }
            case TypeIds.RANGE -> work.push(UnsafeApi.getLong(o + RANGE_BIG));
            case TypeIds.BUILTIN -> work.push(UnsafeApi.getLong(o + BUILTIN_SELF));
            default -> {
            }
        }
    }

    private synchronized void adopt(long o) {
        vm.rt.makeImmortal(o);
        adopted.add(o);
    }

    /** Step 2: a new, unpublished object (a module created after start) becomes immortal at once, with its dict. */
    void adoptNew(long o) {
        if (active && o != 0 && !isImmortal(o)) {
            adopt(o);
            if (VmThread.typeOf(o) == TypeIds.MODULE) {
                long d = UnsafeApi.getLong(o + MODULE_DICT);
                if (d != 0 && !isImmortal(d)) {
                    adopt(d); // unpublished with its module: no other thread counts it
                }
                moduleDicts.add(d);
            }
        }
    }

    /**
     * Step 2b: called by {@code Dicts.put(t, d, key, v)} before it locks {@code d}. If threads
     * run, {@code d} is a module's globals dict, {@code key} is not bound there yet (lock-free
     * lookup) and {@code v} is of an adoptable type and still private to {@code t}, then
     * {@code v} and its private children become immortal (budget {@link #LATER_BUDGET}). Cheap
     * filters first: most stores are into ordinary dicts (not immortal) or rebind a name.
     */
    public void beforeNewGlobal(VmThread t, long d, long key, long v) {
        if (!active || v == 0 || !isImmortal(d) || !adoptable(VmThread.typeOf(v)) || !t.isPrivate(v)
            || !moduleDicts.contains(d)) {
            return;
        }
        long bound = Dicts.getOwned(t, d, key);
        if (bound != 0) {
            t.decref(bound); // a rebinding (a counter, a replaced result): stays counted
            return;
        }
        adoptPrivateGraph(t, v);
    }

    /** Adopts {@code root} and every private object reachable from it, within the later budget. */
    private void adoptPrivateGraph(VmThread t, long root) {
        ArrayDeque<Long> work = new ArrayDeque<>();
        work.push(root);
        while (!work.isEmpty()) {
            long o = work.pop();
            if (o == 0 || isImmortal(o) || !adoptable(VmThread.typeOf(o)) || !t.isPrivate(o)) {
                continue; // shared with another thread already (it may count it now), or not ours: stays counted
            }
            synchronized (this) {
                if (laterAdopted >= LATER_BUDGET) {
                    return;
                }
                laterAdopted++;
                adopt(o);
            }
            children(t, o, work);
        }
    }

    /** Objects adopted through new global names so far (tests). */
    public synchronized int laterAdoptedCount() {
        return laterAdopted;
    }

    /**
     * Step 2: before STORE_GLOBAL publishes {@code v}: a function or module still private to
     * {@code t} (owned by it, shared word 0) becomes immortal, with its private defaults tuple.
     */
    public void beforeGlobalStore(VmThread t, long v) {
        if (!active) {
            return;
        }
        int type = VmThread.typeOf(v);
        if ((type == TypeIds.FUNCTION || type == TypeIds.MODULE) && t.isPrivate(v)) {
            adopt(v);
            if (type == TypeIds.FUNCTION) {
                long defaults = UnsafeApi.getLong(v + FUNC_DEFAULTS);
                if (defaults != 0 && !isImmortal(defaults) && t.isPrivate(defaults)) {
                    adopt(defaults);
                }
            }
        }
    }

    /**
     * Step 3, at VM finish (no other thread runs Python code): reports every adopted object's
     * children through its type (which also frees list arrays and dict tables and counts the
     * object freed for the leak report) and drops the counted ones; then empties the object
     * (size/pointers 0), so that a reference that is only dropped later (a thread object's
     * arguments, a merge queue drained after finish) finds a valid, immortal, empty object whose
     * decref is a no-op. The blocks themselves are freed by {@link #freeBlocks} at VM close.
     */
    synchronized void disposeAll(VmThread t) {
        var types = vm.rt.types();
        for (int i = disposed; i < adopted.size(); i++) {
            long o = adopted.get(i);
            types.get(VmThread.typeOf(o)).visitReferences(o, t::decref); // decref ignores immortal children
            empty(o);
        }
        disposed = adopted.size();
    }

    private static void empty(long o) {
        switch (VmThread.typeOf(o)) {
            case TypeIds.LIST -> {
                UnsafeApi.putLong(o + ListLayout.SIZE, 0);
                UnsafeApi.putLong(o + ListLayout.CAPACITY_MIRROR, 0);
                UnsafeApi.putLong(o + ListLayout.ITEMS, 0);
            }
            case TypeIds.DICT -> {
                UnsafeApi.putLong(o + DictLayout.USED, 0);
                UnsafeApi.putLong(o + DictLayout.KEYS, 0);
            }
            case TypeIds.TUPLE -> UnsafeApi.putLong(o + TUPLE_SIZE, 0);
            case TypeIds.FUNCTION -> {
                UnsafeApi.putLong(o + FUNC_GLOBALS, 0);
                UnsafeApi.putLong(o + FUNC_DEFAULTS, 0);
            }
            case TypeIds.MODULE -> {
                UnsafeApi.putLong(o + MODULE_DICT, 0);
                UnsafeApi.putLong(o + MODULE_NAME, 0);
            }
            case TypeIds.RANGE -> UnsafeApi.putLong(o + RANGE_BIG, 0);
            case TypeIds.BUILTIN -> UnsafeApi.putLong(o + BUILTIN_SELF, 0);
            default -> {
            }
        }
    }

    /**
     * Between two programs in one VM ({@code Vm.prepareNextProgram}, after {@link #disposeAll}; no
     * other thread is attached): frees the adopted blocks and returns to the state before the
     * first thread start, so the next program's first thread start adopts its own objects (step
     * 1) with a fresh {@link #LATER_BUDGET}. Nothing references the freed blocks any more:
     * finish dropped every module, the merge queues were drained, and caches of loaded code
     * compare the keys version of the dict they read (fresh for every new dict), never a freed
     * object's address alone.
     */
    synchronized void restart() {
        freeBlocks();
        moduleDicts.clear();
        laterAdopted = 0;
        active = false; // volatile; the next program's threads start after this (Thread.start orders it)
    }

    /** At VM close (after finish; no thread counts any more): returns the adopted blocks to the allocator. */
    synchronized void freeBlocks() {
        for (long o : adopted) {
            vm.rt.allocator().free(o);
        }
        adopted.clear();
        disposed = 0;
    }
}
