package io.github.freethread.vm.runtime;

import io.github.freethread.vm.bytecode.CodeObject;

/**
 * A {@link CodeObject} loaded into a {@link Vm}: its index (the key of every thread's quickened
 * copy and of traceback entries), its constants interned as immortal runtime objects, and its
 * names as immortal str objects. Immutable after {@link Vm#load}; shared by all threads.
 */
public final class CodeInfo {
    public final int index;
    public final CodeObject code;
    public final long[] consts;
    public final long[] names;
    public final int nlocals;
    public final int argCount;
    public final int frameSize;

    CodeInfo(int index, CodeObject code, long[] consts, long[] names) {
        this.index = index;
        this.code = code;
        this.consts = consts;
        this.names = names;
        this.nlocals = code.localCount();
        this.argCount = code.argCount();
        this.frameSize = nlocals + code.maxStack() + 4;
    }

    @Override
    public String toString() {
        return code.toString();
    }
}
