package io.github.freethread.vm.jit;

import static io.github.freethread.vm.jit.FrameState.*;
import static java.lang.constant.ConstantDescs.CD_Throwable;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;
import static java.lang.constant.ConstantDescs.INIT_NAME;

import java.lang.classfile.ClassBuilder;
import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.instruction.SwitchCase;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.AccessFlag;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;

import io.github.freethread.vm.bytecode.CodeObject;
import io.github.freethread.vm.bytecode.ExceptionTable;
import io.github.freethread.vm.bytecode.Instruction;
import io.github.freethread.vm.bytecode.Opcode;
import io.github.freethread.vm.runtime.CodeInfo;

/**
 * Translates one code object to a JVM method: a method-at-a-time baseline compiler driven by the
 * interpreter's quickening (docs/vm.md, "The compiled tier"). Each bytecode instruction becomes a
 * template of JVM code over the {@link FrameState} model (values kept in JVM variables where a
 * template allows, unboxed floats, compare-and-branch); instructions without a template of their
 * own call the interpreter's instruction bodies ({@code interp.GenericInstructions},
 * {@code StackInstructions}, {@code Calls}) on the data stack with constant stack pointers.
 * The class is defined as a hidden class, so it is unloaded with its CodeInfo's VM.
 *
 * <p>Type feedback: the compiling thread's quickened copy of the code names the quickened form
 * each generic instruction settled on; its template is chosen from it, and its cache values
 * (dict versions, entry indexes, code index) become constants of the template's guard. A guard
 * that fails takes the generic path inline; compiled code never writes any quickened copy.
 */
final class JitCompiler {
    /** HotSpot does not JIT-compile methods over 8000 bytes of bytecode ({@code HugeMethodLimit}). */
    static final int MAX_METHOD_BYTES = 8000;
    static final int MAX_STACK = 60;
    /**
     * Methods up to this size read type ids and float values inline ({@link RawMemory}: C2
     * intrinsics, exempt from the inlining budget); bigger ones call helpers, which is smaller.
     */
    static final int INLINE_READS_LIMIT = Integer.getInteger("ftvm.jit.inlineReadsLimit", MAX_METHOD_BYTES);

    private static final ClassDesc CD_COMPILED = desc(CompiledCode.class);
    private static final ClassDesc CD_CODE_INFO = desc(CodeInfo.class);
    private static final MethodTypeDesc RUN = MethodTypeDesc.of(CD_long, CD_THREAD, CD_long, CD_int, CD_int);
    private static final MethodTypeDesc BODY = MethodTypeDesc.of(CD_long, CD_LONGS, CD_int, CD_THREAD, CD_COMPILED, CD_long, CD_int, CD_int);
    static final ClassDesc CD_SITES = desc(GlobalSite.class).arrayType();
    private static final MethodTypeDesc INIT = MethodTypeDesc.of(CD_void, CD_CODE_INFO, CD_LONGS, CD_int.arrayType(), CD_SITES);

    /** Why a code object stays interpreted. */
    static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;

