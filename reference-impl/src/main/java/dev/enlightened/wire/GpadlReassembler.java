package dev.enlightened.wire;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Host side of GPADL establishment (openvmm {@code vmbus_server} {@code Gpadl::append}): collects a GPADL_HEADER
 * and its GPADL_BODY messages until {@code range_buflen / 8} u64s have arrived, then validates the ranges.
 * Not thread-safe: the host handles the guest's messages in order, one at a time.
 */
public final class GpadlReassembler {
    private final int maxInProgress;
    private final Map<Integer, Partial> inProgress = new HashMap<>();

    private static final class Partial {
        final GpadlHeader header;
        final List<Long> values;

        Partial(GpadlHeader header) {
            this.header = header;
            this.values = new ArrayList<>(header.rangeBufLen() / 8);
            this.values.addAll(header.values());
        }

        int expected() {
            return header.rangeBufLen() / 8;
        }
    }

    /**
     * @param maxInProgress how many GPADLs may be in progress at once, at least 1
     * @throws IllegalArgumentException if {@code maxInProgress < 1}
     */
    public GpadlReassembler(int maxInProgress) {
        Fields.requireRange("maxInProgress", maxInProgress, 1, Integer.MAX_VALUE);
        this.maxInProgress = maxInProgress;
    }

    /**
     * @param header a decoded GPADL_HEADER
     * @return complete (the header held everything), incomplete, or rejected
     */
    public GpadlProgress onHeader(GpadlHeader header) {
        int id = header.gpadl();
        if (inProgress.containsKey(id)) {
            return new GpadlProgress.Rejected(new GpadlError.DuplicateGpadl(id));
        }
        if (header.isComplete()) {
            // The record validated the ranges when it was decoded.
            return new GpadlProgress.Complete(new Gpadl(header.childRelid(), id, header.ranges().orElseThrow()));
        }
        if (inProgress.size() >= maxInProgress) {
            return new GpadlProgress.Rejected(new GpadlError.TooManyInProgress(id, maxInProgress));
        }
        Partial p = new Partial(header);
        inProgress.put(id, p);
        return new GpadlProgress.Incomplete(id, p.values.size(), p.expected());
    }

    /**
     * @param body a decoded GPADL_BODY
     * @return complete, incomplete, or rejected (unknown handle, invalid ranges); values beyond the range buffer
     *         are ignored
     */
    public GpadlProgress onBody(GpadlBody body) {
        int id = body.gpadl();
        Partial p = inProgress.get(id);
        if (p == null) {
            return new GpadlProgress.Rejected(new GpadlError.UnknownGpadl(id));
        }
        // openvmm Gpadl::append takes min(data, remaining capacity): values beyond the range buffer are ignored,
        // since some clients (UEFI) always send full-length messages (issue 12: we rejected them).
        int take = Math.min(body.values().size(), p.expected() - p.values.size());
        p.values.addAll(body.values().subList(0, take));
        int received = p.values.size();
        if (received < p.expected()) {
            return new GpadlProgress.Incomplete(id, received, p.expected());
        }
        inProgress.remove(id);
        GpaRange.Parsed parsed = GpaRange.parse(p.values, p.header.rangeCount());
        if (!parsed.ok()) {
            return new GpadlProgress.Rejected(new GpadlError.InvalidRanges(id, parsed.describe()));
        }
        return new GpadlProgress.Complete(new Gpadl(p.header.childRelid(), id, parsed.ranges()));
    }

    /**
     * A deep copy: what a host's saved state keeps of the GPADLs still collecting bodies (openvmm saves a GPADL
     * in progress with the PFNs received so far).
     *
     * @return an independent reassembler holding the same partial GPADLs
     */
    public GpadlReassembler copy() {
        GpadlReassembler c = new GpadlReassembler(maxInProgress);
        inProgress.forEach((id, p) -> {
            Partial q = new Partial(p.header);
            q.values.clear();
            q.values.addAll(p.values);
            c.inProgress.put(id, q);
        });
        return c;
    }

    /** @return GPADLs whose bodies are still due */
    public int inProgress() {
        return inProgress.size();
    }

    /**
     * Forgets every GPADL in progress, as the host does on UNLOAD or reconnect (all GPADLs of the connection go).
     */
    public void reset() {
        inProgress.clear();
    }
}
