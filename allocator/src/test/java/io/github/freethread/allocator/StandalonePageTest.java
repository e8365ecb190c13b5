package io.github.freethread.allocator;

import org.agrona.UnsafeApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The protocol steps the jcstress tests race, run one after another. */
class StandalonePageTest {
    private final long memory = UnsafeApi.allocateMemory(4 * 16);

    @AfterEach
    void release() {
        UnsafeApi.freeMemory(memory);
    }

    @Test
    void shouldHandOutEveryBlockOnceAndCollectForeignFrees() {
        StandalonePage page = StandalonePage.over(memory, 16, 4);
        long[] blocks = new long[4];
        for (int i = 0; i < 4; i++) {
            blocks[i] = page.allocate();
            assertThat(blocks[i]).isEqualTo(page.block(i));
        }
        assertThat(page.allocate()).isZero();
        page.freeForeign(blocks[1]);
        page.freeForeign(blocks[2]);
        assertThat(page.threadFreeLength()).isEqualTo(2);
        assertThat(page.threadFreeHead()).isEqualTo(blocks[2]);
        assertThat(page.used()).isEqualTo(4);
        page.assertInvariants();
        assertThat(page.allocate()).isEqualTo(blocks[2]);
        assertThat(page.used()).isEqualTo(3);
        page.assertInvariants();
    }

    @Test
    void shouldSendTheFirstFreeIntoAFullPageThroughTheDelayedList() {
        StandalonePage page = StandalonePage.over(memory, 16, 4);
        for (int i = 0; i < 4; i++) {
            page.allocate();
        }
        page.markFull();
        assertThat(page.delayedState()).isEqualTo("USE_DELAYED");
        page.freeForeign(page.block(0));
        assertThat(page.delayedState()).isEqualTo("NO_DELAYED");
        assertThat(page.threadFreeLength()).isZero();
        assertThat(page.timesListed(page.block(0))).isEqualTo(1); // on the owner's delayed list
        page.freeForeign(page.block(1));
        assertThat(page.threadFreeLength()).isEqualTo(1);
        page.assertInvariants();
        assertThat(page.drainDelayed()).isEqualTo(1);
        page.collect();
        assertThat(page.used()).isEqualTo(2);
        page.assertInvariants();
    }

    @Test
    void shouldKeepFreesAcrossAbandonAndReclaim() {
        StandalonePage page = StandalonePage.over(memory, 16, 4);
        for (int i = 0; i < 4; i++) {
            page.allocate();
        }
        page.markFull();
        page.freeForeign(page.block(0)); // delayed, drained by abandon
        page.abandon();
        assertThat(page.delayedState()).isEqualTo("NEVER_DELAYED");
        page.freeForeign(page.block(1)); // no owner: threadFree
        assertThat(page.threadFreeLength()).isEqualTo(1);
        page.reclaim();
        assertThat(page.delayedState()).isEqualTo("NO_DELAYED");
        assertThat(page.used()).isEqualTo(2);
        page.assertInvariants();
        assertThatThrownBy(() -> page.freeForeign(memory + 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0x" + Long.toHexString(memory + 4));
    }
}
