package io.github.freethread.collections.list;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.freethread.collections.Fixture;
import io.github.freethread.collections.object.IntObject;

class ObjectListTest {
    private final Fixture f = new Fixture();
    private final ObjectList list = ObjectList.create(f.t);

    @AfterEach
    void noLeaks() {
        list.dispose(f.t);
        f.drain();
        assertThat(f.space.liveObjects()).as("objects leaked").isZero();
        assertThat(f.space.liveMemoryBlocks()).as("arrays/heads leaked").isZero();
        f.close();
    }

    /** Appends new int objects and drops the test's own references. */
    private void appendInts(long... values) {
        for (long v : values) {
            long o = f.integer(v);
            list.append(f.t, o);
            f.space.decref(f.t, o);
        }
    }

    private List<Long> contents() {
        List<Long> out = new ArrayList<>();
        try (ListCursor c = list.cursor(f.t)) {
            while (c.next()) {
                out.add(f.valueOf(c.current()));
            }
        }
        return out;
    }

    private long valueAt(long index) {
        long o = list.get(f.t, index);
        long v = f.valueOf(o);
        f.space.decref(f.t, o);
        return v;
    }

    @Test
    void shouldAppendAndGetInOrder() {
        appendInts(1, 2, 3);
        assertThat(list.length()).isEqualTo(3);
        assertThat(valueAt(0)).isEqualTo(1);
        assertThat(valueAt(2)).isEqualTo(3);
        assertThat(contents()).containsExactly(1L, 2L, 3L);
        list.assertInvariants(f.t);
    }

    @Test
    void shouldReturnANewReferenceFromGet() {
        appendInts(7);
        long o = list.get(f.t, 0);
        list.clear(f.t); // the list drops its reference; ours keeps the object alive
        assertThat(f.valueOf(o)).isEqualTo(7);
        f.space.decref(f.t, o);
    }

