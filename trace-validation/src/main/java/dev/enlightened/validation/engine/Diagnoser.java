package dev.enlightened.validation.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.enlightened.validation.Verdict;
import dev.enlightened.validation.engine.tlc.TlcAdapter;
import dev.enlightened.validation.format.TraceEvent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tla2sany.semantic.ExprNode;
import tla2sany.semantic.OpApplNode;
import tla2sany.semantic.SymbolNode;
import tlc2.tool.Action;
import tlc2.tool.EvalControl;
import tlc2.tool.StateVec;
import tlc2.tool.TLCState;
import tlc2.value.impl.BoolValue;
import tlc2.value.impl.RecordValue;
import tlc2.value.impl.Value;
import util.UniqueString;

/**
 * Explains why event {@code k} fits none of the deepest matched states: for each, the event's matcher conjunct by
 * conjunct (up to the first FALSE one, with its source location), and each successor the spec allows diffed field
 * by field against the event's parameters and post-state summary.
 */
final class Diagnoser {
    private static final Set<String> COMPARISONS = Set.of("=", "/=", "#", "<", ">", "\\leq", "\\geq", "=<", "<=",
            ">=", "\\in", "\\notin");
    private static final int CANDIDATES_SHOWN = 4;

    private final SpecSession spec;
    private final EventBinder events;
    private final Conjuncts conjuncts;
    private final List<Action> invariants;
    private final List<String> invariantNames;
    /** Show whole states; otherwise only the variables the failing conjunct reads. */
    private final boolean verbose;

    Diagnoser(SpecSession spec, EventBinder events, TraceSearch search, List<Action> invariants,
              List<String> invariantNames, boolean verbose) {
        this.verbose = verbose;
        this.spec = spec;
        this.events = events;
        this.conjuncts = new Conjuncts(spec);
        this.invariants = invariants;
        this.invariantNames = invariantNames;
    }

    /** Diagnosis of one deepest state, and the kind of failure it shows. */
    record Finding(Verdict.Kind kind, Verdict.MatchedState matched) {
    }

    Finding diagnose(int index, TLCState s) throws EventBinder.EventError {
        TraceEvent event = events.full(index);
        String state = s.toString().strip();
        failing = null;
        if (event.isQuiescent()) {
            String step = Quiescence.enabledStep(spec, event.actor(), s);
            return new Finding(Verdict.Kind.QUIESCENCE, new Verdict.MatchedState(state, "party " + event.actor()
                    + " is not blocked: " + step, List.of(), List.of()));
        }
        Action matcher = events.matcher(index);
        StateVec fits = events.successors(index, matcher, s);
        for (int i = 0; i < fits.size(); i++) {
            String broken = broken(s, fits.elementAt(i));
            if (broken != null) {
                Verdict.Kind kind = broken.startsWith("invariant") ? Verdict.Kind.INVARIANT
                        : Verdict.Kind.ACTION_PROPERTY;
                return new Finding(kind, new Verdict.MatchedState(state, broken + "; successor:\n"
                        + fits.elementAt(i).toString().strip(), List.of(), List.of()));
            }
        }
        List<Labelled> candidates = specSuccessors(event.action(), s);
        List<Verdict.Conjunct> checked = conjuncts(matcher, s, candidates);
        if (!verbose && failing != null) {
            state = cut(s, failing);
        }
        List<Verdict.Candidate> diffs = new ArrayList<>();
        for (Labelled c : candidates.subList(0, Math.min(CANDIDATES_SHOWN, candidates.size()))) {
            diffs.add(new Verdict.Candidate(c.label, diff(event, c)));
        }
        String reason = spec.silent.isEmpty() ? null
                : "also tried after silent steps (" + silentBounds() + ") without a fit";
        return new Finding(Verdict.Kind.NO_MATCH, new Verdict.MatchedState(state, reason, checked, diffs));
    }

    private String silentBounds() {
        List<String> parts = new ArrayList<>();
        spec.silent.forEach(x -> parts.add(x.name() + " <= " + x.bound()));
        return String.join(", ", parts);
    }

    private String broken(TLCState s, TLCState t) {
        for (int i = 0; i < invariants.size(); i++) {
            if (!spec.tool.isValid(invariants.get(i), t)) {
                return "invariant " + invariantNames.get(i) + " is violated after the step";
            }
        }
        for (int i = 0; i < spec.impliedActions.length; i++) {
            if (!spec.tool.isValid(spec.impliedActions[i], s, t)) {
                return "action property " + spec.impliedActionNames[i] + " is violated by the step";
            }
        }
        return null;
    }

