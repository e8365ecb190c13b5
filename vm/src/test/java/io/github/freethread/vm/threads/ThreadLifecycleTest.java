package io.github.freethread.vm.threads;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.github.freethread.vm.runtime.VmConfig;

/** Thread start, exit (normal, exception, SystemExit), and what is left afterwards. */
class ThreadLifecycleTest {
    @Test
    void shouldLeakNothingAndLoseNoSegmentWhenThreadsDieWithUncaughtExceptions() throws Exception {
        String src = """
            import threading
            def bad(i):
                junk = [str(j) * 3 for j in range(200)]
                d = {}
                for j in range(100):
                    d[j] = (j, str(j))
                if i % 3 == 0:
                    raise ValueError("boom " + str(i))
                if i % 3 == 1:
                    raise KeyError(i)
                import sys
                sys.exit(3)
            for wave in range(6):
                ts = [threading.Thread(target=bad, args=(wave * 10 + k,), name="w" + str(wave * 10 + k)) for k in range(10)]
                for t in ts:
                    t.start()
                for t in ts:
                    t.join()
            print("alive", threading.active_count())
            """;
        for (int gil : new int[] {VmConfig.GIL_OFF, VmConfig.GIL_ON}) {
            ThreadedRun r = ThreadedRun.run(src, ThreadedRun.checked(gil));
            assertThat(r.out()).isEqualTo("alive 1\n");
            assertThat(r.status()).isZero();
            assertThat(r.leaks()).as("leaks (gil=%d)", gil).isEmpty();
            assertThat(r.err().split("Exception in thread ", -1)).hasSize(41); // 40 printed, SystemExit silent
            assertThat(r.err()).contains("ValueError: boom 0").contains("KeyError: 1");
            assertThat(r.liveHandles()).as("every handle slot released").isZero();
            System.out.println("ThreadLifecycleTest: gil=" + gil + " peak segments " + r.alloc().peakSegmentCount()
                + ", segments at end " + r.alloc().segmentCount() + ", abandoned " + r.alloc().abandonedSegmentCount());
            // 60 threads ran one wave after another: their heaps' segments are reclaimed, not piled up
            assertThat(r.alloc().peakSegmentCount()).as("peak segments (gil=%d)", gil).isLessThanOrEqualTo(24);
        }
    }

    @Test
    void shouldWaitForNonDaemonThreadsAtProgramEnd() throws Exception {
        String src = """
            import threading
            import time
            out = []
            def late():
                time.sleep(0.05)
                out.append("late")
                print("late thread done")
            threading.Thread(target=late).start()
            print("main done")
            """;
        ThreadedRun r = ThreadedRun.run(src, ThreadedRun.checked(VmConfig.GIL_DEFAULT));
        assertThat(r.out()).isEqualTo("main done\nlate thread done\n");
        assertThat(r.leaks()).isEmpty();
    }

    @Test
    void shouldRejectBadThreadCalls() throws Exception {
        String src = """
            import threading
            t = threading.Thread(target=print, args=("x",))
            try:
                t.join()
            except RuntimeError as e:
                print(e)
            t.start()
            t.join()
            try:
                t.start()
            except RuntimeError as e:
                print(e)
            try:
                threading.current_thread().join()
            except RuntimeError as e:
                print(e)
            l = threading.Lock()
            try:
                l.release()
            except RuntimeError as e:
                print(e)
            r = threading.RLock()
            try:
                r.release()
            except RuntimeError as e:
                print(e)
            print(type(l).__name__, type(r).__name__, type(t).__name__, t.is_alive())
            """;
        ThreadedRun r = ThreadedRun.run(src, ThreadedRun.checked(VmConfig.GIL_DEFAULT));
        assertThat(r.out()).isEqualTo("""
            cannot join thread before it is started
            x
            threads can only be started once
            cannot join current thread
            release unlocked lock
            cannot release un-acquired lock
            lock RLock Thread False
            """);
        assertThat(r.leaks()).isEmpty();
    }

    @Test
    void shouldDropQueuedItemsAndFutureResultsExactlyOnce() throws Exception {
        String src = """
            import queue
            from concurrent.futures import ThreadPoolExecutor
            q = queue.Queue()
            for i in range(10):
                q.put([i] * 3)
            ex = ThreadPoolExecutor(max_workers=2)
            fs = [ex.submit(list, range(i)) for i in range(20)]
            fs = None
            q = None
            ex.shutdown(wait=True)
            ex = None
            print("ok")
            """;
        ThreadedRun r = ThreadedRun.run(src, ThreadedRun.checked(VmConfig.GIL_DEFAULT));
        assertThat(r.out()).isEqualTo("ok\n");
        assertThat(r.leaks()).isEmpty();
        assertThat(r.liveHandles()).isZero();
    }
}
