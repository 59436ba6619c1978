package dev.enlightened.validation.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.enlightened.validation.engine.tlc.TlcAdapter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tla2sany.semantic.ExprNode;
import tla2sany.semantic.OpApplNode;
import tla2sany.semantic.OpDeclNode;
import tla2sany.semantic.OpDefNode;
import tla2sany.semantic.SemanticNode;
import tla2sany.semantic.StringNode;
import tlc2.tool.Action;
import tlc2.tool.StateVec;
import tlc2.tool.TLCState;
import tlc2.util.Context;
import tlc2.value.impl.BoolValue;
import tlc2.value.impl.IntValue;
import tlc2.value.impl.RecordValue;
import tlc2.value.impl.SetEnumValue;
import tlc2.value.impl.StringValue;
import tlc2.value.impl.Value;

/**
 * A {@code Trace<Spec>.tla} module parsed once by TLC's evaluator, with the conventions the engine relies on:
 * {@code Is<Event>(e)} matchers, {@code TraceView} (what {@code post} fields mean), {@code TraceSilent} (unlogged
 * actions and their bound per gap) and {@code TraceParties} (which actions belong to which party). One per JVM:
 * TLC's statics (variable table, fingerprint polynomial) allow no second one; traces with other header constants
 * are checked by re-binding them ({@link #rebind}), not by a second session.
 */
final class SpecSession {
    static final String MATCHER_PREFIX = "Is";
    private static final Pattern CONSTANT_LINE = Pattern.compile("^\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(=|<-).*$");
    private static final Pattern PROGRESS_LINE = Pattern.compile(
            "\\s*(Parsing file |Semantic processing of module |Linting of module |Starting\\.\\.\\.)");

    /**
     * A silent (unlogged) spec action and at most how many steps of it may fill one gap. Its sub-actions of Next
     * are resolved on first use: splitting Next enumerates every parameter value, which large constants make
     * costly, and a fully logged trace never needs it.
     */
    final class Silent {
        private final String name;
        private final int bound;
        private Action[] actions;

        Silent(String name, int bound) {
            this.name = name;
            this.bound = bound;
        }

        String name() {
            return name;
        }

        int bound() {
            return bound;
        }

        Action[] actions() {
            if (actions == null) {
                actions = actionsNamed(name);
            }
            return actions;
        }
    }

    /** The module could not be loaded; the message is one line for the user. */
    static final class LoadError extends Exception {
        private static final long serialVersionUID = 1L;

        LoadError(String message) {
            super(message);
        }
    }

    /** The loaded module's evaluator: the engine's only way into TLC's tool. */
    final TlcAdapter tool;
    final String moduleName;
    final Map<String, OpDefNode> matchers = new LinkedHashMap<>();
    final OpDefNode traceView;
    final List<Silent> silent = new ArrayList<>();
    final Map<String, List<String>> parties = new LinkedHashMap<>();
    private final Map<String, Action[]> partyActions = new LinkedHashMap<>();
    private Action[] nextActions;
    /** Re-binds header constants ({@link #enableRebinding}); null when the session keeps its load's constants. */
    private ConstantBinder binder;
    /** How many times {@link #rebind} ran: what was remembered under other constants is stale. */
    int bindings;
    /**
     * How many times a re-binding changed which definitions hold pre-evaluated values ({@link ConstantBinder#bind}):
     * analyses of what an action or invariant reads, made under another count, are stale; others are kept.
     */
    int analyses;
    /** Per re-bindable constant: the value of {@link #bindings} at the re-binding that last changed its value. */
    private final Map<String, Integer> changedAt = new java.util.HashMap<>();
    /** Invariant checks by the header invariants they add to the config's, kept across traces ({@link #invariants}). */
    private final Map<List<String>, InvariantCheck> invariantChecks = new java.util.HashMap<>();
    private int invariantChecksAt;
    /** Whether {@link #rebind} ran: TLC's own split of Next, made at load, is then stale. */
    private boolean rebound;
    /** Init's states, TraceView's fields and the ASSUMEs that held, per the values of the constants they reach. */
    private ConstantResults constantResults;
    final List<Action> invariants = new ArrayList<>();
    final List<String> invariantNames = new ArrayList<>();
    final Action[] impliedActions;
    final String[] impliedActionNames;
    final OpDeclNode[] vars;
    /** How the search fingerprints states (from the source state's fingerprint where a step left values alone). */
    final Fingerprints fingerprints;
    /** Which logged fields each matcher reads, and who may take each action (issue 9, item 2). */
    final FieldReads fieldReads;
    /**
     * Successors remembered by the values of the variables an action reads ({@link StepCache}); null when switched
     * off with {@code -Denlightened.engine.stepCache=false} (for benchmarks comparing both in one run).
     */
    private final StepCache steps;
    /**
     * The root module's definitions by name, the first of each name as TLC's {@code ModuleNode.getOpDef} finds it:
     * that one builds a stream over every definition per call, and each re-binding looked up every action of
     * TraceSilent and TraceParties (issue 15).
     */
    private final Map<String, OpDefNode> defsByName = new java.util.HashMap<>();
    /** Compiled evaluation of actions and predicates (null: {@code -Denlightened.engine.compiled=false}). */
    final CompiledEval compiled;
    /** The matchers' definitions, by their bodies (a matcher bound to an event is an action on its body). */
    private final Map<SemanticNode, OpDefNode> matcherBodies = new IdentityHashMap<>();

