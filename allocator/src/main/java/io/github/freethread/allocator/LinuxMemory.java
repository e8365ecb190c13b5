package io.github.freethread.allocator;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;

/**
 * Segments straight from the kernel: {@code mmap} an anonymous private region of
 * {@code size + alignment} bytes, then {@code munmap} the unaligned head and the tail so exactly
 * {@code size} bytes remain starting at an aligned address (the "reserve 2x and trim" trick;
 * mimalloc's {@code mi_os_mem_alloc_aligned} does the same). {@code MAP_NORESERVE} keeps the
 * kernel from charging swap for untouched memory; {@code madvise(MADV_DONTNEED)} drops the
 * physical pages of an empty page, after which the range reads as zero and costs nothing.
 *
 * <p>Pointers are passed as {@code JAVA_LONG}: on the supported 64-bit Linux ABIs (x86-64 SysV,
 * AArch64 AAPCS64) pointers and longs travel in the same integer registers.
 *
 * <p>Start-up cost: each downcall handle of a new shape makes the JDK generate classes. {@code mmap}
 * and {@code munmap} are needed by the first segment; {@code madvise} only when a page is first
 * decommitted, which short programs never do, so its handle is bound on first use (its symbol is
 * looked up at creation, so a missing symbol still selects the fallback up front).
 *
 * <pre>
 * Ownership / ordering
 *  field                 writer                          reader           mode
 *  linker, madviseSym,   constructor                     any thread       final
 *   mmap, munmap
 *  madvise               first decommit (any thread;     decommit         volatile; benign race: two
 *                        racing threads may both bind)                    first callers may both bind,
 *                                                                         equivalent handles, either wins
 * </pre>
 */
final class LinuxMemory implements OsMemory {
    private static final int PROT_READ = 0x1;
    private static final int PROT_WRITE = 0x2;
    private static final int MAP_PRIVATE = 0x02;
    private static final int MAP_ANONYMOUS = 0x20;
    private static final int MAP_NORESERVE = 0x4000;
    private static final int MADV_DONTNEED = 4;
    private static final long MAP_FAILED = -1L;

    private static final FunctionDescriptor MADVISE = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT);

    private final Linker linker;
    private final MemorySegment madviseSym;
    private final MethodHandle mmap;
    private final MethodHandle munmap;
    /** Bound on first decommit (see the class comment); null until then. */
    private volatile MethodHandle madvise;

    private LinuxMemory(Linker linker, MethodHandle mmap, MethodHandle munmap, MemorySegment madviseSym) {
        this.linker = linker;
        this.mmap = mmap;
        this.munmap = munmap;
        this.madviseSym = madviseSym;
    }

    /** The Linux implementation, or null when not on 64-bit Linux or the symbols are missing. */
    static LinuxMemory tryCreate() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"))) {
            return null;
        }
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup libc = linker.defaultLookup();
            MethodHandle mmap = linker.downcallHandle(libc.find("mmap").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
            MethodHandle munmap = linker.downcallHandle(libc.find("munmap").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
            MemorySegment madviseSym = libc.find("madvise").orElseThrow();
            return new LinuxMemory(linker, mmap, munmap, madviseSym);
        } catch (RuntimeException | LinkageError e) {
            // Native access disabled or symbols missing: the caller falls back to PortableMemory.
            return null;
        }
    }

    @Override
    public long reserveAligned(long size, long alignment) {
        long span = size + alignment;
        long raw = mmapAnonymous(span);
        long aligned = SegmentLayout.roundUp(raw, alignment);
        long head = aligned - raw;
        long tail = span - head - size;
        if (head > 0) {
            unmap(raw, head);
        }
        if (tail > 0) {
            unmap(aligned + size, tail);
        }
        return aligned;
    }

    @Override
    public void release(long address, long size) {
        unmap(address, size);
    }

    @Override
    public boolean decommit(long address, long size) {
        MethodHandle h = madvise;
        if (h == null) {
            h = bindMadvise();
        }
        int rc;
        try {
            rc = (int) h.invokeExact(address, size, MADV_DONTNEED);
        } catch (Throwable t) {
            throw new IllegalStateException("madvise(" + SegmentLayout.hex(address) + ", " + size + ") failed", t);
        }
        return rc == 0;
    }

    private MethodHandle bindMadvise() {
        MethodHandle h;
        try {
            h = linker.downcallHandle(madviseSym, MADVISE);
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("binding madvise (at " + SegmentLayout.hex(madviseSym.address())
                    + ") for the first decommit failed", e);
        }
        madvise = h; // benign race, see the class comment
        return h;
    }

    @Override
    public String name() {
        return "linux-mmap";
    }

    private long mmapAnonymous(long size) {
        long address;
        try {
            address = (long) mmap.invokeExact(0L, size, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException("mmap of " + size + " bytes failed", t);
        }
        if (address == MAP_FAILED || address == 0) {
            throw new OutOfMemoryError("mmap refused to reserve " + size + " bytes of address space");
        }
        return address;
    }

    private void unmap(long address, long size) {
        int rc;
        try {
            rc = (int) munmap.invokeExact(address, size);
        } catch (Throwable t) {
            throw new IllegalStateException("munmap(" + SegmentLayout.hex(address) + ", " + size + ") failed", t);
        }
        if (rc != 0) {
            throw new IllegalStateException("munmap(" + SegmentLayout.hex(address) + ", " + size + ") returned " + rc);
        }
    }
}
