package io.github.freethread.vm.jit;

import static java.lang.constant.ConstantDescs.CD_boolean;
import static java.lang.constant.ConstantDescs.CD_double;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;

import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

import io.github.freethread.vm.runtime.TypeIds;
import io.github.freethread.vm.runtime.VmThread;

/**
 * The compile-time model of a frame's value stack while {@link JitCompiler} emits one code
 * object, and the JVM-code primitives over it. Every value-stack entry has a <em>kind</em>
 * saying where its value lives at that point of the generated code:
 *
 * <ul>
 *   <li>{@link #MEM}: an owned reference (or NULL) in its data-stack slot {@code s[sb+d]}, as
 *       in the interpreter;</li>
 *   <li>{@link #BORROWED}: the value of local {@code k}, loaded (and checked bound) into the JVM
 *       long variable of depth {@code d} without a count: the local keeps it alive, and every
 *       store to local {@code k} first {@link #materialize}s such entries;</li>
 *   <li>{@link #CONST}: an immortal constant (or NULL), nothing at run time;</li>
 *   <li>{@link #DUAL}: a float result: {@code s[sb+d] == 0} means the value is the unboxed
 *       {@code double} in the JVM double variable of depth {@code d}, else the slot holds an
 *       owned object (the generic path's result);</li>
 *   <li>{@link #COND}: a comparison result, 0 or 1 in the JVM long variable of depth d (bools
 *       are immortal);</li>
 *   <li>{@link #INTV}: an int result, as DUAL: {@code s[sb+d] == 0} means the value is the
 *       unboxed {@code long} in the JVM long variable of depth d, else the slot holds an owned
 *       object. An object in a DUAL or INTV slot may have any type (a failed guard's generic
 *       result); only the unboxed value's type is known.</li>
 * </ul>
 *
 * Invariant (1): at every instruction that is a jump or handler target every entry is MEM (the
 * state the interpreter and every predecessor agree on). Invariant (2): when an instruction can
 * throw, its {@link #ownedMask} names exactly the slots holding owned references (MEM and DUAL
 * entries; zero slots are skipped), which is what {@link JitRuntime#unwind} releases.
 */
final class FrameState {
    static final int MEM = 0;
    static final int BORROWED = 1;
    static final int CONST = 2;
    static final int DUAL = 3;
    static final int COND = 4;
    static final int INTV = 5;

    // JVM local variable slots of the generated static body(long[] s, int sb, VmThread t,
    // CompiledCode cc, long globals, int fp, int entry): the data stack and its base in slots 0
    // and 1, the one-byte aload_0/iload_1 forms, keep each slot access at 5 bytes
    static final int S = 0;
    static final int SB = 1;
    static final int T = 2;
    static final int THIS = 3;
    static final int GLOBALS = 4;
    static final int FP = 6;
    static final int ENTRY = 7;
    static final int INSTR = 8;
    static final int THROWN = 9;
    static final int A = 10;
    static final int B = 12;
    static final int R = 14;
    static final int X = 16;
    static final int Y = 18;
    static final int P = 20;
    static final int Q = 22;
    /** An int temporary (a type id). */
    static final int TI = 24;
    /** The {@link RawMemory} receiver, loaded once at method start when reads are inline. */
    static final int U = 25;
    static final int VARS = 26;

    static final ClassDesc CD_THREAD = desc(VmThread.class);
    static final ClassDesc CD_LONGS = CD_long.arrayType();

    final CodeBuilder cb;
    final int maxStack;
    final int[] kind;
    /** BORROWED: local index; CONST: constant index, -1 for NULL. */
    final int[] aux;
    final long[] constAddr;
    int depth;
    /** Type ids and float/int values of objects read inline ({@link RawMemory}), else by helper calls. */
    final boolean inlineReads;
    /** Bit k: local k has a float cache (see {@link #cacheFlag}). */
    final long cachedLocals;

    FrameState(CodeBuilder cb, int maxStack, boolean inlineReads, long cachedLocals) {
        this.cb = cb;
        this.maxStack = maxStack;
        this.kind = new int[maxStack + 1];
        this.aux = new int[maxStack + 1];
        this.constAddr = new long[maxStack + 1];
        this.inlineReads = inlineReads;
        this.cachedLocals = cachedLocals;
    }

