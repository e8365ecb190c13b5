package io.github.freethread.vm.runtime;

import static io.github.freethread.vm.runtime.Layouts.*;
import static io.github.freethread.vm.runtime.VmThread.*;

import java.util.HashMap;

import org.agrona.UnsafeApi;

import io.github.freethread.vm.bytecode.PyRepr;

/** {@code repr()} and {@code str()} of every runtime object, as CPython prints them. */
public final class Reprs {
    private Reprs() {
    }

    public static String str(VmThread t, long o) {
        int type = typeOf(o);
        if (type == TypeIds.STR) {
            return VmThread.str(o);
        }
        if (type == TypeIds.EXC) {
            return excStr(t, o);
        }
        return repr(t, o);
    }

    public static String excStr(VmThread t, long exc) {
        long args = excArgs(exc);
        long n = tupleSize(args);
        if (n == 0) {
            return "";
        }
        if (n == 1) {
            long a = tupleItem(args, 0);
            return excClass(exc) == ClassTable.KEY_ERROR ? repr(t, a) : str(t, a);
        }
        return repr(t, args);
    }

    public static String repr(VmThread t, long o) {
        StringBuilder sb = new StringBuilder();
        repr(t, o, sb, null);
        return sb.toString();
    }

    private static void repr(VmThread t, long o, StringBuilder sb, HashMap<Long, Boolean> seen) {
        int type = typeOf(o);
        if (type == TypeIds.TUPLE || type == TypeIds.LIST || type == TypeIds.DICT) {
            t.enterRecursive(" while getting the repr of an object");
            try {
                reprOne(t, o, sb, seen);
            } finally {
                t.leaveRecursive();
            }
            return;
        }
        reprOne(t, o, sb, seen);
    }

