package io.github.freethread.vm.builtins;

import static io.github.freethread.vm.builtins.BuiltinTable.*;
import static io.github.freethread.vm.runtime.VmThread.*;

import java.util.ArrayList;
import java.util.List;

import io.github.freethread.vm.runtime.ClassTable;
import io.github.freethread.vm.runtime.Iterators;
import io.github.freethread.vm.runtime.Lists;
import io.github.freethread.vm.runtime.PyError;
import io.github.freethread.vm.runtime.Reprs;
import io.github.freethread.vm.runtime.Strings;
import io.github.freethread.vm.runtime.TypeIds;
import io.github.freethread.vm.runtime.VmThread;

/** Methods of str. */
final class StrMethods {
    private static final NumberedTable TABLE = StrMethods::dispatch;

    private StrMethods() {
    }

    private static String arg(long[] a, int i, String method) {
        long x = a[i];
        if (typeOf(x) != TypeIds.STR) {
            throw PyError.typeError(method + " arg must be None or str, not " + typeName(x));
        }
        return str(x);
    }

    static void register() {
        int S = TypeIds.STR;
        add("join", S, null, new Numbered(TABLE, 0));
        add("split", S, null, new Numbered(TABLE, 1));
        add("strip", S, null, new Numbered(TABLE, 2));
        add("lstrip", S, null, new Numbered(TABLE, 3));
        add("rstrip", S, null, new Numbered(TABLE, 4));
        add("upper", S, null, new Numbered(TABLE, 5));
        add("lower", S, null, new Numbered(TABLE, 6));
        add("title", S, null, new Numbered(TABLE, 7));
        add("capitalize", S, null, new Numbered(TABLE, 8));
        add("startswith", S, null, new Numbered(TABLE, 9));
        add("endswith", S, null, new Numbered(TABLE, 10));
        add("replace", S, null, new Numbered(TABLE, 11));
        add("find", S, null, new Numbered(TABLE, 12));
        add("index", S, null, new Numbered(TABLE, 13));
        add("count", S, null, new Numbered(TABLE, 14));
        add("format", S, null, new Numbered(TABLE, 15));
        add("isdigit", S, null, new Numbered(TABLE, 16));
        add("isalpha", S, null, new Numbered(TABLE, 17));
        add("isspace", S, null, new Numbered(TABLE, 18));
        add("isalnum", S, null, new Numbered(TABLE, 19));
        add("isupper", S, null, new Numbered(TABLE, 20));
        add("islower", S, null, new Numbered(TABLE, 21));
        add("zfill", S, null, new Numbered(TABLE, 22));
        add("center", S, null, new Numbered(TABLE, 23));
        add("ljust", S, null, new Numbered(TABLE, 24));
        add("rjust", S, null, new Numbered(TABLE, 25));
        add("splitlines", S, null, new Numbered(TABLE, 26));
    }

    private static String justify(String x, long[] a, int o, int n, char align) {
        int w = (int) intValue(a[o]);
        String fill = n > 1 ? str(a[o + 1]) : " ";
        int pad = w - x.length();
        if (pad <= 0) {
            return x;
        }
        return switch (align) {
            case '<' -> x + fill.repeat(pad);
            case '>' -> fill.repeat(pad) + x;
            default -> {
                int left = pad / 2 + (pad & w & 1);
                yield fill.repeat(left) + x + fill.repeat(pad - left);
            }
        };
    }

    private static long find(String x, long[] a, int o, int n) {
        String sub = str(a[o]);
        int start = n > 1 ? (int) norm(intValue(a[o + 1]), x.length()) : 0;
        int end = n > 2 ? (int) norm(intValue(a[o + 2]), x.length()) : x.length();
        if (start > end) {
            return -1;
        }
        int r = x.substring(0, end).indexOf(sub, start);
        return r;
    }

