package dev.enlightened.validation.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.enlightened.validation.engine.tlc.TlcAdapter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tla2sany.semantic.APSubstInNode;
import tla2sany.semantic.LetInNode;
import tla2sany.semantic.ModuleNode;
import tla2sany.semantic.OpApplNode;
import tla2sany.semantic.OpArgNode;
import tla2sany.semantic.OpDeclNode;
import tla2sany.semantic.OpDefNode;
import tla2sany.semantic.SemanticNode;
import tla2sany.semantic.Subst;
import tla2sany.semantic.SubstInNode;
import tla2sany.semantic.SymbolNode;
import tlc2.tool.TLCState;
import tlc2.util.Context;
import tlc2.value.impl.BoolValue;
import tlc2.value.impl.IntValue;
import tlc2.value.impl.IntervalValue;
import tlc2.value.impl.MethodValue;
import tlc2.value.impl.SetEnumValue;
import tlc2.value.impl.StringValue;
import tlc2.value.impl.Value;

/**
 * Re-binds a loaded module's header constants to another trace's values without parsing the spec again (issue 15:
 * one engine JVM and one SANY parse per batch, whatever the traces' constants).
 *
 * <p>What TLC derived from the constants when it loaded the config, and how each is redone here:
 * <ul>
 * <li>the constant's value, kept as the tool object of its {@code OpDeclNode} (TLC's {@code processConstants}
 *     sets it on every declaration of that name) and in the definition table: both are replaced;</li>
 * <li>zero-arity constant-level definitions, pre-evaluated once and kept as the tool object of their
 *     {@code OpDefNode} ({@code SpecProcessor.processConstantDefns}): those whose body reaches a re-bindable
 *     constant, directly or through other definitions, instances' substitutions or LETs, are evaluated again.
 *     While they are, every one of them is unset, so a definition that reads another evaluates that one's body
 *     under the new constants instead of its stale value. One that fails to evaluate stays unset, and TLC then
 *     evaluates its body where it is used, as it does for a definition whose pre-evaluation failed at load;</li>
 * <li>the split of Next into sub-actions (TLC enumerates constant {@code \E} bounds while splitting): redone by
 *     {@link TlcAdapter#nextActions}, called by {@link SpecSession#rebind}.</li>
 * </ul>
 * Only the names the module's header declaration lists (settable or pinned) are ever re-bound, and a name the
 * trace does not set returns to the config's value: the validator's declaration, not the previous trace, decides
 * everything else.
 */
final class ConstantBinder {
    private final TlcAdapter tool;
    private final int toolId;
    /** Per re-bindable name: every declaration TLC bound, and the config's value. */
    private final Map<String, List<OpDeclNode>> decls = new LinkedHashMap<>();
    private final Map<String, Value> base = new LinkedHashMap<>();
    /** The pre-evaluated definitions whose values depend on a re-bindable constant. */
    private final List<OpDefNode> derived = new ArrayList<>();
    /** Definitions whose dependency walk is under way, and whether a walk met one of them (a cycle). */
    private final Set<OpDefNode> visiting = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean provisional;
    /**
     * Per derived definition: whether it holds a pre-evaluated value now (all do at load). The engine's analyses
     * of which variables an action or invariant reads treat a pre-evaluated definition as a constant and walk the
     * body of one that is not, so they stay valid across re-bindings as long as this pattern does.
     */
    private boolean[] held;
    /** The values bound now, by name (the config's at load). */
    private final Map<String, Value> bound = new LinkedHashMap<>();
    /** The names whose value the last {@link #bind} changed. */
    private Set<String> changed = Set.of();
    /** Per expression: the re-bindable names it may depend on ({@link #reached}). */
    private final Map<SemanticNode, Set<String>> reached = new IdentityHashMap<>();
    /** Per definition: every re-bindable name its body reaches ({@link #reachedDef}), and the walk's cycle state. */
    private final Map<OpDefNode, Set<String>> defReached = new IdentityHashMap<>();
    private final Set<OpDefNode> reaching = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean cycle;
    /** Per re-bindable name: {@link #dependsDef} answers for that name alone. */
    private final Map<String, Map<OpDefNode, Boolean>> memos = new java.util.HashMap<>();

