package dev.enlightened.validation.engine;

import dev.enlightened.validation.engine.compile.Reads;
import dev.enlightened.validation.engine.compile.Primes;
import dev.enlightened.validation.engine.tlc.TlcAdapter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tla2sany.semantic.ASTConstants;
import tla2sany.semantic.ExprNode;
import tla2sany.semantic.ExprOrOpArgNode;
import tla2sany.semantic.FormalParamNode;
import tla2sany.semantic.LetInNode;
import tla2sany.semantic.OpApplNode;
import tla2sany.semantic.OpArgNode;
import tla2sany.semantic.OpDeclNode;
import tla2sany.semantic.OpDefNode;
import tla2sany.semantic.SemanticNode;
import tla2sany.semantic.Subst;
import tla2sany.semantic.SubstInNode;
import tla2sany.semantic.SymbolNode;
import tlc2.tool.Action;
import tlc2.tool.StateVec;
import tlc2.tool.TLCState;
import tlc2.util.Context;
import tlc2.value.IValue;
import tlc2.value.impl.BoolValue;
import tlc2.value.impl.Value;
import util.UniqueString;

/**
 * Successors of a spec action, remembered by the values of the variables the action reads (issue 15: TLC's
 * interpreter evaluating the event's action was more than half of the search, and on a ring trace the same control
 * step, e.g. the producer's barrier with the same ring indices, recurs thousands of times in states that differ only
 * in variables the step copies: the packet counts, the data area).
 *
 * <p>Why a remembered result is the result. An action's successors are a function of the values of the variables it
 * reads (and of the constants, bound for the whole trace: {@link #clear} runs when they are re-bound). Which
 * variables it reads is found by walking its expression through definitions, LETs and instance substitutions, as
 * {@link InvariantCheck} does for invariants; an action that reaches an operator whose value may not be a function of
 * its arguments (a Java override outside the pure standard modules) or a config substitution is never remembered. A
 * variable that occurs only inside {@code UNCHANGED} (directly, in tuples, or through zero-arity definitions of such)
 * is copied, not read: TLC binds the successor's value to the source's by reference, so the successor differs from
 * its source only in the other variables. A remembered entry keeps, per successor, the values of the variables it
 * changed (by reference), and is used for a state whose read variables hold equal values (TLC's 64-bit fingerprint
 * of each, then {@code equals}); the successor is that state with the same changes. A variable that a successor
 * changed although the walk found it only copied would break the argument: the action is then no longer remembered.
 * A successor taken from memory holds the values the first evaluation computed: equal to TLC's (same fingerprint,
 * same verdicts), though a value TLC can represent two ways (an interval and the set it enumerates) may print in
 * the other form in a diagnosis.
 *
 * <p>A matcher {@code Is<Event>(e) == Pre /\ A /\ Post} (the trace module's convention) is evaluated in three parts
 * when {@code A} is a single conjunct that does not mention the event: the conjuncts before it (state predicates, no
 * primes) on the source state; {@code A}'s successors, remembered as above; then, once every variable is assigned,
 * the conjuncts after it as predicates of the step, which is how TLC itself evaluates what follows an action whose
 * variables are all assigned ({@code Tool.getNextStatesAllAssigned}); a conjunct {@code PostMatches(e, V')} of the
 * usual shape is decided by {@link PostCheck} without TLC's interpreter. A successor of {@code A} that leaves a
 * variable unassigned, or any evaluation error, sends the event back to TLC's evaluation of the whole matcher, so
 * errors and their messages are TLC's as before. The one difference: where a conjunct of {@code Pre} holds in two
 * ways (a disjunction or {@code \E} with two true branches), TLC's action evaluation yields each successor once per
 * way and this yields it once; every caller keeps distinct states only (or the first that breaks an invariant), so no
 * verdict, count or diagnosis differs.
 */