    /** The part of x that startswith/endswith look at: x[start:end] from optional arguments 2 and 3. */
    private static String window(String x, long[] a, int o, int n) {
        int start = n > 1 && typeOf(a[o + 1]) != TypeIds.NONE ? (int) norm(intValue(a[o + 1]), x.length()) : 0;
        int end = n > 2 && typeOf(a[o + 2]) != TypeIds.NONE ? (int) norm(intValue(a[o + 2]), x.length()) : x.length();
        return start > end ? "\u0000impossible" : x.substring(start, end);
    }

    private static long norm(long i, int len) {
        if (i < 0) {
            i += len;
        }
        return Math.max(0, Math.min(i, len));
    }

    private static boolean affix(VmThread t, String x, long p, boolean start) {
        if (typeOf(p) == TypeIds.TUPLE) {
            for (long i = 0; i < tupleSize(p); i++) {
                if (affix(t, x, tupleItem(p, i), start)) {
                    return true;
                }
            }
            return false;
        }
        if (typeOf(p) != TypeIds.STR) {
            throw PyError.typeError((start ? "startswith" : "endswith") + " first arg must be str or a tuple of str, not "
                + typeName(p));
        }
        return start ? x.startsWith(str(p)) : x.endsWith(str(p));
    }

    private static String strip(String x, String chars, boolean left, boolean right) {
        int i = 0;
        int j = x.length();
        while (left && i < j && (chars == null ? Character.isWhitespace(x.charAt(i)) : chars.indexOf(x.charAt(i)) >= 0)) {
            i++;
        }
        while (right && j > i && (chars == null ? Character.isWhitespace(x.charAt(j - 1)) : chars.indexOf(x.charAt(j - 1)) >= 0)) {
            j--;
        }
        return x.substring(i, j);
    }