    /**
     * @param tool  the loaded module's evaluator, before any event was checked
     * @param names the constants traces may set (the header declaration's settable and pinned names)
     */
    ConstantBinder(TlcAdapter tool, Set<String> names) {
        this.tool = tool;
        this.toolId = tool.toolId();
        ModuleNode[] modules = tool.modules();
        List<ModuleNode> all = new ArrayList<>();
        for (ModuleNode m : modules) {
            collect(m, all);
        }
        for (ModuleNode m : all) {
            for (OpDeclNode d : m.getConstantDecls()) {
                String n = d.getName().toString();
                if (names.contains(n) && d.getToolObject(toolId) instanceof Value v) {
                    decls.computeIfAbsent(n, k -> new ArrayList<>()).add(d);
                    base.putIfAbsent(n, v);
                }
            }
        }
        Map<OpDefNode, Boolean> memo = new IdentityHashMap<>();
        Set<OpDefNode> listed = Collections.newSetFromMap(new IdentityHashMap<>());
        for (ModuleNode m : all) {
            for (OpDefNode def : m.getOpDefs()) {
                Object cached = def.getToolObject(toolId);
                if (def.getArity() == 0 && cached instanceof Value && !(cached instanceof MethodValue)
                        && dependsDef(def, names, memo) && listed.add(def)) {
                    derived.add(def);
                }
            }
        }
        held = new boolean[derived.size()];
        java.util.Arrays.fill(held, true);
        bound.putAll(base);
    }

    /** @return the names whose value the last {@link #bind} changed (equal values count as unchanged) */
    Set<String> changed() {
        return changed;
    }

    /**
     * The re-bindable constants an expression may depend on: those it reaches through definitions (pre-evaluated or
     * not), LETs, instance substitutions and quantifier bounds. Over-approximates; a definition the config
     * substitutes by another ({@code Foo <- Bar}) counts as reaching every name, since its body is not what TLC
     * evaluates; a constant the config substitutes by a definition ({@code HostVersionSets <- TraceHostVersionSets})
     * reaches what that definition reaches. What the engine remembers under one binding stays valid under the next
     * when the expression reaches none of {@link #changed}.
     *
     * @param n an action or predicate of the loaded module
     * @return the names, a subset of {@link #names}
     */
    Set<String> reached(SemanticNode n) {
        Set<String> r = reached.get(n);
        if (r == null) {
            // One walk collects every name (issue 15: a walk per re-bindable name, 11 for the ring, was most of what
            // a re-binding spent on matchers first met after trace 1); reachedByName is the definition it equals.
            Set<String> found = new java.util.HashSet<>();
            collectReached(n, found, Collections.newSetFromMap(new IdentityHashMap<>()));
            r = Set.copyOf(found);
            reached.put(n, r);
        }
        return r;
    }

    /** {@link #reached}, one {@link #depends} walk per name: slower, and what a test compares the one walk with. */
    Set<String> reachedByName(SemanticNode n) {
        Set<String> found = new java.util.TreeSet<>();
        for (String name : base.keySet()) {
            Map<OpDefNode, Boolean> memo = memos.computeIfAbsent(name, k -> new IdentityHashMap<>());
            if (depends(n, Set.of(name), memo, Collections.newSetFromMap(new IdentityHashMap<>()))) {
                found.add(name);
            }
        }
        return Set.copyOf(found);
    }

