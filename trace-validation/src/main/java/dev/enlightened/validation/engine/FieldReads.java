package dev.enlightened.validation.engine;

import dev.enlightened.validation.engine.tlc.TlcAdapter;
import dev.enlightened.validation.format.TraceEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tla2sany.semantic.LetInNode;
import tla2sany.semantic.OpApplNode;
import tla2sany.semantic.OpDefNode;
import tla2sany.semantic.SemanticNode;
import tla2sany.semantic.StringNode;
import tlc2.tool.TLCState;
import tlc2.util.Context;
import tlc2.value.impl.FcnRcdValue;
import tlc2.value.impl.RecordValue;
import tlc2.value.impl.SetEnumValue;
import tlc2.value.impl.StringValue;
import tlc2.value.impl.Value;

/**
 * Every logged field of every event is constrained (issue 9, item 2): after a matcher {@code Is<Event>} matched a
 * step, each of the event's {@code params} and {@code post} fields must have been read while it was evaluated, or
 * be declared informational for that event, with its reason, in the trace module's {@code TraceInformational}
 * ({@code [Event |-> [param |-> "why"]]}). Reads are seen by {@link TlcAdapter#watch} at the module's
 * {@code e.params.f}, {@code e.params[k]}, {@code e.post.f} and {@code e.post[k]} expressions, so a field read
 * only by another event's matcher (or only under a condition this step did not meet) counts as unread.
 *
 * <p>Also the event's {@code actor}: it must be the party ({@code TraceParties}) or the execution context
 * ({@code TraceActors}, a function from actor name to action names) that takes the action; and a Quiescent
 * event's {@code waitingFor} must be one the module enumerates for that party ({@code TraceWaitingFor}).
 */
final class FieldReads implements TlcAdapter.Reads {
    private static final String PARAMS = "params";
    private static final String POST = "post";

    /** A watched expression: which record it selects from and, for {@code e.x.f}, the field's name. */
    private record Watched(boolean params, String name, SemanticNode key) {
    }

    private final TlcAdapter tool;
    private final Map<Integer, Watched> watched = new HashMap<>();
    private final Stamped paramsRead = new Stamped();
    private final Stamped postRead = new Stamped();
    private final Map<String, Map<String, String>> informational = new HashMap<>();
    private final Map<String, Set<String>> actorActions = new HashMap<>();
    private final Map<String, Set<String>> waitingFor = new HashMap<>();
    private final String module;

    private FieldReads(TlcAdapter tool, String module) {
        this.tool = tool;
        this.module = module;
    }

    /**
     * Watches the trace module's field reads and reads its declarations.
     *
     * @throws SpecSession.LoadError when a declaration is malformed or names an event without matcher
     */
    static FieldReads install(SpecSession spec) throws SpecSession.LoadError {
        TlcAdapter t = spec.tool;
        FieldReads f = new FieldReads(t, spec.moduleName);
        Set<SemanticNode> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (OpDefNode def : t.rootModule().getOpDefs()) {
            f.walk(def.getBody(), seen);
        }
        f.readInformational(spec);
        f.readActors(spec);
        f.readWaitingFor(spec);
        t.listen(f);
        return f;
    }

    private void walk(SemanticNode node, Set<SemanticNode> seen) {
        if (node == null || !seen.add(node)) {
            return;
        }
        if (node instanceof OpApplNode app && app.getArgs().length == 2
                && app.getArgs()[0] instanceof OpApplNode inner && isSelect(inner)
                && inner.getArgs()[1] instanceof StringNode rec) {
            String which = rec.getRep().toString();
            String op = app.getOperator().getName().toString();
            if ((which.equals(PARAMS) || which.equals(POST)) && (op.equals("$RcdSelect") || op.equals("$FcnApply"))) {
                String name = op.equals("$RcdSelect") && app.getArgs()[1] instanceof StringNode s
                        ? s.getRep().toString() : null;
                watched.put(app.getUid(), new Watched(which.equals(PARAMS), name, app.getArgs()[1]));
                tool.watch(app);
            }
        }
        if (node instanceof LetInNode let) {
            for (OpDefNode d : let.getLets()) {
                walk(d.getBody(), seen);
            }
        }
        SemanticNode[] children = node.getChildren();
        if (children != null) {
            for (SemanticNode c : children) {
                walk(c, seen);
            }
        }
    }

    private static boolean isSelect(OpApplNode n) {
        return n.getOperator().getName().toString().equals("$RcdSelect") && n.getArgs().length == 2;
    }

