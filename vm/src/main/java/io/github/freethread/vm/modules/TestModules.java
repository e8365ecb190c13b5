package io.github.freethread.vm.modules;

/**
 * Modules for testing the GIL machinery:
 * <ul>
 *   <li>{@code _legacy_ext}: stands for a C extension built before free threading. It does NOT
 *       declare free-threading safety, so importing it enables the GIL ({@link GilOnImport}).
 *       {@code _legacy_ext.add(a, b)} returns a + b for ints; {@code _legacy_ext.name} is its name.</li>
 *   <li>{@code _ftvm_probe} (declared safe): {@code overlap(spins)} counts the Python threads inside
 *       it at once and busy-waits {@code spins} iterations with no safe point; {@code max_overlap()}
 *       is the largest count ever seen; {@code reset()}. Under the GIL, max_overlap() is 1; free
 *       threads on several cores reach more.</li>
 * </ul>
 */
final class TestModules {
    private TestModules() {
    }

    static ModuleSpec legacyExt() {
        ModuleSpec m = new ModuleSpec("_legacy_ext", false);
        m.fn("add", (t, s, a, o, n, k) -> {
            if (n != 2) {
                throw io.github.freethread.vm.runtime.PyError.typeError("add() takes exactly 2 arguments (" + n + " given)");
            }
            return io.github.freethread.vm.runtime.Ops.binary(t, io.github.freethread.vm.runtime.Numbers.ADD, a[o], a[o + 1]);
        });
        m.init = (t, d) -> StandardModules.putOwned(t, d, "name", t.newStr("_legacy_ext"));
        return m;
    }

    static ModuleSpec probe() {
        ModuleSpec m = new ModuleSpec("_ftvm_probe", true);
        m.fn("overlap", (t, s, a, o, n, k) -> {
            long spins = n > 0 ? io.github.freethread.vm.runtime.VmThread.intValue(a[o]) : 10_000;
            PythonThreads r = t.vm.threads;
            int inside = r.probeInside.incrementAndGet();
            r.probeMax.accumulateAndGet(inside, Math::max);
            long x = 0;
            for (long i = 0; i < spins; i++) {
                x += i ^ (x >>> 3);
                if ((i & 255) == 0) {
                    inside = r.probeInside.get();
                    r.probeMax.accumulateAndGet(inside, Math::max);
                }
            }
            r.probeInside.decrementAndGet();
            return t.newInt(x & 1);
        });
        m.fn("max_overlap", (t, s, a, o, n, k) -> t.newInt(t.vm.threads.probeMax.get()));
        m.fn("reset", (t, s, a, o, n, k) -> {
            t.vm.threads.probeMax.set(0);
            return t.none;
        });
        return m;
    }
}
