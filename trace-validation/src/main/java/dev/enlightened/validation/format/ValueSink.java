package dev.enlightened.validation.format;

import java.util.List;

/**
 * A sink that takes the event lines the scanner reads ({@link EventLine}, nearly all of a writer's lines) as its
 * own values, built while the line is scanned, instead of as JSON trees; every other line still reaches
 * {@link TraceParser.Sink#event(TraceEvent)} with its trees. Off with {@code -Denlightened.trace.directValues=false}
 * (every line as trees, as before).
 *
 * @param <V> the sink's values
 */
public interface ValueSink<V> extends TraceParser.Sink {
    /** @return the builder of this sink's values */
    EventValues<V> values();

    /**
     * An event line the scanner read and checked as {@link TraceParser.Sink#event(TraceEvent)}'s lines are checked.
     *
     * @param event     the event without JSON trees ({@link TraceEvent#params()} and {@link TraceEvent#post()}
     *                  are null)
     * @param params    its params object, as {@link #values()} built it (the empty object when absent)
     * @param post      its post object, likewise
     * @param postNames the keys of post in the line's order
     */
    void event(TraceEvent event, V params, V post, List<String> postNames) throws TraceFormatException;
}