    /** Adds to {@code out} the re-bindable names {@code n} reaches, as {@link #depends} walks (same cases). */
    private void collectReached(SemanticNode n, Set<String> out, Set<SemanticNode> seen) {
        if (n == null || !seen.add(n)) {
            return;
        }
        if (n instanceof OpApplNode a) {
            collectSymbol(a.getOperator(), out);
            if (a.getBdedQuantBounds() != null) {
                for (SemanticNode b : a.getBdedQuantBounds()) {
                    collectReached(b, out, seen);
                }
            }
        }
        if (n instanceof OpArgNode a) {
            collectSymbol(a.getOp(), out);
        }
        if (n instanceof SubstInNode s) {
            collectSubsts(s.getSubsts(), out, seen);
        }
        if (n instanceof APSubstInNode s) {
            collectSubsts(s.getSubsts(), out, seen);
        }
        if (n instanceof LetInNode l) {
            for (OpDefNode let : l.getLets()) {
                collectReached(let.getBody(), out, seen);
            }
        }
        SemanticNode[] children = n.getChildren();
        if (children != null) {
            for (SemanticNode c : children) {
                collectReached(c, out, seen);
            }
        }
    }

    private void collectSubsts(Subst[] substs, Set<String> out, Set<SemanticNode> seen) {
        for (Subst s : substs) {
            String name = s.getOp().getName().toString();
            if (base.containsKey(name)) {
                out.add(name);
            }
            collectReached(s.getExpr(), out, seen);
        }
    }

    private void collectSymbol(SymbolNode op, Set<String> out) {
        if (op instanceof OpDeclNode d) {
            String name = d.getName().toString();
            if (base.containsKey(name)) {
                out.add(name);
            }
            if (d.getToolObject(toolId) instanceof OpDefNode sub) {
                // A constant the config substitutes by a definition (C <- Def): TLC evaluates Def's body.
                out.addAll(reachedDef(sub));
            }
        } else if (op instanceof OpDefNode def) {
            if (def.getToolObject(toolId) instanceof OpDefNode other && other != def) {
                // A config substitution (Foo <- Bar): TLC evaluates Bar, not Foo's body; assume it reaches anything.
                out.addAll(base.keySet());
            } else {
                out.addAll(reachedDef(def));
            }
        }
    }

    /**
     * The names a definition's body reaches, remembered per definition once complete: a walk that met a definition
     * still being walked (a RECURSIVE cycle) may lack what that one reaches, so it is not remembered, as
     * {@link #dependsDef} does not remember a provisional "false".
     */
    private Set<String> reachedDef(OpDefNode def) {
        Set<String> known = defReached.get(def);
        if (known != null) {
            return known;
        }
        if (!reaching.add(def)) {
            cycle = true;
            return Set.of();
        }
        boolean outer = cycle;
        cycle = false;
        Set<String> out = new java.util.HashSet<>();
        if (!(def.getToolObject(toolId) instanceof MethodValue)) { // a Java override's body is never evaluated
            collectReached(def.getBody(), out, Collections.newSetFromMap(new IdentityHashMap<>()));
        }
        reaching.remove(def);
        if (!cycle) {
            defReached.put(def, out);
        }
        cycle = outer || cycle;
        return out;
    }

    private static void collect(ModuleNode m, List<ModuleNode> into) {
        into.add(m);
        for (ModuleNode inner : m.getInnerModules()) {
            collect(inner, into);
        }
    }

    /** @return the names this binder can re-bind (those the config binds) */
    Set<String> names() {
        return base.keySet();
    }

    /** @return how many pre-evaluated definitions each re-binding evaluates again */
    int derivedCount() {
        return derived.size();
    }

