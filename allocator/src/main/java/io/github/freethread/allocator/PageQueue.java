package io.github.freethread.allocator;

/**
 * A doubly linked queue of pages, owned by one heap (one per bin, plus the full queue). The first
 * page of a bin queue is the one the heap allocates from; the direct table points at it.
 * Owner-only, plain fields; links live in {@link Page#prev} / {@link Page#next}.
 */
final class PageQueue {
    final int bin;
    Page first;
    Page last;
    int count;

    PageQueue(int bin) {
        this.bin = bin;
    }

    void pushFront(Page page) {
        page.prev = null;
        page.next = first;
        if (first != null) {
            first.prev = page;
        } else {
            last = page;
        }
        first = page;
        count++;
    }

    void pushBack(Page page) {
        page.next = null;
        page.prev = last;
        if (last != null) {
            last.next = page;
        } else {
            first = page;
        }
        last = page;
        count++;
    }

    void remove(Page page) {
        if (page.prev != null) {
            page.prev.next = page.next;
        } else {
            first = page.next;
        }
        if (page.next != null) {
            page.next.prev = page.prev;
        } else {
            last = page.prev;
        }
        page.prev = null;
        page.next = null;
        count--;
    }

    void moveToFront(Page page) {
        if (first != page) {
            remove(page);
            pushFront(page);
        }
    }

    boolean contains(Page page) {
        for (Page p = first; p != null; p = p.next) {
            if (p == page) {
                return true;
            }
        }
        return false;
    }

    void clear() {
        first = null;
        last = null;
        count = 0;
    }
}
