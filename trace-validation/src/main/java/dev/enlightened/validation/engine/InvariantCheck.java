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
 *
 * <p>A conjunct that must be evaluated is first looked up in its memory of the values (of the variables it reads)
 * in which it held: by the same argument its value is a function of those values, so values equal to remembered
 * ones (TLC's FP64 of each, then {@code equals}) hold it again. Issue 15: on a ring trace {@code TypeOK}'s parts
 * over the shared memory and the program counters see the same few values again and again. Only TRUE is
 * remembered (FALSE ends the search there, and an error is reported by the full check); a conjunct that reaches
 * {@code ToString}, which prints a value's representation, is not remembered; a conjunct whose memory is rarely
 * used (its variables count packets) stops remembering; the memory is forgotten when a constant the conjunct may
 * reach is re-bound to another value.
 */
final class InvariantCheck {
    /** Standard modules whose Java overrides are pure functions of their arguments. */
    private static final Set<String> PURE_MODULES = Set.of("Naturals", "Integers", "Sequences", "FiniteSets",
            "Bags");
    /** TLC module operators that are pure functions of their arguments. */
    private static final Set<String> PURE_TLC = Set.of(":>", "@@", "SortSeq", "Permutations", "ToString", "Assert");

    /** Values remembered per conjunct at most. */
    static final int MEMO_LIMIT = 1 << 12;
    /** Lookups after which a conjunct whose memory answered fewer than a quarter of them stops remembering. */
    private static final int MEMO_TRIAL = 1 << 10;

    /**
     * One conjunct; {@code vars} null when it must always be evaluated; {@code index} the variables' indices in
     * {@code TLCState.vars}, null when the conjunct is not remembered.
     */
    private record Conjunct(SemanticNode expr, Context con, UniqueString[] vars, int[] index, Memo memo) {
    }

    /** The values in which one conjunct held, by the hash of their FP64s. */
    private static final class Memo {
        final FpCache<Value[]> held = new FpCache<>(MEMO_LIMIT);
        long lookups;
        long hits;
        boolean off;
    }

    private final TlcAdapter tool;
    private final SpecSession spec;
    /** {@link SpecSession#bindings} when the memories were filled. */
    private int bindings;
    /** Set while walking a conjunct that reaches {@code ToString}. */
    private boolean printsValue;
    private final int toolId;
    private final List<Conjunct> conjuncts = new ArrayList<>();
    private final List<Action> whole;

    /** @param invariants the state predicates to hold in every matched state (the cfg's and the header's) */
    InvariantCheck(SpecSession spec, List<Action> invariants) {
        this.tool = spec.tool;
        this.spec = spec;
        this.bindings = spec.bindings;
        this.toolId = tool.toolId();
        java.util.Map<UniqueString, Integer> position = new java.util.HashMap<>();
        for (int i = 0; i < spec.vars.length; i++) {
            position.put(spec.vars[i].getName(), i);
        }
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
                printsValue = false;
                boolean known = a.con == Context.Empty && reads(p, read,
                        Collections.newSetFromMap(new IdentityHashMap<>()));
                UniqueString[] vars = null;
                int[] index = null;
                if (known) {
                    // An instanced module's own variable is read through its substitute, walked too.
                    vars = read.stream().map(OpDeclNode::getName).filter(stateVars::contains)
                            .toArray(UniqueString[]::new);
                    if (!printsValue && vars.length > 0) {
                        index = new int[vars.length];
                        for (int i = 0; i < vars.length; i++) {
                            index[i] = position.get(vars[i]);
                        }
                    }
                }
                conjuncts.add(new Conjunct(p, a.con, vars, index, index == null ? null : new Memo()));
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
        if (bindings != spec.bindings) {
            // Only a conjunct that may reach a constant whose value changed since forgets (issue 15: TypeOK's parts
            // over program counters and flags hold in the same values under every ring size of a batch).
            for (Conjunct c : conjuncts) {
                if (c.memo != null && !spec.constantsUnchanged(c.expr, bindings)) {
                    c.memo.held.clear();
                }
            }
            bindings = spec.bindings;
        }
        for (int k = 0; k < conjuncts.size(); k++) { // no iterator per step: C1 allocates one
            Conjunct c = conjuncts.get(k);
            if (c.vars != null && unchanged(c.vars, before, after)) {
                continue;
            }
            Memo m = c.memo;
            Value[] vals = null;
            long h = 0;
            if (m != null && !m.off) {
                vals = new Value[c.vars.length];
                h = 0x9E3779B97F4A7C15L;
                for (int i = 0; i < vals.length; i++) {
                    vals[i] = (Value) after.lookup(c.vars[i]);
                    h = LongSet.mix(h ^ spec.fingerprints.value(c.index[i], vals[i]));
                }
                m.lookups++;
                Value[] held = m.held.get(h);
                if (held != null && same(held, vals)) {
                    m.hits++;
                    continue;
                }
                if (m.lookups == MEMO_TRIAL && m.hits * 4 < m.lookups) {
                    m.off = true;
                    m.held.clear();
                    vals = null;
                }
            }
            Value v = spec.compiled == null ? null : spec.compiled.evalInvariant(c.expr, c.con, after);
            if (v == null) {
                v = tool.eval(c.expr, c.con, after);
            }
            if (!(v instanceof BoolValue b)) {
                // As TLC's isValid: a non-boolean invariant is an evaluation error, reported by the full check.
                return holds(after);
            }
            if (!b.val) {
                return false;
            }
            if (vals != null) {
                m.held.put(h, vals);
            }
        }
        return true;
    }

    /**
     * @return whether the values are equal, pairwise (TLC refuses to compare values of different kinds: unequal);
     *         an equal value of {@code b} replaces {@code a}'s (the memory keeps the newest object, so the next
     *         lookup is mostly an identity: {@code StepCache.Entry.equal})
     */
    private static boolean same(Value[] a, Value[] b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i] && !StepCache.Entry.equal(a, i, b[i])) {
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
            if (module.equals("TLC") && d.getName().toString().equals("ToString")) {
                printsValue = true;
            }
            return PURE_MODULES.contains(module) || (module.equals("TLC")
                    && PURE_TLC.contains(d.getName().toString()));
        }
        return reads(d.getBody(), vars, seen);
    }
}
