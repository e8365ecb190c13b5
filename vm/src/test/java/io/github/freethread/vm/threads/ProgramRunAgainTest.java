package io.github.freethread.vm.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.github.freethread.vm.jit.CompiledCode;
import io.github.freethread.vm.runtime.CodeInfo;
import io.github.freethread.vm.runtime.VmConfig;

/**
 * {@code Program.runAgain}: a program run several times in one VM (the benchmarks' warm mode)
 * prints what a fresh VM prints every time, leaks nothing after any run (checked mode), keeps its
 * compiled code, and starts its Python-level state afresh (thread names, shared objects).
 */
class ProgramRunAgainTest {
    private static String example(String name) throws IOException {
        return Files.readString(Path.of("examples", name), StandardCharsets.UTF_8);
    }

    private static CodeInfo code(io.github.freethread.vm.runtime.Vm vm, String name) {
        return vm.codes().stream().filter(c -> c.code.name().equals(name)).findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "gil={0}")
    @ValueSource(ints = {VmConfig.GIL_OFF, VmConfig.GIL_ON})
    void shouldPrintTheFreshVmsOutputEveryRunWithoutLeaks(int gil) throws Throwable {
        String source = example("pi_threads.py");
        VmConfig config = ThreadedRun.checked(gil).withArgv(List.of("t.py", "3000", "2"));
        ThreadedRun fresh = ThreadedRun.run(source, config);
        assertThat(fresh.status()).isZero();
        List<String> leaksAfterEach = new ArrayList<>();
        List<Integer> handlesAfterEach = new ArrayList<>();
        List<ResidentRuns.Outcome> runs = ResidentRuns.runs(source, config, 3, vm -> {
            leaksAfterEach.add(vm.leaks().toString());
            handlesAfterEach.add(vm.handles.live());
        });
        assertThat(runs).hasSize(3).allSatisfy(r -> {
            assertThat(r.status()).isZero();
            assertThat(r.err()).isEmpty();
            assertThat(r.out()).isEqualTo(fresh.out());
        });
        assertThat(leaksAfterEach).containsOnly("{}");
        assertThat(handlesAfterEach).containsOnly(0);
    }

    @Test
    void shouldPrintTheFreshVmsOutputForTheListDictWorkloadEveryRun() throws Throwable {
        String source = example("list_dict_threads.py");
        VmConfig config = ThreadedRun.checked(VmConfig.GIL_OFF).withArgv(List.of("t.py", "2000", "2"));
        ThreadedRun fresh = ThreadedRun.run(source, config);
        List<String> leaksAfterEach = new ArrayList<>();
        List<ResidentRuns.Outcome> runs = ResidentRuns.runs(source, config, 3, vm -> leaksAfterEach.add(vm.leaks().toString()));
        assertThat(runs).extracting(ResidentRuns.Outcome::out).containsOnly(fresh.out());
        assertThat(runs).extracting(ResidentRuns.Outcome::status).containsOnly(0);
        assertThat(leaksAfterEach).containsOnly("{}");
    }

    @Test
    void shouldKeepCompiledCodeAndLoadedCodeBetweenRuns() throws Throwable {
        String source = example("pi_threads.py");
        VmConfig config = VmConfig.defaults().withArgv(List.of("t.py", "20000", "2"));
        List<CompiledCode> compiled = new ArrayList<>();
        List<Integer> loaded = new ArrayList<>();
        ResidentRuns.runs(source, config, 3, vm -> {
            compiled.add(code(vm, "compute_heavy_pi").compiled());
            loaded.add(vm.codes().size());
        });
        assertThat(compiled.getFirst()).as("compute_heavy_pi compiled in the first run").isNotNull();
        assertThat(compiled).allSatisfy(c -> assertThat(c).isSameAs(compiled.getFirst()));
        assertThat(loaded).containsOnly(loaded.getFirst());
    }

    @Test
    void shouldStartThreadNamesAndSharedObjectsAfreshEachRun() throws Throwable {
        String source = """
            import threading
            from concurrent.futures import ThreadPoolExecutor
            SEEN = []
            def f():
                SEEN.append(threading.current_thread().name)
            t = threading.Thread(target=f)
            t.start()
            t.join()
            with ThreadPoolExecutor(max_workers=1) as ex:
                ex.submit(f).result()
            print(SEEN)
            """;
        List<Boolean> sharedActive = new ArrayList<>();
        List<Integer> adopted = new ArrayList<>();
        List<ResidentRuns.Outcome> runs = ResidentRuns.runs(source, ThreadedRun.checked(VmConfig.GIL_DEFAULT), 3, vm -> {
            sharedActive.add(vm.shared.active());
            adopted.add(vm.shared.adoptedCount());
        });
        assertThat(runs).extracting(ResidentRuns.Outcome::out).containsOnly("['Thread-1 (f)', 'ThreadPoolExecutor-0_0']\n");
        assertThat(sharedActive).containsOnly(false);
        assertThat(adopted).containsOnly(0);
    }

    @Test
    void shouldRefuseAnotherRunAfterAModuleEnabledTheGil() {
        String source = "import _legacy_ext\nprint(_legacy_ext.add(1, 2))\n";
        assertThatThrownBy(() -> ResidentRuns.runs(source, ThreadedRun.checked(VmConfig.GIL_DEFAULT), 2, vm -> {
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("enabled the GIL at run time");
    }

    @Test
    void shouldRefuseAnotherRunAfterDaemonThreadsWereStopped() {
        String source = """
            import threading
            e = threading.Event()
            threading.Thread(target=e.wait, daemon=True).start()
            print("started")
            """;
        assertThatThrownBy(() -> ResidentRuns.runs(source, ThreadedRun.checked(VmConfig.GIL_OFF), 2, vm -> {
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("daemon threads were stopped");
    }
}
