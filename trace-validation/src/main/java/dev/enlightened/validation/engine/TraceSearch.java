package dev.enlightened.validation.engine;

import dev.enlightened.validation.Verdict;
import dev.enlightened.validation.format.TraceEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tlc2.tool.Action;
import tlc2.tool.StateVec;
import tlc2.tool.TLCState;

/**
 * Depth-first search over (event index, spec state): from each matched state it tries the states that fit the next
 * event, fewest silent steps first, and backtracks when none leads further. Each (index, state) pair is explored at
 * most once while its memo is kept, so the search is linear in the pairs it meets: one per event for a fully
 * logged deterministic trace.
 *
 * <p>Memory does not grow with the trace beyond 8 bytes per event. The search stack is cut into chunks of
 * {@link #CHUNK} frames; only the top {@link #FULL_CHUNKS} chunks keep their frames (state and candidate
 * iterator). Below them a chunk is thinned to its first step (a checkpoint) and the fingerprint of each state on
 * the path; when backtracking reaches a thinned chunk, its frames are rebuilt by replaying the chunk's events from
 * the checkpoint, choosing at each event the successor with the recorded fingerprint (successor order is
 * deterministic, so the replayed iterator stands exactly where the original stood). The memo of (index, state)
 * pairs is kept for the full chunks and {@link #MEMO_CHUNKS} chunks below them: losing an older entry can only
 * cost re-exploring a pair, never a wrong verdict.
 */
final class TraceSearch {
    /** Deepest matched states kept for the diagnosis. */
    static final int DEEPEST_KEPT = 3;
    /** Frames per chunk of the search stack, by default. */
    static final int CHUNK = 1024;
    /** Chunks at the top of the stack that keep their frames. */
    static final int FULL_CHUNKS = 4;
    /** Chunks below the full ones whose memo entries are kept. */
    static final int MEMO_CHUNKS = 8;

    private final SpecSession spec;
    private final EventBinder events;
    /** The invariants, re-evaluated after a step only where the step changed what they read. */
    private final InvariantCheck check;
    /** {@code check::holdsAfter}, made once (a method reference made per gap is an allocation). */
    private final java.util.function.BiPredicate<TLCState, TLCState> holdsAfter;
    /** Frames per chunk: {@link #CHUNK}, smaller in tests so that a short trace crosses thinned chunks. */
    private final int chunk;
    private final Map<Integer, Verdict.Ambiguity> ambiguities = new TreeMap<>();
    private int deepestIndex = -1;
    private final List<TLCState> deepest = new ArrayList<>();

    /** Memo: per chunk of event indices, the fingerprints of (index, state) pairs explored. */
    private final Map<Integer, LongSet> memo = new HashMap<>();
    /** The chunk {@link #memo(int)} answered last, and its set (null: none). */
    private int memoAt;
    private LongSet memoAtSet;
    private long distinct;
    /** Full frames, indices {@code base ..}; below {@code base} the stack is thin. */
    private final ArrayList<Frame> top = new ArrayList<>();
    private int base;
    /** The fingerprint of the path's state after each event index (thin and full). */
    private final LongColumn fps = new LongColumn();
    /** The first step of each thinned chunk, by its index. */
    private final Map<Integer, Step> checkpoints = new HashMap<>();
    /** Steps per action, and silent steps, of the thinned part of the path. */
    private final Map<String, Long> thinCoverage = new HashMap<>();
    private long thinSilent;
    /** The index the search stands at (read by another thread only to name where memory ran out). */
    private volatile int current = -1;

