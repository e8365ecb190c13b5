package io.github.freethread.vm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.github.freethread.allocator.Allocator;
import io.github.freethread.allocator.AllocatorConfig;
import io.github.freethread.vm.builtins.BuiltinTable;

class EarlyStartTest {

    @Test
    void shouldFinishItsStepsOnItsOwnDaemonThreadAndLeaveThemUsableFromAnyThread() throws Exception {
        Thread early = EarlyStart.begin();
        assertThat(early.isDaemon()).isTrue();
        assertThat(early.getName()).isEqualTo(EarlyStart.THREAD_NAME);
        // the main thread may get there first: it then does the step itself or waits for it
        assertThat(BuiltinTable.count()).isGreaterThan(50); // the core builtins and methods (modules register on import)
        early.join(30_000);
        assertThat(early.isAlive()).isFalse();
        try (Allocator a = Allocator.create(AllocatorConfig.defaults())) {
            long p = a.malloc(32);
            a.free(p);
            if (System.getProperty("os.name").toLowerCase().contains("linux")) {
                assertThat(a.osLayer()).isEqualTo("linux-mmap");
            }
        }
    }

    @Test
    void shouldRunAProgramWhileTheEarlyStartIsStillGoing() {
        for (int i = 0; i < 3; i++) {
            EarlyStart.begin();
            FtvmCommandLineTest.Run r = FtvmCommandLineTest.run("-c", "print(sum(range(10)))");
            assertThat(r.status()).isZero();
            assertThat(r.out()).isEqualTo("45\n");
        }
    }
}
