package io.github.freethread.stress.collections;

import org.agrona.UnsafeApi;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.freethread.collections.lock.CriticalSections;

/**
 * Thread 1 nests a section on A then B, thread 2 on B then A — the classic deadlock with plain
 * locks. With critical sections, a thread about to park suspends (releases) the sections it holds,
 * so both finish (a deadlock would hang the test, which jcstress reports as an error). Then each
 * increments two counters inside a two-lock section (both words held at once, address order).
 */
@JCStressTest
@Outcome(id = "2, 2, 0", expect = ACCEPTABLE, desc = "both finished; the inner sections were exclusive; both words free")
@Outcome(expect = FORBIDDEN, desc = "lost update in an inner section, or a lock word left held")
@State
public class Collections_07_OppositeOrderNoDeadlock {
    static final ThreadLocal<CriticalSections> SECTIONS = ThreadLocal.withInitial(() -> new CriticalSections(null));

    final long words = UnsafeApi.allocateMemory(16);
    final long a = words;
    final long b = words + 8;
    int x;
    int y;

    public Collections_07_OppositeOrderNoDeadlock() {
        UnsafeApi.putLongVolatile(null, a, 0L);
        UnsafeApi.putLongVolatile(null, b, 0L);
    }

    @Actor
    public void ab() {
        nestedBoth(a, b);
    }

    @Actor
    public void ba() {
        nestedBoth(b, a);
    }

    private void nestedBoth(long outer, long inner) {
        CriticalSections cs = SECTIONS.get();
        cs.enter(outer);
        cs.enter(inner); // may park: then the outer section is suspended first
        cs.exit();       // resumes the outer section (re-locks it, possibly parking again)
        cs.exit();
        cs.enter2(inner, outer);
        x = x + 1;
        y = y + 1;
        cs.exit();
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r1 = x;
        r.r2 = y;
        r.r3 = (int) (UnsafeApi.getLongVolatile(null, a) | UnsafeApi.getLongVolatile(null, b));
        UnsafeApi.freeMemory(words);
    }
}