    static int longVar(int d) {
        return VARS + 4 * d;
    }

    static int doubleVar(int d) {
        return VARS + 4 * d + 2;
    }

    // ------------------------------------------------------------------ float caches of locals

    /*
     * Float cache of local k (bit k of cachedLocals): a JVM int variable cacheFlag(k) and a JVM
     * double variable cacheValue(k). The flag is 0 (no cache: the slot is the local), FRESH or
     * STALE, with the invariants
     *
     *   (3)  cacheFlag(k) == FRESH  =>  s[fp+k] is a FLOAT object whose value is cacheValue(k)
     *   (3') cacheFlag(k) == STALE  =>  s[fp+k] is a FLOAT object whose ONLY reference is that
     *                                   slot; local k's value is the float cacheValue(k), and the
     *                                   object's payload may be older (it is not the local's value)
     *
     * at every point of the generated method. Both hold at the start (every flag is set to 0
     * before the entry switch, so OSR and handler entries inherit them). Writes of local k keep
     * them: STORE_FAST of an unboxed float with the flag STALE only sets cacheValue(k) (no memory
     * write: the float local lives in a register, "without its object"); with any other flag it
     * clears the flag, stores through JitRuntime.storeDouble (which leaves the slot holding a
     * FLOAT with one reference: overwritten in place when it was the only reference, else a new
     * object), then sets the value and STALE. Every other store clears the flag first; DELETE_FAST
     * clears it. Nothing else writes a frame's locals (no closures or frame objects in the subset;
     * compiled code and the interpreter's bodies write only the value stack; a range iterator
     * reuses an INT in place, never a FLOAT; compiled code never hands a frame back to the
     * interpreter mid-run: CompiledCode.run returns the frame's result or throws).
     *
     * Lazy boxing (3'): the slot's object is only ever READ through a BORROWED stack entry of
     * local k, and every use of such an entry as an object (view, materialize, and the two
     * direct increfs in Templates.storeFast and CallTemplates' inlined-call fallback) first
     * emits writeBack: if STALE, the payload gets cacheValue(k) and the flag becomes FRESH. So
     * no reference to the object is ever copied while it is stale, and the only reference is
     * this frame's slot, which no other thread reads (a second thread can reach an object only
     * through a reference someone copied; the frame's teardown and the unwinder only release
     * the slot, whatever its payload). The unboxed reads (doubleOf) use the cache and need no
     * write-back; the type-id-only read of longOf needs none either (a STALE slot is a FLOAT).
     * So a load of a float local reads cacheValue(k) — no type check, no memory read — a store
     * writes no memory, and the loop-carried floats of a loop (pi_series' total, nbody's
     * dx .. m2) stay in registers.
     */

    /** Float cache flag: the slot's FLOAT holds the cached value (invariant 3). */
    static final int FRESH = 1;
    /** Float cache flag: the slot's FLOAT is the local's only reference, its payload possibly stale (invariant 3'). */
    static final int STALE = 2;

    boolean hasCache(int k) {
        return k < 64 && (cachedLocals & (1L << k)) != 0;
    }

    int cacheFlag(int k) {
        return loopCounterVar() + 1 + 3 * k;
    }

    /*
     * JVM variables above the value stack's (VARS + 4 * (maxStack + 1)), one region per user, so
     * that no two templates share a slot with different types (the verifier rejects it):
     *   loopCounterVar()            int      LoopCountReport's spin counter
     *   cacheFlag(k), cacheValue(k) int, double  float caches of locals (3 slots per local index
     *                                        up to the highest cached one)
     *   afterCachesVar() ...         CallTemplates' inlined-leaf parameters and expression stack
     */

    /** The int variable of {@link LoopCountReport}'s spin loop. */
    int loopCounterVar() {
        return VARS + 4 * (maxStack + 1);
    }

    /** The first JVM variable above the float caches of locals (free for other templates). */
    int afterCachesVar() {
        return cacheFlag(Long.SIZE - Long.numberOfLeadingZeros(cachedLocals));
    }

    int cacheValue(int k) {
        return cacheFlag(k) + 1;
    }

