package dev.enlightened.ring;

import dev.enlightened.signal.Doorbell;
import java.util.Set;

/**
 * The two ways the guest reads a ring (issue 12: "the trace and tests run in both modes"): in place, parsing the
 * packet where the host wrote it, and isolated (Linux in a confidential VM, {@code hv_pkt_iter_first}): each packet
 * copied out of shared memory first, {@code len8}/{@code offset8} clamped instead of breaking the ring. Ring rule
 * tests take one as their {@code @EnumSource} parameter so each rule runs through both readers from one body.
 */
enum ReaderMode {
    IN_PLACE(false),
    ISOLATED(true);

    private final boolean isolated;

    ReaderMode(boolean isolated) {
        this.isolated = isolated;
    }

    /** @return true for the copying (confidential-guest) reader */
    boolean isolated() {
        return isolated;
    }

    /** @return a consumer of {@code memory} reading in this mode, without observer or faults */
    RingConsumer consumer(RingMemory memory, Doorbell doorbell) {
        return consumer(memory, doorbell, RingObserver.NONE, Set.of());
    }

    /** @return a consumer of {@code memory} reading in this mode */
    RingConsumer consumer(RingMemory memory, Doorbell doorbell, RingObserver observer, Set<RingFault> faults) {
        return new RingConsumer(memory, doorbell, observer, faults, isolated);
    }
}
