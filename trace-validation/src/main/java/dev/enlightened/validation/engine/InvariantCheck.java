package dev.enlightened.validation.engine;

import dev.enlightened.validation.engine.tlc.TlcAdapter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import tla2sany.semantic.ASTConstants;
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
import tlc2.tool.TLCState;
import tlc2.util.Context;
import tlc2.value.impl.BoolValue;
import tlc2.value.impl.Value;
import util.UniqueString;

/**
 * The invariants of every matched state, checked conjunct by conjunct, where a conjunct that reads only variables
 * the step left untouched is not evaluated again: it held in the step's source state, which passed every invariant
 * before the search stepped from it, and a state predicate's value is a function of the variables it reads (the
 * constants stay bound for the whole trace). Issue 15: on ring traces the invariants were a third of the search's
 * CPU, most of it {@code TypeOK}'s {@code data \in [Units -> ...]}, re-evaluated although most steps only move a
 * program counter.
 *
 * <p>"Untouched" is the same object in both states: TLC hands an {@code UNCHANGED} variable's value to the
 * successor by reference, and anything else is evaluated. Which variables a conjunct reads is found by walking its
 * expression through definitions, LETs and instance substitutions; a conjunct that reaches an operator whose value
 * may not be a function of the state (a Java override outside the pure standard modules, e.g. TLC's
 * {@code TLCGet} or {@code RandomElement}) or a definition re-bound by the config is always evaluated.
 */
final class InvariantCheck {
    /** Standard modules whose Java overrides are pure functions of their arguments. */
    private static final Set<String> PURE_MODULES = Set.of("Naturals", "Integers", "Sequences", "FiniteSets",
            "Bags");
    /** TLC module operators that are pure functions of their arguments. */
    private static final Set<String> PURE_TLC = Set.of(":>", "@@", "SortSeq", "Permutations", "ToString", "Assert");

    /** One conjunct; {@code vars} null when it must always be evaluated. */
    private record Conjunct(SemanticNode expr, Context con, UniqueString[] vars) {
    }

    private final TlcAdapter tool;
    private final int toolId;
    private final List<Conjunct> conjuncts = new ArrayList<>();
    private final List<Action> whole;

    /** @param invariants the state predicates to hold in every matched state (the cfg's and the header's) */
    InvariantCheck(SpecSession spec, List<Action> invariants) {
        this.tool = spec.tool;
        this.toolId = tool.toolId();
        this.whole = List.copyOf(invariants);
        Set<UniqueString> stateVars = new java.util.HashSet<>();
        for (OpDeclNode v : spec.vars) {
            stateVars.add(v.getName());
        }
        for (Action a : invariants) {
            List<SemanticNode> parts = new ArrayList<>();
            flatten(a.pred, parts, 0);
            for (SemanticNode p : parts) {
                Set<OpDeclNode> read = Collections.newSetFromMap(new IdentityHashMap<>());
                boolean known = a.con == Context.Empty && reads(p, read,
                        Collections.newSetFromMap(new IdentityHashMap<>()));
                UniqueString[] vars = null;
                if (known) {
                    // An instanced module's own variable is read through its substitute, walked too.
                    vars = read.stream().map(OpDeclNode::getName).filter(stateVars::contains)
                            .toArray(UniqueString[]::new);
                }
                conjuncts.add(new Conjunct(p, a.con, vars));
            }
        }
    }

    /** @return one line per conjunct: the variables it reads ("always" when it is always evaluated), for tests */
    String describe() {
        StringBuilder b = new StringBuilder();
        for (Conjunct c : conjuncts) {
            b.append(c.vars == null ? "always" : java.util.Arrays.toString(c.vars)).append(" <- ")
                    .append(c.expr.getLocation()).append('\n');
        }
        return b.toString();
    }