final class StepCache {
    /** Entries per action at most (each holds a few values). */
    static final int LIMIT = 1 << 14;
    /**
     * Lookups after which an action whose memory answered fewer than a quarter of them stops remembering: one that
     * reads a count of packets (e.g. ConsumerLoadsWriteIndex on a ring trace: 18 hits in 12,477) only paid for
     * its keys and entries.
     */
    static final int TRIAL = 1 << 10;
    private static final Set<String> PURE_MODULES = Set.of("Naturals", "Integers", "Sequences", "FiniteSets",
            "Bags");
    /**
     * TLC operators whose value is a function of their arguments' values. Not ToString: it prints a value's
     * representation, and equal values may be represented differently ({@code 1..3} and {@code {1, 2, 3}}).
     */
    private static final Set<String> PURE_TLC = Set.of(":>", "@@", "SortSeq", "Permutations", "Assert");
    private static final String UNCHANGED = "UNCHANGED";
    private static final String TUPLE = "$Tuple";
    private static final String PRIME = "'";

    /**
     * Whether an action is remembered first by the variables each evaluation actually read ({@link ReadSets}, its own file), and
     * by its key (every variable the walk found it reads) only when those rarely repeat;
     * {@code -Denlightened.engine.readSets=false} leaves the key alone, as before.
     */
    static final boolean READ_SETS = !"false".equals(System.getProperty("enlightened.engine.readSets"));

    /**
     * Whether a matcher whose action takes the event's fields as arguments ({@code IsProducerStartsWrite(e) ==
     * ProducerStartsWrite(e.params.len) /\ Post}) is split as the others are, its action remembered per value of
     * the arguments ({@link Bound}); {@code -Denlightened.engine.boundActions=false} evaluates such a matcher whole
     * with TLC, as before (issue 15: 40,000 of the 1M-event ring trace's events, each evaluated whole).
     */
    static final boolean BOUND_ACTIONS = !"false".equals(System.getProperty("enlightened.engine.boundActions"));
    /** Distinct argument values remembered per bound action; beyond them TLC evaluates the action. */
    private static final int BOUND_LIMIT = 16;

    private final TlcAdapter tool;
    /** FP64 of the values read, remembered per value object (a key's values are mostly its predecessor's). */
    private final Fingerprints fingerprints;
    private final int toolId;
    private final UniqueString[] names;
    private final Map<UniqueString, Integer> index = new HashMap<>();
    /** Plans of actions (sub-actions of Next), by identity; a plan with no key is never remembered. */
    private final Map<Action, Plan> actions = new IdentityHashMap<>();
    /** Plans of matchers, by the body of their definition. */
    private final Map<SemanticNode, MatcherPlan> matchers = new IdentityHashMap<>();
    /**
     * What the walk found an action's expression reads ({@link #plan}), by the expression: the sorted indices of the
     * variables, or {@link #UNKNOWN}. The walk does not look at the action's context (its parameters' values), so
     * the sub-actions of Next that share a body share it, and it outlives a re-binding of the constants.
     */
    private final Map<SemanticNode, int[]> analysed = new IdentityHashMap<>();
    private static final int[] UNKNOWN = new int[0];
    private long hits;
    private long misses;
    /** Post conjuncts decided by {@link PostCheck} (for tests and benchmarks). */
    private long postChecks;
    /** Where a compiled post check reports the post fields it read ({@link FieldReads}); none until set. */
    private java.util.function.Consumer<UniqueString[]> postReads = names -> { };

    /** Compiled evaluation of misses, pre conjuncts and bound arguments; null: TLC's evaluation only. */
    private final CompiledEval compiled;

    StepCache(TlcAdapter tool, UniqueString[] names, Fingerprints fingerprints, CompiledEval compiled) {
        this.compiled = compiled;
        if (Boolean.getBoolean("enlightened.engine.stepCacheDebug")) {
            Runtime.getRuntime().addShutdownHook(new Thread(this::dump));
        }
        this.tool = tool;
        this.fingerprints = fingerprints;
        this.toolId = tool.toolId();
        this.names = names;
        for (int i = 0; i < names.length; i++) {
            index.put(names[i], i);
        }
    }

