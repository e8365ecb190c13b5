package io.github.freethread.vm.runtime;

/**
 * A built-in class (type object) as the Java side describes it: name and base. The runtime object
 * of a class is an immortal {@code class} object whose payload is the index into
 * {@link ClassTable}. The subset has no user classes, so the table is fixed at start-up.
 */
public record PyClass(int index, String name, int base) {
}
