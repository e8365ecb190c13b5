package io.github.freethread.collections.object;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

import org.agrona.UnsafeApi;

import io.github.freethread.allocator.Allocator;
import io.github.freethread.collections.ThreadContext;

/**
 * A small self-contained {@link ObjectSpace}: objects with an atomic count in a
 * {@link StandaloneHeader}, freed objects kept (count 0) in per-size free lists and reused only
 * for the same size (so a racing reader always reads a header — the contract the real allocator
 * keeps with its ReuseGate), raw memory from the freethread {@link Allocator} when one is given
 * (its statistics then prove that item arrays and tables are not leaked), else from
 * {@code Unsafe.allocateMemory}.
 *
 * <p>Checked mode poisons raw blocks on free and keeps the last {@value #QUARANTINE} in quarantine
 * instead of returning them to the C heap, so that a reader of freed memory sees the poison
 * (and, for an item array, dereferences an unmapped address: a crash a test cannot miss), and
 * counts below zero throw.
 *
 * <p>Ownership: the free lists and quarantine are concurrent queues (any thread); the counters are
 * LongAdders; the kind table is copy-on-write.
 */
public final class StandaloneObjects implements ObjectSpace, AutoCloseable {
    /** Raw blocks kept poisoned in checked mode before they go back to the C heap. */
    public static final int QUARANTINE = 4096;
    /** Byte written over freed raw memory in checked mode. */
    public static final byte POISON = (byte) 0xA5;

    private final boolean checked;
    private final Allocator rawMemory;
    private final CopyOnWriteArrayList<ObjectKind> kinds = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<Long, ConcurrentLinkedQueue<Long>> freeBySize = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Long> quarantine = new ConcurrentLinkedQueue<>();
    private final LongAdder liveObjects = new LongAdder();
    private final LongAdder liveBlocks = new LongAdder();
    private final LongAdder objectBlocks = new LongAdder();

    /** A space; {@code checked} adds poisoning and count checks; raw memory from the C heap. */
    public StandaloneObjects(boolean checked) {
        this(checked, null);
    }

    /** A space whose raw memory (arrays, tables, heads) comes from {@code rawMemory} (nullable). */
    public StandaloneObjects(boolean checked, Allocator rawMemory) {
        this.checked = checked;
        this.rawMemory = rawMemory;
        kinds.add(IntObject.KIND);
        kinds.add(StrObject.KIND);
    }

    private int kindId(ObjectKind kind) {
        int id = kinds.indexOf(kind);
        if (id >= 0) {
            return id;
        }
        synchronized (kinds) {
            id = kinds.indexOf(kind);
            if (id < 0) {
                kinds.add(kind);
                id = kinds.size() - 1;
            }
            return id;
        }
    }

    @Override
    public long newObject(ThreadContext thread, ObjectKind kind, long payloadBytes) {
        long size = StandaloneHeader.blockSize(payloadBytes);
        ConcurrentLinkedQueue<Long> free = freeBySize.computeIfAbsent(size, s -> new ConcurrentLinkedQueue<>());
        Long reused = free.poll();
        long obj;
        if (reused != null) {
            obj = reused;
        } else {
            obj = UnsafeApi.allocateMemory(size);
            UnsafeApi.putLongVolatile(null, obj + StandaloneHeader.COUNT_OFFSET, 0L);
            objectBlocks.increment();
        }
        UnsafeApi.putInt(obj + StandaloneHeader.KIND_OFFSET, kindId(kind));
        UnsafeApi.putInt(obj + StandaloneHeader.SIZE_CLASS_OFFSET, (int) (size / StandaloneHeader.GRANULE));
        UnsafeApi.putLong(obj + StandaloneHeader.LOCK_OFFSET, 0L);
        UnsafeApi.setMemory(obj + StandaloneHeader.HEADER_SIZE, size - StandaloneHeader.HEADER_SIZE, (byte) 0);
        // volatile: a racing stale reader may CAS this count; it must see 1 as a whole, after the
        // header fields above (release order).
        UnsafeApi.putLongVolatile(null, obj + StandaloneHeader.COUNT_OFFSET, 1L);
        liveObjects.increment();
        return obj;
    }

    @Override
    public long payload(long obj) {
        return obj + StandaloneHeader.HEADER_SIZE;
    }

    @Override
    public long lockWord(long obj) {
        return obj + StandaloneHeader.LOCK_OFFSET;
    }