    /** Method prologue: every cache invalid (invariant 3), the RawMemory receiver loaded. */
    void prologue() {
        for (int k = 0; k < 64; k++) {
            if (hasCache(k)) {
                cb.iconst_0().istore(cacheFlag(k)).dconst_0().dstore(cacheValue(k));
            }
        }
        if (inlineReads) {
            RawMemory.receiver(cb);
            cb.astore(U);
        }
    }

    void invalidateCache(int k) {
        if (hasCache(k)) {
            cb.iconst_0().istore(cacheFlag(k));
        }
    }

    /**
     * STORE_FAST of the unboxed float in JVM double variable {@code value} into cached local k
     * (invariants 3 and 3'): STALE stays STALE with the new value (no memory write); otherwise
     * the flag is cleared, the float stored through {@link JitRuntime#storeDouble} (which leaves
     * the slot holding a FLOAT whose only reference it is), and the flag set STALE.
     */
    void storeCachedFloat(int k, int value, Runnable storeThrough) {
        Label stale = cb.newLabel();
        cb.iload(cacheFlag(k)).loadConstant(STALE).if_icmpeq(stale);
        cb.iconst_0().istore(cacheFlag(k));
        storeThrough.run();
        cb.labelBinding(stale);
        cb.dload(value).dstore(cacheValue(k)).loadConstant(STALE).istore(cacheFlag(k));
    }

    /**
     * Before BORROWED entry d's object is used as an object (read by a helper, or a reference to
     * it copied): a STALE cached local's payload gets its value and the flag becomes FRESH
     * (invariant 3'). Nothing for other entries.
     */
    void writeBack(int d) {
        if (kind[d] == BORROWED && hasCache(aux[d])) {
            int k = aux[d];
            cb.iload(cacheFlag(k)).lload(longVar(d)).dload(cacheValue(k));
            call(FloatLocals.class, "writeBack");
            cb.istore(cacheFlag(k));
        }
    }

    /** All entries MEM at {@code d} entries (a label's state). */
    void reset(int d) {
        depth = d;
        for (int i = 0; i < d; i++) {
            kind[i] = MEM;
        }
    }

    static boolean hasSlotObject(int k) {
        return k == MEM || k == DUAL || k == INTV;
    }

    long ownedMask() {
        long m = 0;
        for (int d = 0; d < depth; d++) {
            if (hasSlotObject(kind[d])) {
                m |= 1L << d;
            }
        }
        return m;
    }

    // ------------------------------------------------------------------ slots

    /** Pushes {@code s, sb + d} (an array store or load follows). */
    void slotRef(int d) {
        cb.aload(S).iload(SB);
        if (d != 0) {
            cb.loadConstant(d).iadd();
        }
    }

    void loadSlot(int d) {
        slotRef(d);
        cb.laload();
    }

    /** s[sb+d] = the long on top of the JVM stack (consumed). */
    void storeSlotFromStack(int d) {
        cb.lstore(R);
        slotRef(d);
        cb.lload(R).lastore();
    }

    /** Pushes the object of entry {@code d} as a borrowed view (MEM, BORROWED or CONST entries). */
    void view(int d) {
        writeBack(d);
        viewRaw(d);
    }

    /**
     * As {@link #view} without {@link #writeBack}: only for readers that never read a float
     * payload nor copy the reference (doubleOf with the flag 0, longOf's type check).
     */
    private void viewRaw(int d) {
        switch (kind[d]) {
            case MEM -> loadSlot(d);
            case BORROWED -> cb.lload(longVar(d));
            case CONST -> cb.ldc(constAddr[d]);
            default -> throw new IllegalStateException("no object view of kind " + kind[d]);
        }
    }

    void pushConst(int index, long addr) {
        kind[depth] = CONST;
        aux[depth] = index;
        constAddr[depth] = addr;
        depth++;
    }

    /** Turns entry d into MEM (an owned reference in its slot). */
    void materialize(int d) {
        switch (kind[d]) {
            case MEM -> {
                return;
            }
            case BORROWED -> {
                writeBack(d);
                cb.aload(T).lload(longVar(d));
                call(JitRuntime.class, "incref");
                slotRef(d);
                cb.lload(longVar(d)).lastore();
            }
            case CONST -> {
                slotRef(d);
                cb.ldc(constAddr[d]).lastore();
            }
            case DUAL -> {
                cb.aload(T);
                loadSlot(d);
                cb.dload(doubleVar(d));
                call(JitRuntime.class, "box");
                storeSlotFromStack(d);
            }
            case COND -> {
                cb.aload(T).lload(longVar(d));
                call(JitRuntime.class, "bool");
                storeSlotFromStack(d);
            }
            case INTV -> boxInPlace(d);
            default -> throw new IllegalStateException("kind " + kind[d]);
        }
        kind[d] = MEM;
    }

