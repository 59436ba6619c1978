package dev.enlightened.validation.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.enlightened.validation.Verdict;
import dev.enlightened.validation.format.TraceEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tlc2.tool.Action;
import tlc2.tool.StateVec;
import tlc2.tool.TLCState;
import tlc2.value.impl.Value;

/**
 * Online validation: one trace module parsed once, then any number of runs whose events are fed one at a time as
 * the implementation produces them (an explorer's schedules), without a trace file. Each run keeps the set of spec
 * states that fit all its events so far (the frontier; the offline {@link TraceSearch} finds a path through the same
 * states depth-first), so a run is rejected at the first event that no frontier state admits, and
 * {@link Run#stateKey()} names the matched spec state(s) for pruning. A rejected run is diagnosed by the offline
 * checker on its written trace ({@link #check}), so its verdict is exactly what {@code validate} prints. One per
 * JVM (TLC's statics allow no second spec).
 */
public final class OnlineSession {
    private final SpecSession spec;
    private final Map<String, JsonNode> constants;
    private final List<Action> invariants;
    private final LongSet reached = new LongSet(1 << 16);
    /** The states {@link #startRecording} collects, or null. */
    private LongSet recording;
    /** The spec states reached, by fingerprint, when asked to keep them ({@link #keepStates}); else null. */
    private Map<Long, TLCState> kept;
    /**
     * Fingerprints of states where every invariant was found to hold (a state's invariants depend on the state
     * alone, so each distinct state is evaluated once per session, however many runs and events reach it; TLC keys
     * its own state table by the same 64-bit fingerprints). Bounded: cleared at {@link #MEMO_LIMIT} entries x 4.
     */
    private LongSet invariantsHold = new LongSet(1 << 12);
    private final Map<String, Long> coverage = new TreeMap<>();
    private TraceChecker checker;
    private List<Step> inits;
    /**
     * The matches already computed: (frontier, event) to the next frontier. The next frontier is a function of the
     * frontier's states and the event alone (the search below reads nothing else), so an explorer's schedules, which
     * reach the same spec states with the same events over and over in different interleavings, validate each such
     * pair once. Keyed by the frontier's 64-bit fingerprint digest (as TLC's own state table is keyed by 64-bit
     * fingerprints) and the event's content compared in full. Bounded: cleared when it reaches {@link #MEMO_LIMIT}.
     */
    private final Map<MemoKey, Transition> memo = new java.util.HashMap<>();
    private long memoHits;
    private long memoMisses;
    /** Entries the match memo may hold before it is cleared (bounds memory: an entry holds a few spec states). */
    static final int MEMO_LIMIT = 1 << 18;

    private record MemoKey(long frontier, String actor, String action, JsonNode params, JsonNode post) {
    }

    /** A computed match: the next frontier (empty with a reason if rejected) and the coverage it added. */
    /**
     * A computed match: the frontier after the event, its key, the rejection or null, the actions taken, and the states
     * of the silent steps on the paths that matched (a gap's states: the spec behaviour the run was matched with
     * passes through them, so they count as reached, as their silent actions count as covered).
     */
    private record Transition(List<Step> frontier, long key, String rejection, Map<String, Long> coverage,
                              List<Step> gap) {
        Transition(List<Step> frontier, long key, String rejection, Map<String, Long> coverage) {
            this(frontier, key, rejection, coverage, List.of());
        }
    }

    private OnlineSession(SpecSession spec, Map<String, JsonNode> constants) {
        this.spec = spec;
        this.constants = constants;
        this.invariants = new ArrayList<>(spec.invariants);
        spec.matchers.keySet().forEach(a -> coverage.put(a, 0L));
        spec.silent.forEach(a -> coverage.put(a.name(), 0L));
    }

    /** The module cannot be loaded under these constants; the message is one line. */
    public static final class LoadException extends Exception {
        private static final long serialVersionUID = 1L;

        LoadException(String message) {
            super(message);
        }
    }

    /**
     * Parses the trace module once.
     *
     * @param module    the {@code Trace<Spec>.tla} file (its .cfg next to it)
     * @param library   directories of extended modules
     * @param constants the runs' header constants (every run of a session shares them)
     * @param workDir   where the effective config is written
     * @return the session
     * @throws LoadException naming what is wrong
     */
    public static OnlineSession open(Path module, List<Path> library, Map<String, JsonNode> constants, Path workDir)
            throws LoadException {
        try {
            // The module's header declaration decides which constants a run may set, as for a trace file.
            String name = module.getFileName().toString().replace(".tla", "");
            dev.enlightened.validation.policy.HeaderPolicy.forModule(module).check(module,
                    new dev.enlightened.validation.format.TraceHeader(
                            dev.enlightened.validation.format.TraceHeader.FORMAT, name, constants, List.of(), null,
                            "online session"));
            return new OnlineSession(SpecSession.load(module, library, constants, workDir), Map.copyOf(constants));
        } catch (SpecSession.LoadError | dev.enlightened.validation.policy.HeaderPolicy.DeclarationError e) {
            throw new LoadException(e.getMessage());
        } catch (dev.enlightened.validation.format.TraceFormatException e) {
            throw new LoadException("the run's constants are outside " + module.getFileName() + "'s header "
                    + "declaration: " + e.reason());
        }
    }

