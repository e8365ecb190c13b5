package io.github.freethread.vm.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.freethread.vm.builtins.BuiltinTable;

class RuntimeObjectsTest {
    Vm vm;
    VmThread t;

    @BeforeEach
    void start() {
        PrintStream p = new PrintStream(new ByteArrayOutputStream());
        vm = Vm.start(VmConfig.defaults().withChecked(true), p, p, BuiltinTable.count());
        t = vm.mainThread();
    }

    @AfterEach
    void stop() {
        vm.finish(t);
        assertThat(vm.leaks()).isEmpty();
        vm.close();
    }

    @Test
    void shouldShareImmortalSmallIntsAndAllocateOthers() {
        assertThat(t.newInt(5)).isEqualTo(t.newInt(5));
        long big = t.newInt(1000);
        assertThat(VmThread.intValue(big)).isEqualTo(1000);
        t.decref(big);
        long huge = t.newInt(BigInteger.TWO.pow(100));
        assertThat(VmThread.typeOf(huge)).isEqualTo(TypeIds.BIGINT);
        assertThat(VmThread.bigValue(huge)).isEqualTo(BigInteger.TWO.pow(100));
        t.decref(huge);
    }

    @Test
    void shouldHashNumbersAsCPython() {
        long f = t.newFloat(1.5);
        assertThat(Ops.hash(t, f)).isEqualTo(1152921504606846977L);
        t.decref(f);
        long m = t.newInt(-1);
        assertThat(Ops.hash(t, m)).isEqualTo(-2);
        long tup = t.tupleOf(t.newInt(1), t.newInt(2), t.newInt(3));
        assertThat(Ops.hash(t, tup)).isEqualTo(529344067295497451L);
        t.decref(tup);
    }

    @Test
    void shouldKeepDictInsertionOrderAcrossDeletesAndResizes() {
        long d = Dicts.newDict(t, 0);
        for (int i = 0; i < 100; i++) {
            long k = t.newStr("k" + i);
            long v = t.newInt(i * 1000);
            Dicts.put(t, d, k, v);
            t.decref(k);
            t.decref(v);
        }
        for (int i = 0; i < 100; i += 2) {
            long k = t.newStr("k" + i);
            t.decref(Dicts.pop(t, d, k));
            t.decref(k);
        }
        Dicts.assertInvariants(d);
        assertThat(Dicts.size(d)).isEqualTo(50);
        long k = t.newStr("k51");
        assertThat(VmThread.intValue(Dicts.get(t, d, k))).isEqualTo(51000);
        t.decref(k);
        assertThat(Reprs.repr(t, d)).startsWith("{'k1': 1000, 'k3': 3000,");
        t.decref(d);
    }

    @Test
    void shouldRejectUnhashableKeyWithPythonMessage() {
        long d = Dicts.newDict(t, 0);
        long l = Lists.newList(t, 0);
        assertThatThrownBy(() -> Dicts.put(t, d, l, l)).isInstanceOf(PyError.class)
            .hasMessageContaining("unhashable type: 'list'");
        t.decref(l);
        t.decref(d);
    }

    @Test
    void shouldIndexStringsByCodePoint() {
        long s = t.newStr("😀x日");
        assertThat(VmThread.strLength(s)).isEqualTo(3);
        assertThat(VmThread.strChar(s, 1)).isEqualTo('x');
        assertThat(VmThread.str(s)).isEqualTo("😀x日");
        t.decref(s);
    }

    @Test
    void shouldFormatFloatsAsPython() {
        long f = t.newFloat(2.675);
        assertThat(Strings.format(t, f, ".2f")).isEqualTo("2.67");
        assertThat(Strings.format(t, f, "10.3e")).isEqualTo(" 2.675e+00");
        assertThat(Strings.format(t, f, "g")).isEqualTo("2.675");
        assertThat(Reprs.repr(t, f)).isEqualTo("2.675");
        t.decref(f);
        long g = t.newFloat(1e-5);
        assertThat(Reprs.repr(t, g)).isEqualTo("1e-05");
        t.decref(g);
    }
}