    /** str.format: {} {0} {name} with !r/!s conversions and format specs; {{ and }} escapes. */
    static String format(VmThread t, String f, long[] a, int o, int n, long k) {
        int nkw = kwCount(k);
        int npos = n - nkw;
        StringBuilder sb = new StringBuilder();
        int auto = 0;
        for (int i = 0; i < f.length(); i++) {
            char c = f.charAt(i);
            if (c == '{') {
                if (i + 1 < f.length() && f.charAt(i + 1) == '{') {
                    sb.append('{');
                    i++;
                    continue;
                }
                int j = f.indexOf('}', i);
                if (j < 0) {
                    throw PyError.valueError("Single '{' encountered in format string");
                }
                String field = f.substring(i + 1, j);
                i = j;
                String spec = "";
                int colon = field.indexOf(':');
                if (colon >= 0) {
                    spec = field.substring(colon + 1);
                    field = field.substring(0, colon);
                }
                char conv = 0;
                int bang = field.indexOf('!');
                if (bang >= 0) {
                    conv = field.charAt(bang + 1);
                    field = field.substring(0, bang);
                }
                long v;
                if (field.isEmpty()) {
                    if (auto >= npos) {
                        throw PyError.indexError("Replacement index " + auto + " out of range for positional args tuple");
                    }
                    v = a[o + auto++];
                } else if (Character.isDigit(field.charAt(0))) {
                    int idx = Integer.parseInt(field);
                    if (idx >= npos) {
                        throw PyError.indexError("Replacement index " + idx + " out of range for positional args tuple");
                    }
                    v = a[o + idx];
                } else {
                    v = 0;
                    for (int q = 0; q < nkw; q++) {
                        if (kwName(k, q).equals(field)) {
                            v = a[o + npos + q];
                        }
                    }
                    if (v == 0) {
                        long key = t.newStr(field);
                        long args = t.tupleOf(key);
                        t.decref(key);
                        throw new PyError(t.newException(ClassTable.KEY_ERROR, args));
                    }
                }
                if (conv == 'r' || conv == 's' || conv == 'a') {
                    String cs = conv == 's' ? Reprs.str(t, v) : Reprs.repr(t, v);
                    long tmp = t.newStr(cs);
                    try {
                        sb.append(Strings.format(t, tmp, spec));
                    } finally {
                        t.decref(tmp);
                    }
                } else {
                    sb.append(Strings.format(t, v, spec));
                }
            } else if (c == '}') {
                if (i + 1 < f.length() && f.charAt(i + 1) == '}') {
                    i++;
                }
                sb.append('}');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static long strJoin(VmThread t, long s, long[] a, int o, int n, long k) {
        exactly("str.join", 1, n, k);
        long[] items = Iterators.toArray(t, a[o]);
        try {
            StringBuilder sb = new StringBuilder();
            String sep = str(s);
            for (int i = 0; i < items.length; i++) {
                if (typeOf(items[i]) != TypeIds.STR) {
                    throw PyError.typeError("sequence item " + i + ": expected str instance, " + typeName(items[i]) + " found");
                }
                if (i > 0) {
                    sb.append(sep);
                }
                sb.append(str(items[i]));
            }
            return t.newStr(sb.toString());
        } finally {
            for (long x : items) {
                t.decref(x);
            }
        }
    }

    private static long strSplit(VmThread t, long s, long[] a, int o, int n, long k) {
        int nkw = kwCount(k);
        int npos = n - nkw;
        long sepObj = npos > 0 ? a[o] : 0;
        long max = npos > 1 ? intValue(a[o + 1]) : -1;
        for (int i = 0; i < nkw; i++) {
            if (kwName(k, i).equals("sep")) {
                sepObj = a[o + npos + i];
            } else if (kwName(k, i).equals("maxsplit")) {
                max = intValue(a[o + npos + i]);
            }
        }
        String x = str(s);
        List<String> parts = new ArrayList<>();
        if (sepObj == 0 || typeOf(sepObj) == TypeIds.NONE) {
            int i = 0;
            int len = x.length();
            while (true) {
                while (i < len && Character.isWhitespace(x.charAt(i))) {
                    i++;
                }
                if (i >= len) {
                    break;
                }
                if (max >= 0 && parts.size() == max) {
                    parts.add(x.substring(i).stripTrailing());
                    break;
                }
                int j = i;
                while (j < len && !Character.isWhitespace(x.charAt(j))) {
                    j++;
                }
                parts.add(x.substring(i, j));
                i = j;
            }
        } else {
            String sep = str(sepObj);
            if (sep.isEmpty()) {
                throw PyError.valueError("empty separator");
            }
            int i = 0;
            while (true) {
                int j = x.indexOf(sep, i);
                if (j < 0 || (max >= 0 && parts.size() == max)) {
                    parts.add(x.substring(i));
                    break;
                }
                parts.add(x.substring(i, j));
                i = j + sep.length();
            }
        }
        long l = Lists.newList(t, parts.size());
        for (String p : parts) {
            Lists.appendOwned(t, l, t.newStr(p));
        }
        return l;
    }

    private static long strStrip(VmThread t, long s, long[] a, int o, int n, long k) {
        range("strip", 0, 1, n, k);
        return t.newStr(strip(str(s), n > 0 && typeOf(a[o]) != TypeIds.NONE ? arg(a, o, "strip") : null, true, true));
    }

    private static long strLstrip(VmThread t, long s, long[] a, int o, int n, long k) {
        range("lstrip", 0, 1, n, k);
        return t.newStr(strip(str(s), n > 0 && typeOf(a[o]) != TypeIds.NONE ? arg(a, o, "lstrip") : null, true, false));
    }

    private static long strRstrip(VmThread t, long s, long[] a, int o, int n, long k) {
        range("rstrip", 0, 1, n, k);
        return t.newStr(strip(str(s), n > 0 && typeOf(a[o]) != TypeIds.NONE ? arg(a, o, "rstrip") : null, false, true));
    }

    private static long strUpper(VmThread t, long s, long[] a, int o, int n, long k) {
        exactly("upper", 0, n, k);
        return t.newStr(str(s).toUpperCase());
    }

    private static long strLower(VmThread t, long s, long[] a, int o, int n, long k) {
        exactly("lower", 0, n, k);
        return t.newStr(str(s).toLowerCase());
    }

    private static long strTitle(VmThread t, long s, long[] a, int o, int n, long k) {
        StringBuilder sb = new StringBuilder();
        boolean prev = false;
        for (char c : str(s).toCharArray()) {
            sb.append(prev ? Character.toLowerCase(c) : Character.toUpperCase(c));
            prev = Character.isLetter(c);
        }
        return t.newStr(sb.toString());
    }

    private static long strCapitalize(VmThread t, long s, long[] a, int o, int n, long k) {
        String x = str(s);
        return t.newStr(x.isEmpty() ? x : Character.toUpperCase(x.charAt(0)) + x.substring(1).toLowerCase());
    }

    private static long strStartswith(VmThread t, long s, long[] a, int o, int n, long k) {
        range("startswith", 1, 3, n, k);
        return t.bool(affix(t, window(str(s), a, o, n), a[o], true));
    }

    private static long strEndswith(VmThread t, long s, long[] a, int o, int n, long k) {
        range("endswith", 1, 3, n, k);
        return t.bool(affix(t, window(str(s), a, o, n), a[o], false));
    }

    private static long strReplace(VmThread t, long s, long[] a, int o, int n, long k) {
        range("replace", 2, 3, n, k);
        String x = str(s);
        String old = arg(a, o, "replace");
        String nu = arg(a, o + 1, "replace");
        long count = n > 2 ? intValue(a[o + 2]) : -1;
        if (count < 0) {
            return t.newStr(x.replace(old, nu));
        }
        StringBuilder sb = new StringBuilder();
        int i = 0;
        for (long c = 0; c < count; c++) {
            int j = old.isEmpty() ? (i <= x.length() ? i : -1) : x.indexOf(old, i);
            if (j < 0 || j > x.length()) {
                break;
            }
            sb.append(x, i, j).append(nu);
            if (old.isEmpty()) {
                if (j < x.length()) {
                    sb.append(x.charAt(j));
                }
                i = j + 1;
            } else {
                i = j + old.length();
            }
        }
        if (i <= x.length()) {
            sb.append(x.substring(i));
        }
        return t.newStr(sb.toString());
    }

    private static long strFind(VmThread t, long s, long[] a, int o, int n, long k) {
        range("find", 1, 3, n, k);
        return t.newInt(find(str(s), a, o, n));
    }

    private static long strIndex(VmThread t, long s, long[] a, int o, int n, long k) {
        range("index", 1, 3, n, k);
        long r = find(str(s), a, o, n);
        if (r < 0) {
            throw PyError.valueError("substring not found");
        }
        return t.newInt(r);
    }

    private static long strCount(VmThread t, long s, long[] a, int o, int n, long k) {
        range("count", 1, 3, n, k);
        String x = str(s);
        String sub = arg(a, o, "count");
        if (sub.isEmpty()) {
            return t.newInt(x.length() + 1);
        }
        long c = 0;
        int i = 0;
        while ((i = x.indexOf(sub, i)) >= 0) {
            c++;
            i += sub.length();
        }
        return t.newInt(c);
    }

    private static long strFormat(VmThread t, long s, long[] a, int o, int n, long k) {
        return t.newStr(format(t, str(s), a, o, n, k));
    }

    private static long strIsdigit(VmThread t, long s, long[] a, int o, int n, long k) {
        return t.bool(!str(s).isEmpty() && str(s).chars().allMatch(Character::isDigit));
    }

    private static long strIsalpha(VmThread t, long s, long[] a, int o, int n, long k) {
        return t.bool(!str(s).isEmpty() && str(s).chars().allMatch(Character::isLetter));
    }

    private static long strIsspace(VmThread t, long s, long[] a, int o, int n, long k) {
        return t.bool(!str(s).isEmpty() && str(s).chars().allMatch(Character::isWhitespace));
    }

    private static long strIsalnum(VmThread t, long s, long[] a, int o, int n, long k) {
        return t.bool(!str(s).isEmpty() && str(s).chars().allMatch(Character::isLetterOrDigit));
    }

    private static long strIsupper(VmThread t, long s, long[] a, int o, int n, long k) {
        return t.bool(str(s).chars().anyMatch(Character::isLetter) && str(s).equals(str(s).toUpperCase()));
    }

    private static long strIslower(VmThread t, long s, long[] a, int o, int n, long k) {
        return t.bool(str(s).chars().anyMatch(Character::isLetter) && str(s).equals(str(s).toLowerCase()));
    }

    private static long strZfill(VmThread t, long s, long[] a, int o, int n, long k) {
        String x = str(s);
        int w = (int) intValue(a[o]);
        String sign = x.startsWith("-") || x.startsWith("+") ? x.substring(0, 1) : "";
        String body = x.substring(sign.length());
        return t.newStr(x.length() >= w ? x : sign + "0".repeat(w - x.length()) + body);
    }

    private static long strCenter(VmThread t, long s, long[] a, int o, int n, long k) {
        return t.newStr(justify(str(s), a, o, n, '^'));
    }

    private static long strLjust(VmThread t, long s, long[] a, int o, int n, long k) {
        return t.newStr(justify(str(s), a, o, n, '<'));
    }

    private static long strRjust(VmThread t, long s, long[] a, int o, int n, long k) {
        return t.newStr(justify(str(s), a, o, n, '>'));
    }

    private static long strSplitlines(VmThread t, long s, long[] a, int o, int n, long k) {
        String[] lines = str(s).split("\r\n|\n|\r", -1);
        int cnt = lines.length;
        if (cnt > 0 && lines[cnt - 1].isEmpty()) {
            cnt--;
        }
        long l = Lists.newList(t, cnt);
        for (int i = 0; i < cnt; i++) {
            Lists.appendOwned(t, l, t.newStr(lines[i]));
        }
        return l;
    }

    /** The implementations of the entries registered above, by number ({@link Numbered}). */
    private static long dispatch(int which, VmThread t, long s, long[] a, int o, int n, long k) {
        return switch (which) {
            case 0 -> strJoin(t, s, a, o, n, k);
            case 1 -> strSplit(t, s, a, o, n, k);
            case 2 -> strStrip(t, s, a, o, n, k);
            case 3 -> strLstrip(t, s, a, o, n, k);
            case 4 -> strRstrip(t, s, a, o, n, k);
            case 5 -> strUpper(t, s, a, o, n, k);
            case 6 -> strLower(t, s, a, o, n, k);
            case 7 -> strTitle(t, s, a, o, n, k);
            case 8 -> strCapitalize(t, s, a, o, n, k);
            case 9 -> strStartswith(t, s, a, o, n, k);
            case 10 -> strEndswith(t, s, a, o, n, k);
            case 11 -> strReplace(t, s, a, o, n, k);
            case 12 -> strFind(t, s, a, o, n, k);
            case 13 -> strIndex(t, s, a, o, n, k);
            case 14 -> strCount(t, s, a, o, n, k);
            case 15 -> strFormat(t, s, a, o, n, k);
            case 16 -> strIsdigit(t, s, a, o, n, k);
            case 17 -> strIsalpha(t, s, a, o, n, k);
            case 18 -> strIsspace(t, s, a, o, n, k);
            case 19 -> strIsalnum(t, s, a, o, n, k);
            case 20 -> strIsupper(t, s, a, o, n, k);
            case 21 -> strIslower(t, s, a, o, n, k);
            case 22 -> strZfill(t, s, a, o, n, k);
            case 23 -> strCenter(t, s, a, o, n, k);
            case 24 -> strLjust(t, s, a, o, n, k);
            case 25 -> strRjust(t, s, a, o, n, k);
            case 26 -> strSplitlines(t, s, a, o, n, k);
            default -> throw new IllegalStateException("no built-in number " + which);
        };
    }
}
