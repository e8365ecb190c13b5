package io.github.freethread.vm.threads;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.github.freethread.vm.runtime.VmConfig;

/** GIL mode as seen from Python programs: serialisation, switch interval, run-time enabling. */
class GilModeTest {
    /** Two threads in _ftvm_probe.overlap (a builtin that never reaches a safe point) at once. */
    static final String PROBE = """
        import threading
        import _ftvm_probe
        def work():
            for i in range(150):
                _ftvm_probe.overlap(20000)
        ts = [threading.Thread(target=work) for i in range(3)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        print(_ftvm_probe.max_overlap())
        """;

    @Test
    void shouldNeverRunTwoThreadsInPythonCodeAtOnceUnderTheGil() throws Exception {
        ThreadedRun r = ThreadedRun.run(PROBE, ThreadedRun.checked(VmConfig.GIL_ON));
        assertThat(r.err()).contains("no leaks");
        assertThat(r.out().strip()).isEqualTo("1");
        assertThat(r.gil().acquisitions()).as("every thread took the GIL").isGreaterThanOrEqualTo(4);
    }

    @Test
    void shouldReportTheProbeOverlapWithoutTheGil() throws Exception {
        // Free-threaded: the probe may see 1 or more threads at once depending on the scheduler (2
        // shared cores); the point is that the run is correct and the GIL was never taken.
        ThreadedRun r = ThreadedRun.run(PROBE, ThreadedRun.checked(VmConfig.GIL_OFF));
        assertThat(Integer.parseInt(r.out().strip())).isBetween(1, 3);
        assertThat(r.gil().acquisitions()).isZero();
        assertThat(r.gilEnabled()).isFalse();
    }

    @Test
    void shouldHandTheGilOverOnlyAfterTheSwitchIntervalExpired() throws Exception {
        String src = """
            import sys
            import threading
            import time
            sys.setswitchinterval(0.02)
            def spin():
                # Spins for a fixed wall time, not a fixed count: however fast the interpreter or
                # loaded the machine, both threads are runnable together for far longer than the
                # interval, so the waiter must ask for the GIL.
                start = time.perf_counter()
                x = 0
                while time.perf_counter() - start < 0.3:
                    x += 1
            ts = [threading.Thread(target=spin) for i in range(2)]
            for t in ts:
                t.start()
            for t in ts:
                t.join()
            print(sys.getswitchinterval())
            """;
        ThreadedRun r = ThreadedRun.run(src, ThreadedRun.checked(VmConfig.GIL_ON));
        assertThat(r.out().strip()).isEqualTo("0.02");
        assertThat(r.gil().dropRequests()).as("CPU-bound threads contend: some waiter asked for the GIL").isPositive();
        assertThat(r.gil().minWaitAtDropRequestNanos()).as("no drop request before the interval").isGreaterThanOrEqualTo(20_000_000L);
        assertThat(r.gil().forcedSwitches()).as("requests were honoured by a hand-off").isPositive();
    }

    @Test
    void shouldEnableTheGilWhileOtherThreadsRunWhenALegacyModuleIsImported() throws Exception {
        String src = """
            import sys
            import threading
            go = threading.Event()
            total = [0]
            def spin():
                go.wait()
                for i in range(200000):
                    total[0] += 0
            ts = [threading.Thread(target=spin) for i in range(2)]
            for t in ts:
                t.start()
            go.set()
            import _legacy_ext
            for t in ts:
                t.join()
            print(sys._is_gil_enabled())
            """;
        ThreadedRun r = ThreadedRun.run(src, ThreadedRun.checked(VmConfig.GIL_DEFAULT));
        assertThat(r.out().strip()).isEqualTo("True");
        assertThat(r.err()).contains("RuntimeWarning: The global interpreter lock (GIL) has been enabled to load module '_legacy_ext'");
        assertThat(r.gil().acquisitions()).as("running threads took the GIL at their next safe point").isPositive();
        assertThat(r.err()).contains("no leaks");
    }

    @Test
    void shouldFailTheImportUnderWarningsAsErrorsAndKeepTheGilOff() throws Exception {
        ThreadedRun r = ThreadedRun.run("import _legacy_ext\n",
            ThreadedRun.checked(VmConfig.GIL_DEFAULT).withWarnOptions(java.util.List.of("error::RuntimeWarning")));
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.gilEnabled()).isFalse();
        assertThat(r.err()).contains("RuntimeWarning: The global interpreter lock");
    }

    @Test
    void shouldRejectContextManagersThatAreNot() throws Exception {
        ThreadedRun r = ThreadedRun.run("""
            try:
                with 1:
                    pass
            except TypeError as e:
                print(e)
            """, ThreadedRun.checked(VmConfig.GIL_DEFAULT));
        assertThat(r.out()).isEqualTo("'int' object does not support the context manager protocol\n");
    }
}
