package io.github.freethread.vm.interp;

import static io.github.freethread.vm.runtime.Layouts.*;
import static io.github.freethread.vm.runtime.VmThread.*;

import org.agrona.UnsafeApi;

import io.github.freethread.vm.bytecode.CodeObject;
import io.github.freethread.vm.runtime.ClassTable;
import io.github.freethread.vm.runtime.CodeInfo;
import io.github.freethread.vm.runtime.Dicts;
import io.github.freethread.vm.runtime.Iterators;
import io.github.freethread.vm.runtime.Lists;
import io.github.freethread.vm.runtime.PyError;
import io.github.freethread.vm.runtime.Sequences;
import io.github.freethread.vm.runtime.TypeIds;
import io.github.freethread.vm.runtime.VmThread;

/**
 * Instruction bodies shared by {@link Interpreter#execute} and compiled code
 * ({@code vm.jit}): the same conventions as {@link GenericInstructions} (value stack {@code s},
 * pointer {@code sp}, new pointer returned; operands stay owned by the stack until the operation
 * succeeded, so an exception leaves the frame unwindable). They were arms of the interpreter's
 * switch; as small static methods C2 inlines them back where they are hot.
 */
public final class StackInstructions {
    private StackInstructions() {
    }

    public static int storeGlobal(VmThread t, CodeInfo ci, long globals, int arg, long[] s, int sp) {
        t.vm.shared.beforeGlobalStore(t, s[sp - 1]); // a private function/module becomes immortal once threads run
        Dicts.put(t, globals, ci.names[arg], s[sp - 1]);
        t.decref(s[--sp]);
        return sp;
    }

    public static void deleteGlobal(VmThread t, CodeInfo ci, long globals, int arg) {
        long v = Dicts.pop(t, globals, ci.names[arg]);
        if (v == 0) {
            throw PyError.nameError("name '" + str(ci.names[arg]) + "' is not defined");
        }
        t.decref(v);
    }

    public static void deleteFast(VmThread t, CodeInfo ci, long[] s, int fp, int arg) {
        long old = s[fp + arg];
        if (old == 0) {
            throw unbound(ci, arg);
        }
        s[fp + arg] = 0;
        t.decref(old);
    }

    public static int isOp(VmThread t, int arg, long[] s, int sp) {
        long a = s[sp - 2];
        long b = s[sp - 1];
        boolean r = (a == b) != (arg == 1);
        sp -= 2;
        t.decref(a);
        t.decref(b);
        s[sp++] = t.bool(r);
        return sp;
    }

    /** Generic BINARY_SUBSCR (after any quickening decision). */
    public static int binarySubscr(VmThread t, long[] s, int sp) {
        long c = s[sp - 2];
        long i = s[sp - 1];
        long r = Sequences.getItem(t, c, i);
        sp -= 2;
        t.decref(c);
        t.decref(i);
        s[sp++] = r;
        return sp;
    }

    /** Generic STORE_SUBSCR (after any quickening decision). */
    public static int storeSubscr(VmThread t, long[] s, int sp) {
        long v = s[sp - 3];
        long c = s[sp - 2];
        long i = s[sp - 1];
        Sequences.setItem(t, c, i, v);
        sp -= 3;
        t.decref(v);
        t.decref(c);
        t.decref(i);
        return sp;
    }

    public static int deleteSubscr(VmThread t, long[] s, int sp) {
        Sequences.delItem(t, s[sp - 2], s[sp - 1]);
        t.decref(s[--sp]);
        t.decref(s[--sp]);
        return sp;
    }

    public static int buildList(VmThread t, int arg, long[] s, int sp) {
        long l = Lists.newList(t, arg);
        for (int i = sp - arg; i < sp; i++) {
            Lists.appendPrivate(t, l, s[i]); // l is new: no other thread can reach it yet
        }
        sp -= arg;
        s[sp++] = l;
        return sp;
    }

    public static int buildMap(VmThread t, int arg, long[] s, int sp) {
        long d = Dicts.newDict(t, arg);
        int base = sp - 2 * arg;
        try {
            for (int i = 0; i < arg; i++) {
                Dicts.put(t, d, s[base + 2 * i], s[base + 2 * i + 1]);
            }
        } catch (PyError e) {
            t.decref(d);
            throw e;
        }
        for (int i = base; i < sp; i++) {
            t.decref(s[i]);
        }
        sp = base;
        s[sp++] = d;
        return sp;
    }