    private SpecSession(TlcAdapter tool, String moduleName) throws LoadError {
        this.tool = tool;
        this.moduleName = moduleName;
        for (OpDefNode def : tool.rootModule().getOpDefs()) {
            String name = def.getName().toString();
            // Only the trace module's own definitions: an extended module's IsFiniteSet or IsPrimary is no matcher.
            if (name.startsWith(MATCHER_PREFIX) && name.length() > 2 && Character.isUpperCase(name.charAt(2))
                    && def.getArity() == 1 && def.getOriginallyDefinedInModuleNode() == tool.rootModule()) {
                matchers.put(name.substring(2), def);
            }
        }
        if (matchers.isEmpty()) {
            throw new LoadError(moduleName + " defines no matcher Is<Event>(e)");
        }
        for (OpDefNode def : tool.rootModule().getOpDefs()) {
            defsByName.putIfAbsent(def.getName().toString(), def);
        }
        this.traceView = opDef("TraceView");
        if (tool.temporalNames().length > 0) {
            throw new LoadError(moduleName + ".cfg names liveness properties " + List.of(tool.temporalNames())
                    + ": a finite trace cannot decide them; keep only invariants and [][A]_v properties (a Quiescent "
                    + "event is the trace's stand-in for progress)");
        }
        this.impliedActions = tool.impliedActions();
        this.impliedActionNames = tool.impliedActionNames();
        for (Action a : tool.invariants()) {
            invariants.add(a);
        }
        invariantNames.addAll(List.of(tool.invariantNames()));
        this.vars = TLCState.vars;
        this.fingerprints = new Fingerprints(tool, vars);
        for (OpDefNode def : matchers.values()) {
            matcherBodies.put(def.getBody(), def);
        }
        util.UniqueString[] names = new util.UniqueString[vars.length];
        for (int i = 0; i < vars.length; i++) {
            names[i] = vars[i].getName();
        }
        this.compiled = dev.enlightened.validation.engine.compile.Compiler.ENABLED ? new CompiledEval(tool, names)
                : null;
        this.steps = Boolean.parseBoolean(System.getProperty("enlightened.engine.stepCache", "true"))
                ? new StepCache(tool, names, fingerprints, compiled) : null;
        this.constantResults = new ConstantResults(tool, null, traceView);
        checkAssumptions();
        readSilent();
        readParties();
        this.fieldReads = FieldReads.install(this);
        if (compiled != null) {
            compiled.fieldReads(fieldReads);
        }
        if (steps != null) {
            steps.postReads(fieldReads::postRead);
        }
    }

