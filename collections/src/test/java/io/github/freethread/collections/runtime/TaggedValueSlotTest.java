package io.github.freethread.collections.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.github.freethread.collections.CollectionsRuntime;
import io.github.freethread.collections.ThreadContext;
import io.github.freethread.collections.dict.DictCursor;
import io.github.freethread.collections.dict.ObjectDict;
import io.github.freethread.collections.list.ObjectList;
import io.github.freethread.collections.object.IntObject;
import io.github.freethread.collections.object.ObjectSpace;
import io.github.freethread.refcount.CountersSnapshot;
import io.github.freethread.refcount.ObjectRuntime;
import io.github.freethread.refcount.RuntimeConfig;
import io.github.freethread.refcount.ThreadState;

/**
 * The dict's (and the list's) tagged value slots (docs/collections.md section 4, step 6): a value that is deferred
 * or immortal when stored is tagged in its slot, so {@code getUse} answers from the slot word alone
 * and {@code get} of an immortal value counts nothing; every other reader of the slot sees the
 * plain address, and a value that becomes deferred after it was stored is still found through its
 * header.
 */
class TaggedValueSlotTest {

    private record Fixture(CollectionsRuntime c, ObjectRuntime rt, ThreadState ts, ThreadContext t, ObjectSpace space) {
        static Fixture create() {
            CollectionsRuntime c = CollectionsRuntime.create(RuntimeConfig.defaults().withChecked(true));
            ObjectRuntime rt = c.objectRuntime();
            ThreadState ts = rt.attach();
            return new Fixture(c, rt, ts, CollectionsRuntime.context(ts), c.space());
        }

        long newInt(long value) {
            return IntObject.create(space, t, value);
        }

        /** Drops one reference to each of {@code objects}. */
        void drop(long... objects) {
            for (long o : objects) {
                space.decref(t, o);
            }
        }

        /** Closes; every block but the {@code immortals} (never freed, by design) came back. */
        void closeWithoutLeaks(int immortals) {
            ts.poll();
            rt.reclaimDeferred(ts);
            rt.detach();
            assertThat(rt.allocator().leaks().blockCount()).as("leaks: %s", rt.allocator().leaks()).isEqualTo(immortals);
            c.close();
        }
    }

    @Test
    void shouldAnswerDeferredAndImmortalValuesFromTheTaggedSlotAndStripTheTagEverywhere() {
        Fixture f = Fixture.create();
        ObjectDict dict = ObjectDict.create(f.t());
        long kd = f.newInt(1);
        long ki = f.newInt(2);
        long kc = f.newInt(3);
        long deferred = f.newInt(100);
        long immortal = f.newInt(200);
        long counted = f.newInt(300);
        f.rt().makeDeferred(f.ts(), deferred);
        f.rt().makeImmortal(immortal);
        dict.put(f.t(), kd, deferred);
        dict.put(f.t(), ki, immortal);
        dict.put(f.t(), kc, counted);
        dict.assertInvariants(f.t());
        long deferredCount = f.rt().refcount(deferred);
        CountersSnapshot before = f.rt().counters();

        assertThat(dict.getUse(f.t(), kd)).as("deferred: the tagged slot word is the use").isEqualTo(deferred | ObjectSpace.UNCOUNTED_USE);
        assertThat(dict.getUse(f.t(), ki)).as("immortal: an uncounted use too").isEqualTo(immortal | ObjectSpace.UNCOUNTED_USE);
        assertThat(dict.get(f.t(), ki)).as("immortal: a counted reference needs no count").isEqualTo(immortal);
        CountersSnapshot after = f.rt().counters();
        assertThat(after.ownerOps() + after.sharedOps()).as("no count operation for any of the three")
                .isEqualTo(before.ownerOps() + before.sharedOps());
        assertThat(f.rt().refcount(deferred)).isEqualTo(deferredCount);

        long d = dict.get(f.t(), kd);
        assertThat(d).as("deferred, counted get: the address without tag bits").isEqualTo(deferred);
        assertThat(f.rt().refcount(deferred)).as("and really counted").isEqualTo(deferredCount + 1);
        f.space().decref(f.t(), d);
        assertThat(dict.get(f.t(), kc)).as("untagged value").isEqualTo(counted);
        f.space().decref(f.t(), counted);

        DictCursor cursor = dict.cursor(f.t());
        long[] seen = new long[3];
        for (int i = 0; i < 3; i++) {
            assertThat(cursor.next()).isTrue();
            seen[i] = cursor.value();
        }
        assertThat(cursor.next()).isFalse();
        cursor.close();
        assertThat(seen).as("the cursor strips the tags").containsExactly(deferred, immortal, counted);
        assertThat(dict.putIfAbsent(f.t(), kd, counted)).as("putIfAbsent's existing value, untagged").isEqualTo(deferred);
        f.space().decref(f.t(), deferred);

        // a resize copies the tagged words; lookups still answer without counting
        long[] more = new long[40];
        for (int i = 0; i < more.length; i++) {
            more[i] = f.newInt(1000 + i);
            dict.put(f.t(), more[i], more[i]);
        }
        assertThat(dict.getUse(f.t(), kd)).isEqualTo(deferred | ObjectSpace.UNCOUNTED_USE);
        dict.assertInvariants(f.t());

        // replacing a tagged value by an untagged one (and back) re-tags the slot
        dict.put(f.t(), ki, counted);
        assertThat(dict.getUse(f.t(), ki)).as("now counted").isEqualTo(counted);
        f.space().releaseUse(f.t(), counted);
        dict.put(f.t(), kc, immortal);
        assertThat(dict.getUse(f.t(), kc)).isEqualTo(immortal | ObjectSpace.UNCOUNTED_USE);
        dict.assertInvariants(f.t());

        assertThat(dict.remove(f.t(), kd)).isTrue();
        assertThat(dict.get(f.t(), kd)).isZero();
        dict.dispose(f.t());
        f.drop(more);
        f.drop(kd, ki, kc, deferred, counted);
        f.closeWithoutLeaks(1);
    }

