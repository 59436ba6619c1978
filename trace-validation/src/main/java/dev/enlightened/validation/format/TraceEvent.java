package dev.enlightened.validation.format;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One event line: a step of the implementation that names the spec action it took.
 *
 * @param line         1-based line number in the file (the header is line 1)
 * @param actionColumn 1-based column of the {@code action} value, to point at an unknown action
 * @param seq          global sequence number, from 1 without gaps
 * @param action       the spec action's exact name, or {@link #QUIESCENT}
 * @param actor        the party that took the step (required for {@link #QUIESCENT}), or null
 * @param params       the action's parameters (empty when it has none)
 * @param post         a small post-state summary: fields of the trace module's {@code TraceView} (may be empty)
 * @param raw          the line as written, for diagnoses
 */
public record TraceEvent(int line, int actionColumn, long seq, String action, String actor, ObjectNode params,
                         ObjectNode post, String raw) {
    /** The action of a final event saying that its actor is blocked for good. */
    public static final String QUIESCENT = "Quiescent";

    /** @return whether this is a quiescence claim rather than a step */
    public boolean isQuiescent() {
        return QUIESCENT.equals(action);
    }
}
