package io.github.freethread.collections.dict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.freethread.collections.Fixture;
import io.github.freethread.collections.object.ObjectKind;
import io.github.freethread.collections.object.StrObject;
import io.github.freethread.collections.object.UnhashableTypeException;

class ObjectDictTest {
    /** A kind without hashing, like Python's list. */
    static final ObjectKind UNHASHABLE = new ObjectKind() {
        @Override
        public String name() {
            return "list";
        }

        @Override
        public boolean hashable() {
            return false;
        }

        @Override
        public long hash(long payload) {
            throw new AssertionError("never called");
        }

        @Override
        public boolean equals(long a, long b) {
            return false;
        }

        @Override
        public String toString(long payload) {
            return "[]";
        }
    };

    private final Fixture f = new Fixture();
    private final ObjectDict dict = ObjectDict.create(f.t);

    @AfterEach
    void noLeaks() {
        dict.dispose(f.t);
        f.drain();
        assertThat(f.space.liveObjects()).as("objects leaked").isZero();
        assertThat(f.space.liveMemoryBlocks()).as("tables/heads leaked").isZero();
        f.close();
    }

    private void put(String k, long v) {
        long key = f.str(k);
        long value = f.integer(v);
        dict.put(f.t, key, value);
        f.space.decref(f.t, key);
        f.space.decref(f.t, value);
    }

    /** Looks up with a fresh, equal-but-distinct key object: exercises the equals path. */
    private Long get(String k) {
        long key = f.str(k);
        try {
            long v = dict.get(f.t, key);
            if (v == 0) {
                return null;
            }
            long out = f.valueOf(v);
            f.space.decref(f.t, v);
            return out;
        } finally {
            f.space.decref(f.t, key);
        }
    }

    private boolean remove(String k) {
        long key = f.str(k);
        try {
            return dict.remove(f.t, key);
        } finally {
            f.space.decref(f.t, key);
        }
    }

    private Map<String, Long> contents() {
        Map<String, Long> out = new LinkedHashMap<>();
        try (DictCursor c = dict.cursor(f.t)) {
            while (c.next()) {
                out.put(StrObject.value(f.space, c.key()), f.valueOf(c.value()));
            }
        }
        return out;
    }

    @Test
    void shouldPutGetAndReplace() {
        put("a", 1);
        put("b", 2);
        assertThat(get("a")).isEqualTo(1);
        assertThat(get("b")).isEqualTo(2);
        assertThat(get("c")).isNull();
        put("a", 10);
        assertThat(get("a")).isEqualTo(10);
        assertThat(dict.length()).isEqualTo(2);
        dict.assertInvariants(f.t);
    }

    @Test
    void shouldFindByIdentityAndByEquality() {
        long key = f.integer(5);
        long value = f.integer(50);
        dict.put(f.t, key, value);
        long v1 = dict.get(f.t, key);
        long other = f.integer(5);
        long v2 = dict.get(f.t, other);
        assertThat(v1).isEqualTo(value).isEqualTo(v2);
        assertThat(dict.contains(f.t, other)).isTrue();
        for (long o : new long[] {key, value, other, v1, v2}) {
            f.space.decref(f.t, o);
        }
    }

    @Test
    void shouldKeepIntAndStrKeysApart() {
        long i = f.integer(1);
        long s = f.str("1");
        dict.put(f.t, i, s);
        dict.put(f.t, s, i);
        assertThat(dict.length()).isEqualTo(2);
        long got = dict.get(f.t, i);
        assertThat(got).isEqualTo(s);
        f.space.decref(f.t, got);
        f.space.decref(f.t, i);
        f.space.decref(f.t, s);
    }

    @Test
    void shouldRemoveAndReportAbsence() {
        put("x", 1);
        assertThat(remove("x")).isTrue();
        assertThat(remove("x")).isFalse();
        assertThat(get("x")).isNull();
        assertThat(dict.length()).isZero();
        dict.assertInvariants(f.t);
    }

    @Test
    void shouldPutIfAbsentOnlyOnce() {
        long k = f.str("k");
        long v1 = f.integer(1);
        long v2 = f.integer(2);
        assertThat(dict.putIfAbsent(f.t, k, v1)).isZero();
        long existing = dict.putIfAbsent(f.t, k, v2);
        assertThat(existing).isEqualTo(v1);
        assertThat(get("k")).isEqualTo(1);
        for (long o : new long[] {k, v1, v2, existing}) {
            f.space.decref(f.t, o);
        }
    }