    /** @return the module's name */
    public String moduleName() {
        return spec.moduleName;
    }

    /** @return a new run, in the spec's initial states */
    public Run begin() {
        if (inits == null) {
            inits = new ArrayList<>();
            StateVec v = spec.tool.initStates();
            TraceSearch probe = new TraceSearch(spec, null, invariants, TraceSearch.CHUNK);
            for (int i = 0; i < v.size(); i++) {
                TLCState s = v.elementAt(i);
                if (probe.holdsInvariants(s) && probe.holdsImpliedInits(s)) {
                    inits.add(new Step(s, "Init", false, null, spec.fingerprints.of(s)));
                }
            }
            inits.forEach(s -> reached.add(s.fp()));
        }
        if (kept != null) {
            inits.forEach(s -> kept.putIfAbsent(s.fp(), s.state()));
        }
        if (recording != null) {
            inits.forEach(s -> recording.add(s.fp()));
        }
        return new Run(inits);
    }

    /** @return events whose match came from the memo (the same frontier and event seen before) */
    public long memoHits() {
        return memoHits;
    }

    /** @return events matched by searching the spec (a new (frontier, event) pair) */
    public long memoMisses() {
        return memoMisses;
    }

    /**
     * Forgets every computed match (the memo), so that the next runs search the spec again: a throughput measurement
     * compares online and offline on the same events, each starting cold.
     */
    public void forgetMatches() {
        memo.clear();
    }

    /**
     * @return distinct spec states that some run's matched behaviour passed through, over the whole session: the
     *         frontiers after each event and the states of the silent steps on the paths that matched
     */
    public long distinctStates() {
        return reached.size();
    }

    /**
     * Starts collecting, apart from the session's own count, every spec state that a run's frontier holds from now on
     * (matches remembered from earlier runs included), so that two explorations of one session can be compared state
     * by state ({@code explore --compare-pruning}).
     */
    public void startRecording() {
        recording = new LongSet(1 << 12); // the initial states are added by the next begin()
    }

    /** @return the fingerprints of the spec states collected since {@link #startRecording}, sorted; stops collecting */
    public long[] stopRecording() {
        long[] out = recording == null ? new long[0] : recording.toArray();
        recording = null;
        Arrays.sort(out);
        return out;
    }

    /**
     * Keeps every spec state reached from now on (a computed match's frontier and gap states, the initial states), so
     * that the set can be printed and compared with TLC's own state dump ({@code explore --dump-reached}). Call it
     * before the first run: a match remembered from before is not searched again, so its states would not be kept.
     */
    public void keepStates() {
        kept = new java.util.LinkedHashMap<>();
    }

    /** @return the states kept since {@link #keepStates}, each as TLC prints a state ({@code /\ var = value} lines) */
    public List<String> keptStates() {
        List<String> out = new ArrayList<>();
        if (kept != null) {
            kept.values().forEach(st -> out.add(st.toString()));
        }
        return out;
    }

    /** @return per action of the module (logged and silent): steps taken in the frontiers of all runs */
    public Map<String, Long> coverage() {
        return coverage;
    }

    /**
     * Checks a written trace offline in this session (same spec, same constants): the verdict {@code validate}
     * gives, with its diagnosis.
     */
    public Verdict check(Path trace) {
        if (checker == null) {
            checker = new TraceChecker(spec, false, constants);
        }
        return checker.check(trace, null);
    }

    /** @return a digest of the frontier's fingerprints (order-independent): equal frontiers, equal keys */
    private static long keyOf(List<Step> frontier) {
        long[] fps = new long[frontier.size()];
        for (int i = 0; i < fps.length; i++) {
            fps[i] = frontier.get(i).fp();
        }
        Arrays.sort(fps);
        long h = 0x2545F4914F6CDD1DL;
        for (long fp : fps) {
            h = LongSet.mix(h ^ fp);
        }
        return h;
    }

    /** A run's position after some events (immutable: frontiers are never changed in place). */
    public static final class Mark {
        private final List<Step> frontier;
        private final long key;
        private final int events;
        private final String rejection;

        private Mark(List<Step> frontier, long key, int events, String rejection) {
            this.frontier = frontier;
            this.key = key;
            this.events = events;
            this.rejection = rejection;
        }

        /** @return events fed up to this position */
        public int events() {
            return events;
        }
    }

