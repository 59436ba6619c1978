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
import dev.enlightened.validation.engine.compile.Copies;
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
 * quiescent party is declared and every post field is in {@code TraceView}, and turns each event into its TLA+
 * record. The file is read on a thread of its own ({@link #start}), overlapped with the search, and only a bounded
 * window of events is held ({@link EventWindow}): older ones are re-read from the file when the search backtracks
 * to them or a diagnosis shows them. Memory does not grow with the trace.
 */
final class EventBinder implements TraceParser.Sink, AutoCloseable {
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
    /** Parties that already claimed quiescence in this trace (one claim each). */
    private final java.util.Set<String> quiescent = new java.util.HashSet<>();
    private final EventWindow window;
    private volatile TraceHeader header;

    EventBinder(SpecSession spec, Path file, Set<String> viewFields, Map<String, JsonNode> constants) {
        this.spec = spec;
        this.file = file;
        this.viewFields = viewFields;
        this.constants = Map.copyOf(constants);
        this.window = new EventWindow(this, file);
    }

    /** Starts reading the file on the reader thread; {@link #header()} waits for line 1. */
    EventBinder start() {
        window.start();
        return this;
    }

    @Override
    public void close() {
        window.close();
    }

    /** Reads the rest of the file (format checks of lines the search never reached) and fails on a defect. */
    void drain() {
        window.drain();
    }

    /** @return events read so far (the reader may be ahead of the search) */
    int read() {
        return window.received();
    }

    @Override
    public void lineStart(long byteOffset, int lineNo) {
        window.lineStart(byteOffset);
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
        check(e, e.post().fieldNames());
        window.add(slim(e), bound(e));
    }

    /**
     * An event line the scanner read, its params and post already TLA+ values ({@link ValueCodec#VALUES}): the
     * checks and the record of {@link #event(TraceEvent)}, without JSON trees.
     */
    void event(TraceEvent e, Value params, Value post, List<String> postNames) throws TraceFormatException {
        check(e, postNames.iterator());
        window.add(slim(e), record(e, params, post));
    }

    /** A re-read event (already checked when first read): only converted again. */
    void reread(TraceEvent e, EventWindow.Block into) throws TraceFormatException {
        into.add(slim(e), bound(e));
    }

    private Value bound(TraceEvent e) throws TraceFormatException {
        try {
            return record(e);
        } catch (EventError ex) {
            throw new TraceFormatException(file, ex.line, ex.column, ex.getMessage());
        }
    }

    /** The event without its JSON trees; action and actor names shared (they repeat millions of times). */
    private TraceEvent slim(TraceEvent e) {
        String action;
        String actor;
        synchronized (names) {
            action = names.computeIfAbsent(e.action(), a -> a);
            actor = e.actor() == null ? null : names.computeIfAbsent(e.actor(), a -> a);
        }
        return new TraceEvent(e.line(), e.actionColumn(), e.seq(), action, actor, null, null, e.raw());
    }

    /** @param postNames the keys of the event's post object, in the line's order */
    private void check(TraceEvent e, Iterator<String> postNames) throws TraceFormatException {
        if (e.isQuiescent()) {
            if (!spec.parties.containsKey(e.actor())) {
                throw new TraceFormatException(file, e.line(), 0, "Quiescent actor=" + e.actor() + " is no party of "
                        + spec.moduleName + "'s TraceParties (parties: " + String.join(", ", spec.parties.keySet())
                        + ")");
            }
            if (!quiescent.add(e.actor())) {
                throw new TraceFormatException(file, e.line(), 0, "a second Quiescent claim for actor=" + e.actor()
                        + ": a trace ends with at most one per blocked party");
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
        if (viewFields == null && postNames.hasNext()) {
            throw new TraceFormatException(file, e.line(), 0, "the event has post fields but " + spec.moduleName
                    + " defines no TraceView");
        }
        Iterator<String> it = postNames;
        while (it.hasNext()) {
            String f = it.next();
            if (!viewFields.contains(f)) {
                throw new TraceFormatException(file, e.line(), 0, "post field " + f + " is not in " + spec.moduleName
                        + "'s TraceView (fields: " + String.join(", ", viewFields) + ")");
            }
        }
    }

    /** @return line 1, once the reader has checked it (waits for it) */
    TraceHeader header() {
        window.awaitHeader();
        return header;
    }

    Path file() {
        return file;
    }

    /** @return whether the trace has an event at {@code index} (waits for the reader to get that far or end) */
    boolean has(int index) {
        return window.has(index);
    }

    /** @return the number of events; only once {@link #has} returned false for some index */
    int size() {
        return window.size();
    }

    /** @return the event's position, action, actor and raw line (its params and post are not kept) */
    TraceEvent event(int index) {
        return window.event(index);
    }

    /** @return the event with its params and post, re-read from its raw line (for diagnoses) */
    TraceEvent full(int index) throws EventError {
        TraceEvent e = window.event(index);
        try {
            return TraceParser.reparse(file, e.line(), e.seq(), e.raw());
        } catch (TraceFormatException ex) {
            throw new EventError(e.line(), ex.column(), ex.reason());
        }
    }

    /** @return the event as the TLA+ record its matcher receives */
    Value value(int index) {
        return window.value(index);
    }

    /** @return the event's params as JSON (for the witness) */
    JsonNode params(int index) {
        return ValueCodec.toJson(((RecordValue) window.value(index)).select(new StringValue(PARAMS)));
    }

    /** @return {@code [seq, action, actor, params, post]} of the event, as matchers receive it */
    static Value record(TraceEvent e) throws EventError {
        try {
            return record(e, ValueCodec.record(e.params(), "params"), ValueCodec.record(e.post(), "post"));
        } catch (ValueCodec.UnsupportedValue ex) {
            throw new EventError(e.line(), 0, ex.getMessage());
        }
    }

    /** As {@link #record(TraceEvent)}, with params and post already TLA+ records. */
    static Value record(TraceEvent e, Value params, Value post) {
        Value[] values = {
            new StringValue(e.action()), new StringValue(e.actor() == null ? "" : e.actor()), params, post,
            IntValue.gen((int) e.seq())};
        // normalize() sorts the name array in place: never hand it the shared one.
        return new RecordValue(Copies.copy(FIELDS), values, false).normalize();
    }

    /** @return the event's matcher, bound to the event */
    Action matcher(int index) {
        OpDefNode def = spec.matchers.get(window.event(index).action());
        return spec.matcher(def, value(index));
    }

    /** Successors by the bound matcher; an evaluation error (e.g. a missing parameter) is bad input. */
    StateVec successors(int index, Action matcher, TLCState s) throws EventError {
        try {
            spec.fieldReads.begin();
            StateVec next = spec.successors(matcher, s);
            if (next.size() > 0) {
                String unread = spec.fieldReads.unread(window.event(index).action(), value(index));
                if (unread != null) {
                    TraceEvent e = window.event(index);
                    throw new EventError(e.line(), e.actionColumn(), unread);
                }
            }
            return next;
        } catch (RuntimeException ex) {
            TraceEvent e = window.event(index);
            String msg = (ex.getMessage() == null ? ex.toString() : ex.getMessage()).replaceAll("\\s+", " ").strip();
            // Point at the field whose value TLC quotes (a string where a number is needed), else the action.
            Fields.Blame blame = Fields.blame(e.raw(), msg);
            if (blame != null) {
                throw new EventError(e.line(), blame.column(), blame.path() + "=" + blame.value() + " has the "
                        + "wrong type for Is" + e.action() + ": " + msg);
            }
            throw new EventError(e.line(), e.actionColumn(), "evaluating Is" + e.action() + " on this event failed: "
                    + msg);
        }
    }
}