    /**
     * The module's ASSUMEs under the trace header's constants, as TLC checks them before a run: an ill-typed or
     * out-of-range constant is named here, not as an evaluation error deep in Init or Next.
     */
    private void checkAssumptions() throws LoadError {
        ExprNode[] assumptions = tool.assumptions();
        boolean[] axioms = tool.assumptionIsAxiom();
        for (int i = 0; i < assumptions.length; i++) {
            if (axioms[i]) {
                continue;
            }
            ExprNode a = assumptions[i];
            // One that held under the values its constants have now holds again (issue 15: each re-binding of a
            // batch checked every ASSUME of the ring's modules again); only a failure is evaluated twice.
            if (constantResults.assumptionHolds(i, () -> holds(a))) {
                continue;
            }
            String where = a.getLocation().source() + ".tla:" + a.getLocation().beginLine() + ":"
                    + a.getLocation().beginColumn();
            Value v;
            try {
                v = tool.eval(a, Context.Empty, TLCState.Empty);
            } catch (RuntimeException e) {
                throw new LoadError("the header's constants break the ASSUME at " + where + ": "
                        + (e.getMessage() == null ? e.toString() : e.getMessage()).replaceAll("\\s+", " "));
            }
            if (!(v instanceof BoolValue b) || !b.val) {
                throw new LoadError("the header's constants violate the ASSUME at " + where);
            }
        }
    }