    /** One run: its frontier after the events fed so far. */
    public final class Run {
        private List<Step> frontier;
        /** {@link #keyOf} of the frontier, kept with it. */
        private long key;
        private int events;
        private String rejection;
        /** Coverage added by the event being matched (kept with its memo entry). */
        private Map<String, Long> delta;
        /** The states of the silent steps on the paths the event in {@link #compute} matched from. */
        private List<Step> gapStates;
        private final TraceSearch probe = new TraceSearch(spec, null, invariants, TraceSearch.CHUNK);

        private Run(List<Step> inits) {
            this.frontier = inits;
            this.key = keyOf(inits);
        }

        /**
         * @return this run's position (frontier, events fed): a re-executed prefix of a schedule produces the same
         *         events, so an explorer can restore the position instead of validating them again
         */
        public Mark mark() {
            return new Mark(frontier, key, events, rejection);
        }

        /** Puts the run back at a position taken (by this or an earlier run) after the same events. */
        public void restore(Mark m) {
            this.frontier = m.frontier;
            this.key = m.key;
            this.events = m.events;
            this.rejection = m.rejection;
        }

        /** @return true once an event was rejected (the run should be abandoned) */
        public boolean rejected() {
            return rejection != null;
        }

        /** @return why the run was rejected (a short line; {@link #check} gives the full verdict), or null */
        public String rejection() {
            return rejection;
        }

        /** @return events fed */
        public int events() {
            return events;
        }

        /** @return how many spec states fit every event so far */
        public int frontierSize() {
            return frontier.size();
        }

        /** @return a digest of the frontier's fingerprints (order-independent): equal frontiers, equal keys */
        public long stateKey() {
            return key;
        }

        /**
         * Feeds the run's next event.
         *
         * @param actor  the event's actor
         * @param action the spec action it names, or Quiescent
         * @param params its params (an object)
         * @param post   its post fields (an object, may be empty)
         * @return false if no spec state fits it (the run is rejected from here on)
         */
        public boolean feed(String actor, String action, ObjectNode params, ObjectNode post) {
            if (rejection != null) {
                return false;
            }
            events++;
            if (!TraceEvent.QUIESCENT.equals(action) && !spec.matchers.containsKey(action)) {
                rejection = "event " + events + ": " + spec.moduleName + " has no matcher Is" + action;
                frontier = List.of();
                key = keyOf(frontier);
                return false;
            }
            ObjectNode postNode = post == null ? JsonNodeFactory.instance.objectNode() : post;
            MemoKey mk = new MemoKey(key, actor, action, params, postNode);
            Transition t = memo.get(mk);
            if (t != null) {
                memoHits++;
                t.coverage().forEach((a, n) -> coverage.merge(a, n, Long::sum));
            } else {
                memoMisses++;
                t = compute(actor, action, params, postNode);
                if (memo.size() >= MEMO_LIMIT) {
                    memo.clear();
                }
                memo.put(mk, t);
            }
            frontier = t.frontier();
            key = t.key();
            if (recording != null) {
                for (Step s : frontier) {
                    recording.add(s.fp());
                }
                for (Step s : t.gap()) {
                    recording.add(s.fp());
                }
            }
            if (t.rejection() != null) {
                rejection = "event " + events + t.rejection();
                return false;
            }
            return true;
        }

        /** Matches one event from the frontier by searching the spec. */
        private Transition compute(String actor, String action, ObjectNode params, ObjectNode post) {
            TraceEvent e = new TraceEvent(events + 1, 0, events, action, actor, params, post, null);
            delta = new java.util.HashMap<>();
            gapStates = new ArrayList<>();
            List<Step> next;
            try {
                // As EventBinder.check offline: the actor must own the action, a Quiescent's waitingFor be one
                // TraceWaitingFor lists (a non-party Quiescent is refused by quiescent() below).
                String badActor = TraceEvent.QUIESCENT.equals(action) && !spec.parties.containsKey(actor) ? null
                        : spec.fieldReads.badActor(e, spec.parties);
                if (badActor != null) {
                    return new Transition(List.of(), keyOf(List.of()), " (" + action + ") is bad input: " + badActor,
                            Map.of());
                }
                next = TraceEvent.QUIESCENT.equals(action) ? quiescent(actor) : match(e);
            } catch (EventBinder.EventError ex) {
                return new Transition(List.of(), keyOf(List.of()), " (" + action + ") is bad input: "
                        + ex.getMessage(), Map.of());
            } catch (RuntimeException ex) {
                return new Transition(List.of(), keyOf(List.of()), " (" + action + ") cannot be evaluated: "
                        + ex.getMessage(), Map.of());
            }
            if (next.isEmpty()) {
                return new Transition(next, keyOf(next), " (" + action + " by " + actor + ") fits no spec state",
                        Map.copyOf(delta));
            }
            for (Step s : next) {
                reached.add(s.fp());
                if (kept != null) {
                    kept.putIfAbsent(s.fp(), s.state());
                }
            }
            for (Step s : gapStates) {
                reached.add(s.fp());
                if (kept != null) {
                    kept.putIfAbsent(s.fp(), s.state());
                }
            }
            return new Transition(List.copyOf(next), keyOf(next), null, Map.copyOf(delta), List.copyOf(gapStates));
        }