    /** @return whether every invariant holds in {@code s}, each evaluated in full */
    boolean holds(TLCState s) {
        for (Action inv : whole) {
            if (!tool.isValid(inv, s)) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param before a state in which every invariant holds (a matched state, or one of its silent successors)
     * @param after  a successor of {@code before}
     * @return whether every invariant holds in {@code after}
     */
    boolean holdsAfter(TLCState before, TLCState after) {
        for (Conjunct c : conjuncts) {
            if (c.vars != null && unchanged(c.vars, before, after)) {
                continue;
            }
            Value v = tool.eval(c.expr, c.con, after);
            if (!(v instanceof BoolValue b)) {
                // As TLC's isValid: a non-boolean invariant is an evaluation error, reported by the full check.
                return holds(after);
            }
            if (!b.val) {
                return false;
            }
        }
        return true;
    }

    private static boolean unchanged(UniqueString[] vars, TLCState before, TLCState after) {
        for (UniqueString v : vars) {
            if (before.lookup(v) != after.lookup(v)) {
                return false;
            }
        }
        return true;
    }

    /** Splits top-level conjunctions, through zero-arity definitions TLC would evaluate as written. */
    private void flatten(SemanticNode n, List<SemanticNode> out, int depth) {
        if (depth < 16 && n instanceof OpApplNode a) {
            SymbolNode op = a.getOperator();
            String name = op.getName().toString();
            if ((name.equals("\\land") || name.equals("$ConjList")) && a.getArgs().length > 0) {
                for (SemanticNode arg : a.getArgs()) {
                    flatten(arg, out, depth + 1);
                }
                return;
            }
            if (op instanceof OpDefNode d && d.getArity() == 0 && d.getKind() == ASTConstants.UserDefinedOpKind
                    && asWritten(d) && !(d.getBody() instanceof SubstInNode)) {
                flatten(d.getBody(), out, depth + 1);
                return;
            }
        }
        out.add(n);
    }

    /** Whether TLC evaluates {@code d}'s own body (no config substitution, override or pre-evaluated value). */
    private boolean asWritten(OpDefNode d) {
        Object o = d.getToolObject(toolId);
        return (o == null || o == d) && d.getBody() != null && d.getBody().getToolObject(toolId) == null;
    }

    /** Collects the variables {@code n} reads; false when its value may not be a function of them. */
    private boolean reads(SemanticNode n, Set<OpDeclNode> vars, Set<Object> seen) {
        if (n == null || !seen.add(n)) {
            return true;
        }
        if (n instanceof OpApplNode a && !symbol(a.getOperator(), vars, seen)) {
            return false;
        }
        if (n instanceof OpArgNode a && !symbol(a.getOp(), vars, seen)) {
            return false;
        }
        if (n instanceof OpApplNode a && a.getBdedQuantBounds() != null) {
            for (SemanticNode b : a.getBdedQuantBounds()) {
                if (!reads(b, vars, seen)) {
                    return false;
                }
            }
        }
        if (n instanceof SubstInNode s) {
            for (Subst sub : s.getSubsts()) {
                if (!reads(sub.getExpr(), vars, seen)) {
                    return false;
                }
            }
        }
        if (n instanceof LetInNode l) {
            for (OpDefNode let : l.getLets()) {
                if (!reads(let.getBody(), vars, seen)) {
                    return false;
                }
            }
        }
        SemanticNode[] children = n.getChildren();
        if (children != null) {
            for (SemanticNode c : children) {
                if (!reads(c, vars, seen)) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean symbol(SymbolNode op, Set<OpDeclNode> vars, Set<Object> seen) {
        if (op instanceof OpDeclNode d) {
            if (d.getKind() == ASTConstants.VariableDeclKind) {
                vars.add(d);
            }
            return true;
        }
        if (!(op instanceof OpDefNode d)) {
            return true; // a bound identifier: its value comes from the context the conjunct itself builds
        }
        if (!seen.add(d)) {
            return true;
        }
        Object o = d.getToolObject(toolId);
        Object body = d.getBody() == null ? null : d.getBody().getToolObject(toolId);
        if ((o != null && o != d) || body != null) {
            // Overridden, re-bound or pre-evaluated. A pre-evaluated constant is a value; a Java override is
            // pure only in the standard modules listed; anything else (a config substitution) is not followed.
            if (o instanceof Value v && !(v instanceof tlc2.value.impl.MethodValue)
                    && !(v instanceof tlc2.value.impl.OpValue)) {
                return true;
            }
            String module = d.getOriginallyDefinedInModuleNode() == null ? ""
                    : d.getOriginallyDefinedInModuleNode().getName().toString();
            return PURE_MODULES.contains(module) || (module.equals("TLC")
                    && PURE_TLC.contains(d.getName().toString()));
        }
        return reads(d.getBody(), vars, seen);
    }
}
