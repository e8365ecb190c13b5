package io.github.freethread.vm.runtime;

import static io.github.freethread.vm.runtime.Layouts.*;

import java.io.PrintStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

import org.agrona.UnsafeApi;

import io.github.freethread.collections.CollectionsRuntime;
import io.github.freethread.refcount.ObjectRuntime;
import io.github.freethread.refcount.ThreadState;
import io.github.freethread.refcount.RefcountMode;
import io.github.freethread.refcount.RuntimeConfig;
import io.github.freethread.vm.bytecode.CodeObject;
import io.github.freethread.vm.bytecode.ConstNone;
import io.github.freethread.vm.bytecode.ConstTuple;

/**
 * One ftvm instance: the object runtime every value lives in, the immortal singletons (None,
 * True, False, small ints -5..256, the empty tuple, class objects, built-in functions), loaded
 * code with interned constants, the builtins and imported modules, and configuration. There is
 * no global interpreter state outside this object; each Python thread works through its own
 * {@link VmThread}.
 *
 * <table>
 *   <caption>Ownership</caption>
 *   <tr><th>field</th><th>written by</th><th>read by</th><th>mode</th></tr>
 *   <tr><td>codes</td><td>load (under {@code this})</td><td>any thread</td><td>volatile array, copy-on-write</td></tr>
 *   <tr><td>modules</td><td>import (under {@code this})</td><td>import (under {@code this})</td><td>monitor</td></tr>
 *   <tr><td>keysVersion</td><td>any thread, once per block of {@link #KEYS_VERSION_BLOCK} (VmThread.nextKeysVersion)</td><td>-</td><td>atomic getAndAdd</td></tr>
 *   <tr><td>shared</td><td>see {@link SharedObjects} (its own table)</td><td>any thread</td><td>final</td></tr>
 *   <tr><td>allocated, freed, immortal</td><td>any thread</td><td>leak report (quiescent)</td><td>atomic arrays</td></tr>
 *   <tr><td>builtinObjs</td><td>{@link #init}; {@link #ensureBuiltinObjs} (import, under {@code this})</td><td>any thread</td>
 *       <td>volatile array, copy-on-write: grown when a module registered after this VM started is imported</td></tr>
 *   <tr><td>builtinsDict</td><td>the main thread, once per program (Program, before the module body; {@link #prepareNextProgram})</td>
 *       <td>any thread</td><td>plain, published by thread start</td></tr>
 *   <tr><td>everything else</td><td>constructor / {@link #start}</td><td>any thread</td><td>final or published by thread start</td></tr>
 * </table>
 */
public final class Vm implements AutoCloseable {
    /** The collections layer (QSBR domain, per-thread critical sections) over {@link #rt}. */
    public final CollectionsRuntime collections;
    public final ObjectRuntime rt;
    public final boolean checked;
    public final VmConfig config;
    /** Per-type allocation / deallocation / immortalisation counts (checked mode only, else null). */
    public final AtomicLongArray allocated;
    public final AtomicLongArray freed;
    public final AtomicLongArray immortal;
    public final PrintStream out;
    public final PrintStream err;

    long none;
    long trueObj;
    long falseObj;
    long[] smallInts;
    public long emptyTuple;
    public long emptyStr;
    private long[] classObjs;
    private volatile long[] builtinObjs;

    private volatile CodeInfo[] codes = new CodeInfo[0];
    private final Map<String, Long> modules = new HashMap<>();
    /** Every immortal object (under its own monitor): released explicitly at close, so that the
     *  checked allocator's leak report at close lists only real leaks. */
    private final List<Long> immortals = new ArrayList<>();
    private final AtomicInteger keysVersion = new AtomicInteger(1);
    /** The builtins module's dict (borrowed by every frame). */
    public long builtinsDict;
    private VmThread mainThread;