    /**
     * Binds every re-bindable constant to the trace's value, or the config's when the trace sets none, and
     * evaluates the derived definitions again.
     *
     * @param constants the trace header's constants (already checked against the module's declaration)
     * @return whether the derived definitions that hold a pre-evaluated value are others than after the previous
     *         binding (or the load): analyses of what actions and invariants read must then be made again
     * @throws SpecSession.LoadError when a value is of no type a config can hold, or the trace sets a constant
     *                               this module's config does not bind
     */
    boolean bind(Map<String, JsonNode> constants) throws SpecSession.LoadError {
        Map<String, Value> values = new LinkedHashMap<>(base);
        for (Map.Entry<String, JsonNode> e : constants.entrySet()) {
            if (!base.containsKey(e.getKey())) {
                throw new SpecSession.LoadError("header constant " + e.getKey() + " is not bound by the module's "
                        + "config, so the engine cannot set it");
            }
            values.put(e.getKey(), value(e.getKey(), e.getValue()));
        }
        Set<String> differ = new java.util.HashSet<>();
        for (Map.Entry<String, Value> e : values.entrySet()) {
            if (!same(bound.get(e.getKey()), e.getValue())) {
                differ.add(e.getKey());
            }
            bound.put(e.getKey(), e.getValue());
        }
        changed = Set.copyOf(differ);
        for (Map.Entry<String, Value> e : values.entrySet()) {
            for (OpDeclNode d : decls.get(e.getKey())) {
                d.setToolObject(toolId, e.getValue());
            }
            tool.defineInTable(e.getKey(), e.getValue());
        }
        for (OpDefNode def : derived) {
            def.setToolObject(toolId, null);
        }
        List<Value> fresh = new ArrayList<>(derived.size());
        for (OpDefNode def : derived) {
            Value v;
            try {
                v = tool.eval(def.getBody(), Context.Empty, TLCState.Empty);
                // As TLC's IValue.initialize, which normalises and then fingerprints to trigger lazy conversions,
                // except for an interval: it has none to trigger, and its fingerprint walks every element (a trace's
                // LBA range made one rebinding take 57 s of the 60 s a 200-I/O storvsc trace cost).
                if (v instanceof IntervalValue) {
                    v.deepNormalize();
                } else {
                    v.initialize();
                }
            } catch (RuntimeException e) {
                // As TLC's processConstantDefns: a definition that cannot be pre-evaluated is evaluated on use.
                v = null;
            }
            fresh.add(v);
        }
        boolean[] now = new boolean[derived.size()];
        for (int i = 0; i < derived.size(); i++) {
            OpDefNode def = derived.get(i);
            def.setToolObject(toolId, fresh.get(i));
            now[i] = fresh.get(i) != null;
            if (fresh.get(i) != null && tool.definitionTable(def.getName()) instanceof Value) {
                tool.defineInTable(def.getName(), fresh.get(i));
            }
        }
        boolean changed = !java.util.Arrays.equals(now, held);
        held = now;
        return changed;
    }

    /**
     * @param names re-bindable names, e.g. the sorted {@link #reached} of an expression
     * @return the values they are bound to now, in the order given ({@link ConstantMemo}'s key)
     */
    Value[] values(String[] names) {
        Value[] out = new Value[names.length];
        for (int i = 0; i < names.length; i++) {
            out[i] = bound.get(names[i]);
        }
        return out;
    }

    /** @return whether the two arrays hold equal values, position by position ({@link #same(Value, Value)}) */
    static boolean same(Value[] a, Value[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (!same(a[i], b[i])) {
                return false;
            }
        }
        return true;
    }

