package io.github.freethread.vm.interp;

import static io.github.freethread.vm.runtime.Layouts.*;

import org.agrona.UnsafeApi;

import io.github.freethread.vm.runtime.TypeIds;
import io.github.freethread.vm.runtime.VmThread;

/** Function objects: code index, globals dict (counted), defaults tuple (taken over). */
public final class Functions {
    private Functions() {
    }

    public static long newFunction(VmThread t, int codeIndex, long globals, long defaults) {
        long f = t.alloc(TypeIds.FUNCTION, FUNC_PAYLOAD);
        UnsafeApi.putInt(f + FUNC_CODE, codeIndex);
        UnsafeApi.putInt(f + FUNC_VERSION, codeIndex + 1);
        t.incref(globals);
        UnsafeApi.putLong(f + FUNC_GLOBALS, globals);
        UnsafeApi.putLong(f + FUNC_DEFAULTS, defaults);
        return f;
    }
}
