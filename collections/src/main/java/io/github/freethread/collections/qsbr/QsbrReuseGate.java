package io.github.freethread.collections.qsbr;

import io.github.freethread.allocator.ReuseGate;

/**
 * The allocator's {@link ReuseGate} backed by a QSBR domain: a page that became empty is reused
 * for another size class, decommitted or unmapped only after every online thread has passed a
 * quiescent point since it emptied, so a lock-free reader that still holds the address of an
 * object freed from that page reads a header of the same size class, never foreign or unmapped
 * memory (CPython: {@code _PyMem_mi_page_maybe_free} / {@code _PyMem_mi_page_is_safe_to_free}).
 *
 * <p>Create the domain first, hand this gate to {@code AllocatorConfig.withReuseGate}, then give the
 * same domain to the collections runtime (which sets its reclaimer).
 */
public final class QsbrReuseGate implements ReuseGate {
    private final Qsbr qsbr;

    /** A gate over {@code qsbr}. */
    public QsbrReuseGate(Qsbr qsbr) {
        this.qsbr = qsbr;
    }

    /** The domain. */
    public Qsbr qsbr() {
        return qsbr;
    }

    @Override
    public long retireTicket() {
        return qsbr.retireTicket();
    }

    @Override
    public boolean isSafe(long ticket) {
        return qsbr.isSafe(ticket);
    }

    @Override
    public String toString() {
        return "QsbrReuseGate{" + qsbr + '}';
    }
}
