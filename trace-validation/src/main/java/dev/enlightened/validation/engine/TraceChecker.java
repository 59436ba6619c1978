package dev.enlightened.validation.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.enlightened.validation.Verdict;
import dev.enlightened.validation.format.TraceEvent;
import dev.enlightened.validation.format.TraceFormatException;
import dev.enlightened.validation.format.TraceParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tlc2.tool.Action;
import tlc2.tool.TLCState;

/** Checks one trace against a loaded trace module: parse, bind, search, then verdict (and witness). */
final class TraceChecker {
    private static final java.lang.management.ThreadMXBean CPU =
            java.lang.management.ManagementFactory.getThreadMXBean();
    private final SpecSession spec;
    private final boolean strict;
    private final Map<String, JsonNode> constants;
    private final Set<String> viewFields;
    private final Map<String, Long> coverage = new java.util.TreeMap<>();

    /** Frames per chunk of the search stack ({@link TraceSearch#CHUNK} unless a test asks for less). */
    private final int chunk;

    /** Whole states in diagnoses, not only the variables the failing conjunct reads. */
    private final boolean verbose;

    TraceChecker(SpecSession spec, boolean strict, Map<String, JsonNode> constants) {
        this(spec, strict, constants, TraceSearch.CHUNK, false);
    }

    TraceChecker(SpecSession spec, boolean strict, Map<String, JsonNode> constants, int chunk, boolean verbose) {
        this.chunk = chunk;
        this.verbose = verbose;
        this.spec = spec;
        this.strict = strict;
        this.constants = constants;
        this.viewFields = viewFields(spec);
        spec.matchers.keySet().forEach(a -> coverage.put(a, 0L));
        spec.silent.forEach(a -> coverage.put(a.name(), 0L));
    }

    /** @return steps per action in the behaviours of the accepted traces so far (0: no accepted trace used it) */
    Map<String, Long> coverage() {
        return coverage;
    }

    /** @return {@link SpecSession#viewFields}: the fields an event's {@code post} may name, or null */
    static Set<String> viewFields(SpecSession spec) {
        return spec.viewFields();
    }

    /** The search running now, or null: read by {@link #progress} when memory runs out. */
    private volatile TraceSearch running;
    private volatile EventBinder reading;

    /** @return the event the current trace's search had reached (1-based), for an out-of-memory message */
    long progress() {
        TraceSearch s = running;
        if (s != null) {
            return Math.max(0, s.current()) + 1L;
        }
        EventBinder r = reading;
        return r == null ? lastProgress : r.read();
    }

    /** Where the last trace's search stood when it ended (an OutOfMemoryError is reported after the cleanup). */
    private volatile long lastProgress;

    Verdict check(Path file, Path witness) {
        return check(file, witness, EngineProfile.of(false));
    }

    /** As {@link #check(Path, Path)}, charging the main thread's reading of a small (inline) file to "read". */
    Verdict check(Path file, Path witness, EngineProfile profile) {
        String name = file.toString();
        try (EventBinder events = new EventBinder(spec, file, viewFields, constants)) {
            reading = events;
            profile.phase("between traces");
            events.start();
            try {
                events.header();
                profile.phase("read");
                return search(name, events, witness);
            } catch (EventWindow.ReadFailure e) {
                return badInput(name, e.getCause());
            } catch (EventBinder.EventError e) {
                return new Verdict.BadInput(name, e.line, e.column, e.getMessage());
            } catch (SpecSession.LoadError e) {
                return new Verdict.BadInput(name, 1, 0, e.getMessage());
            } catch (IOException e) {
                return new Verdict.BadInput(name, 0, 0, "cannot write the witness: " + e.getMessage());
            } catch (RuntimeException e) {
                // TLC's evaluation errors outside a matcher (Init, Next, an invariant): a header constant of the
                // wrong type that no ASSUME guards, or an event value of the wrong type in the state its matcher
                // made. Named at its line, not a crash of the engine JVM.
                return evaluationFailed(name, events, e);
            }
        } finally {
            lastProgress = progress();
            running = null;
            reading = null;
        }
    }

    private static Verdict badInput(String name, Throwable cause) {
        if (cause instanceof TraceFormatException e) {
            return new Verdict.BadInput(name, e.line(), e.column(), e.reason());
        }
        return new Verdict.BadInput(name, 0, 0, "cannot read: " + cause.getMessage());
    }

    /**
     * A TLC evaluation error while the search stood at an event: blame that event's line, and the field whose
     * value the message quotes when there is one (a string where a number is needed); before any event, the
     * header's constants.
     */
    private Verdict evaluationFailed(String name, EventBinder events, RuntimeException e) {
        String msg = (e.getMessage() == null ? e.toString() : e.getMessage()).replaceAll("\\s+", " ").strip();
        TraceSearch s = running;
        int at = s == null ? -1 : s.current();
        if (at >= 0 && events.has(at)) {
            // The search stood at the state after `at` events and was evaluating event `at` (0-based) on it.
            TraceEvent ev = events.event(at);
            Fields.Blame blame = Fields.blame(ev.raw(), msg);
            return new Verdict.BadInput(name, ev.line(), blame == null ? ev.actionColumn() : blame.column(),
                    (blame == null ? "" : blame.path() + "=" + blame.value() + " has the wrong type: ")
                    + "the spec could not be evaluated on event seq=" + ev.seq() + " (" + ev.action() + "): "
                    + msg);
        }
        return new Verdict.BadInput(name, 1, 0, "the spec could not be evaluated under this trace's header"
                + " constants: " + msg);
    }