    /** Equal constant values (TLC refuses to compare values of different kinds: those differ). */
    private static boolean same(Value a, Value b) {
        try {
            return a == b || (a != null && b != null && a.equals(b));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A header constant as TLC's config parser makes it (see SpecSession.cfgValue for the same rules). */
    static Value value(String name, JsonNode v) throws SpecSession.LoadError {
        if (v.isIntegralNumber() && v.canConvertToInt()) {
            if (v.intValue() < 0) {
                throw new SpecSession.LoadError("header constant " + name + "=" + v + ": a TLC config cannot hold"
                        + " a negative integer (and no VMBus size or count is negative)");
            }
            return IntValue.gen(v.intValue());
        }
        if (v.isBoolean()) {
            return v.booleanValue() ? BoolValue.ValTrue : BoolValue.ValFalse;
        }
        if (v.isTextual() && v.textValue().chars().noneMatch(c -> c == '"' || c == '\\' || c < 0x20)) {
            return new StringValue(v.textValue());
        }
        if (v.isArray()) {
            Value[] elems = new Value[v.size()];
            for (int i = 0; i < elems.length; i++) {
                elems[i] = value(name, v.get(i));
            }
            Value set = new SetEnumValue(elems, false);
            set.initialize();
            return set;
        }
        throw new SpecSession.LoadError("header constant " + name + "=" + v + " is not an integer that fits 32 "
                + "bits, a boolean, a string without quotes, backslashes or control characters, or an array of "
                + "those");
    }

    /**
     * Whether a definition's value can depend on one of {@code names}: its body reaches a declaration of that
     * name. Over-approximates (any declaration of the name, in any module), which only costs an evaluation.
     */
    private boolean dependsDef(OpDefNode def, Set<String> names, Map<OpDefNode, Boolean> memo) {
        Boolean known = memo.get(def);
        if (known != null) {
            return known;
        }
        if (!visiting.add(def)) {
            // A RECURSIVE cycle back to a definition still being walked: no answer yet, so whatever "false" this
            // makes is provisional and is not remembered (see below).
            provisional = true;
            return false;
        }
        boolean outer = provisional;
        provisional = false;
        boolean d = !(def.getToolObject(toolId) instanceof MethodValue) // a Java override's body is never evaluated
                && depends(def.getBody(), names, memo, Collections.newSetFromMap(new IdentityHashMap<>()));
        visiting.remove(def);
        if (d || !provisional) {
            memo.put(def, d);
        }
        provisional = outer || (provisional && !d);
        return d;
    }

    private boolean depends(SemanticNode n, Set<String> names, Map<OpDefNode, Boolean> memo,
                            Set<SemanticNode> seen) {
        if (n == null || !seen.add(n)) {
            return false;
        }
        if (n instanceof OpApplNode a && symbol(a.getOperator(), names, memo)) {
            return true;
        }
        if (n instanceof OpArgNode a && symbol(a.getOp(), names, memo)) {
            return true;
        }
        if (n instanceof OpApplNode a && a.getBdedQuantBounds() != null) {
            for (SemanticNode b : a.getBdedQuantBounds()) {
                if (depends(b, names, memo, seen)) {
                    return true;
                }
            }
        }
        if (n instanceof SubstInNode s && substs(s.getSubsts(), names, memo, seen)) {
            return true;
        }
        if (n instanceof APSubstInNode s && substs(s.getSubsts(), names, memo, seen)) {
            return true;
        }
        if (n instanceof LetInNode l) {
            for (OpDefNode let : l.getLets()) {
                if (depends(let.getBody(), names, memo, seen)) {
                    return true;
                }
            }
        }
        SemanticNode[] children = n.getChildren();
        if (children != null) {
            for (SemanticNode c : children) {
                if (depends(c, names, memo, seen)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean substs(Subst[] substs, Set<String> names, Map<OpDefNode, Boolean> memo, Set<SemanticNode> seen) {
        for (Subst s : substs) {
            if (names.contains(s.getOp().getName().toString()) || depends(s.getExpr(), names, memo, seen)) {
                return true;
            }
        }
        return false;
    }

    private boolean symbol(SymbolNode op, Set<String> names, Map<OpDefNode, Boolean> memo) {
        if (op instanceof OpDeclNode d) {
            // A constant the config substitutes by a definition (C <- Def): TLC evaluates Def's body.
            return names.contains(d.getName().toString())
                    || (d.getToolObject(toolId) instanceof OpDefNode sub && dependsDef(sub, names, memo));
        }
        if (op instanceof OpDefNode def) {
            // A config substitution (Foo <- Bar): TLC evaluates Bar, not Foo's body; assume it reaches anything.
            if (def.getToolObject(toolId) instanceof OpDefNode other && other != def) {
                return true;
            }
            return dependsDef(def, names, memo);
        }
        return false;
    }
}