    /** A successor the spec allows, with the sub-action of Next that produced it. */
    private record Labelled(String label, Action action, TLCState state) {
    }

    /** Successors by the sub-actions of Next named like the event, or by all of Next when those allow none. */
    private List<Labelled> specSuccessors(String name, TLCState s) {
        List<Labelled> named = new ArrayList<>();
        List<Labelled> all = new ArrayList<>();
        for (Action a : spec.nextActions()) {
            StateVec succ = spec.successors(a, s);
            for (int i = 0; i < succ.size(); i++) {
                Labelled l = new Labelled(a.getName() + bindings(a), a, succ.elementAt(i));
                all.add(l);
                if (a.getName() != null && a.getName().toString().equals(name)) {
                    named.add(l);
                }
            }
        }
        return named.isEmpty() ? all : named;
    }

    /** The first failing conjunct of the last {@link #conjuncts} call, or null. */
    private Conjuncts.Conjunct failing;

    private List<Verdict.Conjunct> conjuncts(Action matcher, TLCState s, List<Labelled> candidates) {
        List<Conjuncts.Conjunct> list = new ArrayList<>();
        conjuncts.flatten(matcher.pred, matcher.con, list);
        List<Verdict.Conjunct> out = new ArrayList<>();
        failing = null;
        for (Conjuncts.Conjunct c : list) {
            Verdict.Conjunct v = evaluate(c, s, candidates);
            out.add(v);
            if (v.failed()) {
                failing = c;
                break;
            }
        }
        return out;
    }

    /**
     * The state cut to the variables the failing conjunct reads (through the operators it calls), so a long
     * per-channel state does not bury the one value that matters; {@code --verbose} shows it whole.
     */
    private String cut(TLCState s, Conjuncts.Conjunct c) {
        Set<String> read = new java.util.TreeSet<>();
        reads(c.node(), read, new java.util.HashSet<>());
        if (read.isEmpty()) {
            return s.toString().strip();
        }
        StringBuilder sb = new StringBuilder();
        int hidden = 0;
        for (tla2sany.semantic.OpDeclNode v : spec.vars) {
            String name = v.getName().toString();
            if (read.contains(name)) {
                sb.append("/\\ ").append(name).append(" = ").append(SpecSession.var(s, v)).append('\n');
            } else {
                hidden++;
            }
        }
        if (hidden > 0) {
            sb.append("(").append(hidden).append(" more variable").append(hidden == 1 ? "" : "s")
                    .append(" not read by the failing conjunct: --verbose shows them)");
        }
        return sb.toString().strip();
    }

    /** Collects the state variables {@code node} reads, through the bodies of the operators it applies. */
    private static void reads(tla2sany.semantic.SemanticNode node, Set<String> out,
                              Set<tla2sany.semantic.SemanticNode> seen) {
        if (node == null || !seen.add(node)) {
            return;
        }
        if (node instanceof OpApplNode appl) {
            SymbolNode op = appl.getOperator();
            if (op instanceof tla2sany.semantic.OpDeclNode d
                    && d.getKind() == tla2sany.semantic.ASTConstants.VariableDeclKind) {
                out.add(d.getName().toString());
            } else if (op instanceof tla2sany.semantic.OpDefNode def
                    && def.getKind() == tla2sany.semantic.ASTConstants.UserDefinedOpKind) {
                reads(def.getBody(), out, seen);
            }
        } else if (node instanceof tla2sany.semantic.OpArgNode arg
                && arg.getOp() instanceof tla2sany.semantic.OpDefNode def) {
            reads(def.getBody(), out, seen);
        }
        tla2sany.semantic.SemanticNode[] children = node.getChildren();
        if (children != null) {
            for (tla2sany.semantic.SemanticNode child : children) {
                reads(child, out, seen);
            }
        }
    }

    private Verdict.Conjunct evaluate(Conjuncts.Conjunct c, TLCState s, List<Labelled> candidates) {
        String text = conjuncts.text(c.node());
        String where = Conjuncts.location(c.node());
        int level = c.node() instanceof ExprNode e ? e.getLevel() : 2;
        try {
            if (level <= 1) {
                boolean ok = truth(c, s, TLCState.Empty);
                String detail = ok ? "" : detail(c, s, TLCState.Empty);
                return new Verdict.Conjunct(text, where, ok ? "TRUE" : "FALSE",
                        detail.isEmpty() && !ok ? disjuncts(c, s, List.of()) : detail);
            }
            if (candidates.isEmpty()) {
                return new Verdict.Conjunct(text, where, "FALSE: the spec allows no step from the matched state", "");
            }
            for (Labelled l : candidates) {
                if (truth(c, s, l.state)) {
                    return new Verdict.Conjunct(text, where, "TRUE", "");
                }
            }
            String detail = detail(c, s, candidates.get(0).state);
            return new Verdict.Conjunct(text, where, "FALSE for every successor the spec allows",
                    detail.isEmpty() ? disjuncts(c, s, candidates) : detail);
        } catch (RuntimeException ex) {
            String msg = ex.getMessage() == null ? ex.toString() : ex.getMessage();
            return new Verdict.Conjunct(text, where, "error: " + msg.replaceAll("\\s+", " ").strip(), "");
        }
    }

