package io.github.freethread.vm.bytecode;

/** A position in code being built by a {@link CodeBuilder}; bound once, referenced any number of times. */
public final class Label {
    final CodeBuilder owner;
    final int id;
    int index = -1;

    Label(CodeBuilder owner, int id) {
        this.owner = owner;
        this.id = id;
    }

    public boolean isBound() {
        return index >= 0;
    }

    @Override
    public String toString() {
        return "L" + id + (index >= 0 ? "@" + index : "(unbound)");
    }
}
