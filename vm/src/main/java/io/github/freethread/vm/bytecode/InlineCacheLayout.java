package io.github.freethread.vm.bytecode;

/**
 * Layout of the inline cache units that follow specialisable instructions (PEP 659). Offsets are
 * in code units relative to the first cache unit, i.e. {@code instructionOffset + 1}.
 *
 * <pre>
 *  BINARY_OP, COMPARE_OP, BINARY_SUBSCR, STORE_SUBSCR, UNPACK_SEQUENCE, FOR_ITER   (1 unit)
 *  +---------+
 *  | counter |
 *  +---------+
 *  LOAD_GLOBAL                                                                     (6 units)
 *  +---------+-------+-------------------------+--------------------------+
 *  | counter | index | globals keys version lo | hi | builtins version lo | hi |
 *  +---------+-------+-------------------------+--------------------------+
 *  LOAD_ATTR, LOAD_METHOD                                                          (4 units)
 *  +---------+--------------------------------+----------------------+
 *  | counter | keys version / type id  lo, hi | index / method id    |
 *  +---------+--------------------------------+----------------------+
 *  (module attribute: module dict keys version + entry index; built-in method: type id + method id)
 *  CALL, CALL_KW                                                                   (3 units)
 *  +---------+---------------------------+
 *  | counter | function code index lo, hi |
 *  +---------+---------------------------+
 * </pre>
 *
 * <p>The counter is an adaptive counter: bits 15..4 a countdown value, bits 3..0 a backoff
 * exponent. A generic instruction decrements it on each execution and tries to specialise when
 * it reaches zero; a failed attempt or a deoptimisation restarts it at {@code 2^backoff - 1}
 * with the exponent increased (up to {@link #MAX_BACKOFF}), so unspecialisable sites stop trying.
 * 32-bit values are stored low unit first. Versions are 32-bit tags; 0 means "no version" and is
 * never cached (a dict or function whose version counter is exhausted is not specialised).
 *
 * <p>A {@link CodeObject}'s own code always has zero cache units; caches are written only in a
 * thread's private copy ({@link CodeObject#copyCode()}), so no cache unit is ever shared between
 * threads and none of these accesses needs a memory fence.
 */
public final class InlineCacheLayout {
    private InlineCacheLayout() {
    }

    public static final int COUNTER = 0;
    public static final int COUNTER_UNITS = 1;

    public static final int LOAD_GLOBAL_INDEX = 1;
    public static final int LOAD_GLOBAL_GLOBALS_VERSION = 2;
    public static final int LOAD_GLOBAL_BUILTINS_VERSION = 4;
    public static final int LOAD_GLOBAL_UNITS = 6;

    public static final int LOAD_ATTR_VERSION = 1;
    public static final int LOAD_ATTR_INDEX = 3;
    public static final int LOAD_ATTR_UNITS = 4;

    /** CALL_PY_EXACT_ARGS: the callee's code index (a function's code never changes). */
    public static final int CALL_FUNCTION_VERSION = 1;
    public static final int CALL_UNITS = 3;

    /** Executions of a fresh generic instruction before the first specialisation attempt. */
    public static final int WARMUP = 2;
    public static final int MAX_BACKOFF = 12;

    /** Counter value for a fresh instruction. */
    public static char initialCounter() {
        return counter(WARMUP - 1, 0);
    }

    public static char counter(int value, int backoff) {
        return (char) ((value << 4) | backoff);
    }

    public static int counterValue(char counter) {
        return counter >>> 4;
    }

    public static int counterBackoff(char counter) {
        return counter & 0xF;
    }

    /** Counter after an unsuccessful specialisation or a deoptimisation. */
    public static char backedOff(char counter) {
        int backoff = Math.min(counterBackoff(counter) + 1, MAX_BACKOFF);
        return counter((1 << backoff) - 1, backoff);
    }

    /** Reads a 32-bit value stored low unit first at {@code code[at]}. */
    public static int read32(char[] code, int at) {
        return code[at] | (code[at + 1] << 16);
    }

    public static void write32(char[] code, int at, int value) {
        code[at] = (char) value;
        code[at + 1] = (char) (value >>> 16);
    }
}