        Rejected(String reason) {
            super(reason, null, false, false);
        }
    }

    final CodeInfo ci;
    final CodeObject co;
    final char[] quickened;
    final Instruction[] at;
    final List<Instruction> instrs;
    final int[] depthAt;
    final TreeSet<Integer> labelPcs = new TreeSet<>();
    final TreeSet<Integer> handlerTargets = new TreeSet<>();
    final TreeSet<Integer> entries = new TreeSet<>();
    final long[] owned;
    final boolean[] ownedSet;
    /** Per instruction: locals 0..63 definitely bound before it (bit k), so LOAD_FAST needs no unbound check. */
    final long[] bound;
    String conflict;
    /** Initial LOAD_GLOBAL site caches, in site order (from the feedback copy, or null). */
    final List<GlobalSite> globalSites = new ArrayList<>();

    private JitCompiler(CodeInfo ci, char[] quickened) throws Rejected {
        this.ci = ci;
        this.co = ci.code;
        this.quickened = quickened;
        char[] code = co.copyCode();
        this.instrs = Instruction.decode(code);
        this.at = new Instruction[code.length + 1];
        for (Instruction in : instrs) {
            if (in.op() == null) {
                throw new Rejected("undecodable opcode at " + in.start());
            }
            at[in.start()] = in;
        }
        if (co.maxStack() > MAX_STACK) {
            throw new Rejected("value stack deeper than " + MAX_STACK);
        }
        this.depthAt = new int[code.length + 1];
        this.owned = new long[code.length + 1];
        this.ownedSet = new boolean[code.length + 1];
        this.bound = new long[code.length + 1];
        computeDepths();
        computeBound();
    }

    /** Compiles {@code ci} with the feedback of {@code quickened} (a thread's copy, or null). */
    static CompiledCode compile(CodeInfo ci, char[] quickened) throws Rejected {
        long t0 = System.nanoTime();
        JitCompiler c = new JitCompiler(ci, quickened);
        byte[] bytes = c.generate(true);
        long t1 = System.nanoTime();
        int size = methodSize(bytes);
        long t2 = System.nanoTime();
        if (size > INLINE_READS_LIMIT) {
            // inline type checks are bigger than calls: regenerate with helper calls
            c = new JitCompiler(ci, quickened);
            bytes = c.generate(false);
            size = methodSize(bytes);
        }
        if (DUMP_DIR != null) {
            dump(bytes, ci.code.name());
        }
        if (c.conflict != null) {
            throw new Rejected(c.conflict);
        }
        if (size > MAX_METHOD_BYTES) {
            throw new Rejected("compiled method of " + size + " bytes is over HotSpot's HugeMethodLimit");
        }
        try {
            MethodHandles.Lookup l = MethodHandles.lookup().defineHiddenClass(bytes, true);
            int[] e = new int[c.entries.size()];
            int i = 0;
            for (int pc : c.entries) {
                e[i++] = pc;
            }
            CompiledCode cc = (CompiledCode) l.findConstructor(l.lookupClass(),
                MethodType.methodType(void.class, CodeInfo.class, long[].class, int[].class, GlobalSite[].class))
                .invoke(ci, c.owned, e, c.globalSites.toArray(new GlobalSite[0]));
            cc.size = size;
            if (Tier.TRACE) {
                long t3 = System.nanoTime();
                System.err.println("ftvm jit: " + ci.code.name() + ": generate " + (t1 - t0) / 1000 + " us, measure " + (t2 - t1) / 1000
                    + " us, define " + (t3 - t2) / 1000 + " us");
            }
            return cc;
        } catch (Throwable x) {
            throw new IllegalStateException("hidden class of " + ci.code.name() + " not loadable: " + x, x);
        }
    }

    /** {@code -Dftvm.jit.dump=DIR}: writes each generated class to DIR/NAME.class (for javap). */
    private static final String DUMP_DIR = System.getProperty("ftvm.jit.dump");

    private static void dump(byte[] bytes, String name) {
        try {
            java.nio.file.Files.write(java.nio.file.Path.of(DUMP_DIR, name.replaceAll("[^A-Za-z0-9_]", "_") + ".class"), bytes);
        } catch (java.io.IOException e) {
            System.err.println("ftvm jit: cannot dump " + name + ": " + e);
        }
    }

    /** Bytes of JVM code of the generated {@code body} (a walk of the class file: {@link MethodCodeLength}). */
    private static int methodSize(byte[] bytes) {
        int n = MethodCodeLength.of(bytes, "body");
        if (n <= 0) {
            throw new IllegalStateException("generated class without code for body (" + bytes.length + " bytes)");
        }
        return n;
    }

    // ------------------------------------------------------------------ analysis

    private void computeDepths() throws Rejected {
        java.util.Arrays.fill(depthAt, -1);
        ArrayDeque<int[]> work = new ArrayDeque<>();
        work.push(new int[] {0, 0});
        entries.add(0);
        labelPcs.add(0);
        ExceptionTable table = co.exceptionTable();
        while (!work.isEmpty()) {
            int[] w = work.pop();
            int pc = w[0];
            int d = w[1];
            if (depthAt[pc] >= 0) {
                if (depthAt[pc] != d) {
                    throw new Rejected("stack depth " + d + " and " + depthAt[pc] + " at " + pc);
                }
                continue;
            }
            depthAt[pc] = d;
            Instruction in = at[pc];
            Opcode op = in.op();
            ExceptionTable.Entry h = table.handlerFor(pc);
            if (h != null) {
                labelPcs.add(h.target());
                handlerTargets.add(h.target());
                work.push(new int[] {h.target(), h.depth() + 1});
            }
            int after = d - op.pops(in.arg());
            if (op.isJump()) {
                labelPcs.add(in.arg());
                if (op == Opcode.JUMP_BACKWARD) {
                    entries.add(in.arg());
                }
                work.push(new int[] {in.arg(), after + op.branchPushes(in.arg())});
            }
            if (!op.isTerminal()) {
                work.push(new int[] {in.next(), after + op.pushes(in.arg())});
            }
        }
    }

    /**
     * Definite assignment of locals (a forward must-analysis: bit k set if every path to the
     * instruction stores local k after the last DELETE_FAST k; parameters are bound on entry).
     * A loop header reached by OSR satisfies it too: the interpreter got there along these paths.
     */
    private void computeBound() {
        boolean[] seen = new boolean[bound.length];
        ArrayDeque<Integer> work = new ArrayDeque<>();
        int params = Math.min(co.argCount(), 64);
        bound[0] = params == 64 ? -1L : (1L << params) - 1;
        seen[0] = true;
        work.push(0);
        ExceptionTable table = co.exceptionTable();
        while (!work.isEmpty()) {
            int pc = work.pop();
            Instruction in = at[pc];
            long before = bound[pc];
            long after = before;
            if (in.arg() < 64 && in.op() == Opcode.STORE_FAST) {
                after |= 1L << in.arg();
            } else if (in.arg() < 64 && in.op() == Opcode.DELETE_FAST) {
                after &= ~(1L << in.arg());
            }
            ExceptionTable.Entry h = table.handlerFor(pc);
            if (h != null) {
                flow(seen, work, h.target(), before);
            }
            if (in.op().isJump()) {
                flow(seen, work, in.arg(), after);
            }
            if (!in.op().isTerminal()) {
                flow(seen, work, in.next(), after);
            }
        }
    }

    private void flow(boolean[] seen, ArrayDeque<Integer> work, int to, long m) {
        if (!seen[to]) {
            seen[to] = true;
            bound[to] = m;
            work.push(to);
        } else if ((bound[to] & m) != bound[to]) {
            bound[to] &= m;
            work.push(to);
        }
    }

    /** The quickened form the feedback copy holds for instruction {@code in} (its generic op without feedback). */
    private Opcode feedback(Instruction in) {
        if (quickened == null || in.opOffset() >= quickened.length) {
            return in.op();
        }
        Opcode q = Opcode.byCode(quickened[in.opOffset()] & 0xFF);
        return q != null && q.generic() == in.op() ? q : in.op();
    }

    int cache(Instruction in, int unit) {
        return quickened[in.opOffset() + 1 + unit];
    }

    int cache32(Instruction in, int unit) {
        return io.github.freethread.vm.bytecode.InlineCacheLayout.read32(quickened, in.opOffset() + 1 + unit);
    }

    // ------------------------------------------------------------------ generation

    /** The hidden class's name (a constant: no string concatenation on the first compile). */
    private static final ClassDesc CD_SELF = ClassDesc.of(CompiledCode.class.getPackageName().concat(".Compiled"));

    private byte[] generate(boolean inlineReads) {
        this.inlineReads = inlineReads;
        return ClassFile.of().build(CD_SELF, new Members());
    }

    /**
     * The generated class's members. Named classes rather than lambdas: a lambda's class is spun
     * with the ClassFile API the first time it runs, i.e. on every process's first compile, in
     * the serial part of a threaded run (docs/startup.md, "Session 5"); these two load from the jar.
     */
    private final class Members implements Consumer<ClassBuilder> {
        @Override
        public void accept(ClassBuilder clb) {
            clb.withFlags(AccessFlag.PUBLIC, AccessFlag.FINAL, AccessFlag.SUPER);
            clb.withSuperclass(CD_COMPILED);
            clb.withMethodBody(INIT_NAME, INIT, ClassFile.ACC_PUBLIC, new Code(Code.CONSTRUCTOR));
            clb.withMethodBody("run", RUN, ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL, new Code(Code.RUN_METHOD));
            clb.withMethodBody("body", BODY, ClassFile.ACC_PRIVATE | ClassFile.ACC_STATIC, new Code(Code.BODY_METHOD));
        }
    }

    /** The code of one generated method: the constructor, {@code run} (delegates to {@code body}) or {@code body}. */
    private final class Code implements Consumer<CodeBuilder> {
        static final int CONSTRUCTOR = 0;
        static final int RUN_METHOD = 1;
        static final int BODY_METHOD = 2;
        private final int part;

        Code(int part) {
            this.part = part;
        }

        @Override
        public void accept(CodeBuilder cb) {
            switch (part) {
                case CONSTRUCTOR -> cb.aload(0).aload(1).aload(2).aload(3).aload(4).invokespecial(CD_COMPILED, INIT_NAME, INIT).return_();
                case RUN_METHOD -> cb.aload(1).getfield(CD_THREAD, "data", CD_LONGS).iload(4).ldc(co.localCount()).iadd().aload(1).aload(0)
                    .lload(2).iload(4).iload(5).invokestatic(CD_SELF, "body", BODY).lreturn();
                default -> body(cb);
            }
        }
    }

    private boolean inlineReads;
    /** Analysis switch: {@code -Dftvm.jit.floatCaches=false} compiles without float caches of locals (to measure them). */
    private static final boolean FLOAT_CACHES = !"false".equals(System.getProperty("ftvm.jit.floatCaches"));

    /** Locals (bit k) that get a float cache: targets of a STORE_FAST right after a float-producing instruction. */
    private long cachedLocals() {
        long m = 0;
        if (!FLOAT_CACHES) {
            return 0;
        }
        Instruction prev = null;
        for (Instruction in : instrs) {
            if (in.op() == Opcode.STORE_FAST && in.arg() < 64 && prev != null
                && (prev.op() == Opcode.BINARY_OP || prev.op() == Opcode.UNARY_NEGATIVE || prev.op() == Opcode.CALL)) {
                m |= 1L << in.arg();
            }
            prev = in;
        }
        return m;
    }

    private void body(CodeBuilder cb) {
        FrameState st = new FrameState(cb, co.maxStack(), inlineReads, cachedLocals());
        Label[] labels = new Label[depthAt.length];
        for (int pc : labelPcs) {
            labels[pc] = cb.newLabel();
        }
        Label bad = cb.newLabel();
        Label tryStart = cb.newLabel();
        Label tryEnd = cb.newLabel();
        Label handler = cb.newLabel();
        cb.iconst_0().istore(INSTR);
        st.prologue();
        List<SwitchCase> cases = new ArrayList<>();
        for (int e : entries) {
            cases.add(SwitchCase.of(e, labels[e]));
        }
        cb.iload(ENTRY).lookupswitch(bad, cases);
        cb.labelBinding(tryStart);
        Templates tp = new Templates(this, cb, st, labels);
        MathIntrinsics intrinsics = MathIntrinsics.scan(tp);
        boolean reachable = false;
        for (Instruction in : instrs) {
            int pc = in.start();
            if (depthAt[pc] < 0) {
                reachable = false;
                continue; // dead code (the verifier does not stack-check it either)
            }
            if (labels[pc] != null) {
                if (reachable) {
                    st.flushAll(); // invariant (1)
                }
                cb.labelBinding(labels[pc]);
                st.reset(depthAt[pc]);
            }
            if (st.depth != depthAt[pc]) {
                throw new IllegalStateException("model depth " + st.depth + " != " + depthAt[pc] + " at " + pc);
            }
            ExceptionTable.Entry h = co.exceptionTable().handlerFor(pc);
            if (h != null) {
                st.materializeRange(0, h.depth()); // the handler keeps these: they must be in their slots
            }
            if (in.op() == Opcode.DELETE_FAST) {
                st.invalidateCache(in.arg()); // invariant (3) (FrameState)
            }
            Opcode q = feedback(in);
            reachable = intrinsics.tryEmit(in, q) || tp.emit(in, q);
        }
        cb.labelBinding(tryEnd);
        cb.exceptionCatch(tryStart, tryEnd, handler, CD_Throwable);
        cb.labelBinding(handler);
        cb.astore(THROWN);
        cb.aload(THIS).aload(T).aload(THROWN).iload(INSTR).aload(S).iload(SB);
        st.call(JitRuntime.class, "unwind");
        cb.istore(ENTRY).iload(ENTRY);
        List<SwitchCase> hc = new ArrayList<>();
        for (int target : handlerTargets) {
            hc.add(SwitchCase.of(target, labels[target]));
        }
        cb.lookupswitch(bad, hc);
        cb.labelBinding(bad);
        cb.aload(THIS).iload(ENTRY);
        st.call(JitRuntime.class, "badEntry");
        cb.athrow();
    }

    /** Records the owned-slot mask of instruction {@code pc} and stores {@code pc} for the unwinder. */
    void throwSite(CodeBuilder cb, FrameState st, int pc) {
        long m = st.ownedMask();
        if (ownedSet[pc] && owned[pc] != m) {
            conflict = "two unwind states at offset " + pc;
        }
        ownedSet[pc] = true;
        owned[pc] = m;
        if (pc <= Byte.MAX_VALUE) {
            cb.loadConstant(pc).istore(INSTR); // iconst / bipush
        } else {
            cb.ldc(pc).istore(INSTR); // ldc (2 bytes while the constant pool is small) rather than sipush (3)
        }
    }

    /** A new LOAD_GLOBAL site, initialised from the feedback copy's quickened cache if there is one; returns its index. */
    int globalSite(Instruction in, Opcode q) {
        GlobalSite g = null;
        if (q == Opcode.LOAD_GLOBAL_MODULE) {
            g = new GlobalSite(false, cache(in, io.github.freethread.vm.bytecode.InlineCacheLayout.LOAD_GLOBAL_INDEX),
                cache32(in, io.github.freethread.vm.bytecode.InlineCacheLayout.LOAD_GLOBAL_GLOBALS_VERSION), 0);
        } else if (q == Opcode.LOAD_GLOBAL_BUILTIN) {
            g = new GlobalSite(true, cache(in, io.github.freethread.vm.bytecode.InlineCacheLayout.LOAD_GLOBAL_INDEX),
                cache32(in, io.github.freethread.vm.bytecode.InlineCacheLayout.LOAD_GLOBAL_GLOBALS_VERSION),
                cache32(in, io.github.freethread.vm.bytecode.InlineCacheLayout.LOAD_GLOBAL_BUILTINS_VERSION));
        }
        globalSites.add(g);
        return globalSites.size() - 1;
    }

    static ClassDesc codeInfoDesc() {
        return CD_CODE_INFO;
    }

    static ClassDesc compiledDesc() {
        return CD_COMPILED;
    }
}
