package dev.enlightened.validation.engine;

import dev.enlightened.validation.format.ParsedTrace;
import dev.enlightened.validation.format.TraceFormatException;
import dev.enlightened.validation.format.TraceParser;
import java.io.IOException;
import java.nio.file.Path;
import tlc2.overrides.ITLCOverrides;
import tlc2.overrides.TLAPlusOperator;
import tlc2.value.impl.TupleValue;
import tlc2.value.impl.Value;

/**
 * TLC override for the classic way of checking a trace (only for the benchmark's comparison): {@code TraceLog} of
 * a {@code ClassicTrace*.tla} module becomes the events of the NDJSON file named by the system property
 * {@code enlightened.trace}, as the same records the engine binds. Registered with
 * {@code -Dtlc2.overrides.TLCOverrides=dev.enlightened.validation.engine.ClassicTraceLog}.
 */
public final class ClassicTraceLog implements ITLCOverrides {

    @Override
    @SuppressWarnings("rawtypes")
    public Class[] get() {
        return new Class[] {ClassicTraceLog.class};
    }

    /**
     * @return the trace's events as a tuple of records; TLC evaluates this constant once
     * @throws IOException          when the file cannot be read
     * @throws TraceFormatException when it is not a valid trace
     */
    @TLAPlusOperator(identifier = "TraceLog", module = "ClassicTraceRelay", warn = false)
    public static Value traceLog() throws IOException, TraceFormatException, EventBinder.EventError {
        ParsedTrace trace = TraceParser.parse(Path.of(System.getProperty("enlightened.trace")));
        Value[] events = new Value[trace.events().size()];
        for (int i = 0; i < events.length; i++) {
            events[i] = EventBinder.record(trace.events().get(i));
        }
        return new TupleValue(events);
    }
}
