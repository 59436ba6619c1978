package dev.enlightened.validation;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * The outcome of checking one trace: {@link Accepted}, {@link Rejected} at an event, {@link BadInput}, or
 * {@link Failed} (the engine could not finish: out of memory, a crash, a timeout; never the trace's fault). Every
 * variant renders itself for humans ({@link #render()}) and serialises to JSON (the CLI's {@code --json}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "verdict")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Verdict.Accepted.class, name = "ACCEPTED"),
        @JsonSubTypes.Type(value = Verdict.Rejected.class, name = "REJECTED"),
        @JsonSubTypes.Type(value = Verdict.BadInput.class, name = "BAD_INPUT"),
        @JsonSubTypes.Type(value = Verdict.Failed.class, name = "ERROR")})
public sealed interface Verdict permits Verdict.Accepted, Verdict.Rejected, Verdict.BadInput, Verdict.Failed {

    /** @return the trace file, as given */
    String file();

    /** @return a human-readable report, several lines for a rejection */
    default String render() {
        return VerdictRenderer.render(this);
    }

    /**
     * Some behaviour of the spec explains every event, with the invariants holding in every matched state.
     *
     * @param file           the trace
     * @param spec           the trace module
     * @param events         events matched (a final quiescence claim counts as one)
     * @param distinctStates distinct (event index, spec state) pairs explored
     * @param silentSteps    unlogged steps the matched behaviour needed
     * @param millis         search time (wall clock), excluding JVM start and spec parsing
     * @param cpuMillis      CPU time of the search thread (what a loaded machine does not inflate)
     * @param eventsPerSecond events / search time (wall clock)
     * @param warnings       events after which more than one spec state fits (under-logging)
     */
    record Accepted(String file, String spec, int events, long distinctStates, long silentSteps, long millis,
                    long cpuMillis, double eventsPerSecond, List<Ambiguity> warnings) implements Verdict {
    }

    /**
     * No behaviour of the spec explains the trace; {@code seq} is the first event that none could explain.
     *
     * @param file           the trace
     * @param spec           the trace module
     * @param kind           why the deepest matches failed
     * @param seq            the event's sequence number (1-based index)
     * @param line           the event's line in the file
     * @param action         the event's action
     * @param rawEvent       the event line as written
     * @param summary        one line: what went wrong
     * @param matched        the deepest matched spec states (at most a few), each with its diagnosis
     * @param distinctStates distinct (event index, spec state) pairs explored
     * @param millis         search time
     * @param warnings       under-logging warnings met on the way
     */
    record Rejected(String file, String spec, Kind kind, int seq, int line, String action, String rawEvent,
                    String summary, List<MatchedState> matched, long distinctStates, long millis,
                    List<Ambiguity> warnings) implements Verdict {
    }

    /**
     * The trace (or its spec) could not be checked: malformed line, unknown action, missing field, sequence gap,
     * truncated last line, unknown spec, spec parse error.
     *
     * @param file   the trace
     * @param line   1-based line, 0 when not about a line
     * @param column 1-based column, 0 when the whole line is at fault
     * @param reason what is wrong
     */
    record BadInput(String file, int line, int column, String reason) implements Verdict {
    }

    /**
     * The engine could not decide: it ran out of memory or time, or failed internally. Not a verdict on the trace
     * (the CLI exits 3, not 1 or 2).
     *
     * @param file   the trace
     * @param event  the event the search had reached (1-based), 0 when not known
     * @param reason one line naming the cause and what to do, e.g. {@code out of memory at event 1,203,411 with
     *               -Xmx512m: raise --heap}
     */
    record Failed(String file, long event, String reason) implements Verdict {
    }

    /** Why a trace was rejected. */
    enum Kind {
        /** No step of the action the event names leads to a state that fits the event. */
        NO_MATCH,
        /** A Quiescent event claims a party is blocked, but the spec lets it step. */
        QUIESCENCE,
        /** The step fits, but the state it leads to violates an invariant. */
        INVARIANT,
        /** The step fits, but violates an action-level property of the trace config. */
        ACTION_PROPERTY,
        /** With --strict: more than one spec state fits after this event (under-logging). */
        AMBIGUOUS
    }

    /**
     * After event {@code seq}, {@code fitting} distinct spec states fit the trace; they differ in
     * {@code variables}, which the trace should log (in {@code post}) to pin the state down.
     *
     * @param seq       the event
     * @param line      its line
     * @param action    its action
     * @param fitting   how many distinct successor states fit
     * @param variables the spec variables on which they differ
     */
    record Ambiguity(int seq, int line, String action, int fitting, List<String> variables) {
    }

    /**
     * A deepest matched spec state and why the next event does not fit it.
     *
     * @param state      the state, as TLA+ (one {@code /\ var = value} per line)
     * @param reason     for a quiescence, invariant or property failure: what failed, else null
     * @param conjuncts  the event's matcher, conjunct by conjunct, up to the first FALSE one
     * @param candidates the successors the spec allows by the event's action (or by any action when it allows
     *                   none), each diffed against the event
     */
    record MatchedState(String state, String reason, List<Conjunct> conjuncts, List<Candidate> candidates) {
    }

    /**
     * One conjunct of the event's matcher, evaluated in the matched state.
     *
     * @param text     its source text
     * @param location module, line and column
     * @param outcome  TRUE, FALSE (for all candidate successors, when it has primes) or an evaluation error
     * @param detail   for a comparison: the value of each side; else empty
     */
    record Conjunct(String text, String location, String outcome, String detail) {
        /** @return whether this conjunct is the one that failed */
        public boolean failed() {
            return !"TRUE".equals(outcome);
        }
    }

    /**
     * A successor the spec allows, against the event.
     *
     * @param action the spec action and its parameters, e.g. {@code ConsumerTakes(m = 1)}
     * @param fields each field of the event's post-state summary, and each event parameter the action binds
     */
    record Candidate(String action, List<FieldDiff> fields) {
    }

    /**
     * @param field a post-state field ({@code post.x}) or a parameter ({@code params.x})
     * @param trace the value logged
     * @param spec  the value in the spec's successor
     * @param equal whether they agree
     */
    record FieldDiff(String field, String trace, String spec, boolean equal) {
    }
}
