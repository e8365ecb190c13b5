package io.github.freethread.allocator;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Binds the platform's {@link OsMemory} once per process, either on the first allocator's
 * thread or ahead of time on a background thread.
 *
 * <p>Why: binding the Linux layer creates {@code java.lang.foreign} downcall handles, and the
 * first one makes the JDK generate and load ~180 classes (linker, calling-sequence and binding
 * specialiser classes): about 65 ms of a short process's start-up. A command-line front end
 * calls {@link #startInBackground()} first thing in {@code main}, so that this work overlaps with
 * its own start-up (argument parsing, compilation) on a second core.
 *
 * <p>The binding runs exactly once: whichever thread gets to {@link FutureTask#run} first does
 * it (the background thread, or a caller of {@link #get()} if the background thread has not been
 * scheduled yet: the caller never waits for a thread that has not started); every other caller
 * waits for that result. The bound layer holds no per-allocator state ({@link LinuxMemory}:
 * final handles plus one lazily bound handle, see its ownership table), so one binding serves
 * every allocator and every thread. A failure is not
 * swallowed: the throwable that escaped the binding is kept and every {@link #get()} reports it
 * as the cause of an {@link IllegalStateException} naming the thread that bound. (The expected
 * "not available here" outcomes, a non-Linux platform or native access disabled, are not
 * failures: {@link LinuxMemory#tryCreate} returns null and allocators use {@link PortableMemory}.)
 *
 * <pre>
 * Ownership / ordering
 *  field              writer                            reader             mode
 *  task               constructor; its result is set    any thread (get)   FutureTask: the result set in
 *                     once by the one thread that runs                     run() happens-before the return
 *                     it (FutureTask.run CASes runner)                     of get() (or its exception)
 *  bindingThread      the running task, before it       get(), failure     plain; published by the same
 *                     returns or throws                 path only          FutureTask completion
 *  backgroundStarted  startInBackground (CAS, once)     startInBackground  AtomicBoolean: at most one
 *                                                                          background thread per binding
 * </pre>
 * </pre>
 */
final class OsMemoryBinding {
    /** The process-wide binding of the Linux mmap layer (null result: not available here). */
    static final OsMemoryBinding PLATFORM = new OsMemoryBinding(LinuxMemory::tryCreate);

    private final FutureTask<OsMemory> task;
    private final AtomicBoolean backgroundStarted = new AtomicBoolean();
    /** Name of the thread that ran the binding (for failure reports); written before the task completes. */
    private String bindingThread;

    OsMemoryBinding(Supplier<? extends OsMemory> binder) {
        this.task = new FutureTask<>(() -> {
            bindingThread = Thread.currentThread().getName();
            return binder.get();
        });
    }

    /**
     * Starts the binding on a new daemon thread and returns at once; does nothing if a background
     * binding was started before or the binding has finished.
     */
    void startInBackground() {
        if (task.isDone() || !backgroundStarted.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(task, "freethread-os-memory-binding");
        t.setDaemon(true);
        t.start();
    }

    /**
     * The bound layer, or null if the platform layer is not available here. Binds on the calling
     * thread if nobody has started; otherwise waits for the thread that is binding.
     *
     * @throws IllegalStateException if the binding failed (its throwable is the cause)
     */
    OsMemory get() {
        task.run(); // no-op unless the task is still NEW
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the binding is short and must finish: wait on, re-assert below
                } catch (ExecutionException e) {
                    throw new IllegalStateException("binding the OS memory layer (mmap, munmap) on thread '" + bindingThread
                        + "' failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** True once the binding has finished (with a result or a failure). */
    boolean isDone() {
        return task.isDone();
    }
}
