package dev.enlightened.validation.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.enlightened.validation.format.TraceEvent;
import dev.enlightened.validation.format.TraceFormatException;
import dev.enlightened.validation.format.TraceHeader;
import dev.enlightened.validation.format.TraceParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tla2sany.semantic.OpDefNode;
import tlc2.tool.Action;
import tlc2.tool.StateVec;
import tlc2.tool.TLCState;
import tlc2.value.impl.IntValue;
import tlc2.value.impl.RecordValue;
import tlc2.value.impl.StringValue;
import tlc2.value.impl.Value;
import util.UniqueString;

/**
 * Binds trace events to the trace module while the trace is read: checks that every action has a matcher, every
 * quiescent party is declared and every post field is in {@code TraceView}, and keeps each event only as its
 * TLA+ record and raw line (JSON trees of millions of events would dominate the heap and the GC).
 */
final class EventBinder implements TraceParser.Sink {
    private static final UniqueString[] FIELDS = {
        UniqueString.uniqueStringOf("action"), UniqueString.uniqueStringOf("actor"),
        UniqueString.uniqueStringOf("params"), UniqueString.uniqueStringOf("post"),
        UniqueString.uniqueStringOf("seq")};
    private static final UniqueString PARAMS = FIELDS[2];

    /** An event the module cannot evaluate: reported as bad input at its line and column. */
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
    private final Path file;
    private final Set<String> viewFields;
    private final Map<String, Object> constants;
    private final Map<String, String> names = new HashMap<>();
    private final List<TraceEvent> events = new ArrayList<>();
    private final List<Value> records = new ArrayList<>();
    private TraceHeader header;

    EventBinder(SpecSession spec, Path file, Set<String> viewFields, Map<String, JsonNode> constants) {
        this.spec = spec;
        this.file = file;
        this.viewFields = viewFields;
        this.constants = Map.copyOf(constants);
    }

    @Override
    public void header(TraceHeader h) throws TraceFormatException {
        if (!h.spec().equals(spec.moduleName)) {
            throw new TraceFormatException(file, 1, 0, "header spec=" + h.spec() + " but this batch checks "
                    + spec.moduleName);
        }
        if (!constants.equals(Map.copyOf(h.constants()))) {
            throw new TraceFormatException(file, 1, 0, "header constants " + h.constants() + " differ from this "
                    + "batch's " + constants + "; validate it in its own batch");
        }
        this.header = h;
    }

    @Override
    public void event(TraceEvent e) throws TraceFormatException {
        check(e);
        try {
            records.add(record(e));
        } catch (EventError ex) {
            throw new TraceFormatException(file, ex.line, ex.column, ex.getMessage());
        }
        String action = names.computeIfAbsent(e.action(), a -> a);
        String actor = e.actor() == null ? null : names.computeIfAbsent(e.actor(), a -> a);
        events.add(new TraceEvent(e.line(), e.actionColumn(), e.seq(), action, actor, null, null, e.raw()));
    }

    private void check(TraceEvent e) throws TraceFormatException {
        if (e.isQuiescent()) {
            if (!spec.parties.containsKey(e.actor())) {
                throw new TraceFormatException(file, e.line(), 0, "Quiescent actor=" + e.actor() + " is no party of "
                        + spec.moduleName + "'s TraceParties (parties: " + String.join(", ", spec.parties.keySet())
                        + ")");
            }
            String waiting = spec.fieldReads.badActor(e, spec.parties);
            if (waiting != null) {
                throw new TraceFormatException(file, e.line(), 0, waiting);
            }
            return;
        }
        if (!spec.matchers.containsKey(e.action())) {
            throw new TraceFormatException(file, e.line(), e.actionColumn(), "unknown action=" + e.action() + ": "
                    + spec.moduleName + " has no matcher Is" + e.action() + " (events: "
                    + String.join(", ", spec.matchers.keySet()) + ")");
        }
        String actor = spec.fieldReads.badActor(e, spec.parties);
        if (actor != null) {
            throw new TraceFormatException(file, e.line(), 0, actor);
        }
        if (viewFields == null && e.post().size() > 0) {
            throw new TraceFormatException(file, e.line(), 0, "the event has post fields but " + spec.moduleName
                    + " defines no TraceView");
        }
        Iterator<String> it = e.post().fieldNames();
        while (it.hasNext()) {
            String f = it.next();
            if (!viewFields.contains(f)) {
                throw new TraceFormatException(file, e.line(), 0, "post field " + f + " is not in " + spec.moduleName
                        + "'s TraceView (fields: " + String.join(", ", viewFields) + ")");
            }
        }
    }

    TraceHeader header() {
        return header;
    }

    Path file() {
        return file;
    }

    int size() {
        return events.size();
    }

    /** @return the event's position, action, actor and raw line (its params and post are not kept) */
    TraceEvent event(int index) {
        return events.get(index);
    }

    /** @return the event with its params and post, re-read from its raw line (for diagnoses) */
    TraceEvent full(int index) throws EventError {
        TraceEvent e = events.get(index);
        try {
            return TraceParser.reparse(file, e.line(), e.seq(), e.raw());
        } catch (TraceFormatException ex) {
            throw new EventError(e.line(), ex.column(), ex.reason());
        }
    }

    /** @return the event as the TLA+ record its matcher receives */
    Value value(int index) {
        return records.get(index);
    }

    /** @return the event's params as JSON (for the witness) */
    JsonNode params(int index) {
        return ValueCodec.toJson(((RecordValue) records.get(index)).select(new StringValue(PARAMS)));
    }

    /** @return {@code [seq, action, actor, params, post]} of the event, as matchers receive it */
    static Value record(TraceEvent e) throws EventError {
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
    Action matcher(int index) {
        OpDefNode def = spec.matchers.get(events.get(index).action());
        return spec.matcher(def, value(index));
    }

    /** Successors by the bound matcher; an evaluation error (e.g. a missing parameter) is bad input. */
    StateVec successors(int index, Action matcher, TLCState s) throws EventError {
        try {
            spec.fieldReads.begin();
            StateVec next = spec.successors(matcher, s);
            if (next.size() > 0) {
                String unread = spec.fieldReads.unread(events.get(index).action(), value(index));
                if (unread != null) {
                    TraceEvent e = events.get(index);
                    throw new EventError(e.line(), e.actionColumn(), unread);
                }
            }
            return next;
        } catch (RuntimeException ex) {
            TraceEvent e = events.get(index);
            String msg = ex.getMessage() == null ? ex.toString() : ex.getMessage();
            throw new EventError(e.line(), e.actionColumn(), "evaluating Is" + e.action() + " on this event failed: "
                    + msg.replaceAll("\\s+", " ").strip());
        }
    }
}
