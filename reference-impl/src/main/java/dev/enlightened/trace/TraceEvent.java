package dev.enlightened.trace;

import java.util.Map;
import java.util.Objects;

/**
 * One logged protocol step. {@code action} is exactly the name of the spec action the step corresponds to;
 * {@code params} are that action's parameters and {@code post} a small post-state summary (indices, masks,
 * flags; never whole buffers). Maps keep insertion order when the caller passes a LinkedHashMap or Map.of.
 *
 * @param seq    global sequence number, from 1, without gaps
 * @param actor  the party that took the step (e.g. "producer", "guest")
 * @param action spec action name
 * @param params action parameters
 * @param post   post-state summary, possibly empty
 */
public record TraceEvent(long seq, String actor, String action, Map<String, Object> params,
                         Map<String, Object> post) {
    /** Action name of the final event that says a party is blocked forever. */
    public static final String QUIESCENT = "Quiescent";

    public TraceEvent {
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be >= 1: seq=" + seq);
        }
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(post, "post");
    }
}