    private void dump() {
        for (var e : actions.entrySet()) {
            System.err.println("action " + e.getKey().getName() + " " + e.getValue().describe());
        }
        for (var e : matchers.entrySet()) {
            MatcherPlan m = e.getValue();
            System.err.println("matcher " + e.getKey().getLocation() + " "
                    + (m.bound != null ? m.bound.describe() : m.plan == null ? "whole" : m.plan.describe())
                    + (m.compiled == null ? "" : " post compiled " + java.util.Arrays.stream(m.compiled)
                            .filter(java.util.Objects::nonNull).count() + " of " + m.compiled.length));
        }
        System.err.println("post checks " + postChecks + ", hits " + hits + ", misses " + misses
                + (compiled == null ? "" : ", " + compiled.describe()));
    }

    /**
     * Forgets every remembered result (the constants were re-bound): results depend on the constants. What the walks
     * found each action reads does not, unless a derived definition lost or regained its pre-evaluated value, which
     * the walk treats as a constant: then the analyses go too.
     *
     * <p>A matcher's action {@code A} whose expression reaches no constant that changed value keeps its memory: its
     * successors are a function of the variables it reads and of the constants it reaches, none of which differ
     * (issue 15: the ring's barriers, loads and masks recur across traces of every ring size). Sub-actions of Next
     * are made again by each re-binding (TLC splits Next anew), so their memories go with them.
     *
     * @param analysesStale whether the re-binding changed which definitions hold pre-evaluated values
     * @param unaffected    whether a matcher's action reaches no constant whose value changed
     */
    void clear(boolean analysesStale, java.util.function.Predicate<SemanticNode> unaffected) {
        actions.clear();
        if (analysesStale) {
            matchers.clear();
            analysed.clear();
            return;
        }
        for (MatcherPlan m : matchers.values()) {
            if (m.plan != null && !unaffected.test(m.action)) {
                m.plan.forget();
            }
            if (m.bound != null) {
                m.bound.plans.clear(); // the arguments' values may come from constants: all go
            }
        }
    }

    /** @return remembered results used, for tests and benchmarks */
    long hits() {
        return hits;
    }

    /** @return results computed by TLC and remembered */
    long misses() {
        return misses;
    }

    /** @return post conjuncts decided by {@link PostCheck} rather than TLC */
    long postChecks() {
        return postChecks;
    }

    /** @param reads told the post fields a compiled post check read, as TLC's evaluation tells FieldReads */
    void postReads(java.util.function.Consumer<UniqueString[]> reads) {
        this.postReads = reads;
    }

    /** @return the successors of {@code s} by {@code a}, a sub-action of Next (or any action evaluated alone) */
    StateVec successors(Action a, TLCState s) {
        Plan p = actions.get(a);
        if (p == null) {
            if (actions.size() >= LIMIT) {
                actions.clear(); // actions made per call (none today) must not grow the table without bound
            }
            p = plan(a.pred, a.con);
            actions.put(a, p);
        }
        return p.successors(a, s);
    }

    /**
     * @param def     the matcher's definition
     * @param matcher its body bound to an event ({@code SpecSession.matcher})
     * @param s       the source state
     * @param whole   evaluates the whole matcher with TLC (the fallback)
     * @return the successors of {@code s} by the matcher
     */
    StateVec matcherSuccessors(OpDefNode def, Action matcher, TLCState s, java.util.function.Supplier<StateVec> whole) {
        MatcherPlan m = matchers.get(def.getBody());
        if (m == null) {
            m = matcherPlan(def);
            matchers.put(def.getBody(), m);
        }
        if (m.action == null || (m.plan == null && m.bound == null)) {
            return whole.get();
        }
        try {
            StateVec out = m.successors(matcher, s);
            if (out != null) {
                return out;
            }
            // A leaves a variable to the conjuncts after it: this matcher is evaluated whole from now on.
            matchers.put(def.getBody(), new MatcherPlan(null, null, null, null, null, null));
        } catch (RuntimeException e) {
            // TLC's own evaluation of the whole matcher gives the error (or the result) as it always did; so does
            // a PostCheck.Fallback.
        }
        return whole.get();
    }