    /** @return how {@code n} is watched: compiled code may evaluate one watched by name, and tells {@link #reading} */
    dev.enlightened.validation.engine.compile.Watch.Kind kind(OpApplNode n) {
        Watched w = watched.get(n.getUid());
        return w == null ? dev.enlightened.validation.engine.compile.Watch.Kind.NOT
                : w.name != null ? dev.enlightened.validation.engine.compile.Watch.Kind.BY_NAME
                : dev.enlightened.validation.engine.compile.Watch.Kind.BY_KEY;
    }

    @Override
    public void reading(OpApplNode expr, Context c, TLCState s0, TLCState s1, int control) {
        Watched w = watched.get(expr.getUid());
        if (w == null) {
            return;
        }
        String name = w.name;
        if (name == null) {
            try {
                Value k = tool.evalUnwatched(w.key, c, s0, s1, control);
                name = k instanceof StringValue s ? s.val.toString() : null;
            } catch (RuntimeException e) {
                return; // the evaluation proper reports the error
            }
        }
        if (name != null) {
            (w.params ? paramsRead : postRead).add(name);
        }
    }

    /** The post fields a {@link PostCheck} compared, as TLC's evaluation of {@code e.post[f]} would report them. */
    void postRead(util.UniqueString[] names) {
        for (util.UniqueString n : names) {
            postRead.add(n.toString());
        }
    }

    /**
     * A set of names emptied in O(1) without allocating: each name keeps the number of the last {@link #clear} epoch
     * it was added in (issue 15: a HashSet cleared per event and filled again allocated a node per field read, 4 % of
     * a later trace's allocation).
     */
    static final class Stamped {
        private final Map<String, int[]> stamps = new HashMap<>();
        private int epoch = 1;

        void add(String name) {
            int[] at = stamps.get(name);
            if (at == null) {
                stamps.put(name, new int[] {epoch});
            } else {
                at[0] = epoch;
            }
        }

        boolean contains(String name) {
            int[] at = stamps.get(name);
            return at != null && at[0] == epoch;
        }

        void clear() {
            if (epoch == Integer.MAX_VALUE) {
                stamps.clear(); // no stamp may survive to equal a reused epoch
                epoch = 0;
            }
            epoch++;
        }
    }

    /** Forgets the reads so far: call before evaluating one event's matcher on one state. */
    void begin() {
        paramsRead.clear();
        postRead.clear();
    }

    /**
     * After a matcher produced at least one successor: the event's fields it did not read and that are not
     * informational for its action.
     *
     * @return why the event is bad input, or null
     */
    String unread(String action, Value event) {
        RecordValue e = (RecordValue) event;
        Map<String, String> info = informational.getOrDefault(action, Map.of());
        List<String> unread = new ArrayList<>();
        for (int i = 0; i < e.names.length; i++) {
            String rec = e.names[i].toString();
            boolean params = rec.equals(PARAMS);
            if (!params && !rec.equals(POST)) {
                continue;
            }
            RecordValue r = (RecordValue) e.values[i].toRcd();
            for (var n : r.names) {
                String f = n.toString();
                if (!(params ? paramsRead : postRead).contains(f) && !(params && info.containsKey(f))) {
                    unread.add(rec + "." + f);
                }
            }
        }
        if (unread.isEmpty()) {
            return null;
        }
        return "logged field" + (unread.size() == 1 ? " " : "s ") + String.join(", ", unread) + " of " + action
                + (unread.size() == 1 ? " is" : " are") + " read by no conjunct of Is" + action + " on the step it"
                + " matched, and " + module + "'s TraceInformational does not declare "
                + (unread.size() == 1 ? "it" : "them") + " for " + action + ": a field nothing reads is a field"
                + " nothing checks (misspelt, or logged for the wrong event?)";
    }

    /** @return why the event's actor (or a Quiescent's waitingFor) is wrong, or null */
    String badActor(TraceEvent e, Map<String, List<String>> parties) {
        if (e.isQuiescent()) {
            Set<String> allowed = waitingFor.get(e.actor());
            String w = e.params().path("waitingFor").asText();
            if (allowed == null || !allowed.contains(w)) {
                return "Quiescent waitingFor=" + w + " is not one " + module + "'s TraceWaitingFor enumerates for "
                        + e.actor() + (allowed == null ? " (none)" : " " + new TreeSet<>(allowed));
            }
            return null;
        }
        List<String> owners = owners(parties).byAction.getOrDefault(e.action(), List.of());
        if (owners.isEmpty()) {
            return e.action() + " belongs to no actor of " + module + " (" + (actorActions.isEmpty()
                    ? "TraceParties" : "TraceActors") + "), so its actor cannot be checked";
        }
        if (e.actor() == null || !owners.contains(e.actor())) {
            return "actor=" + e.actor() + " but " + e.action() + " is a step of " + String.join(" or ",
                    new TreeSet<>(owners)) + " in " + module;
        }
        return null;
    }