    /**
     * DUAL / INTV entry d: puts an unboxed value into its slot as an object (the entry's
     * representation stays valid: a non-zero slot is the value). Used on generic paths, which
     * take objects.
     */
    void boxInPlace(int d) {
        cb.aload(T);
        loadSlot(d);
        if (kind[d] == INTV) {
            cb.lload(longVar(d));
            call(JitRuntime.class, "boxLong");
        } else {
            cb.dload(doubleVar(d));
            call(JitRuntime.class, "box");
        }
        storeSlotFromStack(d);
    }

    /** Pushes entry d as a borrowed object (boxing a DUAL / INTV value in place first, materialising a COND). */
    void objectOf(int d) {
        if (kind[d] == DUAL || kind[d] == INTV) {
            boxInPlace(d);
            loadSlot(d);
        } else {
            if (kind[d] == COND) {
                materialize(d);
            }
            view(d);
        }
    }

    void materializeRange(int from, int to) {
        for (int d = from; d < to; d++) {
            materialize(d);
        }
    }

    void flushAll() {
        materializeRange(0, depth);
    }

    /** Materialises every BORROWED entry of local {@code k} (before the local changes). */
    void materializeBorrowsOf(int k, int below) {
        for (int d = 0; d < below; d++) {
            if (kind[d] == BORROWED && aux[d] == k) {
                materialize(d);
            }
        }
    }

    /** Drops entry d's ownership without using the value (after a consuming fast path, or POP_TOP). */
    void release(int d) {
        switch (kind[d]) {
            case MEM -> {
                cb.aload(T);
                loadSlot(d);
                call(JitRuntime.class, "decref");
            }
            case DUAL, INTV -> {
                cb.aload(T);
                loadSlot(d);
                call(JitRuntime.class, "xdecref");
            }
            default -> {
            }
        }
    }

    private static boolean usesLongVar(int k) {
        return k == BORROWED || k == COND || k == INTV;
    }

    /** Exchanges entries i and j (SWAP): their slots, variables and kinds (only variables that hold a value are read). */
    void swap(int i, int j) {
        int ki = kind[i];
        int kj = kind[j];
        if (hasSlotObject(ki) || hasSlotObject(kj)) {
            loadSlot(i);
            cb.lstore(A);
            loadSlot(j);
            storeSlotFromStack(i);
            slotRef(j);
            cb.lload(A).lastore();
        }
        if (usesLongVar(ki) && usesLongVar(kj)) {
            cb.lload(longVar(i)).lstore(A).lload(longVar(j)).lstore(longVar(i)).lload(A).lstore(longVar(j));
        } else if (usesLongVar(ki)) {
            cb.lload(longVar(i)).lstore(longVar(j));
        } else if (usesLongVar(kj)) {
            cb.lload(longVar(j)).lstore(longVar(i));
        }
        if (ki == DUAL && kj == DUAL) {
            cb.dload(doubleVar(i)).dstore(X).dload(doubleVar(j)).dstore(doubleVar(i)).dload(X).dstore(doubleVar(j));
        } else if (ki == DUAL) {
            cb.dload(doubleVar(i)).dstore(doubleVar(j));
        } else if (kj == DUAL) {
            cb.dload(doubleVar(j)).dstore(doubleVar(i));
        }
        kind[i] = kj;
        kind[j] = ki;
        int a = aux[i];
        aux[i] = aux[j];
        aux[j] = a;
        long c = constAddr[i];
        constAddr[i] = constAddr[j];
        constAddr[j] = c;
    }

    /**
     * Pushes entry d's value as a double, or jumps to {@code notFloat} (JVM stack empty) if it
     * is not a float object. CONST entries of Java Double constants load the value directly.
     */
    void doubleOf(int d, Object constValue, Label notFloat) {
        doubleOf(d, constValue, notFloat, false);
    }

