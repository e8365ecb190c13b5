package io.github.freethread.vm.runtime;

import static io.github.freethread.vm.runtime.Layouts.*;
import static io.github.freethread.vm.runtime.VmThread.*;

import java.util.Arrays;

import org.agrona.UnsafeApi;

import io.github.freethread.vm.interp.Calls;

/**
 * Iterators over the built-in containers and the lazy iterators of {@code enumerate}, {@code zip},
 * {@code map}, {@code filter} and {@code reversed}: one runtime type with a kind word. Also the
 * dict views ({@code keys()}, {@code values()}, {@code items()}), which share the layout.
 *
 * <p>Shared iterators: one iterator object may be advanced by several threads at once
 * ({@code it = iter(l)} handed to workers). Container iterators (list, reversed list, tuple, str,
 * dict keys/values/items) and {@code enumerate}'s counter claim each position with a CAS on the
 * index word, so every position is handed to at most one {@code next()} call of one iterator, and
 * exhaustion (index -1) is final. Iteration stays weakly consistent against a container another
 * thread mutates (an item shifted by an insert may be seen again by a later position, as in CPython
 * with or without the GIL), but one position never twice. Range iterators (value and remaining
 * count in two words, read by the interpreter's {@code FOR_ITER_RANGE}) and the lazy
 * {@code zip}/{@code map}/{@code filter} are not made exact: a shared range iterator may hand a
 * value to two threads (CPython's free-threaded build documents shared iterators as unsafe).
 *
 * <table>
 *   <caption>Ownership (iterator payload)</caption>
 *   <tr><th>field</th><th>written by</th><th>read by</th><th>mode</th></tr>
 *   <tr><td>kind, target, aux</td><td>creator, before publication</td><td>any thread</td><td>plain (immutable)</td></tr>
 *   <tr><td>index (container kinds, enumerate)</td><td>any thread advancing the iterator</td><td>same</td>
 *       <td>getLongVolatile / compareAndSetLong (getAndAddLong for enumerate); exhausted = -1, never left</td></tr>
 *   <tr><td>index, end (range kinds)</td><td>any thread advancing the iterator</td><td>same</td><td>plain (racy if shared, see above)</td></tr>
 * </table>
 */
public final class Iterators {
    private Iterators() {
    }

    public static final int RANGE = 0;
    public static final int LIST = 1;
    public static final int TUPLE = 2;
    public static final int STR = 3;
    public static final int DICT_KEYS = 4;
    public static final int DICT_VALUES = 5;
    public static final int DICT_ITEMS = 6;
    public static final int LIST_REVERSED = 7;
    public static final int ENUMERATE = 8;
    public static final int ZIP = 9;
    public static final int MAP = 10;
    public static final int FILTER = 11;
    public static final int BIG_RANGE = 12;
    /** Lazy results: {@code aux(item, end)} for each item of a tuple, in order (executor.map's generator). */
    public static final int RESULTS = 13;

    public static String kindName(int kind) {
        return switch (kind) {
            case RANGE, BIG_RANGE -> "range_iterator";
            case LIST -> "list_iterator";
            case TUPLE -> "tuple_iterator";
            case STR -> "str_ascii_iterator";
            case DICT_KEYS -> "dict_keyiterator";
            case DICT_VALUES -> "dict_valueiterator";
            case DICT_ITEMS -> "dict_itemiterator";
            case LIST_REVERSED -> "list_reverseiterator";
            case ENUMERATE -> "enumerate";
            case ZIP -> "zip";
            case MAP -> "map";
            case RESULTS -> "generator";
            default -> "filter";
        };
    }

    public static String viewName(int kind) {
        return switch (kind) {
            case DICT_KEYS -> "dict_keys";
            case DICT_VALUES -> "dict_values";
            default -> "dict_items";
        };
    }