    /** Who may take each action, for one content of TraceParties (a re-binding may change it). */
    private record Owners(Map<String, List<String>> parties, Map<String, List<String>> byAction) {
    }

    /** The last {@link Owners}: the reader thread asks once per event, so it is not rebuilt per event. */
    private volatile Owners owners;

    private Owners owners(Map<String, List<String>> parties) {
        Owners o = owners;
        // The same map object is the common case (once per event): equals walks every entry (issue 15).
        if (o != null && (o.parties == parties || o.parties.equals(parties))) {
            return o;
        }
        Map<String, Set<String>> byActor = actorActions;
        if (byActor.isEmpty()) {
            byActor = new HashMap<>();
            for (var p : parties.entrySet()) {
                byActor.put(p.getKey(), new HashSet<>(p.getValue()));
            }
        }
        Map<String, List<String>> byAction = new HashMap<>();
        byActor.forEach((actor, actions) -> actions.forEach(a ->
                byAction.computeIfAbsent(a, k -> new ArrayList<>()).add(actor)));
        o = new Owners(Map.copyOf(parties), byAction);
        owners = o;
        return o;
    }

    private void readInformational(SpecSession spec) throws SpecSession.LoadError {
        Value v = spec.definition("TraceInformational");
        if (v == null) {
            return;
        }
        if (!(v.toRcd() instanceof RecordValue r)) {
            throw new SpecSession.LoadError("TraceInformational must be a record [Event |-> [param |-> \"why\"]]");
        }
        for (int i = 0; i < r.names.length; i++) {
            String event = r.names[i].toString();
            if (!spec.matchers.containsKey(event)) {
                throw new SpecSession.LoadError("TraceInformational names " + event + ", which has no matcher Is"
                        + event + " in " + module);
            }
            if (!(r.values[i].toRcd() instanceof RecordValue fields)) {
                throw new SpecSession.LoadError("TraceInformational." + event + " must be a record [param |-> why]");
            }
            Map<String, String> m = new HashMap<>();
            for (int j = 0; j < fields.names.length; j++) {
                if (!(fields.values[j] instanceof StringValue why) || why.val.toString().isBlank()) {
                    throw new SpecSession.LoadError("TraceInformational." + event + "." + fields.names[j]
                            + " must give its reason as a string");
                }
                m.put(fields.names[j].toString(), why.val.toString());
            }
            informational.put(event, m);
        }
    }

    private void readActors(SpecSession spec) throws SpecSession.LoadError {
        Map<String, Set<String>> m = stringSets(spec, "TraceActors");
        for (var e : m.entrySet()) {
            for (String a : e.getValue()) {
                if (!spec.matchers.containsKey(a)) {
                    throw new SpecSession.LoadError("TraceActors[\"" + e.getKey() + "\"] names " + a
                            + ", which has no matcher in " + module);
                }
            }
        }
        actorActions.putAll(m);
    }

    private void readWaitingFor(SpecSession spec) throws SpecSession.LoadError {
        waitingFor.putAll(stringSets(spec, "TraceWaitingFor"));
    }

    /** A definition that is a record or function from strings to sets of strings, or empty when absent. */
    private static Map<String, Set<String>> stringSets(SpecSession spec, String name) throws SpecSession.LoadError {
        Value v = spec.definition(name);
        Map<String, Set<String>> out = new HashMap<>();
        if (v == null) {
            return out;
        }
        Value f = v.toFcnRcd();
        if (!(f instanceof FcnRcdValue fcn)) {
            throw new SpecSession.LoadError(name + " must map names to sets of strings, got " + v);
        }
        for (int i = 0; i < fcn.domain.length; i++) {
            if (!(fcn.domain[i] instanceof StringValue key) || !(fcn.values[i].toSetEnum() instanceof SetEnumValue s)) {
                throw new SpecSession.LoadError(name + " must map names to sets of strings, got " + v);
            }
            Set<String> set = new HashSet<>();
            for (int j = 0; j < s.elems.size(); j++) {
                if (!(s.elems.elementAt(j) instanceof StringValue str)) {
                    throw new SpecSession.LoadError(name + "[\"" + key.val + "\"] holds a non-string");
                }
                set.add(str.val.toString());
            }
            out.put(key.val.toString(), set);
        }
        return out;
    }
}
