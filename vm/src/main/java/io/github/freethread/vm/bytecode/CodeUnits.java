package io.github.freethread.vm.bytecode;

/** Encoding of one 16-bit code unit: {@code (oparg << 8) | opcode}. */
public final class CodeUnits {
    private CodeUnits() {
    }

    public static char unit(Opcode op, int oparg8) {
        return (char) ((oparg8 & 0xFF) << 8 | op.code());
    }

    public static int opcode(char unit) {
        return unit & 0xFF;
    }

    public static int oparg(char unit) {
        return unit >>> 8;
    }

    /** EXTENDED_ARG prefixes needed for an oparg (0..3). */
    public static int prefixesFor(int oparg) {
        if (oparg < 0) {
            throw new IllegalArgumentException("negative oparg " + oparg);
        }
        if (oparg < 1 << 8) {
            return 0;
        }
        if (oparg < 1 << 16) {
            return 1;
        }
        return oparg < 1 << 24 ? 2 : 3;
    }

    /** Code units an instruction occupies with its prefixes and caches. */
    public static int size(Opcode op, int oparg) {
        return prefixesFor(oparg) + 1 + op.cacheUnits();
    }

    /** Writes an instruction with prefixes and zeroed caches at {@code at}; returns the next offset. */
    public static int write(char[] code, int at, Opcode op, int oparg) {
        int prefixes = prefixesFor(oparg);
        for (int p = prefixes; p > 0; p--) {
            code[at++] = unit(Opcode.EXTENDED_ARG, oparg >>> (8 * p));
        }
        code[at++] = unit(op, oparg);
        for (int c = 0; c < op.cacheUnits(); c++) {
            code[at++] = unit(Opcode.CACHE, 0);
        }
        return at;
    }
}