    /** A new iterator object (takes a new reference to target; aux is taken over if non-zero). */
    public static long newIter(VmThread t, int kind, long target, long index, long end, long aux) {
        long it = t.alloc(TypeIds.ITER, ITER_PAYLOAD);
        UnsafeApi.putInt(it + ITER_KIND, kind);
        if (target != 0) {
            t.incref(target);
        }
        UnsafeApi.putLong(it + ITER_TARGET, target);
        UnsafeApi.putLong(it + ITER_INDEX, index);
        UnsafeApi.putLong(it + ITER_END, end);
        UnsafeApi.putLong(it + ITER_AUX, aux);
        return it;
    }

    public static long newView(VmThread t, int kind, long dict) {
        long v = t.alloc(TypeIds.DICT_VIEW, ITER_PAYLOAD);
        UnsafeApi.putInt(v + ITER_KIND, kind);
        t.incref(dict);
        UnsafeApi.putLong(v + ITER_TARGET, dict);
        UnsafeApi.putLong(v + ITER_INDEX, 0);
        UnsafeApi.putLong(v + ITER_END, 0);
        UnsafeApi.putLong(v + ITER_AUX, 0);
        return v;
    }

    /** iter(o) as an owned reference; TypeError if o is not iterable. */
    public static long iter(VmThread t, long o) {
        switch (typeOf(o)) {
            case TypeIds.RANGE:
                if (UnsafeApi.getLong(o + RANGE_BIG) != 0) {
                    return newIter(t, BIG_RANGE, UnsafeApi.getLong(o + RANGE_BIG), 0, UnsafeApi.getLong(o + RANGE_LENGTH), 0);
                }
                return rangeIter(t, o);
            case TypeIds.LIST:
                return newIter(t, LIST, o, 0, 0, 0);
            case TypeIds.TUPLE:
                return newIter(t, TUPLE, o, 0, 0, 0);
            case TypeIds.STR:
                return newIter(t, STR, o, 0, 0, 0);
            case TypeIds.DICT:
                return newIter(t, DICT_KEYS, o, 0, Dicts.size(o), 0);
            case TypeIds.DICT_VIEW: {
                long d = UnsafeApi.getLong(o + ITER_TARGET);
                return newIter(t, UnsafeApi.getInt(o + ITER_KIND), d, 0, Dicts.size(d), 0);
            }
            case TypeIds.ITER:
                return t.newRef(o);
            default:
                throw PyError.typeError("'" + typeName(o) + "' object is not iterable");
        }
    }

    /** A range iterator: next value in INDEX, remaining count in END, step (a raw long, not a reference) in AUX. */
    public static long rangeIter(VmThread t, long range) {
        long it = newIter(t, RANGE, 0, UnsafeApi.getLong(range + RANGE_START), UnsafeApi.getLong(range + RANGE_LENGTH), 0);
        UnsafeApi.putLong(it + ITER_AUX, UnsafeApi.getLong(range + RANGE_STEP));
        return it;
    }

