package io.github.freethread.vm.interp;

import static io.github.freethread.vm.runtime.Layouts.*;
import static io.github.freethread.vm.runtime.VmThread.*;

import org.agrona.UnsafeApi;

import io.github.freethread.vm.builtins.BuiltinTable;
import io.github.freethread.vm.runtime.ClassTable;
import io.github.freethread.vm.runtime.Dicts;
import io.github.freethread.vm.runtime.PyError;
import io.github.freethread.vm.runtime.TypeIds;
import io.github.freethread.vm.runtime.Vm;
import io.github.freethread.vm.runtime.VmThread;

/** Attribute access: module attributes, built-in methods (bound on read), a few special attributes. */
public final class Attributes {
    private Attributes() {
    }

    /** The unbound built-in method for {@code o.name} (borrowed, immortal), or 0. */
    static long method(VmThread t, long o, long name) {
        int type = typeOf(o);
        if (type == TypeIds.MODULE) {
            return 0;
        }
        int id = BuiltinTable.methodId(type, str(name));
        return id < 0 ? 0 : t.vm.builtinObj(id);
    }

    /** {@code o.name} as an owned reference; AttributeError if absent. */
    public static long getAttr(VmThread t, long o, long name) {
        int type = typeOf(o);
        if (type == TypeIds.MODULE) {
            long v = Dicts.getOwned(t, Vm.moduleDict(o), name); // owned: another thread may rebind the attribute
            if (v == 0) {
                throw PyError.attributeError("module '" + str(UnsafeApi.getLong(o + MODULE_NAME)) + "' has no attribute '"
                    + str(name) + "'");
            }
            return v;
        }
        String n = str(name);
        int id = BuiltinTable.methodId(type, n);
        if (id >= 0) {
            long b = t.alloc(TypeIds.BUILTIN, BUILTIN_PAYLOAD);
            UnsafeApi.putInt(b + BUILTIN_ID, id);
            UnsafeApi.putLong(b + BUILTIN_SELF, t.newRef(o));
            return b;
        }
        if (TypeIds.isHandle(type)) {
            long v = io.github.freethread.vm.modules.HandleAttributes.get(t, o, n);
            if (v != 0) {
                return v;
            }
        }
        if (type == TypeIds.EXC && n.equals("args")) {
            return t.newRef(excArgs(o));
        }
        if (n.equals("__name__")) {
            if (type == TypeIds.FUNCTION) {
                return t.newStr(t.vm.code(UnsafeApi.getInt(o + FUNC_CODE)).code.name());
            }
            if (type == TypeIds.CLASS) {
                return t.newStr(ClassTable.name(UnsafeApi.getInt(o + CLASS_INDEX)));
            }
            if (type == TypeIds.BUILTIN) {
                return t.newStr(BuiltinTable.name(UnsafeApi.getInt(o + BUILTIN_ID)));
            }
        }
        if (type == TypeIds.CLASS) {
            throw PyError.attributeError("type object '" + ClassTable.name(UnsafeApi.getInt(o + CLASS_INDEX))
                + "' has no attribute '" + n + "'");
        }
        throw PyError.attributeError("'" + typeName(o) + "' object has no attribute '" + n + "'");
    }

    static void setAttr(VmThread t, long o, long name, long v) {
        if (typeOf(o) == TypeIds.MODULE) {
            Dicts.put(t, Vm.moduleDict(o), name, v);
            return;
        }
        throw PyError.attributeError("'" + typeName(o) + "' object has no attribute '" + str(name) + "'");
    }

    static void delAttr(VmThread t, long o, long name) {
        if (typeOf(o) == TypeIds.MODULE) {
            long v = Dicts.pop(t, Vm.moduleDict(o), name);
            if (v != 0) {
                t.decref(v);
                return;
            }
        }
        throw PyError.attributeError("'" + typeName(o) + "' object has no attribute '" + str(name) + "'");
    }
}
