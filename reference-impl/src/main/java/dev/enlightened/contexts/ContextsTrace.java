package dev.enlightened.contexts;

import dev.enlightened.trace.TraceSink;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Emits the execution-context run's events for TraceExecContexts: one event per spec action, named as the action,
 * with its channel ({@code ch}) and work queue ({@code w}) as parameters and the spec's variables (but the two
 * message queues) as the post-state ({@link ContextsRunner#view}).
 */
final class ContextsTrace {
    private final TraceSink sink;
    private Supplier<Map<String, Object>> view = Map::of;

    ContextsTrace(TraceSink sink) {
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