    /** @return {@code a}'s successors of {@code s}: compiled code's where it has them, else TLC's */
    private StateVec evaluate(Action a, TLCState s) {
        StateVec out = compiled == null ? null : compiled.successors(a, s, Reads.NONE);
        return out != null ? out : tool.successors(a, s);
    }

    /** @return {@code expr}'s value in {@code s} (no primes): compiled code's where it has it, else TLC's */
    private Value value(SemanticNode expr, Context c, TLCState s) {
        Value v = compiled == null ? null : compiled.eval(expr, c, s);
        return v != null ? v : tool.eval(expr, c, s, TLCState.Empty, 0);
    }

    /** How an action's successors are remembered: the variables it reads, or none when it must be evaluated. */
    private final class Plan {
        /** Indices of the variables read, or null: never remembered. */
        private int[] key;
        /** The walk's key; null when unknown or when a successor disproved it (see {@link #successors}). */
        private int[] analysedKey;
        /** Per variable: the walk found it read (a successor may change it). */
        private final boolean[] read;
        private final FpCache<Entry> entries = new FpCache<>(LIMIT);
        /** The memory by read sets, tried before the key's; null when none (unknown walk, or switched off). */
        private ReadSets readSets;
        private long planHits;
        private long planMisses;
        private long lookups;

        String describe() {
            StringBuilder b = new StringBuilder(key == null ? "no key" : "key");
            if (readSets != null) {
                b.append(readSets.describe()).append("; ");
            }
            if (key != null) {
                for (int i : key) {
                    b.append(' ').append(names[i]);
                }
            }
            return b.append(" hits ").append(planHits).append(" misses ").append(planMisses).toString();
        }

        Plan(int[] key) {
            this.key = key;
            this.analysedKey = key;
            this.read = new boolean[names.length];
            if (key != null) {
                for (int i : key) {
                    read[i] = true;
                }
            }
            if (key != null && READ_SETS && names.length <= ReadSets.MAX_VARS) {
                readSets = new ReadSets(tool, names, index, fingerprints, () -> hits++, () -> misses++, compiled);
            }
        }

        /** Forgets the remembered results and the trial of the memory's use (new constants), not the key. */
        void forget() {
            entries.clear();
            key = analysedKey;
            readSets = key != null && READ_SETS && names.length <= ReadSets.MAX_VARS ? new ReadSets(tool, names, index, fingerprints, () -> hits++, () -> misses++, compiled) : null;
            planHits = 0;
            planMisses = 0;
            lookups = 0;
        }

        StateVec successors(Action a, TLCState s) {
            if (readSets != null && !readSets.off) {
                return readSets.successors(a, s);
            }
            if (key == null) {
                return evaluate(a, s);
            }
            Value[] vals = new Value[key.length];
            long h = 0x9E3779B97F4A7C15L;
            for (int i = 0; i < key.length; i++) {
                vals[i] = (Value) s.lookup(names[key[i]]);
                h = LongSet.mix(h ^ fingerprints.value(key[i], vals[i]));
            }
            Entry e = entries.get(h);
            if (e != null && e.matches(vals)) {
                hits++;
                planHits++;
                lookups++;
                return e.applyTo(s, names);
            }
            StateVec succ = evaluate(a, s);
            if (++lookups == TRIAL && planHits * 4 < lookups) {
                key = null;
                entries.clear();
                return succ;
            }
            Value[][] changes = new Value[succ.size()][];
            for (int k = 0; k < succ.size(); k++) {
                TLCState t = succ.elementAt(k);
                if (!t.allAssigned()) {
                    key = null;
                    analysedKey = null;
                    return succ;
                }
                Value[] change = new Value[names.length];
                for (int i = 0; i < names.length; i++) {
                    IValue after = t.lookup(names[i]);
                    if (after != s.lookup(names[i])) {
                        if (!read[i]) {
                            // Changed although only copied by the walk: the argument does not hold here.
                            key = null;
                            analysedKey = null;
                            return succ;
                        }
                        change[i] = (Value) after;
                    }
                }
                changes[k] = change;
            }
            misses++;
            planMisses++;
            entries.put(h, new Entry(vals, changes));
            return succ;
        }
    }


