package io.github.freethread.vm.threads;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.freethread.vm.runtime.VmConfig;

/**
 * Many Python threads mutating shared lists and dicts through built-in operations (append, pop,
 * d[k] = v, setdefault, del) with exact totals, in both modes and in checked mode (zero leaks).
 * Free-threaded, this relies on the per-object atomicity of Lists/Dicts (vmshared).
 */
class SharedContainersThreadsTest {
    static final String PROGRAM = """
        import threading
        from concurrent.futures import ThreadPoolExecutor
        shared = []
        d = {}
        counts = {}
        lock = threading.Lock()
        T, N = 8, 3000
        def work(tid):
            mine = 0
            for i in range(N):
                shared.append((tid, i))
                d[(tid, i)] = str(i)
                if i % 3 == 0:
                    del d[(tid, i)]
                d.setdefault("common", []).append(tid)
                if i % 100 == 0:
                    with lock:
                        counts[tid] = counts.get(tid, 0) + 1
                mine += 1
            return mine
        threads = [threading.Thread(target=work, args=(t,)) for t in range(T // 2)]
        for t in threads:
            t.start()
        with ThreadPoolExecutor(max_workers=4) as ex:
            done = list(ex.map(work, range(T // 2, T)))
        for t in threads:
            t.join()
        print(len(shared), len(shared) == T * N, sum(done))
        print(len(d), len(d["common"]), sorted(counts.items())[:2])
        per = {}
        for tid, i in shared:
            per[tid] = per.get(tid, 0) + 1
        print(sorted(per.values()) == [N] * T)
        popped = []
        def popper():
            while True:
                try:
                    popped.append(shared.pop())
                except IndexError:
                    return
        ps = [threading.Thread(target=popper) for i in range(4)]
        for p in ps:
            p.start()
        for p in ps:
            p.join()
        print(len(popped), len(shared))
        """;

    static final String EXPECTED = """
        24000 True 12000
        16001 24000 [(0, 30), (1, 30)]
        True
        24000 0
        """;

    @ParameterizedTest
    @ValueSource(ints = {VmConfig.GIL_OFF, VmConfig.GIL_ON})
    void shouldNeverLoseItemsOfSharedListsAndDicts(int gil) throws Exception {
        for (int round = 0; round < 2; round++) {
            ThreadedRun r = ThreadedRun.run(PROGRAM, ThreadedRun.checked(gil));
            assertThat(r.out()).as(r.err()).isEqualTo(EXPECTED);
            assertThat(r.leaks()).isEmpty();
        }
    }
}