    @Test
    void shouldFindAValueThatBecameDeferredAfterItWasStoredThroughItsHeader() {
        Fixture f = Fixture.create();
        ObjectDict dict = ObjectDict.create(f.t());
        long k = f.newInt(1);
        long v = f.newInt(100);
        dict.put(f.t(), k, v); // untagged: not deferred yet
        f.rt().makeDeferred(f.ts(), v);
        dict.assertInvariants(f.t());
        long count = f.rt().refcount(v);

        long u = dict.getUse(f.t(), k);
        assertThat(u).as("the header says deferred: uncounted use").isEqualTo(v | ObjectSpace.UNCOUNTED_USE);
        assertThat(f.rt().refcount(v)).isEqualTo(count);
        f.space().releaseUse(f.t(), u);
        long g = dict.get(f.t(), k);
        assertThat(g).isEqualTo(v);
        assertThat(f.rt().refcount(v)).isEqualTo(count + 1);
        f.space().decref(f.t(), g);

        dict.dispose(f.t());
        f.drop(k, v);
        f.closeWithoutLeaks(0);
    }

    @Test
    void shouldTagListSlotsAndStripTheTagsInEveryListOperation() {
        Fixture f = Fixture.create();
        ObjectList list = ObjectList.create(f.t());
        long deferred = f.newInt(3);
        long immortal = f.newInt(1);
        long counted = f.newInt(2);
        f.rt().makeDeferred(f.ts(), deferred);
        f.rt().makeImmortal(immortal);
        list.append(f.t(), deferred);
        list.append(f.t(), counted);
        list.insert(f.t(), 0, immortal);                 // [immortal, deferred, counted]
        list.assertInvariants(f.t());
        long deferredCount = f.rt().refcount(deferred);
        CountersSnapshot before = f.rt().counters();
        assertThat(list.getUse(f.t(), 1)).isEqualTo(deferred | ObjectSpace.UNCOUNTED_USE);
        assertThat(list.getUse(f.t(), 0)).isEqualTo(immortal | ObjectSpace.UNCOUNTED_USE);
        assertThat(list.get(f.t(), 0)).isEqualTo(immortal);
        CountersSnapshot after = f.rt().counters();
        assertThat(after.ownerOps() + after.sharedOps()).as("tagged slots: nothing counted")
                .isEqualTo(before.ownerOps() + before.sharedOps());
        long d = list.get(f.t(), 1);
        assertThat(d).isEqualTo(deferred);
        assertThat(f.rt().refcount(deferred)).isEqualTo(deferredCount + 1);
        f.space().decref(f.t(), d);

        ObjectList copy = list.slice(f.t(), 0, 3);      // copies the tagged words
        assertThat(copy.getUse(f.t(), 1)).isEqualTo(deferred | ObjectSpace.UNCOUNTED_USE);
        copy.assertInvariants(f.t());
        // the comparator sees plain addresses; the sorted list is re-tagged
        list.sort(f.t(), (a, b) -> {
            assertThat(a & ObjectSpace.SLOT_TAGS).isZero();
            assertThat(b & ObjectSpace.SLOT_TAGS).isZero();
            return Long.compare(IntObject.value(f.space(), a), IntObject.value(f.space(), b));
        });                                              // [immortal 1, counted 2, deferred 3]
        list.assertInvariants(f.t());
        assertThat(list.getUse(f.t(), 2)).isEqualTo(deferred | ObjectSpace.UNCOUNTED_USE);
        list.set(f.t(), 0, counted);                     // [counted, counted, deferred]
        assertThat(list.getUse(f.t(), 0)).isEqualTo(counted);
        f.space().releaseUse(f.t(), counted);
        assertThat(list.pop(f.t())).as("pop hands back the plain address").isEqualTo(deferred);
        f.space().decref(f.t(), deferred);
        list.assertInvariants(f.t());

        copy.dispose(f.t());
        list.dispose(f.t());
        f.drop(deferred, counted);
        f.closeWithoutLeaks(1);
    }
}
