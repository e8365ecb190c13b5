package io.github.freethread.vm.interp;

import static io.github.freethread.vm.runtime.VmThread.*;

import io.github.freethread.vm.builtins.BuiltinTable;
import io.github.freethread.vm.bytecode.InlineCacheLayout;
import io.github.freethread.vm.bytecode.Opcode;
import io.github.freethread.vm.runtime.CodeInfo;
import io.github.freethread.vm.runtime.Dicts;
import io.github.freethread.vm.runtime.Iterators;
import io.github.freethread.vm.runtime.PyError;
import io.github.freethread.vm.runtime.TypeIds;
import io.github.freethread.vm.runtime.Vm;
import io.github.freethread.vm.runtime.VmThread;

import org.agrona.UnsafeApi;

import static io.github.freethread.vm.runtime.Layouts.FUNC_CODE;
import static io.github.freethread.vm.runtime.Layouts.ITER_KIND;

/**
 * PEP 659 quickening. Each specialisable generic instruction carries an adaptive counter in its
 * first cache unit ({@link InlineCacheLayout}). A fresh (zero) counter is set to the warm-up
 * value; each execution of the generic form counts down; at zero the specialiser looks at the
 * operands and rewrites the instruction's unit into a quickened form of its family (same oparg
 * and cache size, so one 16-bit store). A quickened form checks its guard on every execution;
 * on failure it {@link #deopt}s: rewrites itself back to the generic form with a backed-off
 * counter, so a site whose types keep changing stops trying (exponential backoff).
 *
 * <p>Thread safety: the code array is the calling thread's private copy
 * ({@link VmThread#code}); no other thread reads or writes it, so plain stores suffice and a
 * specialisation in one thread never invalidates another thread's guards.
 */
final class Specializer {
    private Specializer() {
    }

    /** True when the generic instruction at {@code cp} should try to specialise now. */
    private static boolean due(char[] code, int cp) {
        int c = code[cp];
        if (c == 0) {
            code[cp] = InlineCacheLayout.counter(InlineCacheLayout.WARMUP, 1);
            return false;
        }
        int v = InlineCacheLayout.counterValue((char) c);
        if (v > 0) {
            code[cp] = InlineCacheLayout.counter(v - 1, InlineCacheLayout.counterBackoff((char) c));
            return false;
        }
        return true;
    }

    private static void rewrite(VmThread t, char[] code, int instr, int cp, Opcode form) {
        int at = cp - 1; // the instruction unit itself (after any EXTENDED_ARG prefixes)
        code[at] = (char) ((code[at] & 0xFF00) | form.code());
        t.specialisations++;
    }

    private static void fail(VmThread t, char[] code, int cp) {
        code[cp] = InlineCacheLayout.backedOff(code[cp]);
        t.specMisses++;
    }

    /** Guard failure of a quickened form: back to the generic instruction, counter backed off. */
    static void deopt(VmThread t, char[] code, int instr, int cp, Opcode generic) {
        int at = cp - 1;
        code[at] = (char) ((code[at] & 0xFF00) | generic.code());
        code[cp] = InlineCacheLayout.backedOff(code[cp] == 0 ? InlineCacheLayout.counter(0, 1) : code[cp]);
        t.deopts++;
        t.specMisses++;
    }

    static void binaryOp(VmThread t, char[] code, int instr, int cp, int arg, long a, long b) {
        if (!due(code, cp)) {
            return;
        }
        int ta = typeOf(a);
        int tb = typeOf(b);
        int op = arg % 12;
        Opcode form = null;
        if (ta == TypeIds.INT && tb == TypeIds.INT) {
            form = op == 0 ? Opcode.BINARY_OP_ADD_INT : op == 9 ? Opcode.BINARY_OP_SUBTRACT_INT
                : op == 4 ? Opcode.BINARY_OP_MULTIPLY_INT : null;
        } else if (ta == TypeIds.FLOAT && tb == TypeIds.FLOAT) {
            form = op == 0 ? Opcode.BINARY_OP_ADD_FLOAT : op == 9 ? Opcode.BINARY_OP_SUBTRACT_FLOAT
                : op == 4 ? Opcode.BINARY_OP_MULTIPLY_FLOAT : op == 10 ? Opcode.BINARY_OP_TRUE_DIVIDE_FLOAT : null;
        } else if (ta == TypeIds.STR && tb == TypeIds.STR && op == 0) {
            form = Opcode.BINARY_OP_ADD_STR;
        }
        if (form == null) {
            fail(t, code, cp);
        } else {
            rewrite(t, code, instr, cp, form);
        }
    }