    /**
     * As {@link #doubleOf(int, Object, Label)}; with {@code intToo} an int (unboxed, constant or
     * object) converts to double as Python converts the int operand of a float operation (only
     * used when the other operand is known to be a float: int op int is not a float operation).
     */
    void doubleOf(int d, Object constValue, Label notFloat, boolean intToo) {
        int k = kind[d];
        if (k == BORROWED && hasCache(aux[d])) {
            // invariant (3): a set flag means the local is a float of the cached value
            Label object = cb.newLabel();
            Label done = cb.newLabel();
            cb.iload(cacheFlag(aux[d])).ifeq(object).dload(cacheValue(aux[d])).goto_(done);
            cb.labelBinding(object);
            viewRaw(d); // flag 0: the slot is the local
            cb.lstore(A);
            // flag 0 (before the local's first unboxed store, e.g. `s = 0.0; for ..: s += x`):
            // read inline, so the loop's first store makes the local STALE and unboxed from then on
            if (intToo) {
                numberObject(notFloat);
            } else {
                floatObject(notFloat);
            }
            cb.labelBinding(done);
            return;
        }
        if (intToo && (k == INTV || k == MEM || k == BORROWED || constValue instanceof Long)) {
            valueOf(d, INTV, () -> cb.lload(longVar(d)).l2d(), constValue instanceof Long v ? (Double) (double) v : null,
                () -> numberObject(notFloat), notFloat);
        } else {
            valueOf(d, DUAL, () -> cb.dload(doubleVar(d)), constValue instanceof Double v ? v : null, () -> floatObject(notFloat), notFloat);
        }
    }

    /**
     * Pushes entry d's value as a primitive: {@code unboxed} for an entry of {@code unboxedKind}
     * whose slot is 0, the constant for a CONST entry with a usable {@code constant},
     * {@code object} (on the object in JVM variable A) for an object; anything else jumps to
     * {@code fail}. A DUAL entry holding an object (for {@code unboxedKind} DUAL) jumps to
     * {@code fail} too (see below).
     */
    private void valueOf(int d, int unboxedKind, Runnable unboxed, java.lang.constant.ConstantDesc constant, Runnable object, Label fail) {
        int k = kind[d];
        if (k == DUAL && unboxedKind == DUAL) {
            // an object in a DUAL slot is a failed guard's generic result (or a list item read
            // with a count): the caller's generic path takes it, with no code here (smaller
            // methods, and no helper inlined into C2's budget for a path that is cold)
            loadSlot(d);
            cb.lconst_0().lcmp().ifne(fail);
            unboxed.run();
        } else if (k == unboxedKind) {
            unboxedOrObject(d, unboxed, object);
        } else if (k == CONST && constant != null) {
            cb.ldc(constant);
        } else if (k == MEM || k == BORROWED) {
            viewRaw(d); // a cached BORROWED gets here only from longOf, which reads a FLOAT's type id only
            cb.lstore(A);
            object.run();
        } else {
            cb.goto_(fail);
        }
    }

    /**
     * For a DUAL / INTV entry d: emits {@code unboxed} where its slot is 0 (the value is in its
     * JVM variable) and {@code object} where the slot holds an object (then also in JVM variable
     * A); both must leave the same JVM stack shape.
     */
    void unboxedOrObject(int d, Runnable unboxed, Runnable object) {
        Label obj = cb.newLabel();
        Label done = cb.newLabel();
        loadSlot(d);
        cb.lstore(A).lload(A).lconst_0().lcmp().ifne(obj);
        unboxed.run();
        cb.goto_(done);
        cb.labelBinding(obj);
        object.run();
        cb.labelBinding(done);
    }

    /** The float or int (converted) in JVM variable A, or a jump to {@code notNumber}. */
    private void numberObject(Label notNumber) {
        if (!inlineReads) {
            checkedValue("isFloatOrInt", JitRuntime.class, "toDouble", notNumber);
            return;
        }
        Label isInt = cb.newLabel();
        Label done = cb.newLabel();
        RawMemory.typeId(cb, A);
        cb.istore(TI).iload(TI).loadConstant(TypeIds.FLOAT).if_icmpne(isInt);
        RawMemory.floatValue(cb, A);
        cb.goto_(done);
        cb.labelBinding(isInt);
        cb.iload(TI).loadConstant(TypeIds.INT).if_icmpne(notNumber);
        RawMemory.intValue(cb, A);
        cb.l2d(); // round to nearest, as Python's int-to-float of a 64-bit int
        cb.labelBinding(done);
    }

