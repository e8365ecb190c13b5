package io.github.freethread.vm.runtime;

import io.github.freethread.refcount.ObjectHeader;

/**
 * Payload layouts of every ftvm runtime object type. Every object is an {@link ObjectHeader}
 * followed by its payload at {@code obj + P} ({@code P = ObjectHeader.HEADER_SIZE}); all offsets
 * below are absolute from the object address. References ("ref") are counted, owned references
 * unless marked "borrowed"; raw pointers ("ptr") are allocator blocks owned by the object and
 * freed in its type's {@code visitReferences} (called exactly once, just before the object's own
 * block is freed).
 *
 * <pre>
 *  int       | P+0 long value                                                   (64-bit fast path)
 *  bigint    | P+0 int byteLength | P+8 bytes (BigInteger two's complement, big-endian)
 *  float     | P+0 double value
 *  bool      | P+0 long 0/1                                                     (immortal singletons)
 *  none      | (8 bytes unused)                                                 (immortal singleton)
 *  str       | P+0 int length (code points) | P+4 int flags (1 hashed, 2 wide) | P+8 long hash | P+16 UTF-16 units, or ints when wide
 *  tuple     | P+0 long n | P+8 ref items[n]
 *  list      | P+0 long size | P+8 long capacity | P+16 ptr items (capacity refs)
 *  dict      | see {@link DictLayout}
 *  range     | P+0 long start | P+8 long stop | P+16 long step | P+24 long length | P+32 ref big bounds tuple or 0
 *  slice     | P+0 ref start | P+8 ref stop | P+16 ref step  (None for omitted parts)
 *  iterator  | P+0 int kind | P+8 ref target | P+16 long index | P+24 long end/aux | P+32 ref aux2
 *  function  | P+0 int code index | P+4 int version | P+8 ref globals dict | P+16 ref defaults tuple or 0
 *  builtin   | P+0 int builtin id | P+8 ref self or 0 (bound method)
 *  module    | P+0 ref dict | P+8 ref name (str)
 *  class     | P+0 int class index (into Vm's class table)                      (immortal)
 *  exception | P+0 ref class | P+8 ref args tuple | P+16 ref traceback or 0
 *  traceback | P+0 ref next or 0 | P+8 int code index | P+12 int line
 *  code      | P+0 int code index                                               (immortal)
 *  handle    | P+0 int slot in the VM's handle table | P+4 unused                 (thread, lock, rlock,
 *            |   event, future, executor, queue: the Java object in that slot holds the state and
 *            |   its owned references; the slot is released when the object is deallocated)
 * </pre>
 */
public final class Layouts {
    private Layouts() {
    }

    public static final int P = ObjectHeader.HEADER_SIZE;

    public static final int INT_VALUE = P;
    public static final long INT_SIZE = 8;

    public static final int BIGINT_LENGTH = P;
    public static final int BIGINT_BYTES = P + 8;

    public static final int FLOAT_VALUE = P;
    public static final long FLOAT_SIZE = 8;

    public static final int STR_LENGTH = P;
    public static final int STR_HASHED = P + 4;
    public static final int STR_HASH = P + 8;
    public static final int STR_CHARS = P + 16;

    public static final int TUPLE_SIZE = P;
    public static final int TUPLE_ITEMS = P + 8;

    public static final int LIST_SIZE = P;
    public static final int LIST_CAPACITY = P + 8;
    public static final int LIST_ITEMS = P + 16;
    public static final long LIST_PAYLOAD = 24;

    public static final int RANGE_START = P;
    public static final int RANGE_STOP = P + 8;
    public static final int RANGE_STEP = P + 16;
    public static final int RANGE_LENGTH = P + 24;
    /** A range over ints beyond 64 bits: ref to the tuple (start, stop, step), else 0. */
    public static final int RANGE_BIG = P + 32;
    public static final long RANGE_PAYLOAD = 40;

    public static final int SLICE_START = P;
    public static final int SLICE_STOP = P + 8;
    public static final int SLICE_STEP = P + 16;
    public static final long SLICE_PAYLOAD = 24;

    public static final int ITER_KIND = P;
    public static final int ITER_TARGET = P + 8;
    public static final int ITER_INDEX = P + 16;
    public static final int ITER_END = P + 24;
    public static final int ITER_AUX = P + 32;
    public static final long ITER_PAYLOAD = 40;

    public static final int FUNC_CODE = P;
    public static final int FUNC_VERSION = P + 4;
    public static final int FUNC_GLOBALS = P + 8;
    public static final int FUNC_DEFAULTS = P + 16;
    public static final long FUNC_PAYLOAD = 24;

    public static final int BUILTIN_ID = P;
    public static final int BUILTIN_SELF = P + 8;
    public static final long BUILTIN_PAYLOAD = 16;

    public static final int MODULE_DICT = P;
    public static final int MODULE_NAME = P + 8;
    public static final long MODULE_PAYLOAD = 16;

    public static final int CLASS_INDEX = P;
    public static final long CLASS_PAYLOAD = 8;

    public static final int EXC_CLASS = P;
    public static final int EXC_ARGS = P + 8;
    public static final int EXC_TRACEBACK = P + 16;
    public static final long EXC_PAYLOAD = 24;

    public static final int TB_NEXT = P;
    public static final int TB_CODE = P + 8;
    public static final int TB_LINE = P + 12;
    public static final long TB_PAYLOAD = 16;

    public static final int CODE_INDEX = P;
    public static final long CODE_PAYLOAD = 8;

    public static final int HANDLE_SLOT = P;
    public static final long HANDLE_PAYLOAD = 8;

    /** Payload bytes of a str of {@code length} UTF-16 units. */
    public static long strPayload(int length) {
        return 16 + 2L * length;
    }

    /** Payload bytes of a tuple of {@code n} items. */
    public static long tuplePayload(long n) {
        return 8 + 8 * n;
    }

    /** Address of tuple item {@code i}. */
    public static long tupleSlot(long tuple, long i) {
        return tuple + TUPLE_ITEMS + 8 * i;
    }
}