    @Override
    public ObjectKind kindOf(long obj) {
        return kinds.get(UnsafeApi.getInt(obj + StandaloneHeader.KIND_OFFSET));
    }

    @Override
    public void incref(ThreadContext thread, long obj) {
        long before = UnsafeApi.getAndAddLong(null, obj + StandaloneHeader.COUNT_OFFSET, 1L);
        if (checked && before <= 0) {
            throw new IllegalStateException("incref of dead object 0x" + Long.toHexString(obj) + " (count was " + before + ")");
        }
    }

    @Override
    public void decref(ThreadContext thread, long obj) {
        long before = UnsafeApi.getAndAddLong(null, obj + StandaloneHeader.COUNT_OFFSET, -1L);
        if (before == 1) {
            deallocate(obj);
        } else if (checked && before <= 0) {
            throw new IllegalStateException("decref of dead object 0x" + Long.toHexString(obj) + " (count was " + before + ")");
        }
    }

    private void deallocate(long obj) {
        long size = (long) UnsafeApi.getInt(obj + StandaloneHeader.SIZE_CLASS_OFFSET) * StandaloneHeader.GRANULE;
        if (checked) {
            UnsafeApi.setMemory(obj + StandaloneHeader.HEADER_SIZE, size - StandaloneHeader.HEADER_SIZE, POISON);
        }
        liveObjects.decrement();
        freeBySize.get(size).add(obj);
    }

    @Override
    public boolean tryIncrefCompare(ThreadContext thread, long slotAddress, long expected) {
        long countAddress = expected + StandaloneHeader.COUNT_OFFSET;
        long c = UnsafeApi.getLongVolatile(null, countAddress);
        while (true) {
            if (c <= 0) {
                return false; // dead: never resurrect
            }
            long witness = UnsafeApi.compareAndExchangeLong(null, countAddress, c, c + 1);
            if (witness == c) {
                break;
            }
            c = witness;
        }
        // volatile re-read: the increment is ordered before it; pairs with the release store that
        // replaced or cleared the slot.
        if (UnsafeApi.getLongVolatile(null, slotAddress) != expected) {
            decref(thread, expected);
            return false;
        }
        return true;
    }

    @Override
    public long allocateMemory(ThreadContext thread, long bytes) {
        if (rawMemory != null) {
            long a = rawMemory.malloc(Math.max(bytes, 8));
            liveBlocks.increment();
            return a;
        }
        // a 16-byte prefix keeps the size, so checked mode can poison the whole block
        long a = UnsafeApi.allocateMemory(Math.max(bytes, 8) + 16);
        UnsafeApi.putLong(a, bytes);
        liveBlocks.increment();
        return a + 16;
    }

    @Override
    public void freeMemory(long address) {
        liveBlocks.decrement();
        if (rawMemory != null) {
            rawMemory.free(address); // any thread; checked mode poisons and verifies on reuse
            return;
        }
        long block = address - 16;
        if (!checked) {
            UnsafeApi.freeMemory(block);
            return;
        }
        UnsafeApi.setMemory(address, UnsafeApi.getLong(block), POISON);
        quarantine.add(block);
        if (quarantine.size() > QUARANTINE) {
            Long old = quarantine.poll();
            if (old != null) {
                UnsafeApi.freeMemory(old);
            }
        }
    }

    @Override
    public long liveObjects() {
        return liveObjects.sum();
    }

    @Override
    public long liveMemoryBlocks() {
        return liveBlocks.sum();
    }

    /** The allocator raw memory comes from, or null. */
    public Allocator rawMemory() {
        return rawMemory;
    }

    /** True in checked mode. */
    public boolean checked() {
        return checked;
    }

    /** Returns all memory to the C heap. Objects still alive are leaked to the caller's report. */
    @Override
    public void close() {
        for (ConcurrentLinkedQueue<Long> q : freeBySize.values()) {
            for (Long a; (a = q.poll()) != null; ) {
                UnsafeApi.freeMemory(a);
            }
        }
        for (Long a; (a = quarantine.poll()) != null; ) {
            UnsafeApi.freeMemory(a);
        }
    }

    @Override
    public String toString() {
        return "StandaloneObjects{liveObjects=" + liveObjects() + ", liveMemoryBlocks=" + liveMemoryBlocks()
                + ", objectBlocks=" + objectBlocks.sum() + ", checked=" + checked + '}';
    }
}