    /** Handle objects' Java state (threads, locks, futures, ...): see modules.HandleTable. */
    public final io.github.freethread.vm.modules.HandleTable handles = new io.github.freethread.vm.modules.HandleTable();
    /** The optional global interpreter lock (issue 6 GIL mode); disabled unless --gil=1 or a legacy module. */
    public final Gil gil;
    /** Python-level threads of this VM (threading, executors): registry, naming, shutdown. */
    public final io.github.freethread.vm.modules.PythonThreads threads;

    /** Loads modules by name for {@code import}; set by the modules package at start-up. */
    public interface ModuleLoader {
        /** A new module object (owned) or 0 if no such module. */
        long load(VmThread t, String name);
    }

    private ModuleLoader moduleLoader = (t, n) -> 0;

    /** Immortalisation of shared hot objects when the first non-main thread starts (see {@link SharedObjects}). */
    public final SharedObjects shared = new SharedObjects(this);

    /**
     * List stores without the lock while one thread is attached ({@link SingleThreadMode}, its
     * own protocol). Every {@link VmThread} registers in it; the start-up thread and the main
     * thread share one thread state, so they are one member.
     */
    public final SingleThreadMode singleThread = new SingleThreadMode();

    private Vm(VmConfig config, PrintStream out, PrintStream err) {
        this.config = config;
        this.checked = config.checked();
        this.gil = new Gil(config.gil() == VmConfig.GIL_ON, config.gil() == VmConfig.GIL_OFF, config.gilSource());
        this.threads = new io.github.freethread.vm.modules.PythonThreads(this);
        RefcountMode mode = config.mode();
        AtomicLongArray freedCounts = config.checked() ? new AtomicLongArray(TypeIds.COUNT + 1) : null;
        this.freed = freedCounts;
        this.collections = CollectionsRuntime.create(RuntimeConfig.defaults().withMode(mode).withChecked(config.checked())
            .withAllocator(RuntimeConfig.defaults().allocator().withChecked(config.checked())),
            runtime -> RuntimeTypes.registerAll(runtime, freedCounts, handles));
        this.rt = collections.objectRuntime();
        this.allocated = new AtomicLongArray(TypeIds.COUNT + 1);
        this.immortal = new AtomicLongArray(TypeIds.COUNT + 1);
        this.out = out;
        this.err = err;
    }

    /** Creates a VM and attaches the calling thread as its main thread. */
    public static Vm start(VmConfig config, PrintStream out, PrintStream err, int builtinCount) {
        Vm vm = new Vm(config, out, err);
        vm.init(builtinCount);
        return vm;
    }

    private void init(int builtinCount) {
        VmThread t = new VmThread(this, rt.attach(), 16);
        none = immortalAlloc(t, TypeIds.NONE, 8);
        trueObj = immortalAlloc(t, TypeIds.BOOL, 8);
        UnsafeApi.putLong(trueObj + INT_VALUE, 1);
        falseObj = immortalAlloc(t, TypeIds.BOOL, 8);
        UnsafeApi.putLong(falseObj + INT_VALUE, 0);
        smallInts = new long[262];
        for (int i = 0; i < smallInts.length; i++) {
            long o = immortalAlloc(t, TypeIds.INT, INT_SIZE);
            UnsafeApi.putLong(o + INT_VALUE, i - 5);
            smallInts[i] = o;
        }
        emptyTuple = immortalAlloc(t, TypeIds.TUPLE, tuplePayload(0));
        UnsafeApi.putLong(emptyTuple + TUPLE_SIZE, 0);
        classObjs = new long[ClassTable.ALL.size()];
        for (int i = 0; i < classObjs.length; i++) {
            long o = immortalAlloc(t, TypeIds.CLASS, CLASS_PAYLOAD);
            UnsafeApi.putInt(o + CLASS_INDEX, i);
            classObjs[i] = o;
        }
        builtinObjs = newBuiltinObjs(t, new long[0], builtinCount);
        emptyStr = makeImmortal(t.newStr(""));
        mainThread = new VmThread(this, t.ts, config.dataStackSlots());
        mainThread.takeGilIfEnabled();
    }