    /** The outcome: accepted (the matched path is readable through the search), else the deepest states reached. */
    record Outcome(boolean accepted, int deepestIndex, List<TLCState> deepest, long distinct,
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

    /** A search with the default chunk (also a probe for invariants and properties: {@link OnlineSession}). */
    TraceSearch(SpecSession spec, EventBinder events, List<Action> invariants) {
        this(spec, events, invariants, CHUNK);
    }

    TraceSearch(SpecSession spec, EventBinder events, List<Action> invariants, int chunk) {
        this(spec, events, new InvariantCheck(spec, invariants), chunk);
    }

    /** A search with an invariant check the batch keeps across traces ({@link SpecSession#invariantCheck}). */
    TraceSearch(SpecSession spec, EventBinder events, InvariantCheck check, int chunk) {
        this.spec = spec;
        this.events = events;
        this.check = check;
        this.holdsAfter = check::holdsAfter;
        this.chunk = chunk;
    }

    /** @return the event index the search stands at (0: initial states), -1 before it starts */
    int current() {
        return current;
    }

    Outcome run() throws EventBinder.EventError {
        Frame root = new Frame(-1, null, new InitCandidates());
        Outcome out;
        // One call per candidate: this loop runs once per trace, too few invocations and back edges for C1 in a short
        // batch, so it stays interpreted (issue 15); the body it calls is compiled in the first trace.
        do {
            out = advance(root);
        } while (out == null);
        return out;
    }

    /** Takes the top frame's next candidate (or pops the frame): the outcome when the search ends, else null. */
    private Outcome advance(Frame root) throws EventBinder.EventError {
        Frame f = top.isEmpty() ? (base > 0 ? restoreChunk() : root) : top.get(top.size() - 1);
        current = f.index;
        Step c = f.next.next();
        if (c == null) {
            if (f == root) {
                return new Outcome(false, deepestIndex, List.copyOf(deepest), distinct,
                        List.copyOf(ambiguities.values()));
            }
            top.remove(top.size() - 1);
            return null;
        }
        int index = f.index + 1;
        if (!memo(index).add(LongSet.key(index, c.fp()))) {
            return null;
        }
        distinct++;
        if (index > deepestIndex) {
            deepestIndex = index;
            deepest.clear();
        }
        if (index == deepestIndex && deepest.size() < DEEPEST_KEPT) {
            deepest.add(c.state());
        }
        boolean more = events.has(index);
        push(new Frame(index, c, more ? candidates(index, c) : Candidates.NONE));
        if (!more) {
            current = index;
            return new Outcome(true, index, List.of(), distinct, List.copyOf(ambiguities.values()));
        }
        return null;
    }

    private LongSet memo(int index) {
        // The last chunk's set answers most calls: no boxed key, no capturing lambda (under C1 each is an allocation,
        // the lambda's a call into the VM) per event.
        int c = index / chunk;
        if (c != memoAt || memoAtSet == null) {
            LongSet set = memo.get(c);
            if (set == null) {
                set = new LongSet(Math.max(16, Integer.highestOneBit(chunk) * 4));
                memo.put(c, set);
            }
            memoAt = c;
            memoAtSet = set;
        }
        return memoAtSet;
    }

    private void push(Frame f) {
        top.add(f);
        fps.set(f.index, f.step.fp());
        if (top.size() >= (FULL_CHUNKS + 1) * chunk) {
            thinChunk();
        }
    }

    /** The lowest full chunk becomes a checkpoint and fingerprints; its coverage is counted now. */
    private void thinChunk() {
        checkpoints.put(base, top.get(0).step);
        for (int i = 0; i < chunk; i++) {
            count(top.get(i).step, 1);
        }
        top.subList(0, chunk).clear();
        base += chunk;
        int dropped = base / chunk - MEMO_CHUNKS - 1;
        memo.remove(dropped);
        if (dropped == memoAt) {
            memoAtSet = null;
        }
    }

    private void count(Step step, int sign) {
        for (Step s = step; s != null; s = s.before()) {
            thinCoverage.merge(s.action(), (long) sign, Long::sum);
            thinSilent += s.silent() ? sign : 0;
        }
    }

    /** Rebuilds the highest thin chunk's frames (the search backtracked into it) and returns its top frame. */
    private Frame restoreChunk() throws EventBinder.EventError {
        int c = base - chunk;
        Step step = checkpoints.remove(c);
        List<Frame> rebuilt = new ArrayList<>(chunk);
        for (int index = c; index < base; index++) {
            Candidates next = candidates(index, step);
            if (index + 1 < base) {
                Step child = replay(next, index + 1);
                rebuilt.add(new Frame(index, step, next));
                step = child;
            } else {
                rebuilt.add(new Frame(index, step, next));
            }
        }
        for (Frame f : rebuilt) {
            count(f.step, -1);
        }
        top.addAll(0, rebuilt);
        base = c;
        return top.get(top.size() - 1);
    }

    /** @return the candidate of {@code from} whose state is the path's state after event {@code index} */
    private Step replay(Candidates from, int index) throws EventBinder.EventError {
        long fp = fps.get(index);
        for (Step s = from.next(); s != null; s = from.next()) {
            if (s.fp() == fp) {
                return s;
            }
        }
        throw new IllegalStateException("replaying the search path diverged at event index " + index
                + ": the spec's successors are not deterministic");
    }

    /** Steps per action (logged and silent) of the accepted path. */
    Map<String, Long> coverage() {
        Map<String, Long> all = new HashMap<>(thinCoverage);
        for (Frame f : top) {
            countInto(all, f.step); // a call per frame: this loop runs once per trace, interpreted (see run)
        }
        return all;
    }

    private static void countInto(Map<String, Long> counts, Step step) {
        for (Step s = step; s != null; s = s.before()) {
            counts.merge(s.action(), 1L, Long::sum);
        }
    }

    /** Silent steps of the accepted path. */
    long silentSteps() {
        long n = thinSilent;
        for (Frame f : top) {
            n += f.step.silentCount();
        }
        return n;
    }

    /** A consumer of the accepted path's steps. */
    interface StepVisitor {
        void visit(Step step) throws java.io.IOException;
    }

    /** Hands the accepted path's steps to {@code visitor} in order, replaying the thinned chunks. */
    void forEachStep(StepVisitor visitor) throws EventBinder.EventError, java.io.IOException {
        for (int c = 0; c < base; c += chunk) {
            Step step = checkpoints.get(c);
            visitor.visit(step);
            for (int index = c + 1; index < c + chunk; index++) {
                step = replay(candidates(index - 1, step), index);
                visitor.visit(step);
            }
        }
        for (Frame f : top) {
            visitor.visit(f.step);
        }
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
                inits = spec.initStates();
            }
            while (i < inits.size()) {
                TLCState s = inits.elementAt(i++);
                if (holdsInvariants(s) && holdsImpliedInits(s)) {
                    return new Step(s, "Init", false, null, spec.fingerprints.of(s));
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
                    // A silent successor is checked as a matched one: only the invariant conjuncts that read a
                    // variable the silent step changed (its source state holds them all).
                    frontier = Gaps.expand(spec, frontier, seen, holdsAfter);
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
            for (int j = 0; j < sources.size(); j++) { // no iterator per call (C1 has no escape analysis)
                Step u = sources.get(j);
                StateVec succ = events.successors(index, a, u.state());
                for (int i = 0; i < succ.size(); i++) {
                    TLCState t = succ.elementAt(i);
                    long fp = spec.fingerprints.of(t, u.state(), u.fp());
                    if (succ.size() > 1 || sources.size() > 1) {
                        fps = fps == null ? new LongSet(8) : fps;
                        if (!fps.add(fp)) {
                            continue;
                        }
                    }
                    if (check.holdsAfter(u.state(), t) && holdsActionProperties(u.state(), t)) {
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
        return check.holds(s);
    }

    /** @return whether every invariant holds in {@code t}, a successor of {@code s}, in which they all hold */
    boolean holdsInvariantsAfter(TLCState s, TLCState t) {
        return check.holdsAfter(s, t);
    }

    /** The initial-state part of PROPERTY formulas (e.g. a refinement's Init). */
    boolean holdsImpliedInits(TLCState s) {
        for (Action p : spec.tool.impliedInits()) {
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