    /** The read variables' values of a state, and the changes of each successor (null: copied). */
    record Entry(Value[] vals, Value[][] changes) {
        /** @return {@code s} changed as each remembered successor changed its source */
        StateVec applyTo(TLCState s, UniqueString[] names) {
            StateVec out = new StateVec(Math.max(1, changes.length));
            for (Value[] change : changes) {
                TLCState t = s.copy();
                for (int i = 0; i < change.length; i++) {
                    if (change[i] != null) {
                        t.bind(names[i], change[i]);
                    }
                }
                out.addElement(t);
            }
            return out;
        }

        boolean matches(Value[] other) {
            for (int i = 0; i < vals.length; i++) {
                if (vals[i] != other[i] && !equal(vals, i, other[i])) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Whether {@code v} equals {@code held[i]}; if so, and {@link #REFRESH}, {@code v} replaces it. Issue 15
         * (session 11): the search makes new value objects for equal values (a record stored again, a sequence
         * appended to), so a memory compared its old objects with {@code equals}, walking whole sequences and
         * records, on every hit (InvariantCheck's and StepCache's comparisons were a tenth of the search thread on
         * the 1M-event ring trace). The value held is the newest object of that value, which the next states
         * mostly share by reference (TLC hands an unchanged value on), so the next hit is an identity. Equal
         * values hold the memory's answer alike: nothing it means changes.
         * {@code -Denlightened.engine.refreshMemo=false} keeps the first objects, as before.
         */
        static boolean equal(Value[] held, int i, Value v) {
            if (!same(held[i], v)) {
                return false;
            }
            if (REFRESH) {
                held[i] = v;
            }
            return true;
        }

        /** Whether a memory keeps the newest equal value object ({@code enlightened.engine.refreshMemo}). */
        static final boolean REFRESH = !"false".equals(System.getProperty("enlightened.engine.refreshMemo"));

        static boolean same(Value a, Value b) {
            try {
                return a.equals(b);
            } catch (RuntimeException e) {
                return false; // TLC refuses to compare values of different kinds: not equal
            }
        }
    }

    /** A matcher split as {@code Pre /\ A /\ Post}; {@code action} null when it is evaluated whole. */
    private final class MatcherPlan {
        final List<SemanticNode> pre;
        final SemanticNode action;
        final List<SemanticNode> post;
        /** Per conjunct of {@code post}: its {@link PostCheck}, or null when TLC evaluates it. */
        final PostCheck[] compiled;
        final Plan plan;
        /** Set instead of {@code plan} when {@code action} applies a definition to the event's fields. */
        final Bound bound;

        MatcherPlan(List<SemanticNode> pre, SemanticNode action, List<SemanticNode> post, PostCheck[] compiled,
                    Plan plan, Bound bound) {
            this.pre = pre;
            this.action = action;
            this.post = post;
            this.compiled = compiled;
            this.plan = plan;
            this.bound = bound;
        }

        /** @return the successors, or null when the whole matcher must be evaluated */
        StateVec successors(Action matcher, TLCState s) {
            Context c = matcher.con;
            for (int j = 0; j < pre.size(); j++) { // no iterator: C1 allocates one per loop (no escape analysis)
                if (!bool(value(pre.get(j), c, s))) {
                    return new StateVec(0);
                }
            }
            StateVec succ = bound != null ? bound.successors(c, s)
                    : plan.successors(TlcAdapter.action(action, c, null), s);
            StateVec out = new StateVec(Math.max(1, succ.size()));
            for (int k = 0; k < succ.size(); k++) {
                TLCState t = succ.elementAt(k);
                if (!t.allAssigned()) {
                    return null;
                }
                boolean fits = true;
                for (int j = 0; j < post.size(); j++) {
                    PostCheck check = compiled[j];
                    boolean holds;
                    if (check != null) {
                        holds = check.holds(c, t, postReads);
                        postChecks++;
                    } else {
                        holds = bool(tool.eval(post.get(j), c, s, t, 0));
                    }
                    if (!holds) {
                        fits = false;
                        break;
                    }
                }
                if (fits) {
                    out.addElement(t);
                }
            }
            return out;
        }

        private boolean bool(Value v) {
            if (!(v instanceof BoolValue b)) {
                throw new IllegalStateException("not a boolean"); // TLC's whole evaluation names the error
            }
            return b.val;
        }
    }

    private MatcherPlan matcherPlan(OpDefNode def) {
        List<SemanticNode> parts = new ArrayList<>();
        conjuncts(def.getBody(), parts);
        FormalParamNode e = def.getParams()[0];
        int i = 0;
        Bound bound = null;
        while (i < parts.size() && mentions(parts.get(i), e)) {
            if (Primes.reaches(parts.get(i))) {
                bound = BOUND_ACTIONS ? bound(parts.get(i), e) : null;
                if (bound == null) {
                    return new MatcherPlan(null, null, null, null, null, null);
                }
                break;
            }
            i++;
        }
        if (i == parts.size()) {
            return new MatcherPlan(null, null, null, null, null, null);
        }
        Plan p = bound != null ? null : plan(parts.get(i), Context.Empty);
        List<SemanticNode> post = List.copyOf(parts.subList(i + 1, parts.size()));
        PostCheck[] compiled = new PostCheck[post.size()];
        for (int j = 0; j < post.size(); j++) {
            compiled[j] = PostCheck.of(tool, post.get(j), e);
        }
        return new MatcherPlan(List.copyOf(parts.subList(0, i)), parts.get(i), post, compiled, p, bound);
    }

    /**
     * @return {@code n} as a {@link Bound} action: an application of a definition TLC evaluates as written, to
     *         expressions that reach no prime, whose body does not reach the event {@code e}; else null
     */
    private Bound bound(SemanticNode n, FormalParamNode e) {
        if (!(n instanceof OpApplNode a) || !(a.getOperator() instanceof OpDefNode d)
                || d.getKind() != ASTConstants.UserDefinedOpKind || d.getArity() == 0
                || d.getArity() != a.getArgs().length || !asWritten(d) || d.getBody() instanceof SubstInNode
                || reaches(d.getBody(), e, Collections.newSetFromMap(new IdentityHashMap<>()))) {
            return null;
        }
        for (ExprOrOpArgNode arg : a.getArgs()) {
            if (!(arg instanceof ExprNode) || Primes.reaches(arg)) {
                return null;
            }
        }
        return new Bound(d, a.getArgs());
    }

    /** @return whether {@code n} names {@code e}, also inside the definitions it applies (a LET's may) */
    private static boolean reaches(SemanticNode n, FormalParamNode e, Set<Object> seen) {
        if (n == null || !seen.add(n)) {
            return false;
        }
        if (mentions(n, e)) {
            return true;
        }
        if (n instanceof OpApplNode a && a.getOperator() instanceof OpDefNode d && reaches(d.getBody(), e, seen)) {
            return true;
        }
        if (n instanceof OpArgNode o && o.getOp() instanceof OpDefNode d && reaches(d.getBody(), e, seen)) {
            return true;
        }
        if (n instanceof LetInNode l) {
            for (OpDefNode let : l.getLets()) {
                if (reaches(let.getBody(), e, seen)) {
                    return true;
                }
            }
        }
        SemanticNode[] children = n.getChildren();
        if (children != null) {
            for (SemanticNode c : children) {
                if (reaches(c, e, seen)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A matcher's action that applies a definition to expressions of the event, {@code Op(e.params.len)}: its
     * successors are remembered per value of the arguments, each value with its own {@link Plan} of the
     * definition's body under the parameters bound to it. Why that is TLC's result: TLC evaluates {@code Op(args)}
     * as the body under the parameters bound to the arguments (lazily, under the matcher's context), and the body
     * cannot name the event (it is not in the definition's scope: checked), so it sees the event only through the
     * arguments' values; with those values fixed, a plan's context is fixed, as for any other action. The
     * arguments are evaluated in the source state (they may not read the next state: no prime reaches them); an
     * argument whose evaluation fails sends the event to TLC's whole evaluation (the caller's catch), which
     * reports or ignores the failure as it always did.
     */
    private final class Bound {
        final OpDefNode def;
        final ExprOrOpArgNode[] args;
        final List<BoundPlan> plans = new ArrayList<>();

        private record BoundPlan(Value[] args, Context con, Plan plan) {
        }

        private Bound(OpDefNode def, ExprOrOpArgNode[] args) {
            this.def = def;
            this.args = args;
        }

        String describe() {
            StringBuilder b = new StringBuilder("bound to " + plans.size() + " argument values:");
            for (BoundPlan p : plans) {
                b.append(" [").append(p.plan.describe()).append(']');
            }
            return b.toString();
        }

        StateVec successors(Context c, TLCState s) {
            Value[] vals = new Value[args.length];
            for (int j = 0; j < args.length; j++) {
                vals[j] = value(args[j], c, s);
            }
            BoundPlan found = null;
            for (BoundPlan b : plans) {
                if (new Entry(b.args, null).matches(vals)) {
                    found = b;
                    break;
                }
            }
            if (found == null) {
                if (plans.size() >= BOUND_LIMIT) {
                    return tool.successors(TlcAdapter.action(def.getBody(), context(vals), null), s);
                }
                found = new BoundPlan(vals, context(vals), plan(def.getBody(), Context.Empty));
                plans.add(found);
            }
            return found.plan.successors(TlcAdapter.action(def.getBody(), found.con, null), s);
        }

        private Context context(Value[] vals) {
            Context con = Context.Empty;
            FormalParamNode[] ps = def.getParams();
            for (int j = 0; j < ps.length; j++) {
                con = con.cons(ps[j], vals[j]);
            }
            return con;
        }
    }

    /** The top-level conjuncts of a matcher's body (its own {@code /\}, not through definitions). */
    private static void conjuncts(SemanticNode n, List<SemanticNode> out) {
        if (n instanceof OpApplNode a) {
            String op = a.getOperator().getName().toString();
            if ((op.equals("\\land") || op.equals("$ConjList")) && a.getArgs().length > 0) {
                for (SemanticNode arg : a.getArgs()) {
                    conjuncts(arg, out);
                }
                return;
            }
        }
        out.add(n);
    }

    /** @return whether {@code n} names the parameter {@code e} (syntactically, without entering definitions) */
    private static boolean mentions(SemanticNode n, FormalParamNode e) {
        if (n instanceof OpApplNode a && a.getOperator() == e) {
            return true;
        }
        SemanticNode[] children = n.getChildren();
        if (children != null) {
            for (SemanticNode c : children) {
                if (c != null && mentions(c, e)) {
                    return true;
                }
            }
        }
        return n instanceof OpArgNode o && o.getOp() == e;
    }

    /** The plan of {@code pred} under {@code con}: the variables it reads, or no key when unknown. */
    private Plan plan(SemanticNode pred, Context con) {
        int[] key = analysed.get(pred);
        if (key == null) {
            key = analyse(pred);
            analysed.put(pred, key);
        }
        return new Plan(key == UNKNOWN ? null : key);
    }

    /** @return the sorted indices of the variables {@code pred} reads, or {@link #UNKNOWN} */
    private int[] analyse(SemanticNode pred) {
        Walk w = new Walk();
        boolean known = w.read(pred);
        if (!known) {
            return UNKNOWN;
        }
        List<Integer> key = new ArrayList<>();
        for (OpDeclNode v : w.read) {
            Integer i = index.get(v.getName());
            if (i != null && !key.contains(i)) {
                key.add(i);
            }
        }
        Collections.sort(key);
        return key.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Walks an action: the variables it reads (anywhere but in {@code UNCHANGED}), and whether it is known. */
    private final class Walk {
        final Set<OpDeclNode> read = Collections.newSetFromMap(new IdentityHashMap<>());
        private final Set<Object> seenRead = Collections.newSetFromMap(new IdentityHashMap<>());
        private final Set<Object> seenCopy = Collections.newSetFromMap(new IdentityHashMap<>());

        /** {@code n} evaluated: every variable in it is read. */
        boolean read(SemanticNode n) {
            if (n == null || !seenRead.add(n)) {
                return true;
            }
            if (n instanceof OpApplNode a) {
                if (a.getOperator().getName().toString().equals(UNCHANGED) && a.getArgs().length == 1) {
                    return copied(a.getArgs()[0]);
                }
                if (!symbol(a.getOperator())) {
                    return false;
                }
                if (a.getBdedQuantBounds() != null) {
                    for (SemanticNode b : a.getBdedQuantBounds()) {
                        if (!read(b)) {
                            return false;
                        }
                    }
                }
            }
            if (n instanceof OpArgNode a && !symbol(a.getOp())) {
                return false;
            }
            if (n instanceof SubstInNode s) {
                for (Subst sub : s.getSubsts()) {
                    if (!read(sub.getExpr())) {
                        return false;
                    }
                }
            }
            if (n instanceof LetInNode l) {
                for (OpDefNode let : l.getLets()) {
                    if (!read(let.getBody())) {
                        return false;
                    }
                }
            }
            SemanticNode[] children = n.getChildren();
            if (children != null) {
                for (SemanticNode c : children) {
                    if (!read(c)) {
                        return false;
                    }
                }
            }
            return true;
        }

        /**
         * {@code n} under {@code UNCHANGED}: a variable, a tuple of such, or a zero-arity definition of such is
         * copied; anything else is read (conservatively).
         */
        private boolean copied(SemanticNode n) {
            if (!seenCopy.add(n)) {
                return true;
            }
            if (n instanceof OpApplNode a) {
                SymbolNode op = a.getOperator();
                if (op instanceof OpDeclNode d && d.getKind() == ASTConstants.VariableDeclKind
                        && index.containsKey(d.getName()) && a.getArgs().length == 0) {
                    return true;
                }
                if (op.getName().toString().equals(TUPLE)) {
                    for (SemanticNode arg : a.getArgs()) {
                        if (!copied(arg)) {
                            return false;
                        }
                    }
                    return true;
                }
                if (op instanceof OpDefNode d && d.getArity() == 0 && d.getKind() == ASTConstants.UserDefinedOpKind
                        && asWritten(d) && !(d.getBody() instanceof SubstInNode) && a.getArgs().length == 0) {
                    return copied(d.getBody());
                }
            }
            return read(n);
        }

        private boolean symbol(SymbolNode op) {
            if (op instanceof OpDeclNode d) {
                if (d.getKind() == ASTConstants.VariableDeclKind) {
                    read.add(d);
                }
                return true;
            }
            if (!(op instanceof OpDefNode d)) {
                return true; // a bound identifier: the action's context (fixed) or the expression's own binding
            }
            if (!seenRead.add(d)) {
                return true;
            }
            Object o = d.getToolObject(toolId);
            Object body = d.getBody() == null ? null : d.getBody().getToolObject(toolId);
            if ((o != null && o != d) || body != null) {
                // A pre-evaluated constant-level definition: TLC keeps its value on the definition or its body.
                if (constant(o) || ((o == null || o == d) && constant(body))) {
                    return true;
                }
                String module = d.getOriginallyDefinedInModuleNode() == null ? ""
                        : d.getOriginallyDefinedInModuleNode().getName().toString();
                boolean ok = PURE_MODULES.contains(module) || (module.equals("TLC")
                        && PURE_TLC.contains(d.getName().toString()));
                if (!ok && Boolean.getBoolean("enlightened.engine.stepCacheDebug")) {
                    System.err.println("unknown " + d.getName() + " in " + module + " o=" + o + " body=" + body);
                }
                return ok;
            }
            return read(d.getBody());
        }
    }

    private static boolean constant(Object o) {
        return o instanceof Value v && !(v instanceof tlc2.value.impl.MethodValue)
                && !(v instanceof tlc2.value.impl.OpValue);
    }

    /** Whether TLC evaluates {@code d}'s own body (no config substitution, override or pre-evaluated value). */
    private boolean asWritten(OpDefNode d) {
        Object o = d.getToolObject(toolId);
        return (o == null || o == d) && d.getBody() != null && d.getBody().getToolObject(toolId) == null;
    }
}