    /** next(it) as an owned reference, or 0 when exhausted. */
    public static long next(VmThread t, long it) {
        if (typeOf(it) != TypeIds.ITER) {
            throw PyError.typeError("'" + typeName(it) + "' object is not an iterator");
        }
        int kind = UnsafeApi.getInt(it + ITER_KIND);
        long target = UnsafeApi.getLong(it + ITER_TARGET);
        long i = UnsafeApi.getLong(it + ITER_INDEX);
        switch (kind) {
            case RANGE: {
                long left = UnsafeApi.getLong(it + ITER_END);
                if (left <= 0) {
                    return 0;
                }
                UnsafeApi.putLong(it + ITER_END, left - 1);
                UnsafeApi.putLong(it + ITER_INDEX, i + UnsafeApi.getLong(it + ITER_AUX));
                return t.newInt(i);
            }
            case BIG_RANGE: {
                if (i >= UnsafeApi.getLong(it + ITER_END)) {
                    return 0;
                }
                UnsafeApi.putLong(it + ITER_INDEX, i + 1);
                return t.newInt(bigValue(tupleItem(target, 0)).add(bigValue(tupleItem(target, 2)).multiply(java.math.BigInteger.valueOf(i))));
            }
            case LIST:
                return nextList(t, it);
            case TUPLE, STR:
                return nextIndexed(t, it, kind, target);
            case DICT_KEYS, DICT_VALUES, DICT_ITEMS:
                return nextDict(t, it, kind, target);
            case LIST_REVERSED:
                return nextReversed(t, it, target);
            case RESULTS:
                return nextResult(t, it, target);
            case ENUMERATE: {
                long x = next(t, target);
                if (x == 0) {
                    return 0;
                }
                long n = UnsafeApi.getAndAddLong(null, it + ITER_INDEX, 1); // each count handed out once, even when shared
                long tup = t.newTuple(2);
                tupleInit(tup, 0, t.newInt(n));
                tupleInit(tup, 1, x);
                return tup;
            }
            case ZIP: {
                long n = tupleSize(target);
                if (n == 0) {
                    return 0;
                }
                long[] xs = nextOfEach(t, target, n);
                if (xs == null) {
                    return 0;
                }
                long tup = t.newTuple(n);
                for (int k = 0; k < n; k++) {
                    tupleInit(tup, k, xs[k]);
                }
                return tup;
            }
            case MAP: {
                long f = UnsafeApi.getLong(it + ITER_AUX);
                long n = tupleSize(target);
                long[] xs = nextOfEach(t, target, n);
                if (xs == null) {
                    return 0;
                }
                try {
                    return Calls.call(t, f, xs, (int) n);
                } finally {
                    for (long x : xs) {
                        t.decref(x);
                    }
                }
            }
            case FILTER: {
                long f = UnsafeApi.getLong(it + ITER_AUX);
                while (true) {
                    long x = next(t, target);
                    if (x == 0) {
                        return 0;
                    }
                    boolean keep;
                    if (typeOf(f) == TypeIds.NONE) {
                        keep = Ops.truth(x);
                    } else {
                        long r;
                        try {
                            r = Calls.call(t, f, new long[] {x}, 1);
                        } catch (PyError e) {
                            t.decref(x);
                            throw e;
                        }
                        keep = Ops.truth(r);
                        t.decref(r);
                    }
                    if (keep) {
                        return x;
                    }
                    t.decref(x);
                }
            }
            default:
                throw new IllegalStateException("iterator kind " + kind);
        }
    }

    /**
     * One item from each of the {@code n} iterators in tuple {@code iters} (owned references), or
     * null if one is exhausted. If one is exhausted or raises, the items already taken are dropped
     * first (before this, an exception from the k-th iterator of a {@code zip}/{@code map} leaked
     * the k-1 items taken from the others: {@code zip(a, map(f, b))} with {@code f} raising).
     */
    private static long[] nextOfEach(VmThread t, long iters, long n) {
        long[] xs = new long[(int) n];
        int k = 0;
        try {
            for (; k < n; k++) {
                xs[k] = next(t, tupleItem(iters, k));
                if (xs[k] == 0) {
                    break;
                }
            }
        } catch (PyError e) {
            for (int j = 0; j < k; j++) {
                t.decref(xs[j]);
            }
            throw e;
        }
        if (k < n) {
            for (int j = 0; j < k; j++) {
                t.decref(xs[j]);
            }
            return null;
        }
        return xs;
    }

