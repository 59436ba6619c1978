package dev.enlightened.validation.engine;

import dev.enlightened.validation.format.ParsedTrace;
import dev.enlightened.validation.format.TraceEvent;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import tla2sany.semantic.OpDefNode;
import tlc2.tool.Action;
import tlc2.tool.StateVec;
import tlc2.tool.TLCState;
import tlc2.value.impl.RecordValue;
import tlc2.value.impl.StringValue;
import tlc2.value.impl.IntValue;
import tlc2.value.impl.Value;
import util.UniqueString;

/**
 * Binds trace events to the trace module: checks up front that every action has a matcher, every quiescent party
 * is declared and every post field is in {@code TraceView}; then builds each event's TLA+ record on demand (never
 * all at once: a trace may hold millions of events).
 */
final class EventBinder {
    private static final UniqueString[] FIELDS = {
        UniqueString.uniqueStringOf("action"), UniqueString.uniqueStringOf("actor"),
        UniqueString.uniqueStringOf("params"), UniqueString.uniqueStringOf("post"),
        UniqueString.uniqueStringOf("seq")};

    /** An event the module cannot take: reported as bad input at its line and column. */
    static final class EventError extends Exception {
        private static final long serialVersionUID = 1L;
        final int line;
        final int column;

        EventError(int line, int column, String message) {
            super(message);
            this.line = line;
            this.column = column;
        }
    }

    private final SpecSession spec;
    private final List<TraceEvent> events;

    EventBinder(SpecSession spec, ParsedTrace trace, Set<String> viewFields) throws EventError {
        this.spec = spec;
        this.events = trace.events();
        for (TraceEvent e : events) {
            check(e, viewFields);
        }
    }

    private void check(TraceEvent e, Set<String> viewFields) throws EventError {
        if (e.isQuiescent()) {
            if (!spec.parties.containsKey(e.actor())) {
                throw new EventError(e.line(), 0, "Quiescent actor=" + e.actor() + " is no party of "
                        + spec.moduleName + "'s TraceParties (parties: " + String.join(", ", spec.parties.keySet())
                        + ")");
            }
            return;
        }
        if (!spec.matchers.containsKey(e.action())) {
            throw new EventError(e.line(), e.actionColumn(), "unknown action=" + e.action() + ": "
                    + spec.moduleName + " has no matcher Is" + e.action() + " (events: "
                    + String.join(", ", spec.matchers.keySet()) + ")");
        }
        if (viewFields != null) {
            Iterator<String> it = e.post().fieldNames();
            while (it.hasNext()) {
                String f = it.next();
                if (!viewFields.contains(f)) {
                    throw new EventError(e.line(), 0, "post field " + f + " is not in " + spec.moduleName
                            + "'s TraceView (fields: " + String.join(", ", viewFields) + ")");
                }
            }
        } else if (e.post().size() > 0) {
            throw new EventError(e.line(), 0, "the event has post fields but " + spec.moduleName
                    + " defines no TraceView");
        }
    }

    int size() {
        return events.size();
    }

    TraceEvent event(int index) {
        return events.get(index);
    }

    /** @return the event as the TLA+ record its matcher receives */
    Value value(int index) throws EventError {
        TraceEvent e = events.get(index);
        try {
            Value[] values = {
                new StringValue(e.action()), new StringValue(e.actor() == null ? "" : e.actor()),
                ValueCodec.record(e.params(), "params"), ValueCodec.record(e.post(), "post"),
                IntValue.gen((int) e.seq())};
            // normalize() sorts the name array in place: never hand it the shared one.
            return new RecordValue(FIELDS.clone(), values, false).normalize();
        } catch (ValueCodec.UnsupportedValue ex) {
            throw new EventError(e.line(), 0, ex.getMessage());
        }
    }

    /** @return the event's matcher, bound to the event */
    Action matcher(int index) throws EventError {
        OpDefNode def = spec.matchers.get(events.get(index).action());
        return spec.matcher(def, value(index));
    }

    /** Successors by the bound matcher; an evaluation error (e.g. a parameter the matcher needs is missing) is bad input. */
    StateVec successors(int index, Action matcher, TLCState s) throws EventError {
        try {
            return spec.successors(matcher, s);
        } catch (RuntimeException ex) {
            TraceEvent e = events.get(index);
            String msg = ex.getMessage() == null ? ex.toString() : ex.getMessage();
            throw new EventError(e.line(), e.actionColumn(), "evaluating Is" + e.action() + " on this event failed: "
                    + msg.replaceAll("\\s+", " ").strip());
        }
    }
}
