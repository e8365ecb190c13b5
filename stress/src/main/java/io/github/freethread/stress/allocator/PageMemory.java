package io.github.freethread.stress.allocator;

import io.github.freethread.allocator.Allocator;
import io.github.freethread.allocator.AllocatorConfig;

/**
 * The one allocator the allocator stress tests share (jcstress creates millions of states; each
 * takes a few bytes from here for its page and gives them back in its {@code @Arbiter}).
 * Checked mode: a block handed out twice or written after free fails the test with an exception.
 */
final class PageMemory {
    static final Allocator ALLOCATOR = Allocator.create(AllocatorConfig.defaults().withChecked(true));

    private PageMemory() {
    }

    static long take(long bytes) {
        return ALLOCATOR.malloc(bytes);
    }

    static void giveBack(long address) {
        ALLOCATOR.free(address);
    }
}
