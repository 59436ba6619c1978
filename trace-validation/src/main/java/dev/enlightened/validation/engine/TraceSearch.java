package dev.enlightened.validation.engine;

import dev.enlightened.validation.Verdict;
import dev.enlightened.validation.format.TraceEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tlc2.tool.Action;
import tlc2.tool.StateVec;
import tlc2.tool.TLCState;

/**
 * Depth-first search over (event index, spec state): from each matched state it tries the states that fit the next
 * event, fewest silent steps first, and backtracks when none leads further. Each (index, state) pair is explored at
 * most once (memoised by fingerprint), so the search is linear in the pairs it meets: one per event for a fully
 * logged deterministic trace.
 */
final class TraceSearch {
    /** Deepest matched states kept for the diagnosis. */
    static final int DEEPEST_KEPT = 3;

    private final SpecSession spec;
    private final EventBinder events;
    private final List<Action> invariants;
    private final LongSet visited = new LongSet();
    private final Map<Integer, Verdict.Ambiguity> ambiguities = new TreeMap<>();
    private int deepestIndex = -1;
    private final List<TLCState> deepest = new ArrayList<>();

    /** The outcome: the matched path when accepted, else the deepest states reached. */
    record Outcome(boolean accepted, List<Step> path, int deepestIndex, List<TLCState> deepest, long distinct,
                   List<Verdict.Ambiguity> ambiguities) {
    }

    /** A search frame: the state after {@code index} events, and the candidates for event {@code index + 1}. */
    private static final class Frame {
        final int index;
        final Step step;
        final Candidates next;

        Frame(int index, Step step, Candidates next) {
            this.index = index;
            this.step = step;
            this.next = next;
        }
    }

    TraceSearch(SpecSession spec, EventBinder events, List<Action> invariants) {
        this.spec = spec;
        this.events = events;
        this.invariants = invariants;
    }

    Outcome run() throws EventBinder.EventError {
        int n = events.size();
        Deque<Frame> stack = new ArrayDeque<>();
        Candidates inits = new InitCandidates();
        Frame root = new Frame(-1, null, inits);
        stack.push(root);
        while (!stack.isEmpty()) {
            Frame f = stack.peek();
            if (f.index == n) {
                return new Outcome(true, path(stack), n, List.of(), visited.size(), List.copyOf(ambiguities.values()));
            }
            Step c = f.next.next();
            if (c == null) {
                stack.pop();
                continue;
            }
            int index = f.index + 1;
            if (!visited.add(LongSet.key(index, c.fp()))) {
                continue;
            }
            if (index > deepestIndex) {
                deepestIndex = index;
                deepest.clear();
            }
            if (index == deepestIndex && deepest.size() < DEEPEST_KEPT) {
                deepest.add(c.state());
            }
            Candidates next = index < n ? candidates(index, c) : Candidates.NONE;
            stack.push(new Frame(index, c, next));
        }
        return new Outcome(false, List.of(), deepestIndex, List.copyOf(deepest), visited.size(),
                List.copyOf(ambiguities.values()));
    }

    private static List<Step> path(Deque<Frame> stack) {
        List<Step> path = new ArrayList<>();
        stack.descendingIterator().forEachRemaining(f -> {
            if (f.step != null) {
                path.add(f.step);
            }
        });
        return path;
    }

    /** Candidates for event {@code index + 1} (0-based {@code index}) from the state {@code from}. */
    private Candidates candidates(int index, Step from) throws EventBinder.EventError {
        TraceEvent event = events.event(index);
        if (event.isQuiescent()) {
            return new QuiescenceCandidate(event, from);
        }
        return new MatchCandidates(index, from.state(), from.fp());
    }

    /** A lazily produced list of candidate steps. */
    interface Candidates {
        Candidates NONE = () -> null;

        /** @return the next candidate, or null when exhausted */
        Step next() throws EventBinder.EventError;
    }

    private final class InitCandidates implements Candidates {
        private StateVec inits;
        private int i;

