package io.github.freethread.collections.object;

import org.agrona.UnsafeApi;

import io.github.freethread.collections.ThreadContext;

/**
 * An immutable string of UTF-16 code units with its hash cached at creation (as CPython caches
 * {@code str} hashes): the string type of tests and benchmarks.
 *
 * <pre>
 * payload + 0    +---------------------------+
 *                | hash (long)               |
 * payload + 8    +-------------+-------------+
 *                | length (int)|  zero       |
 * payload + 16   +-------------+-------------+
 *                | chars: length x 2 bytes   |
 *                +---------------------------+
 * </pre>
 */
public final class StrObject implements ObjectKind {
    /** The one instance. */
    public static final StrObject KIND = new StrObject();
    /** Offset of the cached hash. */
    public static final int HASH_OFFSET = 0;
    /** Offset of the length in chars. */
    public static final int LENGTH_OFFSET = 8;
    /** Offset of the first char. */
    public static final int CHARS_OFFSET = 16;

    private StrObject() {}

    /** A new str object with the chars of {@code s}; the caller owns the one reference. */
    public static long create(ObjectSpace space, ThreadContext thread, String s) {
        long obj = space.newObject(thread, KIND, CHARS_OFFSET + 2L * s.length());
        long p = space.payload(obj);
        UnsafeApi.putInt(p + LENGTH_OFFSET, s.length());
        for (int i = 0; i < s.length(); i++) {
            UnsafeApi.putChar(null, p + CHARS_OFFSET + 2L * i, s.charAt(i));
        }
        UnsafeApi.putLong(p + HASH_OFFSET, hashOf(s));
        return obj;
    }

    /** The Java string of str object {@code obj}. */
    public static String value(ObjectSpace space, long obj) {
        ObjectKind k = space.kindOf(obj);
        if (k != KIND) {
            throw new IllegalArgumentException("object 0x" + Long.toHexString(obj) + " is a '" + k.name() + "', not a str");
        }
        return KIND.toString(space.payload(obj));
    }

    /** The hash a str with these chars has (FNV-1a over the chars, then a 64-bit finaliser). */
    public static long hashOf(CharSequence s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h == -1 ? -2 : h;
    }

    @Override
    public String name() {
        return "str";
    }

    @Override
    public long hash(long payload) {
        return UnsafeApi.getLong(payload + HASH_OFFSET);
    }

    @Override
    public boolean equals(long a, long b) {
        int n = UnsafeApi.getInt(a + LENGTH_OFFSET);
        if (n != UnsafeApi.getInt(b + LENGTH_OFFSET) || UnsafeApi.getLong(a + HASH_OFFSET) != UnsafeApi.getLong(b + HASH_OFFSET)) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (UnsafeApi.getChar(null, a + CHARS_OFFSET + 2L * i) != UnsafeApi.getChar(null, b + CHARS_OFFSET + 2L * i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString(long payload) {
        int n = UnsafeApi.getInt(payload + LENGTH_OFFSET);
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = UnsafeApi.getChar(null, payload + CHARS_OFFSET + 2L * i);
        }
        return new String(c);
    }
}