        private List<Step> quiescent(String actor) {
            if (!spec.parties.containsKey(actor)) {
                throw new IllegalArgumentException("Quiescent actor=" + actor + " is no party of " + spec.moduleName);
            }
            List<Step> out = new ArrayList<>();
            for (Step s : frontier) {
                if (Quiescence.enabledStep(spec, actor, s.state()) == null) {
                    out.add(new Step(s.state(), TraceEvent.QUIESCENT, false, null, s.fp()));
                }
            }
            return out;
        }

        private List<Step> match(TraceEvent e) throws EventBinder.EventError {
            Value record = EventBinder.record(e);
            Action matcher = spec.matcher(spec.matchers.get(e.action()), record);
            LongSet fps = new LongSet(16);
            List<Step> out = new ArrayList<>(2);
            List<Step> level = frontier;
            LongSet gapSeen = null;
            while (!level.isEmpty()) {
                for (Step u : level) {
                    // As EventBinder.successors offline: every logged field is read on a step that matches.
                    spec.fieldReads.begin();
                    StateVec succ = spec.successors(matcher, u.state());
                    String unread = succ.size() > 0 ? spec.fieldReads.unread(e.action(), record) : null;
                    if (unread != null) {
                        throw new EventBinder.EventError(e.line(), e.actionColumn(), unread);
                    }
                    for (int i = 0; i < succ.size(); i++) {
                        TLCState t = succ.elementAt(i);
                        long fp = spec.fingerprints.of(t, u.state(), u.fp());
                        // The silent states before u are checked here, not when the gap reached them: most gap
                        // states lead to no match, and only a path's states must hold the invariants. Once they
                        // hold, u holds every invariant (a frontier state, or a gap state just checked), so t is
                        // checked as offline: only the conjuncts that read a variable the step changed.
                        if (!fps.contains(fp) && gapHolds(u) && holdsAfter(u.state(), t, fp)
                                && probe.holdsActionProperties(u.state(), t)) {
                            fps.add(fp);
                            out.add(new Step(t, e.action(), false, null, fp));
                            cover(u, e.action());
                        }
                    }
                }
                if (spec.silent.isEmpty()) {
                    break;
                }
                // Silent steps may fill the gap before this event, up to each silent action's bound (as offline).
                if (gapSeen == null) {
                    gapSeen = new LongSet(16);
                    for (Step u : level) {
                        gapSeen.add(u.fp());
                    }
                }
                // A gap state's invariants are checked when it is expanded or a match goes through it (gapHolds).
                // The frontier's steps are not silent and have no step before them, so a gap's first silent step
                // links to its frontier state and counts no silent step before it.
                level = Gaps.expand(spec, level, gapSeen, (s, t) -> true, this::gapHolds);
            }
            return out;
        }

        /**
         * @param s a state in which every invariant holds
         * @param t its successor, with fingerprint {@code fp}
         * @return whether every invariant holds in {@code t} (evaluating only the conjuncts that read a variable the
         *         step changed, remembered per session: issue 15, evaluating them all was 18% of online validation)
         */
        private boolean holdsAfter(TLCState s, TLCState t, long fp) {
            if (invariantsHold.contains(fp)) {
                return true;
            }
            if (!probe.holdsInvariantsAfter(s, t)) {
                return false;
            }
            if (invariantsHold.size() >= 4 * MEMO_LIMIT) {
                invariantsHold = new LongSet(1 << 12);
            }
            invariantsHold.add(fp);
            return true;
        }

        /**
         * @return whether the invariants hold in every silent state of the gap that ends in {@code u}, each checked
         *         after the state before it (the gap's first state is a frontier state, where they all hold)
         */
        private boolean gapHolds(Step u) {
            if (!u.silent()) {
                return true;
            }
            Step before = u.before();
            return gapHolds(before) && holdsAfter(before.state(), u.state(), u.fp());
        }

        private void cover(Step source, String action) {
            coverage.merge(action, 1L, Long::sum);
            delta.merge(action, 1L, Long::sum);
            for (Step s = source; s != null; s = s.before()) {
                if (s.silent()) {
                    coverage.merge(s.action(), 1L, Long::sum);
                    delta.merge(s.action(), 1L, Long::sum);
                    gapStates.add(s); // the state this silent step reached, on a path that matched
                }
            }
        }
    }
}
