package io.github.freethread.vm.jit;

import io.github.freethread.vm.runtime.Dicts;
import io.github.freethread.vm.runtime.GlobalLoads;
import io.github.freethread.vm.runtime.VmThread;

/**
 * The cache of one LOAD_GLOBAL site of compiled code: where the name was found (module globals
 * or builtins), its entry index and the keys versions it is valid for (the caches of
 * LOAD_GLOBAL_MODULE / LOAD_GLOBAL_BUILTIN). Compiled code is shared by all threads, so a site
 * that misses is refilled with a new immutable GlobalSite stored into the compiled code's site
 * array: a plain store, a benign race (two threads may both refill; any GlobalSite a reader sees
 * is fully built: all fields final, JLS 17.5), and a stale site is never trusted because
 * {@link Dicts#loadCached} checks the version it was built for.
 */
public final class GlobalSite {
    final boolean builtin;
    final int ix;
    final int globalsVersion;
    final int builtinsVersion;

    GlobalSite(boolean builtin, int ix, int globalsVersion, int builtinsVersion) {
        this.builtin = builtin;
        this.ix = ix;
        this.globalsVersion = globalsVersion;
        this.builtinsVersion = builtinsVersion;
    }

    /** The owned value if this cache is still valid for {@code globals}, else 0. */
    long load(VmThread t, long globals) {
        if (!builtin) {
            return Dicts.loadCached(t, globals, ix, globalsVersion);
        }
        if (Dicts.keysVersion(globals) != globalsVersion) {
            return 0;
        }
        return Dicts.loadCached(t, t.vm.builtinsDict, ix, builtinsVersion);
    }

    /**
     * LOAD_GLOBAL of compiled code: the site's cached entry if valid, else a lookup that also
     * refills the site (versions read before the lookup, so a concurrent change of the table
     * leaves a version the next guard rejects).
     */
    public static long load(VmThread t, long globals, GlobalSite[] sites, int site, long name) {
        GlobalSite c = sites[site];
        if (c != null) {
            long v = c.load(t, globals);
            if (v != 0) {
                t.specHits++;
                return v;
            }
        }
        int gv = Dicts.keysVersion(globals);
        long ix = Dicts.find(t, globals, name);
        if (ix >= 0 && ix <= Integer.MAX_VALUE) {
            sites[site] = new GlobalSite(false, (int) ix, gv, 0);
        } else if (ix < 0) {
            long bd = t.vm.builtinsDict;
            int bv = Dicts.keysVersion(bd);
            long bx = Dicts.find(t, bd, name);
            if (bx >= 0 && bx <= Integer.MAX_VALUE) {
                sites[site] = new GlobalSite(true, (int) bx, gv, bv);
            }
        }
        return GlobalLoads.load(t, globals, name);
    }
}
