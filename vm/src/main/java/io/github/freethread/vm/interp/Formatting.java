package io.github.freethread.vm.interp;

import io.github.freethread.vm.runtime.Reprs;
import io.github.freethread.vm.runtime.Strings;
import io.github.freethread.vm.runtime.VmThread;

/** FORMAT_VALUE: conversion (!s, !r, !a) then the format spec. */
final class Formatting {
    private Formatting() {
    }

    static long formatValue(VmThread t, long v, int conversion, long spec) {
        String specText = spec == 0 ? "" : VmThread.str(spec);
        if (conversion == 0) {
            return t.newStr(Strings.format(t, v, specText));
        }
        String converted = conversion == 1 ? Reprs.str(t, v) : Reprs.repr(t, v);
        long tmp = t.newStr(converted);
        try {
            return t.newStr(Strings.format(t, tmp, specText));
        } finally {
            t.decref(tmp);
        }
    }
}