    @Test
    void shouldNameIndexAndLengthWhenOutOfRange() {
        appendInts(1, 2);
        assertThatThrownBy(() -> list.get(f.t, 2)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("list index 2 out of range for length 2");
        assertThatThrownBy(() -> list.get(f.t, -1)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("list index -1 out of range for length 2");
        long o = f.integer(9);
        assertThatThrownBy(() -> list.set(f.t, 5, o)).hasMessage("list index 5 out of range for length 2");
        assertThatThrownBy(() -> list.insert(f.t, 3, o)).hasMessage("insert index 3 out of range for length 2");
        assertThatThrownBy(() -> list.slice(f.t, 1, 3)).hasMessage("slice [1, 3) out of range for length 2");
        f.space.decref(f.t, o);
        list.clear(f.t);
        assertThatThrownBy(() -> list.pop(f.t)).hasMessage("pop from empty list (length 0)");
        assertThat(list.length()).isZero();
    }

    @Test
    void shouldInsertSetPopAndDeleteLikeArrayList() {
        appendInts(10, 20, 30);
        long o = f.integer(15);
        list.insert(f.t, 1, o);
        list.insert(f.t, 0, o);
        list.insert(f.t, 5, o);
        f.space.decref(f.t, o);
        assertThat(contents()).containsExactly(15L, 10L, 15L, 20L, 30L, 15L);
        long n = f.integer(99);
        list.set(f.t, 3, n);
        f.space.decref(f.t, n);
        assertThat(contents()).containsExactly(15L, 10L, 15L, 99L, 30L, 15L);
        long popped = list.pop(f.t, 1);
        assertThat(f.valueOf(popped)).isEqualTo(10);
        f.space.decref(f.t, popped);
        long last = list.pop(f.t);
        assertThat(f.valueOf(last)).isEqualTo(15);
        f.space.decref(f.t, last);
        list.delete(f.t, 0);
        assertThat(contents()).containsExactly(15L, 99L, 30L);
        list.assertInvariants(f.t);
    }

    @Test
    void shouldCopyASliceWithItsOwnReferences() {
        appendInts(1, 2, 3, 4, 5);
        ObjectList s = list.slice(f.t, 1, 4);
        assertThat(s.length()).isEqualTo(3);
        list.clear(f.t);
        long o = s.get(f.t, 2);
        assertThat(f.valueOf(o)).isEqualTo(4);
        f.space.decref(f.t, o);
        s.assertInvariants(f.t);
        s.dispose(f.t);
    }

    @Test
    void shouldSortStablyWithAComparator() {
        appendInts(5, 3, 9, 1, 3, 7, 2, 8, 6, 4, 0, 11, 15, 13, 12, 14, 10, 19, 17, 18, 16);
        list.sort(f.t, (x, y) -> Long.compare(f.valueOf(x), f.valueOf(y)));
        List<Long> sorted = contents();
        assertThat(sorted).isSorted().hasSize(21);
        list.sort(f.t, (x, y) -> Long.compare(f.valueOf(x) % 3, f.valueOf(y) % 3));
        List<Long> expected = new ArrayList<>(sorted);
        expected.sort(Comparator.comparingLong(v -> v % 3)); // java's sort is stable too
        assertThat(contents()).isEqualTo(expected);
        list.assertInvariants(f.t);
    }

    @Test
    void shouldRestoreTheItemsWhenTheComparatorThrows() {
        appendInts(3, 1, 2);
        assertThatThrownBy(() -> list.sort(f.t, (x, y) -> {
            throw new ArithmeticException("boom");
        })).isInstanceOf(ArithmeticException.class);
        assertThat(contents()).containsExactly(3L, 1L, 2L);
    }

    @Test
    void shouldDetectModificationDuringSort() {
        appendInts(3, 1, 2);
        long intruder = f.integer(42);
        boolean[] once = {false};
        assertThatThrownBy(() -> list.sort(f.t, (x, y) -> {
            if (!once[0]) {
                once[0] = true;
                list.append(f.t, intruder);
            }
            return Long.compare(f.valueOf(x), f.valueOf(y));
        })).isInstanceOf(IllegalStateException.class).hasMessage("list modified during sort");
        assertThat(contents()).containsExactly(1L, 2L, 3L);
        f.space.decref(f.t, intruder);
    }

    @Test
    void shouldRejectNullItems() {
        assertThatThrownBy(() -> list.append(f.t, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldMatchArrayListUnderRandomOperations() {
        SplittableRandom rnd = new SplittableRandom(42);
        List<Long> model = new ArrayList<>();
        for (int step = 0; step < 20_000; step++) {
            int op = rnd.nextInt(10);
            long v = rnd.nextLong(1000);
            if (op < 3) {
                appendInts(v);
                model.add(v);
            } else if (op == 3 && !model.isEmpty() || op == 4) {
                int i = rnd.nextInt(model.size() + 1);
                long o = f.integer(v);
                list.insert(f.t, i, o);
                f.space.decref(f.t, o);
                model.add(i, v);
            } else if (op == 5 && !model.isEmpty()) {
                int i = rnd.nextInt(model.size());
                long o = f.integer(v);
                list.set(f.t, i, o);
                f.space.decref(f.t, o);
                model.set(i, v);
            } else if (op == 6 && !model.isEmpty()) {
                int i = rnd.nextInt(model.size());
                long o = list.pop(f.t, i);
                assertThat(f.valueOf(o)).isEqualTo(model.remove(i));
                f.space.decref(f.t, o);
            } else if (op == 7 && !model.isEmpty()) {
                int i = rnd.nextInt(model.size());
                list.delete(f.t, i);
                model.remove(i);
            } else if (!model.isEmpty()) {
                int i = rnd.nextInt(model.size());
                assertThat(valueAt(i)).isEqualTo(model.get(i));
            }
            assertThat(list.length()).isEqualTo(model.size());
            if (step % 1000 == 0) {
                list.assertInvariants(f.t);
                assertThat(contents()).isEqualTo(model);
                f.t.safePoint();
            }
        }
        assertThat(contents()).isEqualTo(model);
        assertThat(f.space.liveObjects()).isEqualTo(model.size());
    }

    @Test
    void shouldFreeOldArraysThroughQsbr() {
        long before = f.runtime.qsbr().deferredCount();
        for (int i = 0; i < 100; i++) {
            appendInts(i);
        }
        assertThat(f.runtime.qsbr().deferredCount() - before).as("arrays retired while growing").isGreaterThan(3);
        f.t.safePoint();
        assertThat(f.t.qsbr().pendingCount()).isZero();
        assertThat(f.space.liveMemoryBlocks()).as("head + current array").isEqualTo(2);
        assertThat(IntObject.value(f.space, list.get(f.t, 99))).isEqualTo(99); // leaks one ref: dropped below
        f.space.decref(f.t, list.get(f.t, 99));
        long o = list.get(f.t, 99);
        f.space.decref(f.t, o);
        f.space.decref(f.t, o);
    }
}
