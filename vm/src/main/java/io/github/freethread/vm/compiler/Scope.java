package io.github.freethread.vm.compiler;

import io.github.freethread.vm.syntax.Pos;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The names of one module or function body after {@link ScopeAnalyzer}: Python's rules
 * restricted to the subset. In a function a name is local if it is a parameter or is bound
 * anywhere in the body (assignment, augmented assignment, for/with/except target, import, def,
 * del) and not declared {@code global}; every other name is global (then builtins). In a module
 * every name is global. Comprehension variables belong to no scope: the compiler gives them
 * hidden slots. Reading a local before it is bound is an UnboundLocalError at run time
 * (LOAD_FAST on an empty slot), as in Python.
 */
final class Scope {
    final String name;
    final boolean isFunction;
    final Scope parent;
    final List<String> params = new ArrayList<>();
    final Set<String> bound = new LinkedHashSet<>();
    final Set<String> globals = new LinkedHashSet<>();
    /** First position of each name read in this scope (not counting comprehension variables). */
    final Map<String, Pos> uses = new LinkedHashMap<>();
    final List<Scope> children = new ArrayList<>();

    Scope(String name, boolean isFunction, Scope parent) {
        this.name = name;
        this.isFunction = isFunction;
        this.parent = parent;
    }

    /** True if the name lives in a local slot of this function. */
    boolean isLocal(String n) {
        return isFunction && bound.contains(n) && !globals.contains(n);
    }

    /** Locals in slot order: parameters first, then other bound names in order of appearance. */
    List<String> localsInOrder() {
        List<String> out = new ArrayList<>(params);
        for (String n : bound) {
            if (isLocal(n) && !out.contains(n)) {
                out.add(n);
            }
        }
        return out;
    }
}
