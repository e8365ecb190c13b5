package io.github.freethread.vm.jit;

import java.nio.charset.StandardCharsets;

/**
 * The bytecode length of one method of a class file, read by walking the file's structure
 * (JVMS 4.1: constant pool, fields, methods, their {@code Code} attribute), without building a
 * model of it.
 *
 * <p>Why: {@link JitCompiler} checks every generated class against HotSpot's
 * {@code HugeMethodLimit}. Parsing the class back with {@code java.lang.classfile} for that one
 * number loaded its reader classes and ran them in HotSpot's bytecode interpreter on the first
 * compile of every process: 8–14 ms of a 50 ms first compile on a loaded machine, serial time in
 * every threaded run (docs/startup.md, "Session 5"). This walk touches each constant-pool entry
 * once and allocates nothing but the searched name's bytes.
 *
 * <p>Stateless. Input is a class file this process generated; a malformed one gets an
 * {@link IllegalArgumentException} naming the offset where the walk failed.
 */
final class MethodCodeLength {
    private MethodCodeLength() {
    }

    /** Code length of the first method named {@code name} that has code, or 0 if there is none. */
    static int of(byte[] classFile, String name) {
        byte[] want = name.getBytes(StandardCharsets.UTF_8); // ASCII names: modified UTF-8 is the same
        int[] pos = {8}; // after magic, minor, major
        try {
            int cpCount = u2(classFile, pos);
            int[] utf8At = new int[cpCount]; // offset of each Utf8 entry's length field, 0 for other entries
            for (int i = 1; i < cpCount; i++) {
                int tag = classFile[pos[0]++] & 0xFF;
                switch (tag) {
                    case 1 -> {
                        utf8At[i] = pos[0];
                        int length = u2(classFile, pos);
                        pos[0] += length;
                    }
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> pos[0] += 4;
                    case 5, 6 -> {
                        pos[0] += 8;
                        i++; // a long or double takes two slots
                    }
                    case 7, 8, 16, 19, 20 -> pos[0] += 2;
                    case 15 -> pos[0] += 3;
                    default -> throw new IllegalArgumentException("constant pool tag " + tag + " at offset " + (pos[0] - 1));
                }
            }
            pos[0] += 6; // access flags, this class, super class
            int interfaces = u2(classFile, pos); // (not pos[0] += u2(..): the left operand would be read before u2 moves it)
            pos[0] += 2 * interfaces;
            int fields = u2(classFile, pos);
            for (int f = 0; f < fields; f++) {
                pos[0] += 6;
                skipAttributes(classFile, pos);
            }
            int methods = u2(classFile, pos);
            for (int m = 0; m < methods; m++) {
                pos[0] += 2;
                boolean match = utf8Equals(classFile, utf8At, u2(classFile, pos), want);
                pos[0] += 2;
                int attributes = u2(classFile, pos);
                for (int a = 0; a < attributes; a++) {
                    int attrName = u2(classFile, pos);
                    int length = u4(classFile, pos);
                    if (match && utf8Equals(classFile, utf8At, attrName, CODE)) {
                        return (classFile[pos[0] + 4] & 0xFF) << 24 | (classFile[pos[0] + 5] & 0xFF) << 16
                            | (classFile[pos[0] + 6] & 0xFF) << 8 | classFile[pos[0] + 7] & 0xFF; // after max_stack, max_locals
                    }
                    pos[0] += length;
                }
            }
            return 0;
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("class file truncated at offset " + pos[0] + " of " + classFile.length, e);
        }
    }

    private static final byte[] CODE = {'C', 'o', 'd', 'e'};

    private static void skipAttributes(byte[] b, int[] pos) {
        int n = u2(b, pos);
        for (int a = 0; a < n; a++) {
            pos[0] += 2;
            int length = u4(b, pos);
            pos[0] += length;
        }
    }

    private static boolean utf8Equals(byte[] b, int[] utf8At, int index, byte[] want) {
        if (index <= 0 || index >= utf8At.length || utf8At[index] == 0) {
            return false;
        }
        int at = utf8At[index];
        int len = (b[at] & 0xFF) << 8 | b[at + 1] & 0xFF;
        if (len != want.length) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (b[at + 2 + i] != want[i]) {
                return false;
            }
        }
        return true;
    }

    private static int u2(byte[] b, int[] pos) {
        int p = pos[0];
        pos[0] = p + 2;
        return (b[p] & 0xFF) << 8 | b[p + 1] & 0xFF;
    }

    private static int u4(byte[] b, int[] pos) {
        int p = pos[0];
        pos[0] = p + 4;
        return (b[p] & 0xFF) << 24 | (b[p + 1] & 0xFF) << 16 | (b[p + 2] & 0xFF) << 8 | b[p + 3] & 0xFF;
    }
}