    /**
     * The next item of a list iterator ({@code FOR_ITER}, {@code next()}), OWNED, or 0 when
     * exhausted; safe when several threads advance the same iterator and others mutate the list.
     * Read, then claim: load the index (volatile), read {@code l[i]} lock-free
     * ({@link Lists#getOwned}), then CAS the index {@code i -> i + 1}; a failed CAS means another
     * thread took position {@code i} (or exhausted the iterator) meanwhile: drop our reference and
     * retry at the new index. Position {@code i} is therefore returned by exactly one call, and an
     * index is never written back to an older value (the lost update of a plain read-modify-write
     * that let a shared iterator repeat a whole run of items). Past the end the index is CASed to
     * -1 (exhausted, final: it stays exhausted even if the list grows). Unlike CPython's default
     * build the iterator keeps its list until it dies (as the free-threaded build): dropping it on
     * exhaustion could drop it twice when two threads share the iterator.
     *
     * <p>The interpreter's specialised {@code FOR_ITER_LIST} should call this method instead of
     * its own plain index update (see docs/threads-shared-objects.md §2, "Iteration").
     */
    public static long nextList(VmThread t, long it) {
        long l = UnsafeApi.getLong(it + ITER_TARGET); // immutable
        while (true) {
            long i = UnsafeApi.getLongVolatile(null, it + ITER_INDEX);
            if (i < 0 || l == 0) {
                return 0;
            }
            long x = Lists.getOwned(t, l, i);
            if (claim(it, i, x == 0 ? -1 : i + 1)) {
                return x;
            }
            t.xdecref(x);
        }
    }

    /** reversed(list): as {@link #nextList} downwards; position 0 claimed moves the index to -1 (exhausted). */
    private static long nextReversed(VmThread t, long it, long l) {
        while (true) {
            long i = UnsafeApi.getLongVolatile(null, it + ITER_INDEX);
            if (i < 0 || l == 0) {
                return 0;
            }
            long x = Lists.getOwned(t, l, i); // 0 if the list shrank below i: exhausted, as CPython's listreviter
            if (claim(it, i, x == 0 ? -1 : i - 1)) {
                return x;
            }
            t.xdecref(x);
        }
    }

    /** Tuple and str iterators (immutable targets): claim position i by CAS, then make the item. */
    private static long nextIndexed(VmThread t, long it, int kind, long target) {
        while (true) {
            long i = UnsafeApi.getLongVolatile(null, it + ITER_INDEX);
            if (i < 0 || target == 0) {
                return 0;
            }
            long n = kind == TUPLE ? tupleSize(target) : strLength(target);
            if (i >= n) {
                if (claim(it, i, -1)) {
                    return 0;
                }
                continue;
            }
            if (claim(it, i, i + 1)) {
                return kind == TUPLE ? t.newRef(tupleItem(target, i)) : t.newStr(Character.toString(strChar(target, (int) i)));
            }
        }
    }

    /**
     * Dict key/value/item iterators: one step from entry position {@code i} ({@link Dicts#iterStep}
     * returns owned references and the position after the entry), then claim {@code i -> next} by
     * CAS; on failure drop the references and retry from the index another thread stored. As
     * CPython (both builds), each step first compares the dict's size with the size when the
     * iterator was made (kept in the END word): if it changed, RuntimeError "dictionary changed
     * size during iteration", and every later step raises it too (END set to -1). The size is
     * read with acquire (pairs with the release store of USED by writers); a change that leaves
     * the size equal (a replaced value, a delete plus an insert) is not detected, as in CPython.
     */
    private static long nextDict(VmThread t, long it, int kind, long d) {
        long[] kv = t.iterPair;
        while (true) {
            long i = UnsafeApi.getLongVolatile(null, it + ITER_INDEX);
            if (i < 0 || d == 0) {
                return 0;
            }
            long used = UnsafeApi.getLongVolatile(null, it + ITER_END);
            if (used != Dicts.size(d)) {
                UnsafeApi.putLongVolatile(null, it + ITER_END, -1); // keeps raising, as CPython's di_used = -1
                throw new PyError(ClassTable.RUNTIME_ERROR, "dictionary changed size during iteration");
            }
            kv[0] = 0;
            kv[1] = 0;
            long nextPos = Dicts.iterStep(t, d, i, kind != DICT_VALUES, kind != DICT_KEYS, kv);
            if (!claim(it, i, nextPos < 0 ? -1 : nextPos)) {
                t.xdecref(kv[0]);
                t.xdecref(kv[1]);
                continue;
            }
            if (nextPos < 0) {
                return 0;
            }
            if (kind != DICT_ITEMS) {
                return kind == DICT_KEYS ? kv[0] : kv[1];
            }
            long tup = t.newTuple(2); // takes over both owned references
            tupleInit(tup, 0, kv[0]);
            tupleInit(tup, 1, kv[1]);
            return tup;
        }
    }

