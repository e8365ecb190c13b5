package io.github.freethread.collections.list;

/** A stable top-down merge sort of object addresses with an {@link ObjectComparator}. */
final class MergeSort {
    private MergeSort() {}

    /** A sorted copy of {@code items}; {@code items} is left untouched (restored on failure). */
    static long[] sorted(long[] items, ObjectComparator cmp) {
        long[] a = items.clone();
        long[] tmp = new long[a.length];
        sort(a, tmp, 0, a.length, cmp);
        return a;
    }

    private static void sort(long[] a, long[] tmp, int lo, int hi, ObjectComparator cmp) {
        if (hi - lo < 2) {
            return;
        }
        if (hi - lo <= 16) {
            for (int i = lo + 1; i < hi; i++) { // insertion sort: stable
                long x = a[i];
                int j = i - 1;
                while (j >= lo && cmp.compare(a[j], x) > 0) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = x;
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        sort(a, tmp, lo, mid, cmp);
        sort(a, tmp, mid, hi, cmp);
        if (cmp.compare(a[mid - 1], a[mid]) <= 0) {
            return;
        }
        System.arraycopy(a, lo, tmp, lo, hi - lo);
        int i = lo, j = mid, k = lo;
        while (i < mid && j < hi) {
            a[k++] = cmp.compare(tmp[j], tmp[i]) < 0 ? tmp[j++] : tmp[i++];
        }
        while (i < mid) {
            a[k++] = tmp[i++];
        }
        while (j < hi) {
            a[k++] = tmp[j++];
        }
    }
}