    /** {@code test(A) ? owner.value(A) : goto fail} on the object in JVM variable A (helper calls). */
    private void checkedValue(String test, Class<?> owner, String value, Label fail) {
        cb.lload(A);
        call(JitRuntime.class, test);
        cb.ifeq(fail);
        cb.lload(A);
        call(owner, value);
    }

    /**
     * Pushes entry d's value as a long if it is a 64-bit int (unboxed, constant or INT object),
     * else jumps to {@code notInt} (JVM stack empty).
     */
    void longOf(int d, Object constValue, Label notInt) {
        valueOf(d, INTV, () -> cb.lload(longVar(d)), constValue instanceof Long v ? v : null, () -> intObject(notInt), notInt);
    }

    /** The INT in JVM variable A, or a jump to {@code notInt} (type id and value read inline: {@link RawMemory}). */
    private void intObject(Label notInt) {
        if (!inlineReads) {
            checkedValue("isInt", VmThread.class, "intValue", notInt);
            return;
        }
        RawMemory.requireType(cb, A, TypeIds.INT, notInt);
        RawMemory.intValue(cb, A);
    }

    /** The float in JVM variable A, or a jump to {@code notFloat} (read inline: {@link RawMemory}). */
    private void floatObject(Label notFloat) {
        if (!inlineReads) {
            checkedValue("isFloat", VmThread.class, "floatValue", notFloat);
            return;
        }
        RawMemory.requireType(cb, A, TypeIds.FLOAT, notFloat);
        RawMemory.floatValue(cb, A);
    }

    // ------------------------------------------------------------------ calls

    private static final Map<String, MethodTypeDesc> DESCS = new HashMap<>();

    /** invokestatic of the unique public static method {@code name} of {@code owner}. */
    void call(Class<?> owner, String name) {
        String key = owner.getName() + "." + name;
        MethodTypeDesc mt;
        synchronized (DESCS) {
            mt = DESCS.computeIfAbsent(key, k -> descOf(owner, name));
        }
        cb.invokestatic(desc(owner), name, mt);
    }

    private static MethodTypeDesc descOf(Class<?> owner, String name) {
        Method found = null;
        for (Method m : owner.getMethods()) {
            if (m.getName().equals(name) && Modifier.isStatic(m.getModifiers())) {
                if (found != null) {
                    throw new IllegalStateException(owner.getSimpleName() + "." + name + " is overloaded");
                }
                found = m;
            }
        }
        if (found == null) {
            throw new IllegalStateException("no public static " + owner.getSimpleName() + "." + name);
        }
        ClassDesc[] params = new ClassDesc[found.getParameterCount()];
        for (int i = 0; i < params.length; i++) {
            params[i] = desc(found.getParameterTypes()[i]);
        }
        return MethodTypeDesc.of(desc(found.getReturnType()), params);
    }

    static ClassDesc desc(Class<?> c) {
        if (c == long.class) {
            return CD_long;
        } else if (c == int.class) {
            return CD_int;
        } else if (c == double.class) {
            return CD_double;
        } else if (c == boolean.class) {
            return CD_boolean;
        } else if (c == void.class) {
            return CD_void;
        }
        return c.describeConstable().orElseThrow();
    }

    /** Pushes entry d as the pair (object or 0, double) that JitRuntime's generic number paths take. */
    void operand(int d) {
        switch (kind[d]) {
            case INTV -> {
                boxInPlace(d);
                loadSlot(d);
                cb.dconst_0();
            }
            case DUAL -> {
                loadSlot(d);
                cb.dload(doubleVar(d));
            }
            case COND -> throw new IllegalStateException("COND operand");
            default -> {
                view(d);
                cb.dconst_0();
            }
        }
    }

    /** Pops a JVM int that is 0 or 1 and stores it as the COND entry at the top. */
    void pushCondFromInt() {
        cb.i2l().lstore(longVar(depth));
        kind[depth] = COND;
        depth++;
    }
}