    /**
     * A {@link #RESULTS} iterator (owned): yields {@code fn(items[i], end)} for i = 0, 1, ... where
     * {@code end} is passed as an int. Takes over the owned references {@code items} (a tuple)
     * and {@code fn} (a callable). {@code ThreadPoolExecutor.map} returns one over its futures,
     * with a builtin that waits for a future until the deadline {@code end}: CPython's
     * {@code result_iterator} generator (results in input order, each as it completes, a task's
     * exception raised when its item is reached, after which the generator is finished).
     */
    public static long newResults(VmThread t, long items, long fn, long end) {
        long it = newIter(t, RESULTS, 0, 0, end, fn);
        UnsafeApi.putLong(it + ITER_TARGET, items); // taken over (newIter would have counted a new reference)
        return it;
    }

    /**
     * One step of a {@link #RESULTS} iterator: claim position i by CAS (so a shared one hands each
     * result to one caller), then call {@code aux(items[i], end)} without holding anything but our
     * own references (it may block). If the call raises, the iterator is finished (index -1: a
     * generator that raised yields nothing more) and the exception propagates.
     */
    private static long nextResult(VmThread t, long it, long items) {
        while (true) {
            long i = UnsafeApi.getLongVolatile(null, it + ITER_INDEX);
            if (i < 0) {
                return 0;
            }
            if (i >= tupleSize(items)) {
                if (claim(it, i, -1)) {
                    return 0;
                }
                continue;
            }
            if (!claim(it, i, i + 1)) {
                continue;
            }
            long end = t.newInt(UnsafeApi.getLong(it + ITER_END));
            try {
                return Calls.call(t, UnsafeApi.getLong(it + ITER_AUX), new long[] {tupleItem(items, i), end}, 2);
            } catch (PyError e) {
                UnsafeApi.putLongVolatile(null, it + ITER_INDEX, -1); // finished; every later CAS from an index >= 0 fails
                throw e;
            } finally {
                t.decref(end);
            }
        }
    }

    /**
     * Moves a container iterator's index from {@code seen} to {@code next} (-1 = exhausted) if no
     * other thread moved it meanwhile. CAS (volatile): pairs with the getLongVolatile of the index
     * in the next* methods of every thread sharing the iterator.
     */
    private static boolean claim(long it, long seen, long next) {
        return UnsafeApi.compareAndSetLong(null, it + ITER_INDEX, seen, next);
    }

    /** All items of an iterable as owned references. */
    public static long[] toArray(VmThread t, long iterable) {
        int type = typeOf(iterable);
        if (type == TypeIds.LIST) {
            return Lists.snapshotOwned(t, iterable);
        }
        if (type == TypeIds.TUPLE) {
            long n = tupleSize(iterable);
            long[] a = new long[(int) n];
            for (int i = 0; i < n; i++) {
                a[i] = t.newRef(tupleItem(iterable, i));
            }
            return a;
        }
        long it = iter(t, iterable);
        long[] a = new long[8];
        int n = 0;
        try {
            long x;
            while ((x = next(t, it)) != 0) {
                if (n == a.length) {
                    a = Arrays.copyOf(a, n * 2);
                }
                a[n++] = x;
            }
        } catch (PyError e) {
            for (int i = 0; i < n; i++) {
                t.decref(a[i]);
            }
            throw e;
        } finally {
            t.decref(it);
        }
        return Arrays.copyOf(a, n);
    }

    static boolean containsByIteration(VmThread t, long container, long x) {
        long[] items = toArray(t, container);
        boolean found = false;
        for (long y : items) {
            if (!found && Ops.eq(t, y, x)) {
                found = true;
            }
            t.decref(y);
        }
        return found;
    }
}