    /** {@code have} followed by immortal built-in objects for ids {@code have.length .. count-1}. */
    private long[] newBuiltinObjs(VmThread t, long[] have, int count) {
        long[] objs = java.util.Arrays.copyOf(have, count);
        for (int i = have.length; i < count; i++) {
            // not t.alloc: built-in objects are the VM's, not the program's, and stay out of the
            // thread's per-type allocation counts (--stats), wherever and whenever they are made
            long o = rt.allocate(t.ts, TypeIds.BUILTIN, BUILTIN_PAYLOAD);
            if (checked) {
                allocated.incrementAndGet(TypeIds.BUILTIN);
            }
            makeImmortal(o);
            UnsafeApi.putInt(o + BUILTIN_ID, i);
            UnsafeApi.putLong(o + BUILTIN_SELF, 0);
            objs[i] = o;
        }
        return objs;
    }

    /**
     * Creates this VM's built-in objects for the ids registered since it started (a standard
     * module registers its functions on its first import in the process, possibly after this VM
     * started: see {@code BuiltinTable}). Called on import, before the module's functions are
     * looked up; does nothing if this VM already has every id.
     */
    public synchronized void ensureBuiltinObjs(VmThread t) {
        long[] have = builtinObjs;
        int count = io.github.freethread.vm.builtins.BuiltinTable.count();
        if (count > have.length) {
            builtinObjs = newBuiltinObjs(t, have, count); // release: pairs with the volatile read in builtinObj
        }
    }

    private long immortalAlloc(VmThread t, int type, long payload) {
        return makeImmortal(t.alloc(type, payload));
    }

    /** Makes {@code o} immortal (and counts it as such for the leak report). */
    public long makeImmortal(long o) {
        rt.makeImmortal(o);
        immortal.incrementAndGet(VmThread.typeOf(o));
        synchronized (immortals) {
            immortals.add(o);
        }
        return o;
    }

    /** The main thread's state (the thread that started the VM). */
    public VmThread mainThread() {
        return mainThread;
    }

    /**
     * Attaches the calling Java thread as a new Python thread: its own refcount thread state (heap,
     * bias id, merge queue), QSBR record and critical-section stack, and a data stack of
     * {@code dataSlots} slots. The thread must call {@link #detachThread} before it ends.
     */
    public VmThread attachThread(int dataSlots) {
        VmThread t = new VmThread(this, rt.attach(), dataSlots);
        t.takeGilIfEnabled();
        return t;
    }

    /**
     * Thread exit (the calling thread is {@code t}'s): drops the exception being handled, frees
     * the parked numbers, merges what other threads queued, then detaches the thread state (its
     * heap is abandoned for reclaim, its pending QSBR frees become orphans). Nothing is lost.
     */
    public void detachThread(VmThread t) {
        if (t.handledExc != 0) {
            t.decref(t.handledExc);
            t.handledExc = 0;
        }
        t.drainNumberCaches();
        t.ts.poll();
        rt.detach(t.ts);
        t.dropGil();
    }

    /**
     * Must be called by the thread that is about to start a new Python thread, BEFORE it starts the
     * new Java thread (CPython 3.13 does the same in {@code thread_PyThread_start_joinable_thread}):
     * the first call makes the shared hot objects immortal (modules, globals, builtins, functions
     * and what globals hold; see {@link SharedObjects}) while no other Python thread runs. Later
     * calls return at once. Returns the number of objects made immortal by this call.
     */
    public int prepareThreadStart(VmThread parent) {
        if (shared.active()) {
            return 0;
        }
        List<Long> roots;
        synchronized (this) {
            roots = new ArrayList<>(modules.values());
        }
        if (builtinsDict != 0) {
            roots.add(builtinsDict);
        }
        return shared.start(parent, roots);
    }

    public void setModuleLoader(ModuleLoader loader) {
        this.moduleLoader = loader;
    }

