package io.github.freethread.vm.interp;

import static io.github.freethread.vm.runtime.Layouts.*;

import org.agrona.UnsafeApi;

import io.github.freethread.vm.runtime.VmThread;

/**
 * Where the result of a quickened int or float operation goes, without allocating when that is
 * unobservable. The operands {@code a} (left, {@code s[sp-2]}) and {@code b} (right,
 * {@code s[sp-1]}) are owned by the value stack; the caller has computed the result value.
 *
 * <ol>
 *   <li><b>Store back in place</b> ({@link #floatIntoLocal}, {@link #intIntoLocal}): the next
 *       instruction is {@code STORE_FAST k}, local {@code k} holds {@code a}, and the local plus
 *       this stack slot are {@code a}'s only references. Then {@code x = x op y} may overwrite
 *       {@code a}'s payload: nobody else can see the object. The STORE_FAST is executed here
 *       too (it would store {@code a} over itself and drop one reference), so the caller skips
 *       it: one dispatch less per augmented assignment. CPython does the same for str
 *       concatenation ({@code BINARY_OP_INPLACE_ADD_UNICODE}).</li>
 *   <li><b>Reuse a dying temporary</b> ({@link #pushFloat}): an operand referenced only by this
 *       stack slot dies with the operation; its block takes the result (CPython 3.13's float
 *       ops do the same).</li>
 *   <li>Otherwise a new object ({@link VmThread#newFloat} takes it from the per-thread cache).</li>
 * </ol>
 * Uniqueness tests are {@link VmThread#hasExactlyTwoOwnReferences} / {@link VmThread#isUniqueTemp}:
 * in biased mode plain reads of this thread's own counts, in atomic mode the shared word.
 */
public final class NumericResults {
    private NumericResults() {
    }

    /** Case 1 for floats; true if done (stack operands dropped, caller pops both and skips the STORE_FAST). */
    public static boolean floatIntoLocal(VmThread t, char[] code, int pc, long[] s, int fp, long a, long b, double z) {
        int next = code[pc];
        if ((next & 0xFF) != Op.STORE_FAST || s[fp + (next >>> 8)] != a || !t.hasExactlyTwoOwnReferences(a)) {
            return false;
        }
        UnsafeApi.putDouble(a + FLOAT_VALUE, z);
        FrameCounts.decref(t, a); // the stack's reference; the local keeps the other one (never the last: no free)
        FrameCounts.decref(t, b);
        return true;
    }

    /** Case 1 for 64-bit ints (the result must not be a small int: those are shared immortals). */
    public static boolean intIntoLocal(VmThread t, char[] code, int pc, long[] s, int fp, long a, long b, long z) {
        int next = code[pc];
        if ((next & 0xFF) != Op.STORE_FAST || (z >= -5 && z <= 256) || s[fp + (next >>> 8)] != a
            || !t.hasExactlyTwoOwnReferences(a)) {
            return false;
        }
        UnsafeApi.putLong(a + INT_VALUE, z);
        FrameCounts.decref(t, a);
        FrameCounts.decref(t, b);
        return true;
    }

    /** Cases 2 and 3 for floats: pops both operands, pushes the result; returns the new sp. */
    public static int pushFloat(VmThread t, long[] s, int sp, long a, long b, double z) {
        long r;
        if (t.isUniqueTemp(a)) {
            r = a;
            FrameCounts.decref(t, b);
        } else if (t.isUniqueTemp(b)) {
            r = b;
            FrameCounts.decref(t, a);
        } else {
            r = t.newFloat(z);
            FrameCounts.decref(t, a);
            FrameCounts.decref(t, b);
            s[sp - 2] = r;
            return sp - 1;
        }
        UnsafeApi.putDouble(r + FLOAT_VALUE, z);
        s[sp - 2] = r;
        return sp - 1;
    }

    /**
     * Pops both int operands (64-bit INT objects), pushes the int {@code z}; returns the new sp.
     * A dying operand takes the result unless {@code z} is a small int (those are the shared
     * immortal objects).
     */
    public static int pushInt(VmThread t, long[] s, int sp, long a, long b, long z) {
        if (z < -5 || z > 256) {
            long r = t.isUniqueTemp(a) ? a : t.isUniqueTemp(b) ? b : 0;
            if (r != 0) {
                UnsafeApi.putLong(r + INT_VALUE, z);
                FrameCounts.decref(t, r == a ? b : a);
                s[sp - 2] = r;
                return sp - 1;
            }
        }
        long r = t.newInt(z);
        FrameCounts.decref(t, a);
        FrameCounts.decref(t, b);
        s[sp - 2] = r;
        return sp - 1;
    }

    /** Pops both operands (any numbers, not both dying floats), pushes a new float {@code z}. */
    public static int pushNewFloat(VmThread t, long[] s, int sp, long a, long b, double z) {
        long r = t.newFloat(z);
        FrameCounts.decref(t, a);
        FrameCounts.decref(t, b);
        s[sp - 2] = r;
        return sp - 1;
    }

    /** {@code x op y} for a CompareOp ordinal (LT, LE, EQ, NE, GT, GE); NaN compares false except !=. */
    public static boolean compareFloats(int op, double x, double y) {
        return switch (op) {
            case 0 -> x < y;
            case 1 -> x <= y;
            case 2 -> x == y;
            case 3 -> x != y;
            case 4 -> x > y;
            default -> x >= y;
        };
    }
}
