package dev.enlightened.trace;

import java.util.Map;

/**
 * A sink that passes events on until the run stalls, then ends the trace with the stall's Quiescent claim and
 * drops the rest. A stall is every context waiting on a host that will not answer, which the specs' hosts never
 * do: the trace is a true record of the run up to the point where the host left the protocol, and that point is
 * its last event. What the guest does afterwards (its wait timeouts, issue 12) is outside the spec, so no spec
 * action could match it; the run's result records it instead. Closing the gate does not close the sink behind it
 * (its owner does).
 */
public final class StallGate implements TraceSink {
    private final TraceSink inner;
    private boolean shut;

    /** @param inner where events go until the stall */
    public StallGate(TraceSink inner) {
        this.inner = inner;
    }

    @Override
    public boolean enabled() {
        return !shut && inner.enabled();
    }

    @Override
    public long emit(String actor, String action, Map<String, Object> params, Map<String, Object> post) {
        return shut ? 0 : inner.emit(actor, action, params, post);
    }

    /**
     * Ends the trace at a stall: the Quiescent claim, then nothing more. Does nothing once shut.
     *
     * @param actor      the party claimed blocked
     * @param waitingFor what it waits for
     * @return the Quiescent event's seq, 0 if none was written (shut already, or untraced)
     */
    public long stall(String actor, String waitingFor) {
        long seq = 0;
        if (!shut && inner.enabled()) {
            seq = inner.emitQuiescent(actor, waitingFor);
        }
        shut = true;
        return seq;
    }

    /** @return true once the trace ended at a stall */
    public boolean stalled() {
        return shut;
    }

    @Override
    public void close() {
        // The owner of the inner sink closes it.
    }
}
