package dev.enlightened.channel;

import dev.enlightened.wire.ProtocolVersion;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * How the guest is configured.
 *
 * @param versions  versions to propose, newest first (Linux {@code vmbus_versions}, tried in order)
 * @param ringPages pages of each ring, control page included; the ring GPADL holds twice as many, so 14 or more
 *                  pages per ring need GPADL_BODY messages (26 PFNs fit in the header)
 * @param faults    guest-side fault switches (H5-H8); empty for the correct guest
 * @param timeouts  how long each wait for a host reply may last
 * @param isolated  an isolated (confidential) guest: it needs {@code Feature.ISOLATED_GUESTS} (5.2) from the host
 */
public record GuestConfig(List<ProtocolVersion> versions, int ringPages, Set<Fault> faults, GuestTimeouts timeouts,
                          boolean isolated) {
    /** A guest with the default timeouts ({@link GuestTimeouts#DEFAULT}), not isolated. */
    public GuestConfig(List<ProtocolVersion> versions, int ringPages, Set<Fault> faults) {
        this(versions, ringPages, faults, GuestTimeouts.DEFAULT, false);
    }

    /** A guest that is not isolated. */
    public GuestConfig(List<ProtocolVersion> versions, int ringPages, Set<Fault> faults, GuestTimeouts timeouts) {
        this(versions, ringPages, faults, timeouts, false);
    }

    /** Copies and checks. */
    public GuestConfig {
        if (timeouts == null) {
            throw new IllegalArgumentException("timeouts are required: timeouts=null");
        }
        versions = List.copyOf(versions);
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("the guest needs at least one version: versions=[]");
        }
        for (int i = 1; i < versions.size(); i++) {
            if (!versions.get(i - 1).isAtLeast(versions.get(i)) || versions.get(i - 1) == versions.get(i)) {
                throw new IllegalArgumentException("versions must be newest first without repeats: versions="
                        + versions);
            }
        }
        if (ringPages < 2 || ringPages > 2048) {
            // A ring is a control page plus at least one data page.
            throw new IllegalArgumentException("ring pages out of range 2..2048: ringPages=" + ringPages);
        }
        faults = faults.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(faults));
    }

    /** @return true if the fault is switched on */
    public boolean has(Fault fault) {
        return faults.contains(fault);
    }
}
