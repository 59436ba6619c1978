package dev.enlightened.validation.format;

import java.util.List;

/**
 * Builds a reader's own values of an event line's {@code params} and {@code post} while {@link EventLine} scans the
 * line, so that no JSON tree is built and then converted (issue 15: the engine's TLA+ records; a short trace of a
 * batch built a Jackson tree per line, a linked hash map per object, only to walk it once). Each method gets what
 * the Jackson tree of the same line holds.
 *
 * @param <V> the reader's values
 */
public interface EventValues<V> {
    /** A JSON string without escapes. */
    V text(String s);

    /** A JSON integer within {@link TraceParser#MIN_INT} .. {@link TraceParser#MAX_INT}. */
    V integer(long v);

    /** {@code true} or {@code false}. */
    V bool(boolean b);

    /** A JSON array, its elements in order. */
    V array(List<V> elements);

    /** A JSON object: its keys (distinct) and values in the line's order. */
    V object(List<String> names, List<V> values);
}
