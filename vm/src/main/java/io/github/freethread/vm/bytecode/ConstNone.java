package io.github.freethread.vm.bytecode;

/** The constant {@code None} in a code object's constant pool (pools hold no Java nulls). */
public enum ConstNone {
    NONE;

    @Override
    public String toString() {
        return "None";
    }
}
