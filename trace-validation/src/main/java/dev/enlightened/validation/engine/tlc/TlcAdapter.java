package dev.enlightened.validation.engine.tlc;

import java.io.File;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tla2sany.semantic.ExprNode;
import tla2sany.semantic.ExprOrOpArgNode;
import tla2sany.semantic.ModuleNode;
import tla2sany.semantic.OpApplNode;
import tla2sany.semantic.OpDefNode;
import tla2sany.semantic.SemanticNode;
import tla2sany.semantic.SymbolNode;
import tlc2.TLCGlobals;
import tlc2.tool.Action;
import tlc2.tool.StateVec;
import tlc2.tool.TLCState;
import tlc2.tool.coverage.CostModel;
import tlc2.tool.impl.ReadTrackingTool;
import tlc2.tool.impl.Tool;
import tlc2.util.Context;
import tlc2.util.FP64;
import tlc2.util.Vect;
import tlc2.value.IValue;
import tlc2.value.impl.LazyValue;
import tlc2.value.impl.Value;
import util.SimpleFilenameToStream;
import util.ToolIO;
import util.UniqueString;

/**
 * The one door from the trace engine to TLC's tool: loading a module and its config, evaluating, enumerating
 * successors, splitting Next, the definition table, and the two places where TLC keeps what we need private (read by
 * reflection, each listed in {@link Reflected}). The rest of the engine reads only TLC's data model (semantic nodes,
 * values, states, contexts) and reaches the tool through here; {@code TlcApiTest} names every TLC class and member
 * the engine touches, this class's reflective ones included, and checks that nothing outside this package imports
 * TLC's tool internals ({@code tlc2.tool.impl}, {@code tlc2.tool.coverage}, {@code TLCGlobals}, {@code FP64},
 * {@code util} but {@code UniqueString}), so a TLC upgrade fails there first (issue 11, item 5).
 *
 * <p>One instance per loaded module; like TLC itself it is single-threaded and shares TLC's static state (the
 * fingerprint polynomial, the worker count, {@code ToolIO}) with every other instance in the JVM.
 */
public final class TlcAdapter {
    /** TLC members the adapter reaches by reflection because TLC keeps them private, each with its signature. */
    public enum Reflected {
        /** {@code Tool.actionVec}: where {@code Tool.getActions(Action)} collects the sub-actions of Next. */
        TOOL_ACTION_VEC(Tool.class, "actionVec", null),
        /** {@code Tool.getActions(Action)}: TLC's splitter of Next into sub-actions. */
        TOOL_GET_ACTIONS(Tool.class, "getActions", new Class<?>[] {Action.class}),
        /** {@code Context.name}: the symbol a context entry binds. */
        CONTEXT_NAME(Context.class, "name", null),
        /** {@code Context.value}: the value it binds the symbol to. */
        CONTEXT_VALUE(Context.class, "value", null),
        /** {@code Context.next}: the enclosing entries. */
        CONTEXT_NEXT(Context.class, "next", null);

        private final Class<?> owner;
        private final String member;
        /** Null for a field; a method's parameter types otherwise. */
        private final Class<?>[] params;

        Reflected(Class<?> owner, String member, Class<?>[] params) {
            this.owner = owner;
            this.member = member;
            this.params = params;
        }

        /** @return e.g. {@code tlc2.tool.impl.Tool#getActions}, as TlcApiTest names TLC members */
        public String api() {
            return owner.getName() + "#" + member;
        }

        /** @return the field (accessible) */
        Field field() throws ReflectiveOperationException {
            Field f = owner.getDeclaredField(member);
            f.setAccessible(true);
            return f;
        }

        /** @return the method (accessible) */
        Method method() throws ReflectiveOperationException {
            Method m = owner.getDeclaredMethod(member, params);
            m.setAccessible(true);
            return m;
        }

        /** @return whether this TLC declares the member with this signature (without making it accessible) */
        public boolean exists() {
            try {
                if (params == null) {
                    owner.getDeclaredField(member);
                } else {
                    owner.getDeclaredMethod(member, params);
                }
                return true;
            } catch (NoSuchFieldException | NoSuchMethodException e) {
                return false;
            }
        }
    }

    /** Hears the evaluation of a watched expression ({@link #watch}), to record which logged field it reads. */
    @FunctionalInterface
    public interface Reads {
        /** Called before {@code expr} is evaluated, with its context and states. */
        void reading(OpApplNode expr, Context c, TLCState s0, TLCState s1, int control);
    }