    /** For a false disjunction: where each disjunct fails (its first false conjunct). */
    private String disjuncts(Conjuncts.Conjunct c, TLCState s, List<Labelled> candidates) {
        if (!(c.node() instanceof OpApplNode appl) || !Set.of("$DisjList", "\\lor")
                .contains(appl.getOperator().getName().toString())) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        int i = 1;
        for (var arg : appl.getArgs()) {
            List<Conjuncts.Conjunct> list = new ArrayList<>();
            conjuncts.flatten(arg, c.context(), list);
            for (Conjuncts.Conjunct d : list) {
                Verdict.Conjunct v = evaluate(d, s, candidates);
                if (v.failed()) {
                    parts.add("disjunct " + i + " fails at " + v.text() + " (" + v.location() + ")");
                    break;
                }
            }
            i++;
        }
        return String.join("; ", parts);
    }

    private boolean truth(Conjuncts.Conjunct c, TLCState s, TLCState t) {
        Value v = spec.tool.eval(c.node(), c.context(), s, t, EvalControl.Clear);
        return v instanceof BoolValue b && b.val;
    }

    /** For a comparison, the value of each side (primed sides in the first candidate successor). */
    private String detail(Conjuncts.Conjunct c, TLCState s, TLCState t) {
        if (c.node() instanceof OpApplNode appl && appl.getOperator() instanceof tla2sany.semantic.OpDefNode def
                && def.getKind() == tla2sany.semantic.ASTConstants.UserDefinedOpKind && appl.getArgs().length > 0) {
            return arguments(appl, def, c, s, t);
        }
        if (!(c.node() instanceof OpApplNode appl) || appl.getArgs().length != 2
                || !COMPARISONS.contains(appl.getOperator().getName().toString())) {
            return "";
        }
        try {
            Value lhs = spec.tool.eval(appl.getArgs()[0], c.context(), s, t, EvalControl.Clear);
            Value rhs = spec.tool.eval(appl.getArgs()[1], c.context(), s, t, EvalControl.Clear);
            return "left side = " + lhs + ", right side = " + rhs;
        } catch (RuntimeException ex) {
            return "";
        }
    }

