package dev.enlightened.validation.engine.compile;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;
import tla2sany.semantic.SemanticNode;
import tlc2.value.impl.Value;
import util.UniqueString;

/**
 * Compiles the actions and state predicates the search evaluates, once each, by identity of their expression (issue
 * 15: on a short ring trace about 250 of its 310 events were step-cache misses, each a TLC evaluation of an action).
 * Which expressions are compiled, and how, is in {@link ExprCompiler} and {@link ActionCompiler}; what is not is
 * decided here once and left to TLC. Compiled code asks TLC for the value of each closed constant-level expression
 * once per binding of the constants, so {@link #rebound} must run whenever they are re-bound.
 *
 * <p>Switches: {@code -Denlightened.engine.compiled=false} leaves every evaluation to TLC, as before;
 * {@code -Denlightened.engine.compiledCheck=true} makes every compiled evaluation also TLC's and fails (an
 * {@code AssertionError}, which nothing in the engine catches) on any difference: successors as sets of
 * fingerprints and values, predicates' booleans. Three parts can be turned off alone (each forwarded by
 * TraceValidator, each run both ways by CompiledEvaluationTest): {@code -Denlightened.engine.compiledIndex=false}
 * (an integer argument of a function looked up by TLC's scan, not by position: {@code Builtins.atInteger}),
 * {@code -Denlightened.engine.compiledArgs=false} (an inlined operator's arguments evaluated at each use, not once
 * per entry: {@code ExprCompiler.Params}), {@code -Denlightened.engine.compiledRecursion=false} (RECURSIVE
 * definitions in invariants left to TLC: {@code ExprCompiler.recursiveCall}).
 */
public final class Compiler {
    /** Whether compiled evaluation is used ({@code enlightened.engine.compiled}, default true). */
    public static final boolean ENABLED = !"false".equals(System.getProperty("enlightened.engine.compiled"));
    /** Whether each compiled evaluation is checked against TLC's ({@code enlightened.engine.compiledCheck}). */
    public static final boolean CHECK = Boolean.getBoolean("enlightened.engine.compiledCheck");
    private static final boolean DEBUG = Boolean.getBoolean("enlightened.engine.stepCacheDebug");
    private static final Object NOT = new Object();

    private final int toolId;
    private final UniqueString[] names;
    private final Map<UniqueString, Integer> index = new HashMap<>();
    private final Const.Epoch epoch;
    private final Map<SemanticNode, Boolean> closedness = new IdentityHashMap<>();
    private final Watch watch;
    private final Map<SemanticNode, Object> actions = new IdentityHashMap<>();
    private final Map<SemanticNode, Object> predicates = new IdentityHashMap<>();
    private final Map<SemanticNode, Object> invariants = new IdentityHashMap<>();

    /**
     * @param toolId   the id under which TLC keeps its objects on semantic nodes
     * @param names    the state variables, in the order compiled code indexes them (and reports reads)
     * @param constant TLC's value of a closed constant-level expression
     * @param watch    the expressions whose evaluation someone hears
     */
    public Compiler(int toolId, UniqueString[] names, Function<SemanticNode, Value> constant, Watch watch) {
        this.watch = watch;
        this.toolId = toolId;
        this.names = names.clone();
        for (int i = 0; i < names.length; i++) {
            index.put(names[i], i);
        }
        this.epoch = new Const.Epoch(constant);
    }

    /** Nanoseconds spent compiling (for the debug dump). */
    public long compileNanos;

    /**
     * The constants were re-bound: the constant-level values are computed again when next needed.
     *
     * @param stale whether definitions gained or lost pre-evaluated values (then every compiled expression goes:
     *              what compiles depends on them)
     */
    public void rebound(boolean stale) {
        epoch.count++;
        if (stale) {
            clear();
        }
    }

    /** Forgets everything compiled. */
    public void clear() {
        actions.clear();
        predicates.clear();
        invariants.clear();
        closedness.clear();
        epoch.count++;
    }

    /** @return {@code pred} compiled as an action, or null when TLC evaluates it */
    public CompiledAction action(SemanticNode pred) {
        Object o = actions.get(pred); // before the capturing lambda below: a VM call under C1, per event (issue 15)
        if (o != null) {
            return o == NOT ? null : (CompiledAction) o;
        }
        return (CompiledAction) compiled(actions, pred, "action",
                x -> new CompiledAction(new ActionCompiler(x).act(pred, null), x.slots, names));
    }

    /** @return {@code expr} compiled as a state predicate, or null when TLC evaluates it */
    public CompiledPredicate predicate(SemanticNode expr) {
        Object o = predicates.get(expr); // as in action
        if (o != null) {
            return o == NOT ? null : (CompiledPredicate) o;
        }
        return (CompiledPredicate) compiled(predicates, expr, "predicate", x -> {
            if (Primes.reaches(expr)) {
                throw new NotCompiled("reads the next state");
            }
            return new CompiledPredicate(x.expr(expr, null), x.slots);
        });
    }

    /**
     * @return {@code expr}, an invariant's conjunct, compiled as a state predicate that may apply RECURSIVE
     *         definitions ({@code ExprCompiler.recursion}: no one hears an invariant's reads of the event's fields,
     *         which are counted per matcher evaluation before the invariants), or null when TLC evaluates it
     */
    public CompiledPredicate invariant(SemanticNode expr) {
        Object o = invariants.get(expr);
        if (o != null) {
            return o == NOT ? null : (CompiledPredicate) o;
        }
        return (CompiledPredicate) compiled(invariants, expr, "invariant", x -> {
            if (Primes.reaches(expr)) {
                throw new NotCompiled("reads the next state");
            }
            x.recursion = ExprCompiler.RECURSION;
            return new CompiledPredicate(x.expr(expr, null), x.slots);
        });
    }

    /** @return what {@code make} compiles of {@code node}, remembered in {@code memo} (NOT: TLC evaluates it) */
    private Object compiled(Map<SemanticNode, Object> memo, SemanticNode node, String what,
                            Function<ExprCompiler, Object> make) {
        Object o = memo.get(node);
        if (o == null) {
            long t0 = System.nanoTime();
            ExprCompiler x = new ExprCompiler(toolId, names, index, epoch, closedness, watch);
            try {
                o = make.apply(x);
            } catch (NotCompiled e) {
                debug(what, node, e);
                o = NOT;
            }
            memo.put(node, o);
            compileNanos += System.nanoTime() - t0;
        }
        return o == NOT ? null : o;
    }

    private static void debug(String what, SemanticNode n, NotCompiled e) {
        if (DEBUG) {
            System.err.println("not compiled: " + what + " " + n.getLocation() + ": " + e.getMessage());
        }
    }
}