    /**
     * Hears which variables of the source state an action's evaluation depends on
     * ({@link #successorsRecording}); the engine's step cache keys its read sets by them.
     */
    public interface VarReads extends ReadTrackingTool.VarReads {
    }

    private final ReadTrackingTool tool;

    private TlcAdapter(ReadTrackingTool tool) {
        this.tool = tool;
    }

    /**
     * Parses a module and its config, as TLC does before a run with one worker.
     *
     * @param specDir    the module's directory
     * @param module     the module's name
     * @param configBase the config's path without {@code .cfg}
     * @param libraries  every directory where SANY looks for modules (the module's first)
     * @param output     where TLC's and SANY's progress and error lines go
     * @return the loaded module's adapter
     * @throws RuntimeException as TLC throws for a module or config it cannot load (its message says why)
     */
    public static TlcAdapter load(String specDir, String module, String configBase, String[] libraries,
                                  PrintStream output) {
        FP64.Init(0);
        TLCGlobals.setNumWorkers(1);
        ToolIO.out = output;
        ToolIO.err = output;
        return new TlcAdapter(new ReadTrackingTool(specDir, module, configBase,
                new SimpleFilenameToStream(libraries)));
    }

    /** @return the root module */
    public ModuleNode rootModule() {
        return tool.getRootModule();
    }

    /** @return every module the spec loaded (extended and instanced ones too, inner modules not flattened) */
    public ModuleNode[] modules() {
        return tool.getSpecProcessor().getModuleTbl().getModuleNodes();
    }

    /** @return the id under which TLC keeps this spec's objects on semantic nodes ({@code getToolObject}) */
    public int toolId() {
        return tool.toolId();
    }

    /** @return what TLC's definition table holds for {@code name} (a constant's or definition's value), or null */
    public Object definitionTable(UniqueString name) {
        return tool.definitions().get(name);
    }

    /** Sets {@code name}'s entry of TLC's definition table. */
    public void defineInTable(String name, Value value) {
        tool.definitions().put(name, value);
    }

    /** Sets {@code name}'s entry of TLC's definition table. */
    public void defineInTable(UniqueString name, Value value) {
        tool.definitions().put(name, value);
    }

    /** @return the config's temporal properties' names (non-empty: liveness the engine cannot decide) */
    public String[] temporalNames() {
        return tool.getImpliedTemporals().length == 0 ? new String[0] : tool.getImpliedTemporalNames();
    }

    /** @return the config's action properties ({@code [][A]_v}) as actions */
    public Action[] impliedActions() {
        return tool.getImpliedActions();
    }

    /** @return their names */
    public String[] impliedActionNames() {
        return tool.getImpliedActNames();
    }

    /** @return the config's initial-state properties */
    public Action[] impliedInits() {
        return tool.getImpliedInits();
    }

    /** @return the config's invariants */
    public Action[] invariants() {
        return tool.getInvariants();
    }

    /** @return their names */
    public String[] invariantNames() {
        return tool.getInvNames();
    }

    /** @return the module's ASSUMEs */
    public ExprNode[] assumptions() {
        return tool.getAssumptions();
    }

    /** @return per ASSUME, whether it is an AXIOM (not checked) */
    public boolean[] assumptionIsAxiom() {
        return tool.getAssumptionIsAxiom();
    }

    /** @return {@code expr} evaluated in {@code s} under {@code c} */
    public Value eval(SemanticNode expr, Context c, TLCState s) {
        return (Value) tool.eval(expr, c, s);
    }

    /** @return {@code expr} evaluated on the step {@code s0 -> s1} under {@code c}, with TLC's eval control bits */
    public Value eval(SemanticNode expr, Context c, TLCState s0, TLCState s1, int control) {
        return (Value) tool.eval(expr, c, s0, s1, control);
    }

    /** @return whether the state predicate holds in {@code s} */
    public boolean isValid(Action predicate, TLCState s) {
        return tool.isValid(predicate, s);
    }

    /** @return whether the action predicate holds on the step {@code s -> t} */
    public boolean isValid(Action predicate, TLCState s, TLCState t) {
        return tool.isValid(predicate, s, t);
    }

    /** @return the initial states */
    public StateVec initStates() {
        return tool.getInitStates();
    }

    /** @return the predicates {@link #initStates} evaluates (TLC's {@code getInitStateSpec}), for what they reach */
    public List<SemanticNode> initPredicates() {
        Vect<Action> spec = tool.getInitStateSpec();
        List<SemanticNode> out = new ArrayList<>(spec.size());
        for (int i = 0; i < spec.size(); i++) {
            out.add(spec.elementAt(i).pred);
        }
        return out;
    }

