package dev.enlightened.vp;

import dev.enlightened.trace.TraceSink;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Emits the per-VP run's events for TraceVpDelivery: one event per spec action, named as the action, with its VP as
 * the parameter {@code vp} and the spec's scalar variables as the post-state ({@link VpRunner#view}).
 */
final class VpTrace {
    private final TraceSink sink;
    private Supplier<Map<String, Object>> view = Map::of;

    VpTrace(TraceSink sink) {
        this.sink = sink;
    }

    /** Set once the guest and the host exist: the post-state of every later event. */
    void viewFrom(Supplier<Map<String, Object>> v) {
        this.view = v;
    }

    void emit(String actor, String action, Map<String, Object> params) {
        if (sink.enabled()) {
            sink.emit(actor, action, params, view.get());
        }
    }

    void quiescent(String actor, String waitingFor) {
        if (sink.enabled()) {
            sink.emitQuiescent(actor, waitingFor);
        }
    }
}