    public static int listAppend(VmThread t, int arg, long[] s, int sp) {
        long v = s[--sp];
        Lists.appendPrivate(t, s[sp - arg], v); // a comprehension's list: private until the comprehension ends
        return sp;
    }

    public static int unpackSequence(VmThread t, int arg, long[] s, int sp) {
        long seq = s[sp - 1];
        long[] items = Unpacking.unpack(t, seq, arg);
        sp--;
        for (int i = arg - 1; i >= 0; i--) {
            s[sp++] = items[i];
        }
        t.decref(seq);
        return sp;
    }

    public static void getIter(VmThread t, long[] s, int sp) {
        long o = s[sp - 1];
        s[sp - 1] = Iterators.iter(t, o);
        t.decref(o);
    }

    /** RERAISE: the exception leaves the stack (its slot is cleared) and is thrown without a new traceback entry. */
    public static PyError reraise(long[] s, int sp) {
        long e = s[sp - 1];
        s[sp - 1] = 0;
        PyError err = new PyError(e);
        err.reraised = true;
        return err;
    }

    public static PyError unbound(CodeInfo ci, int slot) {
        String name = ci.code.varnames().get(slot);
        if (ci.code.kind() == CodeObject.Kind.MODULE) {
            return PyError.nameError("name '" + name + "' is not defined");
        }
        return new PyError(ClassTable.UNBOUND_LOCAL_ERROR, "cannot access local variable '" + name
            + "' where it is not associated with a value");
    }

    /**
     * Next value of a RANGE iterator as an owned int, or 0 when exhausted (the iterator is not
     * released). {@code reuseSlot}: the data-stack index of the local the value is stored into
     * next (FOR_ITER followed by STORE_FAST), or -1; if that local holds an INT referenced only
     * by it and the new value is not a small int, the object is overwritten in place and returned
     * with a new reference (no allocation; nobody else can see it).
     */
    public static long rangeNext(VmThread t, long it, long[] s, int reuseSlot) {
        long left = UnsafeApi.getLong(it + ITER_END);
        if (left <= 0) {
            return 0;
        }
        long i = rangeTake(it);
        if (reuseSlot >= 0 && (i < -5 || i > 256)) {
            long cur = s[reuseSlot];
            if (cur != 0 && typeOf(cur) == TypeIds.INT && t.hasExactlyOneOwnReference(cur)) {
                UnsafeApi.putLong(cur + INT_VALUE, i);
                t.incref(cur);
                return cur;
            }
        }
        return t.newInt(i);
    }

    /** The next value of a RANGE iterator that has one left (advances it). */
    public static long rangeTake(long it) {
        long i = UnsafeApi.getLong(it + ITER_INDEX);
        UnsafeApi.putLong(it + ITER_END, UnsafeApi.getLong(it + ITER_END) - 1);
        UnsafeApi.putLong(it + ITER_INDEX, i + UnsafeApi.getLong(it + ITER_AUX));
        return i;
    }

    /**
     * FOR_ITER_LIST's step. An iterator that only this frame's value stack references (the usual
     * {@code for x in l}: {@link VmThread#isUniqueTemp}, whose volatile read of the shared count
     * also orders any earlier holder's last claim before this read) cannot be reached by another
     * thread, so it advances with plain accesses. Any other iterator (a local {@code it = iter(l)},
     * one handed to other threads) takes {@link Iterators#nextList}'s claim by CAS, so that one
     * position is never handed out twice, by this loop or by a {@code next()} elsewhere. Returns the
     * next item (owned, lock-free read) or 0 at the end (then {@link Iterators#next} decides).
     */
    public static long listNext(VmThread t, long it) {
        if (!t.isUniqueTemp(it)) {
            return Iterators.nextList(t, it);
        }
        long l = UnsafeApi.getLong(it + ITER_TARGET);
        long i = UnsafeApi.getLong(it + ITER_INDEX);
        long x = l != 0 && i >= 0 ? Lists.getOwned(t, l, i) : 0;
        if (x != 0) {
            UnsafeApi.putLong(it + ITER_INDEX, i + 1);
        }
        return x;
    }
}