    static void compareOp(VmThread t, char[] code, int instr, int cp, int arg, long a, long b) {
        if (!due(code, cp)) {
            return;
        }
        int ta = typeOf(a);
        int tb = typeOf(b);
        if (ta == TypeIds.INT && tb == TypeIds.INT) {
            rewrite(t, code, instr, cp, Opcode.COMPARE_OP_INT);
        } else if (ta == TypeIds.FLOAT && tb == TypeIds.FLOAT) {
            rewrite(t, code, instr, cp, Opcode.COMPARE_OP_FLOAT);
        } else if (ta == TypeIds.STR && tb == TypeIds.STR && (arg == 2 || arg == 3)) {
            rewrite(t, code, instr, cp, Opcode.COMPARE_OP_STR);
        } else {
            fail(t, code, cp);
        }
    }

    static void subscr(VmThread t, char[] code, int instr, int cp, long c, long i) {
        if (!due(code, cp)) {
            return;
        }
        int tc = typeOf(c);
        if (tc == TypeIds.LIST && typeOf(i) == TypeIds.INT) {
            rewrite(t, code, instr, cp, Opcode.BINARY_SUBSCR_LIST_INT);
        } else if (tc == TypeIds.TUPLE && typeOf(i) == TypeIds.INT) {
            rewrite(t, code, instr, cp, Opcode.BINARY_SUBSCR_TUPLE_INT);
        } else {
            fail(t, code, cp);
        }
    }

    static void storeSubscr(VmThread t, char[] code, int instr, int cp, long c, long i) {
        if (!due(code, cp)) {
            return;
        }
        if (typeOf(c) == TypeIds.LIST && typeOf(i) == TypeIds.INT) {
            rewrite(t, code, instr, cp, Opcode.STORE_SUBSCR_LIST_INT);
        } else {
            fail(t, code, cp);
        }
    }

    static void forIter(VmThread t, char[] code, int instr, int cp, long it) {
        if (!due(code, cp)) {
            return;
        }
        if (typeOf(it) == TypeIds.ITER) {
            int kind = UnsafeApi.getInt(it + ITER_KIND);
            if (kind == Iterators.RANGE) {
                rewrite(t, code, instr, cp, Opcode.FOR_ITER_RANGE);
                return;
            }
            if (kind == Iterators.LIST) {
                rewrite(t, code, instr, cp, Opcode.FOR_ITER_LIST);
                return;
            }
        }
        fail(t, code, cp);
    }

