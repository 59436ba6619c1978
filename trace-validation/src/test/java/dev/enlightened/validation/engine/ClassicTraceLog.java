package dev.enlightened.validation.engine;

import dev.enlightened.validation.format.ParsedTrace;
import dev.enlightened.validation.format.TraceFormatException;
import dev.enlightened.validation.format.TraceParser;
import java.io.IOException;
import java.nio.file.Path;
import tlc2.overrides.TLAPlusOperator;
import tlc2.value.impl.TupleValue;
import tlc2.value.impl.Value;

/**
 * TLC override for the classic way of checking a trace (only for the benchmark's comparison): {@code TraceLog} of
 * a {@code ClassicTrace*.tla} module becomes the events of the NDJSON file named by the system property
 * {@code enlightened.trace}, as the same records the engine binds. Registered by {@link tlc2.overrides.TLCOverrides}.
 */
public final class ClassicTraceLog {
    private static Value cached;

    private ClassicTraceLog() {
    }

    /**
     * @return the trace's events as a tuple of records; TLC evaluates this constant once
     * @throws IOException          when the file cannot be read
     * @throws TraceFormatException when it is not a valid trace
     */
    @TLAPlusOperator(identifier = "TraceLog", module = "ClassicTraceRelay", warn = false)
    public static synchronized Value traceLog() throws IOException, TraceFormatException, EventBinder.EventError {
        return read();
    }

    /**
     * The same for {@code ClassicTraceRingBuffer}: a ring trace of {@code enlightened run ring}.
     *
     * @return the trace's events as a tuple of records
     * @throws IOException          when the file cannot be read
     * @throws TraceFormatException when it is not a valid trace
     */
    @TLAPlusOperator(identifier = "TraceLog", module = "ClassicTraceRingBuffer", warn = false)
    public static synchronized Value ringTraceLog() throws IOException, TraceFormatException,
            EventBinder.EventError {
        return read();
    }

    private static Value read() throws IOException, TraceFormatException, EventBinder.EventError {
        // TLC 2.18 calls a zero-arity Java override at every reference instead of caching it like a constant
        // definition: read the file once.
        if (cached != null) {
            return cached;
        }
        ParsedTrace trace = TraceParser.parse(Path.of(System.getProperty("enlightened.trace")));
        Value[] events = new Value[trace.events().size()];
        for (int i = 0; i < events.length; i++) {
            events[i] = EventBinder.record(trace.events().get(i));
        }
        cached = new TupleValue(events);
        return cached;
    }
}
