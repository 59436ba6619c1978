package dev.enlightened.identity;

import dev.enlightened.trace.TraceSink;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Emits the identity run's events for TraceChannelIdentity: one event per spec action, named as the action, with
 * its parameters ({@code o}, {@code r}/{@code relid}, {@code inst}) and the post-state of {@link IdentityRunner#view}.
 */
final class IdentityTrace {
    private final TraceSink sink;
    private Supplier<Map<String, Object>> view = Map::of;

    IdentityTrace(TraceSink sink) {
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
}