    /**
     * @return whether TLC fingerprints a state as the plain sequence of its variables' values: no VIEW and no
     *         SYMMETRY in the config (either makes {@code TLCState.fingerPrint} fingerprint something else)
     */
    public boolean plainFingerprints() {
        return tool.getViewSpec() == null && !tool.hasSymmetry();
    }

    /** @return TLC's 64-bit fingerprint ({@code FP64}) of one value on its own */
    public static long fingerprint(IValue value) {
        return value.fingerPrint(FP64.New());
    }

    /** @return the successors of {@code s} by {@code a} */
    public StateVec successors(Action a, TLCState s) {
        return tool.getNextStates(a, s);
    }

    /**
     * @return the successors of {@code s} by {@code a}, telling {@code reads} every variable of {@code s} on whose
     *         value they depend (see {@code ReadTrackingTool.successorsRecording})
     */
    public StateVec successorsRecording(Action a, TLCState s, VarReads reads) {
        return tool.successorsRecording(a, s, reads);
    }

    /** @return the context in which {@code def}'s body is evaluated when applied to {@code args} under {@code c} */
    public Context opContext(OpDefNode def, ExprOrOpArgNode[] args, Context c) {
        return tool.getOpContext(def, args, c, true);
    }

    /** @return {@code body} under {@code c}, evaluated when first read (as TLC binds a LET's definitions) */
    public static Value lazy(SemanticNode body, Context c) {
        return new LazyValue(body, c, CostModel.DO_NOT_RECORD);
    }

    /** @return the predicate {@code body} under {@code c} as an action, without coverage recording */
    public static Action action(SemanticNode body, Context c, OpDefNode def) {
        Action a = new Action(body, c, def);
        a.cm = CostModel.DO_NOT_RECORD;
        return a;
    }

    /** @return the module file SANY resolves {@code fileName} to, or null */
    public File resolve(String fileName) {
        return tool.getResolver().resolve(fileName, true);
    }

    /**
     * The sub-actions of Next, without coverage recording.
     *
     * @param again whether to split Next again, as the load did: TLC enumerates constant-level {@code \E} bounds
     *              while splitting (one sub-action per value), so after constants are re-bound the load's split is
     *              stale
     * @return the sub-actions
     * @throws IllegalStateException when this TLC build has no splitter we can reach (a TLC upgrade must revisit
     *                               {@link Reflected#TOOL_GET_ACTIONS})
     */
    public Action[] nextActions(boolean again) {
        Action[] actions = again ? splitNext() : tool.getActions();
        for (Action a : actions) {
            a.cm = CostModel.DO_NOT_RECORD;
        }
        return actions;
    }

    private Action[] splitNext() {
        Action next = tool.getNextStateSpec();
        if (next == null) {
            return new Action[0];
        }
        try {
            Field vec = Reflected.TOOL_ACTION_VEC.field();
            Method split = Reflected.TOOL_GET_ACTIONS.method();
            Vect<Action> fresh = new Vect<>(10);
            vec.set(tool, fresh);
            split.invoke(tool, next);
            Action[] out = new Action[fresh.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = fresh.elementAt(i);
            }
            return out;
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("splitting Next failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this TLC build has no Tool.getActions(Action)/actionVec: " + e, e);
        }
    }

    /**
     * The symbols a context binds, innermost first, each once (an inner binding hides an outer one of that name).
     *
     * @return {@code name = value} strings, outermost first; empty when this TLC's {@code Context} has other fields
     */
    public static List<String> bindings(Context context) {
        List<String> parts = new ArrayList<>();
        try {
            Field name = Reflected.CONTEXT_NAME.field();
            Field value = Reflected.CONTEXT_VALUE.field();
            Field next = Reflected.CONTEXT_NEXT.field();
            Set<String> seen = new HashSet<>();
            for (Context c = context; c != null; c = (Context) next.get(c)) {
                if (name.get(c) instanceof SymbolNode sym && seen.add(sym.getName().toString())) {
                    parts.add(0, sym.getName() + " = " + value.get(c));
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            return List.of();
        }
        return parts;
    }

    /** Watches {@code node}: evaluating it calls the listener ({@link #listen}) first. */
    public void watch(SemanticNode node) {
        tool.watch(node);
    }

    /** @param reads who hears watched evaluations */
    public void listen(Reads reads) {
        tool.listen(reads::reading);
    }

    /** Evaluates {@code expr} without calling the listener: for a listener that needs a key's value. */
    public Value evalUnwatched(SemanticNode expr, Context c, TLCState s0, TLCState s1, int control) {
        return tool.evalPlain(expr, c, s0, s1, control);
    }
}