    private static void reprOne(VmThread t, long o, StringBuilder sb, HashMap<Long, Boolean> seen) {
        switch (typeOf(o)) {
            case TypeIds.NONE -> sb.append("None");
            case TypeIds.BOOL -> sb.append(intValue(o) != 0 ? "True" : "False");
            case TypeIds.INT -> sb.append(intValue(o));
            case TypeIds.BIGINT -> sb.append(bigValue(o).toString());
            case TypeIds.FLOAT -> sb.append(PyRepr.ofFloat(floatValue(o)));
            case TypeIds.STR -> sb.append(PyRepr.ofString(VmThread.str(o)));
            case TypeIds.TUPLE -> {
                long n = tupleSize(o);
                if (n > 0 && seen != null && seen.containsKey(o)) {
                    sb.append("(...)");
                    return;
                }
                seen = seen == null ? new HashMap<>() : seen;
                seen.put(o, true);
                sb.append('(');
                for (long i = 0; i < n; i++) {
                    if (i > 0) {
                        sb.append(", ");
                    }
                    repr(t, tupleItem(o, i), sb, seen);
                }
                sb.append(n == 1 ? ",)" : ")");
                seen.remove(o);
            }
            case TypeIds.LIST -> {
                if (seen != null && seen.containsKey(o)) {
                    sb.append("[...]");
                    return;
                }
                seen = seen == null ? new HashMap<>() : seen;
                seen.put(o, true);
                sb.append('[');
                long[] items = Lists.snapshotOwned(t, o); // owned: another thread may mutate the list meanwhile
                try {
                    for (int i = 0; i < items.length; i++) {
                        if (i > 0) {
                            sb.append(", ");
                        }
                        repr(t, items[i], sb, seen);
                    }
                } finally {
                    Lists.release(t, items);
                }
                sb.append(']');
                seen.remove(o);
            }
            case TypeIds.DICT -> {
                if (seen != null && seen.containsKey(o)) {
                    sb.append("{...}");
                    return;
                }
                seen = seen == null ? new HashMap<>() : seen;
                seen.put(o, true);
                sb.append('{');
                long[] kv = Dicts.itemsOwned(t, o); // owned snapshot [k0, v0, ...]: safe against concurrent mutation
                try {
                    for (int i = 0; i < kv.length; i += 2) {
                        if (i > 0) {
                            sb.append(", ");
                        }
                        repr(t, kv[i], sb, seen);
                        sb.append(": ");
                        repr(t, kv[i + 1], sb, seen);
                    }
                } finally {
                    Lists.release(t, kv);
                }
                sb.append('}');
                seen.remove(o);
            }
            case TypeIds.RANGE -> {
                long big = UnsafeApi.getLong(o + RANGE_BIG);
                if (big != 0) {
                    sb.append("range(").append(bigValue(tupleItem(big, 0))).append(", ").append(bigValue(tupleItem(big, 1)));
                    if (!bigValue(tupleItem(big, 2)).equals(java.math.BigInteger.ONE)) {
                        sb.append(", ").append(bigValue(tupleItem(big, 2)));
                    }
                    sb.append(')');
                    return;
                }
                long step = UnsafeApi.getLong(o + RANGE_STEP);
                sb.append("range(").append(UnsafeApi.getLong(o + RANGE_START)).append(", ")
                    .append(UnsafeApi.getLong(o + RANGE_STOP));
                if (step != 1) {
                    sb.append(", ").append(step);
                }
                sb.append(')');
            }
            case TypeIds.SLICE -> {
                sb.append("slice(");
                repr(t, UnsafeApi.getLong(o + SLICE_START), sb, seen);
                sb.append(", ");
                repr(t, UnsafeApi.getLong(o + SLICE_STOP), sb, seen);
                sb.append(", ");
                repr(t, UnsafeApi.getLong(o + SLICE_STEP), sb, seen);
                sb.append(')');
            }
            case TypeIds.DICT_VIEW -> {
                int kind = UnsafeApi.getInt(o + ITER_KIND);
                sb.append(Iterators.viewName(kind)).append("([");
                long d = UnsafeApi.getLong(o + ITER_TARGET);
                long[] kv = Dicts.itemsOwned(t, d); // owned snapshot [k0, v0, ...]
                try {
                    for (int i = 0; i < kv.length; i += 2) {
                        if (i > 0) {
                            sb.append(", ");
                        }
                        long k = kv[i];
                        long v = kv[i + 1];
                        if (kind == Iterators.DICT_KEYS) {
                            repr(t, k, sb, seen);
                        } else if (kind == Iterators.DICT_VALUES) {
                            repr(t, v, sb, seen);
                        } else {
                            sb.append('(');
                            repr(t, k, sb, seen);
                            sb.append(", ");
                            repr(t, v, sb, seen);
                            sb.append(')');
                        }
                    }
                } finally {
                    Lists.release(t, kv);
                }
                sb.append("])");
            }
            case TypeIds.FUNCTION -> sb.append("<function ").append(t.vm.code(UnsafeApi.getInt(o + FUNC_CODE)).code.name())
                .append(" at 0x").append(Long.toHexString(o)).append('>');
            case TypeIds.BUILTIN -> {
                long self = UnsafeApi.getLong(o + BUILTIN_SELF);
                String name = io.github.freethread.vm.builtins.BuiltinTable.name(UnsafeApi.getInt(o + BUILTIN_ID));
                if (self != 0) {
                    sb.append("<built-in method ").append(name).append(" of ").append(typeName(self))
                        .append(" object at 0x").append(Long.toHexString(self)).append('>');
                } else {
                    sb.append("<built-in function ").append(name).append('>');
                }
            }
            case TypeIds.MODULE -> sb.append("<module '").append(VmThread.str(UnsafeApi.getLong(o + MODULE_NAME)))
                .append(o == 0 ? "" : "' (built-in)>");
            case TypeIds.CLASS -> sb.append("<class '").append(ClassTable.name(UnsafeApi.getInt(o + CLASS_INDEX))).append("'>");
            case TypeIds.EXC -> {
                sb.append(ClassTable.name(excClass(o)));
                long args = excArgs(o);
                if (tupleSize(args) == 1) {
                    sb.append('(');
                    repr(t, tupleItem(args, 0), sb, seen);
                    sb.append(')');
                } else {
                    repr(t, args, sb, seen);
                }
            }
            case TypeIds.THREAD, TypeIds.LOCK, TypeIds.RLOCK, TypeIds.EVENT, TypeIds.FUTURE, TypeIds.EXECUTOR, TypeIds.QUEUE ->
                sb.append(io.github.freethread.vm.modules.HandleAttributes.repr(t, o));
            default -> sb.append('<').append(typeName(o)).append(" object at 0x").append(Long.toHexString(o)).append('>');
        }
    }
}