    private Verdict search(String name, EventBinder events, Path witness)
            throws EventBinder.EventError, SpecSession.LoadError, IOException {
        long start = System.nanoTime();
        long cpuStart = CPU.getCurrentThreadCpuTime();
        List<Action> invariants = new ArrayList<>(spec.invariants);
        List<String> invariantNames = new ArrayList<>(spec.invariantNames);
        for (String inv : events.header().invariants()) {
            invariants.add(spec.namedPredicate(inv));
            invariantNames.add(inv);
        }
        TraceSearch search = new TraceSearch(spec, events,
                spec.invariantCheck(events.header().invariants(), invariants), chunk);
        running = search;
        TraceSearch.Outcome out = search.run();
        // A defect further down the file is bad input even when the search stopped before it.
        events.drain();
        long millis = (System.nanoTime() - start) / 1_000_000;
        int n = events.size();
        if (out.accepted()) {
            if (strict && !out.ambiguities().isEmpty()) {
                return ambiguous(name, events, out, millis);
            }
            if (witness != null) {
                Witness.write(witness, spec, events, search);
            }
            search.coverage().forEach((a, k) -> coverage.merge(a, k, Long::sum));
            long silent = search.silentSteps();
            double rate = n / Math.max(1e-9, (System.nanoTime() - start) / 1e9);
            long cpu = (CPU.getCurrentThreadCpuTime() - cpuStart) / 1_000_000;
            return new Verdict.Accepted(name, spec.moduleName, n, out.distinct(), silent, millis, cpu, rate,
                    out.ambiguities());
        }
        return rejected(name, events, search, out, invariants, invariantNames, millis);
    }

    private Verdict ambiguous(String name, EventBinder events, TraceSearch.Outcome out, long millis) {
        Verdict.Ambiguity a = out.ambiguities().get(0);
        TraceEvent e = events.event(a.seq() - 1);
        return new Verdict.Rejected(name, spec.moduleName, Verdict.Kind.AMBIGUOUS, a.seq(), a.line(), a.action(),
                e.raw(), a.fitting() + " spec states fit the trace after this event (--strict); they differ in "
                + String.join(", ", a.variables()) + ": log them in post", List.of(), out.distinct(), millis,
                out.ambiguities());
    }

    private Verdict rejected(String name, EventBinder events, TraceSearch search,
                             TraceSearch.Outcome out, List<Action> invariants, List<String> invariantNames,
                             long millis) throws EventBinder.EventError {
        if (out.deepestIndex() < 0) {
            TraceEvent first = events.has(0) ? events.event(0) : null;
            return new Verdict.Rejected(name, spec.moduleName, Verdict.Kind.INVARIANT, 1,
                    first == null ? 1 : first.line(), first == null ? "Init" : first.action(),
                    first == null ? null : first.raw(), "no initial state of the spec satisfies the invariants "
                    + invariantNames, List.of(), out.distinct(), millis, out.ambiguities());
        }
        int index = out.deepestIndex();
        TraceEvent event = events.event(index);
        Diagnoser diagnoser = new Diagnoser(spec, events, search, invariants, invariantNames, verbose);
        List<Verdict.MatchedState> matched = new ArrayList<>();
        Verdict.Kind kind = null;
        for (TLCState s : out.deepest()) {
            Diagnoser.Finding f = diagnoser.diagnose(index, s);
            kind = kind == null ? f.kind() : kind;
            matched.add(f.matched());
        }
        String summary = summary(kind, event, matched);
        return new Verdict.Rejected(name, spec.moduleName, kind, index + 1, event.line(), event.action(), event.raw(),
                summary, matched, out.distinct(), millis, out.ambiguities());
    }

    private static String summary(Verdict.Kind kind, TraceEvent event, List<Verdict.MatchedState> matched) {
        Verdict.MatchedState first = matched.get(0);
        String states = matched.size() + " deepest matched state" + (matched.size() == 1 ? "" : "s");
        switch (kind) {
            case QUIESCENCE, INVARIANT, ACTION_PROPERTY:
                return first.reason().lines().findFirst().orElse("") + " (" + states + ")";
            default:
                for (Verdict.Conjunct c : first.conjuncts()) {
                    if (c.failed()) {
                        return "no step of Is" + event.action() + " fits the " + states + "; first failing conjunct "
                                + c.text() + " at " + c.location() + ": " + c.outcome();
                    }
                }
                return "no step of Is" + event.action() + " fits the " + states;
        }
    }
}