    public long classObj(int classIndex) {
        return classObjs[classIndex];
    }

    public long builtinObj(int id) {
        return builtinObjs[id];
    }

    /** Versions per block handed to one thread by {@link #reserveKeysVersions}. */
    public static final int KEYS_VERSION_BLOCK = 1024;

    /** Start of a fresh block of {@link #KEYS_VERSION_BLOCK} keys versions (see {@link VmThread#nextKeysVersion}). */
    int reserveKeysVersions() {
        return keysVersion.getAndAdd(KEYS_VERSION_BLOCK);
    }

    // ------------------------------------------------------------------ code

    /** Registers {@code code} and its nested code objects; interns constants as immortal objects. */
    public synchronized CodeInfo load(VmThread t, CodeObject code) {
        for (CodeInfo ci : codes) {
            if (ci.code == code) {
                return ci;
            }
        }
        List<Object> cs = code.constants();
        long[] consts = new long[cs.size()];
        for (int i = 0; i < consts.length; i++) {
            consts[i] = intern(t, cs.get(i));
        }
        long[] names = new long[code.names().size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = makeImmortal(t.newStr(code.names().get(i)));
        }
        CodeInfo[] old = codes;
        CodeInfo ci = new CodeInfo(old.length, code, consts, names);
        CodeInfo[] grown = java.util.Arrays.copyOf(old, old.length + 1);
        grown[old.length] = ci;
        codes = grown; // volatile write: publishes ci to threads that read codes
        return ci;
    }

    /** The loaded code with this index. */
    public CodeInfo code(int index) {
        return codes[index];
    }

    public List<CodeInfo> codes() {
        return List.of(codes);
    }

    private long intern(VmThread t, Object c) {
        if (c instanceof Long l) {
            long o = t.newInt(l);
            return l >= -5 && l <= 256 ? o : makeImmortal(o);
        } else if (c instanceof BigInteger b) {
            return makeImmortal(t.newInt(b));
        } else if (c instanceof Double d) {
            return makeImmortal(t.newFloat(d));
        } else if (c instanceof String s) {
            return makeImmortal(t.newStr(s));
        } else if (c instanceof Boolean b) {
            return b ? trueObj : falseObj;
        } else if (c instanceof ConstNone) {
            return none;
        } else if (c instanceof ConstTuple ct) {
            if (ct.items().isEmpty()) {
                return emptyTuple;
            }
            long tup = t.newTuple(ct.items().size());
            for (int i = 0; i < ct.items().size(); i++) {
                VmThread.tupleInit(tup, i, intern(t, ct.items().get(i)));
            }
            return makeImmortal(tup);
        } else if (c instanceof CodeObject co) {
            CodeInfo nested = load(t, co);
            long o = t.alloc(TypeIds.CODE, CODE_PAYLOAD);
            UnsafeApi.putInt(o + CODE_INDEX, nested.index);
            return makeImmortal(o);
        }
        throw new IllegalArgumentException("not a code constant: " + c);
    }

    // ------------------------------------------------------------------ modules

    /** The module named {@code name} (a new reference), loading it on first import; 0 if none. */
    public synchronized long importModule(VmThread t, String name) {
        Long m = modules.get(name);
        if (m == null) {
            long fresh = moduleLoader.load(t, name);
            if (fresh == 0) {
                return 0;
            }
            modules.put(name, fresh);
            m = fresh;
        }
        t.incref(m);
        return m;
    }

    /** Registers an already built module (e.g. __main__); takes a new reference. */
    public synchronized void registerModule(VmThread t, String name, long module) {
        t.incref(module);
        Long old = modules.put(name, module);
        if (old != null) {
            t.decref(old);
        }
    }