    /** For a call of a defined operator: the value of each argument, by parameter name. */
    private String arguments(OpApplNode appl, tla2sany.semantic.OpDefNode def, Conjuncts.Conjunct c, TLCState s,
                             TLCState t) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < appl.getArgs().length && i < def.getParams().length; i++) {
            try {
                Value v = spec.tool.eval(appl.getArgs()[i], c.context(), s, t, EvalControl.Clear);
                parts.add(def.getParams()[i].getName() + " = " + v);
            } catch (RuntimeException ex) {
                return "";
            }
        }
        return String.join(", ", parts);
    }

    private List<Verdict.FieldDiff> diff(TraceEvent event, Labelled c) {
        List<Verdict.FieldDiff> rows = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> params = event.params().fields();
        while (params.hasNext()) {
            Map.Entry<String, JsonNode> p = params.next();
            Object bound = c.action.con.lookup(sym -> sym.getName().toString().equals(p.getKey()));
            if (bound instanceof Value v) {
                rows(rows, "params." + p.getKey(), p.getValue(), v, event);
            }
        }
        RecordValue view = spec.view(c.state);
        Iterator<Map.Entry<String, JsonNode>> post = event.post().fields();
        while (post.hasNext() && view != null) {
            Map.Entry<String, JsonNode> p = post.next();
            rows(rows, "post." + p.getKey(), p.getValue(), view.select(new tlc2.value.impl.StringValue(
                    UniqueString.uniqueStringOf(p.getKey()))), event);
        }
        return rows;
    }

    /**
     * The rows of one field. A function- or record-valued field is not shown whole: a logged scalar is compared
     * with the element at the event's own index (the parameter whose value is in the function's domain, e.g.
     * {@code post.mapped[params.inst=3]}), and two functions with one domain show only the keys where they
     * differ ({@code post.hst[5]: trace "Open", spec "Free"}), so one flipped flag is one row, not a whole tuple.
     */
    private static void rows(List<Verdict.FieldDiff> out, String field, JsonNode logged, Value spec,
                             TraceEvent event) {
        Value trace;
        try {
            trace = ValueCodec.toTla(logged, field);
        } catch (ValueCodec.UnsupportedValue | RuntimeException e) {
            out.add(new Verdict.FieldDiff(field, logged.toString(), spec == null ? "(absent)" : spec.toString(),
                    false));
            return;
        }
        tlc2.value.impl.FcnRcdValue fs = function(spec);
        tlc2.value.impl.FcnRcdValue ft = function(trace);
        if (fs != null && ft == null) {
            // Keys named by the event's parameters; parameters with the same value name one element, one row.
            Map<Value, List<String>> byKey = new java.util.LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> params = event.params().fields();
            while (params.hasNext()) {
                Map.Entry<String, JsonNode> p = params.next();
                try {
                    Value key = ValueCodec.toTla(p.getValue(), "params." + p.getKey());
                    if (fs.select(key) != null) {
                        byKey.computeIfAbsent(key, k -> new ArrayList<>()).add("params." + p.getKey());
                    }
                } catch (ValueCodec.UnsupportedValue | RuntimeException e) {
                    // Not a key of this function: try the next parameter.
                }
            }
            for (Map.Entry<Value, List<String>> k : byKey.entrySet()) {
                out.add(row(field + "[" + k.getKey() + "] (at " + String.join(" = ", k.getValue()) + ")", trace,
                        fs.select(k.getKey())));
            }
            if (!byKey.isEmpty()) {
                return;
            }
        }
        if (fs != null && ft != null && !trace.equals(spec)) {
            Value[] keys = keys(fs);
            if (keys != null && sameDomain(fs, ft)) {
                for (Value k : keys) {
                    Value a = ft.select(k);
                    Value b = fs.select(k);
                    if (a != null && !a.equals(b)) {
                        differing(out, field + "[" + k + "]", a, b);
                    }
                }
                return;
            }
        }
        out.add(row(field, trace, spec));
    }

    /** Differing elements, one level into records ({@code post.x[3].mapped}), else the element as one row. */
    private static void differing(List<Verdict.FieldDiff> out, String field, Value trace, Value spec) {
        if (trace instanceof RecordValue a && spec instanceof RecordValue b && a.names.length == b.names.length) {
            for (int i = 0; i < a.names.length; i++) {
                Value other = b.select(new tlc2.value.impl.StringValue(a.names[i]));
                if (other == null || !a.values[i].equals(other)) {
                    out.add(row(field + "." + a.names[i], a.values[i], other));
                }
            }
            return;
        }
        out.add(row(field, trace, spec));
    }

    private static Verdict.FieldDiff row(String field, Value trace, Value spec) {
        boolean equal;
        try {
            equal = spec != null && trace.equals(spec);
        } catch (RuntimeException e) {
            equal = false;  // TLC refuses to compare values of different kinds: they differ.
        }
        return new Verdict.FieldDiff(field, trace.toString(), spec == null ? "(absent)" : spec.toString(), equal);
    }

    /** @return {@code v} as a function (tuples and records included), or null for a scalar or a set */
    private static tlc2.value.impl.FcnRcdValue function(Value v) {
        if (!(v instanceof tlc2.value.impl.FcnRcdValue || v instanceof tlc2.value.impl.TupleValue
                || v instanceof RecordValue)) {
            return null;
        }
        try {
            Value f = v.toFcnRcd();
            return f instanceof tlc2.value.impl.FcnRcdValue r ? r : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Value[] keys(tlc2.value.impl.FcnRcdValue f) {
        if (f.domain != null) {
            return f.domain;
        }
        if (f.intv != null) {
            Value[] keys = new Value[f.values.length];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = tlc2.value.impl.IntValue.gen(f.intv.low + i);
            }
            return keys;
        }
        return null;
    }

    private static boolean sameDomain(tlc2.value.impl.FcnRcdValue a, tlc2.value.impl.FcnRcdValue b) {
        Value[] ka = keys(a);
        Value[] kb = keys(b);
        if (ka == null || kb == null || ka.length != kb.length) {
            return false;
        }
        for (Value k : ka) {
            if (b.select(k) == null) {
                return false;
            }
        }
        return true;
    }

    /** @return the action's bound parameters, e.g. {@code (m = 1)}, or empty */
    static String bindings(Action a) {
        List<String> parts = TlcAdapter.bindings(a.con);
        return parts.isEmpty() ? "" : "(" + String.join(", ", parts) + ")";
    }

}