        @Override
        public Step next() {
            if (inits == null) {
                inits = spec.tool.getInitStates();
            }
            while (i < inits.size()) {
                TLCState s = inits.elementAt(i++);
                if (holdsInvariants(s) && holdsImpliedInits(s)) {
                    return new Step(s, "Init", false, null, s.fingerPrint());
                }
            }
            return null;
        }
    }

    /** A Quiescent event fits the state it follows iff the party cannot step, even after silent steps. */
    private final class QuiescenceCandidate implements Candidates {
        private final TraceEvent event;
        private Step from;

        QuiescenceCandidate(TraceEvent event, Step from) {
            this.event = event;
            this.from = from;
        }

        @Override
        public Step next() {
            Step f = from;
            from = null;
            if (f == null || Quiescence.enabledStep(spec, event.actor(), f.state()) != null) {
                return null;
            }
            return new Step(f.state(), TraceEvent.QUIESCENT, false, null, f.fp());
        }
    }

    /**
     * The states that fit event {@code index + 1}: first by the event's action alone, then after one silent
     * step, then two, up to the declared bounds (iterative deepening per gap).
     */
    private final class MatchCandidates implements Candidates {
        private final int index;
        private final Step from;
        private ArrayDeque<Step> batch;
        private List<Step> frontier;
        private LongSet seen;

        MatchCandidates(int index, TLCState from, long fp) {
            this.index = index;
            this.from = new Step(from, "", false, null, fp);
        }

        @Override
        public Step next() throws EventBinder.EventError {
            while (batch == null || batch.isEmpty()) {
                if (batch != null) {
                    // Depth exhausted: one more silent step (allocated only now: most frames never get here).
                    if (spec.silent.isEmpty()) {
                        return null;
                    }
                    if (frontier == null) {
                        frontier = List.of(from);
                        seen = new LongSet(16);
                        seen.add(from.fp());
                    }
                    frontier = Gaps.expand(spec, frontier, seen, TraceSearch.this::holdsInvariants);
                    if (frontier.isEmpty()) {
                        return null;
                    }
                }
                match(frontier == null ? List.of(from) : frontier);
            }
            return batch.poll();
        }

        private void match(List<Step> sources) throws EventBinder.EventError {
            batch = new ArrayDeque<>(2);
            TraceEvent event = events.event(index);
            Action a = events.matcher(index);
            LongSet fps = null;
            List<TLCState> fitting = null;
            for (Step u : sources) {
                StateVec succ = events.successors(index, a, u.state());
                for (int i = 0; i < succ.size(); i++) {
                    TLCState t = succ.elementAt(i);
                    long fp = t.fingerPrint();
                    if (succ.size() > 1 || sources.size() > 1) {
                        fps = fps == null ? new LongSet(8) : fps;
                        if (!fps.add(fp)) {
                            continue;
                        }
                    }
                    if (holdsInvariants(t) && holdsActionProperties(u.state(), t)) {
                        fitting = fitting == null ? new ArrayList<>(2) : fitting;
                        fitting.add(t);
                        batch.add(new Step(t, event.action(), false, u.action().isEmpty() ? null : u, fp));
                    }
                }
            }
            if (fitting != null && fitting.size() > 1 && !ambiguities.containsKey(index + 1)) {
                ambiguities.put(index + 1, new Verdict.Ambiguity(index + 1, event.line(), event.action(),
                        fitting.size(), Gaps.differingVariables(spec, fitting)));
            }
        }
    }

    boolean holdsInvariants(TLCState s) {
        for (Action inv : invariants) {
            if (!spec.tool.isValid(inv, s)) {
                return false;
            }
        }
        return true;
    }

    /** The initial-state part of PROPERTY formulas (e.g. a refinement's Init). */
    boolean holdsImpliedInits(TLCState s) {
        for (Action p : spec.tool.getImpliedInits()) {
            if (!spec.tool.isValid(p, s)) {
                return false;
            }
        }
        return true;
    }

    boolean holdsActionProperties(TLCState s, TLCState t) {
        for (Action p : spec.impliedActions) {
            if (!spec.tool.isValid(p, s, t)) {
                return false;
            }
        }
        return true;
    }
}
