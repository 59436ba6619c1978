package dev.enlightened.trace;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Emits a run's events when its trace module reads one post-state view per event: one event per spec action, named
 * as the action, with the action's parameters, and the run's view of the spec's variables as the post-state. The
 * per-VP, execution-context and identity runs share it (each supplies its own view: {@code VpRunner#view},
 * {@code ContextsRunner#view}, {@code IdentityRunner#view}).
 */
public final class ViewTrace {
    private final TraceSink sink;
    private Supplier<Map<String, Object>> view = Map::of;

    /** @param sink where the events go; {@link TraceSink#OFF} for an untraced run */
    public ViewTrace(TraceSink sink) {
        this.sink = sink;
    }

    /** Set once the guest and the host exist: the post-state of every later event. */
    public void viewFrom(Supplier<Map<String, Object>> v) {
        this.view = v;
    }

    /** One spec action taken by {@code actor}, with its parameters; the post-state is the current view. */
    public void emit(String actor, String action, Map<String, Object> params) {
        if (sink.enabled()) {
            sink.emit(actor, action, params, view.get());
        }
    }

    /** {@code actor} waits for {@code waitingFor} with nothing left to do. */
    public void quiescent(String actor, String waitingFor) {
        if (sink.enabled()) {
            sink.emitQuiescent(actor, waitingFor);
        }
    }
}
