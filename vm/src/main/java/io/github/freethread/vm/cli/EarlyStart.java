package io.github.freethread.vm.cli;

import io.github.freethread.allocator.Allocator;
import io.github.freethread.vm.builtins.BuiltinTable;

/**
 * Start-up work that needs nothing from the command line, begun on a second thread the moment
 * {@code main} starts, so that it overlaps with picocli's parsing and the compilation of the
 * program on the main thread (see {@code docs/startup.md} for the timeline and the figures).
 *
 * <p>The steps, in the order the main thread will need them:
 * <ol>
 *   <li>initialise {@link BuiltinTable}: every built-in function and method of the core types
 *       registers its implementation (about 75 lambdas, each a class the JDK spins at run time;
 *       the standard modules' functions register on import instead);</li>
 *   <li>bind the allocator's OS memory layer ({@link Allocator#bindOsMemory()}: the first
 *       {@code java.lang.foreign} downcall handle makes the JDK generate ~180 classes).</li>
 * </ol>
 *
 * <p>Not here: {@code Runtime.exit}'s own logger lookup (JDK 21+, ~20 classes on the exit path).
 * Looking up the same name from application code is not the same work: it initialises the full
 * {@code java.util.logging} backend (~50 more classes), where the JDK's own lookup gets a lazy
 * surrogate logger; measured, it made the run slower.
 *
 * <p>Nothing here changes what runs, only which thread runs it first. Each step is idempotent and
 * shared through a JVM mechanism that makes a late main thread either find it done, wait for it,
 * or do it itself if this thread has not got there yet: class initialisation (JLS 12.4.2) for the
 * builtin table, {@code OsMemoryBinding}'s single {@code FutureTask} for the OS layer. So a
 * failure is not lost by being caught here: the main thread's own use of the same step reports
 * it (a {@code NoClassDefFoundError} whose cause is the initialiser's exception; an
 * {@code IllegalStateException} whose cause is the binding's throwable), and the CLI prints the
 * cause chain of an internal error.
 *
 * <p>No deadlock with the main thread's class initialisation: the classes initialised here are
 * {@code BuiltinTable} and the classes its initialiser registers ({@code Builtins},
 * {@code ContainerMethods}, {@code StrMethods}); no other class's static initialiser refers to them, and the main thread first
 * touches {@code BuiltinTable} from ordinary code ({@code Program.run}), holding no
 * initialisation lock, so no cycle of threads waiting on initialisation locks can form.
 *
 * <pre>
 * Ownership
 *  field   writer            reader   mode
 *  (none)  the thread is fire-and-forget (daemon); results are published by class
 *          initialisation and by OsMemoryBinding's FutureTask, see above
 * </pre>
 */
final class EarlyStart implements Runnable {
    static final String THREAD_NAME = "ftvm-early-start";

    private EarlyStart() {
    }

    /** Starts the work on a daemon thread and returns at once (the thread, for tests to join). */
    static Thread begin() {
        Thread t = new Thread(new EarlyStart(), THREAD_NAME);
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public void run() {
        try {
            BuiltinTable.count();
        } catch (Throwable e) {
            // re-reported to the main thread by the JVM (see the class comment)
        }
        try {
            Allocator.bindOsMemory();
        } catch (Throwable e) {
            // re-reported by OsMemoryBinding to every allocator creation (see the class comment)
        }
    }
}