    /** @return whether the ASSUME {@code a} evaluates to TRUE under the constants bound now */
    private boolean holds(ExprNode a) {
        try {
            return tool.eval(a, Context.Empty, TLCState.Empty) instanceof BoolValue b && b.val;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Parses the module and its config once.
     *
     * @param module    the {@code Trace<Spec>.tla} file; its config is the {@code .cfg} next to it
     * @param library   directories where extended modules live
     * @param constants the trace header's constants, replacing the config's values of the same name
     * @param workDir   where the effective config is written
     * @return the session
     * @throws LoadError when the module, config or conventions are wrong; the message says which
     */
    static SpecSession load(Path module, List<Path> library, Map<String, JsonNode> constants, Path workDir)
            throws LoadError {
        String file = module.getFileName().toString();
        String name = file.endsWith(".tla") ? file.substring(0, file.length() - 4) : file;
        Path cfg = effectiveConfig(module.resolveSibling(name + ".cfg"), constants, workDir.resolve(name));
        String[] paths = new String[library.size() + 1];
        paths[0] = module.toAbsolutePath().getParent().toString();
        for (int i = 0; i < library.size(); i++) {
            paths[i + 1] = library.get(i).toAbsolutePath().toString();
        }
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream savedOut = System.out;
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        try {
            String cfgBase = cfg.toString().substring(0, cfg.toString().length() - 4);
            // FastTool plus a hook that sees which logged fields a matcher reads (FieldReads).
            return new SpecSession(TlcAdapter.load(paths[0], name, cfgBase, paths, capture), name);
        } catch (VirtualMachineError e) {
            // Out of memory (or stack) while parsing: the engine's resources, not the spec, are at fault.
            throw e;
        } catch (RuntimeException | Error e) {
            throw new LoadError("cannot load " + module + ": " + lastLines(captured, e));
        } finally {
            System.setOut(savedOut);
        }
    }

    private static String lastLines(ByteArrayOutputStream captured, Throwable e) {
        // SANY's and TLC's progress lines name every file parsed; the reason is in what is left.
        String out = captured.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> !PROGRESS_LINE.matcher(l).lookingAt()).collect(Collectors.joining(" ")).strip();
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        String joined = (out.isEmpty() ? "" : out + " ") + msg;
        return joined.replaceAll("\\s+", " ");
    }

    /** The module's config with the header's constants substituted (one assignment per line in the config). */
    private static Path effectiveConfig(Path cfg, Map<String, JsonNode> constants, Path target) throws LoadError {
        if (!Files.isRegularFile(cfg)) {
            throw new LoadError("missing config " + cfg + " next to the trace module");
        }
        try {
            StringBuilder out = new StringBuilder();
            for (String line : Files.readAllLines(cfg, StandardCharsets.UTF_8)) {
                var m = CONSTANT_LINE.matcher(line);
                if (m.matches() && constants.containsKey(m.group(1))) {
                    continue;
                }
                out.append(line).append('\n');
            }
            if (!constants.isEmpty()) {
                out.append("CONSTANTS\n");
                for (Map.Entry<String, JsonNode> e : constants.entrySet()) {
                    out.append("    ").append(e.getKey()).append(" = ").append(cfgValue(e.getKey(), e.getValue()))
                            .append('\n');
                }
            }
            Files.createDirectories(target.getParent());
            Path written = target.resolveSibling(target.getFileName() + ".cfg");
            Files.writeString(written, out.toString(), StandardCharsets.UTF_8);
            return written;
        } catch (IOException e) {
            throw new LoadError("cannot write the effective config: " + e.getMessage());
        }
    }

    /** A header constant in config syntax: integers, booleans, strings; an array is a set. */
    private static String cfgValue(String name, JsonNode v) throws LoadError {
        if (v.isIntegralNumber() && v.canConvertToInt()) {
            if (v.intValue() < 0) {
                throw new LoadError("header constant " + name + "=" + v + ": a TLC config cannot hold a negative"
                        + " integer (and no VMBus size or count is negative)");
            }
            return v.asText();
        }
        if (v.isBoolean()) {
            return v.booleanValue() ? "TRUE" : "FALSE";
        }
        if (v.isTextual() && v.textValue().chars().noneMatch(c -> c == '"' || c == '\\' || c < 0x20)) {
            return "\"" + v.textValue() + "\"";
        }
        if (v.isArray()) {
            List<String> elems = new ArrayList<>();
            for (JsonNode e : v) {
                elems.add(cfgValue(name, e));
            }
            return "{" + String.join(", ", elems) + "}";
        }
        throw new LoadError("header constant " + name + "=" + v + " is not an integer that fits 32 bits, a boolean,"
                + " a string without quotes, backslashes or control characters, or an array of those");
    }

    /** @return the root module's definition of {@code name} (as {@code ModuleNode.getOpDef}), or null */
    OpDefNode opDef(String name) {
        return defsByName.get(name);
    }

    /** @return a zero-arity definition of the module, evaluated, or null when the module has none */
    Value definition(String name) {
        OpDefNode def = opDef(name);
        if (def == null) {
            return null;
        }
        return tool.eval(def.getBody(), Context.Empty, TLCState.Empty);
    }

    private void readSilent() throws LoadError {
        Value v = definition("TraceSilent");
        if (v == null) {
            return;
        }
        if (!(v.toRcd() instanceof RecordValue r)) {
            throw new LoadError("TraceSilent must be a record [Action |-> bound], got " + v);
        }
        for (int i = 0; i < r.names.length; i++) {
            String name = r.names[i].toString();
            if (!(r.values[i] instanceof IntValue bound) || bound.val < 1) {
                throw new LoadError("TraceSilent." + name + " must be a positive bound, got " + r.values[i]);
            }
            requireOperator(name, "TraceSilent");
            silent.add(new Silent(name, bound.val));
        }
    }

    private void readParties() throws LoadError {
        Value v = definition("TraceParties");
        if (v == null) {
            return;
        }
        if (!(v.toRcd() instanceof RecordValue r)) {
            throw new LoadError("TraceParties must be a record [party |-> {action names}], got " + v);
        }
        for (int i = 0; i < r.names.length; i++) {
            List<String> acts = new ArrayList<>();
            if (!(r.values[i].toSetEnum() instanceof SetEnumValue set)) {
                throw new LoadError("TraceParties." + r.names[i] + " must be a set of action names");
            }
            for (int j = 0; j < set.elems.size(); j++) {
                if (!(set.elems.elementAt(j) instanceof StringValue s)) {
                    throw new LoadError("TraceParties." + r.names[i] + " holds a non-string " + set.elems.elementAt(j));
                }
                requireOperator(s.val.toString(), "TraceParties." + r.names[i]);
                acts.add(s.val.toString());
            }
            parties.put(r.names[i].toString(), acts);
        }
    }

    private void requireOperator(String name, String where) throws LoadError {
        if (opDef(name) == null) {
            throw new LoadError(where + " names " + name + ", which " + moduleName + " does not define");
        }
    }

    /**
     * Lets this session check traces with other header constants: {@link #rebind} then binds those of
     * {@code names} a trace sets, and the config's values for the rest (issue 15: one parse per batch).
     *
     * @param names the constants the module's header declaration lists (settable and pinned)
     */
    void enableRebinding(Set<String> names) {
        binder = new ConstantBinder(tool, names);
        constantResults = new ConstantResults(tool, binder, traceView);
    }

    /**
     * @return Init's states under the constants bound now (TLC's {@code getInitStates}, remembered per the values of
     *         the constants Init reaches: {@link ConstantMemo}); callers must not change them
     */
    StateVec initStates() {
        return constantResults.initStates(tool::initStates);
    }

    /**
     * @return the field names of {@code TraceView} in the first initial state (what an event's {@code post} may
     *         name), or null when the module defines no TraceView; remembered as {@link #initStates} is
     */
    Set<String> viewFields() {
        if (traceView == null) {
            return null;
        }
        return constantResults.viewFields(() -> {
            RecordValue r = view(initStates().elementAt(0));
            Set<String> names = new HashSet<>();
            if (r != null) {
                for (var n : r.names) {
                    names.add(n.toString());
                }
            }
            return Collections.unmodifiableSet(names);
        });
    }

    /** @return Init's and TraceView's memories' look-ups answered from memory and evaluated (tests) */
    int[][] constantMemoCounts() {
        return constantResults.counts();
    }

    /** @return how many pre-evaluated definitions a re-binding evaluates again (0 before {@link #enableRebinding}) */
    int derivedDefinitions() {
        return binder == null ? 0 : binder.derivedCount();
    }

    /**
     * Binds a trace's header constants in place of the previous trace's, without parsing the module again: the
     * constants, the definitions TLC pre-evaluated from them, the split of Next, the module's ASSUMEs (checked
     * again), {@code TraceSilent} and {@code TraceParties}.
     *
     * @param constants the trace header's constants, already checked against the module's declaration
     * @throws LoadError when a value cannot be bound or breaks an ASSUME (bad input for that trace only)
     */
    void rebind(Map<String, JsonNode> constants) throws LoadError {
        if (binder == null) {
            throw new IllegalStateException("enableRebinding was not called");
        }
        rebound = true;
        bindings++;
        nextActions = null;
        partyActions.clear();
        silent.clear();
        parties.clear();
        boolean stale = binder.bind(constants);
        if (compiled != null) {
            compiled.rebound(stale); // its constant-level values are TLC's under the new binding
        }
        if (stale) {
            analyses++;
            // A derived definition that failed to evaluate is evaluated where used: same values, but forget anyway.
            constantResults.clearInit();
        }
        for (String name : binder.changed()) {
            changedAt.put(name, bindings);
        }
        if (steps != null) {
            // The memories of actions that reach a constant whose value changed go; the analyses of what each action
            // reads stay unless `stale` (issue 15: walking every action again was a quarter of a short trace's search).
            Set<String> changed = binder.changed();
            steps.clear(stale, a -> !stale && Collections.disjoint(binder.reached(a), changed));
        }
        checkAssumptions();
        readSilent();
        readParties();
    }

    /**
     * The invariant check of the config's invariants plus those a trace header names, made once per batch (and
     * again only when a re-binding made its analysis stale): its memory of values in which a conjunct held serves
     * every trace under the same constants and is forgotten when they are re-bound ({@link InvariantCheck}).
     *
     * @param headerNames the invariants the trace header adds, in its order
     * @param all         the config's invariants, then the header's, as actions
     */
    InvariantCheck invariantCheck(List<String> headerNames, List<Action> all) {
        if (invariantChecksAt != analyses) {
            invariantChecks.clear();
            invariantChecksAt = analyses;
        }
        return invariantChecks.computeIfAbsent(List.copyOf(headerNames), k -> new InvariantCheck(this, all));
    }

    /**
     * Whether what was remembered about {@code expr} at binding number {@code since} (a value of {@link #bindings})
     * still holds: no constant it may reach ({@link ConstantBinder#reached}) changed value since. Always true
     * without re-binding.
     */
    boolean constantsUnchanged(SemanticNode expr, int since) {
        if (binder == null || since == bindings) {
            return true;
        }
        for (String name : binder.reached(expr)) {
            if (changedAt.getOrDefault(name, 0) > since) {
                return false;
            }
        }
        return true;
    }

    /** The sub-actions of Next: TLC splits its disjunctions and existentials (one per parameter value). */
    Action[] nextActions() {
        if (nextActions == null) {
            nextActions = tool.nextActions(rebound);
        }
        return nextActions;
    }

    /** The sub-actions of Next that apply the named operator (none if Next never uses it). */
    Action[] actionsNamed(String name) {
        List<Action> found = new ArrayList<>();
        for (Action a : nextActions()) {
            if (a.getName() != null && a.getName().toString().equals(name)) {
                found.add(a);
            }
        }
        return found.toArray(new Action[0]);
    }

    /** The sub-actions of Next of a party's actions (per TraceParties). */
    Action[] partyActions(String party) {
        return partyActions.computeIfAbsent(party, p -> {
            List<Action> all = new ArrayList<>();
            for (String name : parties.get(p)) {
                all.addAll(List.of(actionsNamed(name)));
            }
            return all.toArray(new Action[0]);
        });
    }

    /** Successors of {@code s} by a sub-action of Next, or by a matcher bound to an event. */
    StateVec successors(Action a, TLCState s) {
        if (steps == null) {
            return tool.successors(a, s);
        }
        OpDefNode matcher = matcherBodies.get(a.pred);
        if (matcher != null) {
            return steps.matcherSuccessors(matcher, a, s, new Whole(a, s));
        }
        return steps.successors(a, s);
    }

    /**
     * TLC's evaluation of the whole matcher, afresh: what it reads is what the event's check sees. A class, not a
     * capturing lambda: under C1 a capture is a call into the VM, and this is made per event (issue 15).
     */
    private final class Whole implements java.util.function.Supplier<StateVec> {
        private final Action a;
        private final TLCState s;

        Whole(Action a, TLCState s) {
            this.a = a;
            this.s = s;
        }

        @Override
        public StateVec get() {
            fieldReads.begin();
            return tool.successors(a, s);
        }
    }

    /**
     * @return successors taken from {@link StepCache} and computed into it, and post conjuncts decided by
     *         {@link PostCheck} (0, 0, 0 when the cache is off)
     */
    long[] stepCacheCounts() {
        return steps == null ? new long[3] : new long[] {steps.hits(), steps.misses(), steps.postChecks()};
    }

    /** The matcher {@code Is<event>} with its parameter bound to the event record. */
    Action matcher(OpDefNode def, Value event) {
        return TlcAdapter.action(def.getBody(), Context.Empty.cons(def.getParams()[0], event), def);
    }

    /** Looks up an invariant the trace header names, as a state predicate of the module. */
    Action namedPredicate(String name) throws LoadError {
        OpDefNode def = opDef(name);
        if (def == null || def.getArity() != 0) {
            throw new LoadError("the header names invariant " + name + ", which " + moduleName
                    + " does not define as a state predicate");
        }
        return TlcAdapter.action(def.getBody(), Context.Empty, def);
    }

    /** {@code TraceView} evaluated in {@code s}, or null when the module defines none. */
    RecordValue view(TLCState s) {
        if (traceView == null) {
            return null;
        }
        Value v = tool.eval(traceView.getBody(), Context.Empty, s);
        return v.toRcd() instanceof RecordValue r ? r : null;
    }

    /** @return the value of {@code var} in {@code s} */
    static Value var(TLCState s, OpDeclNode var) {
        return (Value) s.lookup(var.getName());
    }
}
