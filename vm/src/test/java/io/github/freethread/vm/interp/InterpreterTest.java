package io.github.freethread.vm.interp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.github.freethread.vm.runtime.VmConfig;

class InterpreterTest {
    @Test
    void shouldPrintPythonTracebackAndExitOne() throws Exception {
        PyRun r = PyRun.run("def f(x):\n    return 1 / x\nprint('a')\nf(0)\n", false, false);
        assertThat(r.out()).isEqualTo("a\n");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("Traceback (most recent call last):", "File \"t.py\", line 4, in <module>",
            "File \"t.py\", line 2, in f").endsWith("ZeroDivisionError: division by zero\n");
    }

    @Test
    void shouldRaiseRecursionErrorAtConfiguredDepthNotStackOverflow() throws Exception {
        String src = "def d(n):\n    return d(n + 1)\ntry:\n    d(0)\nexcept RecursionError as e:\n    print('caught', e)\n";
        PyRun r = PyRun.run(src, VmConfig.defaults().withRecursionLimit(50), false);
        assertThat(r.out()).isEqualTo("caught maximum recursion depth exceeded\n");
        PyRun deep = PyRun.run(src, VmConfig.defaults().withRecursionLimit(20000), false);
        assertThat(deep.out()).isEqualTo("caught maximum recursion depth exceeded\n");
    }

    @Test
    void shouldReportSyntaxErrorWithoutJavaStackTrace() throws Exception {
        PyRun r = PyRun.run("x = (1,\nclass A:\n    pass\n", false, false);
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("SyntaxError").doesNotContain("at io.github");
    }

    @Test
    void shouldFreeEveryObjectInCheckedModeInBothCountingModes() throws Exception {
        String src = "d = {}\nfor i in range(100):\n    d[str(i)] = [i, float(i), (i, 'x' * i)]\n"
            + "print(len(d), sum([v[1] for v in d.values()]))\n"
            + "try:\n    d['nope']\nexcept KeyError as e:\n    print('KeyError', e)\n";
        PyRun biased = PyRun.run(src, true, true);
        assertThat(biased.out()).isEqualTo("100 4950.0\nKeyError 'nope'\n");
        assertThat(biased.err()).contains("no leaks");
        PyRun atomic = PyRun.atomic(src);
        assertThat(atomic.out()).isEqualTo(biased.out());
        assertThat(atomic.err()).contains("no leaks");
    }

    @Test
    void shouldQuickenAndStayCorrectWhenTypesChange() throws Exception {
        String src = "def add(a, b):\n    return a + b\n"
            + "t = 0\nfor i in range(50):\n    t = add(t, i)\n"
            + "print(t, add(1.5, 2.25), add('a', 'b'), add(2 ** 62, 2 ** 62), add([1], [2]))\n"
            + "f = 0.0\nfor i in range(50):\n    f = add(f, 0.5)\nprint(f, add(1, 2))\n";
        PyRun r = PyRun.run(src, true, false);
        assertThat(r.out()).isEqualTo("1225 3.75 ab 9223372036854775808 [1, 2]\n25.0 3\n");
        assertThat(r.err()).containsPattern("quickened=[1-9]").containsPattern("deopts=[1-9]");
        PyRun plain = PyRun.run(src, VmConfig.defaults().withSpecialise(false), true);
        assertThat(plain.out()).isEqualTo(r.out());
        assertThat(plain.err()).contains("quickened=0");
    }

    @Test
    void shouldDeoptGlobalLoadWhenGlobalsChange() throws Exception {
        String src = "def g():\n    return k\nk = 1\nfor i in range(10):\n    r = g()\nprint(r)\n"
            + "k = 2\nprint(g())\ndel k\ntry:\n    g()\nexcept NameError as e:\n    print(e)\n"
            + "len = 5\nprint(len)\n";
        PyRun r = PyRun.run(src, false, true);
        assertThat(r.out()).isEqualTo("1\n2\nname 'k' is not defined\n5\n");
        assertThat(r.err()).contains("no leaks");
    }
}