    @Test
    void shouldIterateInInsertionOrder() {
        put("c", 3);
        put("a", 1);
        put("b", 2);
        remove("a");
        put("a", 4);
        put("c", 30); // replacing keeps the position
        assertThat(contents()).containsExactly(Map.entry("c", 30L), Map.entry("b", 2L), Map.entry("a", 4L));
    }

    @Test
    void shouldResumeIterationAcrossACompactingResize() {
        for (int i = 0; i < 20; i++) {
            put("k" + i, i);
        }
        List<String> seen = new ArrayList<>();
        try (DictCursor c = dict.cursor(f.t)) {
            for (int i = 0; i < 5 && c.next(); i++) {
                seen.add(StrObject.value(f.space, c.key()));
            }
            for (int i = 0; i < 3; i++) {
                remove("k" + i); // before the cursor
            }
            for (int i = 20; i < 200; i++) {
                put("k" + i, i); // forces resizes with compaction
            }
            while (c.next()) {
                seen.add(StrObject.value(f.space, c.key()));
            }
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            expected.add("k" + i);
        }
        assertThat(seen).isEqualTo(expected); // each key present throughout seen once, in order
    }

    @Test
    void shouldRejectUnhashableKeysNamingTheType() {
        long bad = f.space.newObject(f.t, UNHASHABLE, 8);
        long v = f.integer(1);
        assertThatThrownBy(() -> dict.put(f.t, bad, v)).isInstanceOf(UnhashableTypeException.class)
                .hasMessage("unhashable type: 'list'");
        assertThatThrownBy(() -> dict.get(f.t, bad)).isInstanceOf(UnhashableTypeException.class);
        assertThat(dict.length()).isZero();
        put("still", 1); // the dict is intact
        assertThat(get("still")).isEqualTo(1);
        f.space.decref(f.t, bad);
        f.space.decref(f.t, v);
    }

    @Test
    void shouldRejectNullKeysAndValues() {
        long k = f.integer(1);
        assertThatThrownBy(() -> dict.put(f.t, 0, k)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key");
        assertThatThrownBy(() -> dict.put(f.t, k, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value");
        f.space.decref(f.t, k);
    }

    @Test
    void shouldNotGrowUnderInsertDeleteChurn() {
        for (int i = 0; i < 8; i++) {
            put("live" + i, i);
        }
        long capacityAfterWarmup = 0;
        for (int i = 0; i < 50_000; i++) {
            put("churn" + i, i);
            assertThat(remove("churn" + i)).isTrue();
            if (i == 1000) {
                capacityAfterWarmup = dict.tableCapacity(f.t);
            }
            if (i % 5000 == 0) {
                f.t.safePoint();
            }
        }
        assertThat(dict.tableCapacity(f.t)).isLessThanOrEqualTo(capacityAfterWarmup).isLessThanOrEqualTo(64);
        f.t.safePoint();
        assertThat(f.space.liveMemoryBlocks()).as("head + one table").isEqualTo(2);
        dict.assertInvariants(f.t);
    }

    @Test
    void shouldMatchLinkedHashMapUnderRandomOperations() {
        SplittableRandom rnd = new SplittableRandom(7);
        Map<String, Long> model = new LinkedHashMap<>();
        for (int step = 0; step < 30_000; step++) {
            String k = "k" + rnd.nextInt(300);
            int op = rnd.nextInt(10);
            if (op < 4) {
                long v = rnd.nextLong(1_000_000);
                put(k, v);
                model.put(k, v);
            } else if (op < 6) {
                assertThat(remove(k)).isEqualTo(model.remove(k) != null);
            } else if (op == 6) {
                long key = f.str(k);
                long v = f.integer(step);
                long existing = dict.putIfAbsent(f.t, key, v);
                Long prev = model.putIfAbsent(k, (long) step);
                if (prev == null) {
                    assertThat(existing).isZero();
                } else {
                    assertThat(f.valueOf(existing)).isEqualTo(prev);
                    f.space.decref(f.t, existing);
                }
                f.space.decref(f.t, key);
                f.space.decref(f.t, v);
            } else {
                assertThat(get(k)).isEqualTo(model.get(k));
            }
            assertThat(dict.length()).isEqualTo(model.size());
            if (step % 2000 == 0) {
                dict.assertInvariants(f.t);
                assertThat(contents()).containsExactlyEntriesOf(model);
                f.t.safePoint();
            }
        }
        assertThat(contents()).containsExactlyEntriesOf(model);
        assertThat(f.space.liveObjects()).isEqualTo(2L * model.size());
    }
}