    /** A new module object with a fresh dict holding {@code __name__}. */
    public long newModule(VmThread t, String name) {
        long m = t.alloc(TypeIds.MODULE, MODULE_PAYLOAD);
        long d = Dicts.newDict(t, 8);
        long n = t.newStr(name);
        UnsafeApi.putLong(m + MODULE_DICT, d);
        UnsafeApi.putLong(m + MODULE_NAME, n);
        long key = t.newStr("__name__");
        Dicts.put(t, d, key, n);
        t.decref(key);
        shared.adoptNew(m); // after threads started: immortal before publication (SharedObjects step 2)
        shared.adoptNew(d);
        shared.adoptNew(n);
        return m;
    }

    public static long moduleDict(long m) {
        return UnsafeApi.getLong(m + MODULE_DICT);
    }

    /**
     * Interpreter shutdown (CPython's finalisation, simplified): clears every module dict (breaking
     * the function -> globals -> function cycles) and drops the modules, so that in checked mode
     * every non-immortal object is freed before the leak report.
     */
    public synchronized void finish(VmThread t) {
        List<Long> ms = new ArrayList<>(modules.values());
        modules.clear();
        for (long m : ms) {
            Dicts.clear(t, moduleDict(m));
        }
        if (builtinsDict != 0) {
            Dicts.clear(t, builtinsDict);
        }
        for (long m : ms) {
            t.decref(m);
        }
        shared.disposeAll(t); // objects made immortal when threads started: released now
        if (t.handledExc != 0) {
            t.decref(t.handledExc);
            t.handledExc = 0;
        }
        t.drainNumberCaches();
        t.ts.poll();
    }

    /**
     * After {@link #finish}, before another program runs in this VM ({@code Program.runAgain}):
     * frees the objects the finished program made immortal at its first thread start
     * ({@link SharedObjects#restart}: the next program's first thread start adopts its own), and
     * resets the per-program state of the threading modules ({@code PythonThreads}: thread names
     * from {@code Thread-1}, executors accept work again) and the GIL's switch interval (a
     * program may have changed it with {@code sys.setswitchinterval}). Kept: the immortal
     * singletons, built-in objects, loaded code with its interned constants and compiled code,
     * the main thread. Every other Python thread must have detached.
     *
     * @throws IllegalStateException if modules are still registered (finish was not called), a
     *         module enabled the GIL at run time, or daemon threads were stopped at the end of
     *         the program (either changes the next program's behaviour: a fresh VM is needed)
     */
    public synchronized void prepareNextProgram() {
        if (!modules.isEmpty()) {
            throw new IllegalStateException("prepareNextProgram before finish: modules still registered " + modules.keySet());
        }
        if (gil.isEnabled() && config.gil() != VmConfig.GIL_ON) {
            throw new IllegalStateException("the previous program enabled the GIL at run time (" + gil.reason()
                + "): this VM cannot run another program as a fresh one");
        }
        threads.prepareNextProgram();
        shared.restart();
        builtinsDict = 0;
        gil.setIntervalNanos(Gil.DEFAULT_INTERVAL_NANOS);
    }

    /** Live non-immortal objects per type name (checked mode; call after {@link #finish}). */
    public Map<String, Long> leaks() {
        if (freed == null) {
            throw new IllegalStateException("leak accounting needs checked mode");
        }
        Map<String, Long> m = new java.util.TreeMap<>();
        for (int id = 1; id <= TypeIds.COUNT; id++) {
            long live = allocated.get(id) - freed.get(id) - immortal.get(id);
            if (live != 0) {
                m.merge(rt.types().nameOf(id), live, Long::sum);
            }
        }
        return m;
    }

    /** Frees the immortal objects (their memory; they hold only immortal children) and closes the runtime. */
    @Override
    public void close() {
        shared.freeBlocks(); // adopted shared objects, emptied at finish
        synchronized (immortals) {
            for (long o : immortals) {
                rt.allocator().free(o);
            }
            immortals.clear();
        }
        List<ThreadState> live = new ArrayList<>();
        rt.threads().forEach(live::add);
        for (ThreadState ts : live) {
            rt.detach(ts); // QSBR records must be unregistered before the domain closes
        }
        collections.close();
    }
}