    /**
     * LOAD_ATTR / LOAD_METHOD on {@code o}, when due: a module attribute quickens to
     * LOAD_ATTR_MODULE / LOAD_METHOD_MODULE (cache: the module dict's keys version and the
     * entry index; keys versions are unique per dict, so the version also identifies the
     * module); a built-in type's method quickens to LOAD_METHOD_BUILTIN (cache: the type id and
     * the built-in method's id). Anything else backs off.
     */
    static void loadAttr(VmThread t, char[] code, int instr, int cp, long o, long name, boolean method) {
        if (!due(code, cp)) {
            return;
        }
        int type = typeOf(o);
        if (type == TypeIds.MODULE) {
            long d = Vm.moduleDict(o);
            long ix = Dicts.find(t, d, name);
            int version = Dicts.keysVersion(d);
            if (ix >= 0 && ix < 65536 && version != 0) {
                InlineCacheLayout.write32(code, cp + InlineCacheLayout.LOAD_ATTR_VERSION, version);
                code[cp + InlineCacheLayout.LOAD_ATTR_INDEX] = (char) ix;
                rewrite(t, code, instr, cp, method ? Opcode.LOAD_METHOD_MODULE : Opcode.LOAD_ATTR_MODULE);
                return;
            }
        } else if (method) {
            int id = BuiltinTable.methodId(type, str(name));
            if (id >= 0 && id < 65536) {
                InlineCacheLayout.write32(code, cp + InlineCacheLayout.LOAD_ATTR_VERSION, type);
                code[cp + InlineCacheLayout.LOAD_ATTR_INDEX] = (char) id;
                rewrite(t, code, instr, cp, Opcode.LOAD_METHOD_BUILTIN);
                return;
            }
        }
        fail(t, code, cp);
    }

    /**
     * CALL of {@code f} with {@code nargs} positional arguments and no self, when due: a Python
     * function whose parameter count is exactly {@code nargs} quickens to CALL_PY_EXACT_ARGS
     * (cache: the function's code index; parameter count, locals and frame size follow from the
     * code, and a function's code never changes).
     */
    static void call(VmThread t, char[] code, int instr, int cp, long f, long self, int nargs) {
        if (!due(code, cp)) {
            return;
        }
        if (self == 0 && typeOf(f) == TypeIds.FUNCTION) {
            int codeIndex = UnsafeApi.getInt(f + FUNC_CODE);
            if (t.vm.code(codeIndex).argCount == nargs) {
                InlineCacheLayout.write32(code, cp + InlineCacheLayout.CALL_FUNCTION_VERSION, codeIndex);
                rewrite(t, code, instr, cp, Opcode.CALL_PY_EXACT_ARGS);
                return;
            }
        }
        fail(t, code, cp);
    }

    /**
     * Generic LOAD_GLOBAL (borrowed result): globals, then builtins; NameError if absent. When
     * due, caches the entry index and the dicts' keys versions and quickens to
     * LOAD_GLOBAL_MODULE or LOAD_GLOBAL_BUILTIN.
     */
    static long loadGlobal(VmThread t, CodeInfo ci, char[] code, int instr, int cp, long globals, int arg, boolean specialise) {
        long name = ci.names[arg];
        long ix = Dicts.find(t, globals, name);
        if (ix >= 0) {
            if (specialise && due(code, cp)) {
                if (ix < 65536) {
                    code[cp + InlineCacheLayout.LOAD_GLOBAL_INDEX] = (char) ix;
                    InlineCacheLayout.write32(code, cp + InlineCacheLayout.LOAD_GLOBAL_GLOBALS_VERSION, Dicts.keysVersion(globals));
                    rewrite(t, code, instr, cp, Opcode.LOAD_GLOBAL_MODULE);
                } else {
                    fail(t, code, cp);
                }
            }
            return Dicts.entryValue(globals, ix);
        }
        long bd = t.vm.builtinsDict;
        ix = Dicts.find(t, bd, name);
        if (ix >= 0) {
            if (specialise && due(code, cp)) {
                if (ix < 65536) {
                    code[cp + InlineCacheLayout.LOAD_GLOBAL_INDEX] = (char) ix;
                    InlineCacheLayout.write32(code, cp + InlineCacheLayout.LOAD_GLOBAL_GLOBALS_VERSION, Dicts.keysVersion(globals));
                    InlineCacheLayout.write32(code, cp + InlineCacheLayout.LOAD_GLOBAL_BUILTINS_VERSION, Dicts.keysVersion(bd));
                    rewrite(t, code, instr, cp, Opcode.LOAD_GLOBAL_BUILTIN);
                } else {
                    fail(t, code, cp);
                }
            }
            return Dicts.entryValue(bd, ix);
        }
        throw PyError.nameError("name '" + str(name) + "' is not defined");
    }
}
