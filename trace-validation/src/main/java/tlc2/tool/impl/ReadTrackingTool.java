package tlc2.tool.impl;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tla2sany.semantic.ASTConstants;
import tla2sany.semantic.OpApplNode;
import tla2sany.semantic.OpDefNode;
import tla2sany.semantic.SemanticNode;
import tla2sany.semantic.SubstInNode;
import tla2sany.semantic.SymbolNode;
import tlc2.tool.Action;
import tlc2.tool.BuiltInOPs;
import tlc2.tool.Defns;
import tlc2.tool.INextStateFunctor;
import tlc2.tool.IActionItemList;
import tlc2.tool.StateVec;
import tlc2.tool.TLCState;
import tlc2.tool.ToolGlobals;
import tlc2.tool.coverage.CostModel;
import tlc2.util.Context;
import tlc2.value.IValue;
import tlc2.value.impl.Value;
import util.UniqueString;
import util.FilenameToStream;

/**
 * TLC's evaluator as {@code FastTool} is, plus one hook: when it evaluates one of a few watched expressions (the
 * trace-checking engine watches {@code e.params.f}, {@code e.params[k]}, {@code e.post.f} and {@code e.post[k]} in
 * the trace module), it first reports the expression to a listener, which records which logged field a matcher
 * read. The engine uses it to require that every logged field of every event is read by that event's matcher
 * (issue 9: a field nothing reads is a field nothing checks). Lives in TLC's package because the methods it must
 * implement take TLC's package-private {@code ActionItemList}. The engine reaches it only through
 * {@code dev.enlightened.validation.engine.tlc.TlcAdapter}.
 */
public final class ReadTrackingTool extends Tool {
    /** Gets the watched expression, its context and states, to record what it reads. */
    public interface Listener {
        /** Called before {@code expr} (a watched node) is evaluated. */
        void reading(OpApplNode expr, Context c, TLCState s0, TLCState s1, int control);
    }

    /**
     * Hears which state variables an action's evaluation depends on ({@link #recordReads}): the engine's step cache
     * remembers successors by the values of exactly those.
     */
    public interface VarReads {
        /** The evaluation read variable {@code name} of the source state, or compared the successor's with it. */
        void read(UniqueString name);

        /** The evaluation assigned variable {@code name} of the successor ({@code x' = e}, {@code x' \in S}). */
        void assigned(UniqueString name);

        /** The evaluation took a path this hook does not follow (ENABLED): its reads are not known. */
        void unknown();
    }

    /**
     * Whether {@code UNCHANGED} of variables (a tuple of them, through zero-arity definitions) binds them all at once
     * ({@link #processUnchanged}); {@code -Denlightened.engine.fastUnchanged=false} leaves it to TLC.
     */
    public static final boolean FAST_UNCHANGED =
            !"false".equals(System.getProperty("enlightened.engine.fastUnchanged"));
    /** TLC's private {@code getNextStates(action, acts, s0, s1, nss, cm)}: the rest of the action after a conjunct. */
    private static final MethodHandle CONTINUE = continuation();
    /** A flattened {@code UNCHANGED}: its variables, in TLC's order, and every symbol met on the way. */
    private record Flat(UniqueString[] vars, Set<SymbolNode> symbols) { }
    private static final Flat NOT_FLAT = new Flat(null, null);
    /** By expression: its flattening, or {@link #NOT_FLAT}. */
    private final Map<SemanticNode, Flat> flats = new IdentityHashMap<>();

    private final BitSet watched = new BitSet();
    private Listener listener;
    /** The source state whose variable reads are recorded, and who hears them; null when not recording. */
    private TLCState source;
    private VarReads varReads;

    /** As {@code FastTool(specDir, specFile, configFile, resolver)}. */
    public ReadTrackingTool(String specDir, String specFile, String configFile, FilenameToStream resolver) {
        super(specDir, specFile, configFile, resolver);
    }

    /** Watches {@code node}: evaluating it calls the listener first. */
    public void watch(SemanticNode node) {
        watched.set(node.getUid());
    }

    /** @param l who hears watched evaluations (null: nobody) */
    public void listen(Listener l) {
        this.listener = l;
    }

    /** @return the id under which TLC keeps this tool's objects (constant values, pre-evaluated definitions) */
    public int toolId() {
        return toolId;
    }

    /** @return TLC's table of definitions and configured constants, by name */
    public Defns definitions() {
        return defns;
    }

    /**
     * Computes the successors of {@code s} by {@code a}, telling {@code reads} every variable of {@code s} the
     * evaluation depends on. TLC reads a state variable in three places, each hooked below: an expression
     * ({@link #evalAppl}: the variable itself, or its primed copy when the successor holds the source's value
     * object), a variable standing alone as an action conjunct, and {@code x' = e}, {@code x' \in S} or
     * {@code UNCHANGED x} when {@code x'} is already bound to the source's value (a comparison). A variable assigned
     * by {@code x' = e} or {@code x' \in S} is reported apart: its value is a function of what was read.
     */
    public StateVec successorsRecording(Action a, TLCState s, VarReads reads) {
        source = s;
        varReads = reads;
        try {
            return getNextStates(a, s);
        } finally {
            source = null;
            varReads = null;
        }
    }

    private void noteVar(UniqueString name, TLCState s0) {
        if (s0 == source) {
            varReads.read(name);
            return;
        }
        try {
            // A primed variable (read from the successor): it depends on the source when it is the source's value.
            IValue v = s0 == null ? null : s0.lookup(name);
            if (v == null || v == source.lookup(name)) {
                varReads.read(name);
            }
        } catch (RuntimeException e) {
            varReads.read(name);
        }
    }

    private static boolean isVar(SymbolNode op) {
        return op.getKind() == ASTConstants.VariableDeclKind;
    }

    /** Evaluates {@code expr} (no hook): for a listener that needs a key's value. */
    public Value evalPlain(SemanticNode expr, Context c, TLCState s0, TLCState s1, int control) {
        return evalImpl(expr, c, s0, s1, control, CostModel.DO_NOT_RECORD);
    }

    @Override
    protected TLCState getNextStates(Action action, SemanticNode pred, ActionItemList acts, Context c, TLCState s0,
                                     TLCState s1, INextStateFunctor nss, CostModel cm) {
        return getNextStatesImpl(action, pred, acts, c, s0, s1, nss, cm);
    }

    @Override
    protected TLCState getNextStatesAppl(Action action, OpApplNode pred, ActionItemList acts, Context c,
                                         TLCState s0, TLCState s1, INextStateFunctor nss, CostModel cm) {
        if (varReads != null) {
            SymbolNode op = pred.getOperator();
            if (isVar(op)) {
                noteVar(op.getName(), s0);
            } else {
                int opcode = BuiltInOPs.getOpCode(op.getName());
                boolean assignment = opcode == ToolGlobals.OPCODE_eq || opcode == ToolGlobals.OPCODE_in;
                if (assignment && pred.getArgs().length == 2) {
                    SymbolNode v = getPrimedVar(pred.getArgs()[0], c, false);
                    if (v != null) {
                        IValue bound = s1.lookup(v.getName());
                        if (bound == null) {
                            varReads.assigned(v.getName());
                        } else if (bound == source.lookup(v.getName())) {
                            varReads.read(v.getName()); // compared with a copy of the source's value
                        }
                        // Otherwise compared with a value this evaluation assigned: a function of what it read.
                    }
                }
            }
        }
        return getNextStatesApplImpl(action, pred, acts, c, s0, s1, nss, cm);
    }

    private static MethodHandle continuation() {
        try {
            return MethodHandles.privateLookupIn(Tool.class, MethodHandles.lookup()).findVirtual(Tool.class,
                    "getNextStates", MethodType.methodType(TLCState.class, Action.class, ActionItemList.class,
                            TLCState.class, TLCState.class, INextStateFunctor.class, CostModel.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // another TLC: UNCHANGED is TLC's own
        }
    }

    /**
     * {@code UNCHANGED e}, where {@code e} is a variable, a tuple of such, or a zero-arity definition (as written,
     * not overridden) of such, and none of the symbols met is bound in the context (an instance's substitution):
     * when no variable of it is bound yet in {@code s1}, binds each to its value in {@code s0} and goes on with the
     * rest of the action, then unbinds them in reverse order, which is what TLC's {@code processUnchangedImpl} does
     * one element at a time (issue 15: resolving each element through the context, one continuation per variable,
     * was about a tenth of the search on a 1M-event ring trace, JFR). Anything else, or a variable already bound
     * (TLC compares, and warns when it differs), is TLC's path.
     */
    private TLCState fastUnchanged(Action action, SemanticNode expr, ActionItemList acts, Context c, TLCState s0,
                                   TLCState s1, INextStateFunctor nss, CostModel cm) throws Throwable {
        Flat f = flats.get(expr);
        if (f == null) {
            f = flatten(expr);
            flats.put(expr, f);
        }
        if (f == NOT_FLAT || c.lookupName(f.symbols::contains) != null) {
            return null;
        }
        UniqueString[] vs = f.vars;
        for (UniqueString v : vs) {
            if (s1.lookup(v) != null) {
                return null;
            }
        }
        for (UniqueString v : vs) {
            s1.bind(v, s0.lookup(v));
        }
        TLCState res = (TLCState) CONTINUE.invokeExact((Tool) this, action, acts, s0, s1, nss, cm);
        for (int i = vs.length - 1; i >= 0; i--) {
            res.unbind(vs[i]);
        }
        return res;
    }

    private Flat flatten(SemanticNode expr) {
        List<UniqueString> vars = new ArrayList<>();
        Set<SymbolNode> symbols = Collections.newSetFromMap(new IdentityHashMap<>());
        if (!flatten(expr, vars, symbols) || vars.isEmpty() || new HashSet<>(vars).size() != vars.size()) {
            return NOT_FLAT;
        }
        return new Flat(vars.toArray(new UniqueString[0]), symbols);
    }

    private boolean flatten(SemanticNode expr, List<UniqueString> vars, Set<SymbolNode> symbols) {
        if (!(expr instanceof OpApplNode a)) {
            return false;
        }
        SymbolNode op = a.getOperator();
        if (isVar(op) && a.getArgs().length == 0) {
            symbols.add(op);
            vars.add(op.getName());
            return true;
        }
        if (BuiltInOPs.getOpCode(op.getName()) == ToolGlobals.OPCODE_tup) {
            for (SemanticNode arg : a.getArgs()) {
                if (!flatten(arg, vars, symbols)) {
                    return false;
                }
            }
            return true;
        }
        if (op instanceof OpDefNode d && a.getArgs().length == 0 && d.getArity() == 0
                && d.getKind() == ASTConstants.UserDefinedOpKind && d.getBody() != null
                && (d.getToolObject(toolId) == null || d.getToolObject(toolId) == d)
                && d.getBody().getToolObject(toolId) == null && !(d.getBody() instanceof SubstInNode)) {
            symbols.add(op);
            return flatten(d.getBody(), vars, symbols);
        }
        return false;
    }

    @Override
    protected TLCState processUnchanged(Action action, SemanticNode expr, ActionItemList acts, Context c,
                                        TLCState s0, TLCState s1, INextStateFunctor nss, CostModel cm) {
        if (FAST_UNCHANGED && CONTINUE != null && !coverage) {
            try {
                TLCState res = fastUnchanged(action, expr, acts, c, s0, s1, nss, cm);
                if (res != null) {
                    return res;
                }
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
        if (varReads != null && expr instanceof OpApplNode a && isVar(a.getOperator())
                && s1.lookup(a.getOperator().getName()) != null) {
            varReads.read(a.getOperator().getName()); // already bound: TLC compares it with the source's value
        }
        return processUnchangedImpl(action, expr, acts, c, s0, s1, nss, cm);
    }

    @Override
    public Value eval(SemanticNode expr, Context c, TLCState s0, TLCState s1, int control, CostModel cm) {
        return evalImpl(expr, c, s0, s1, control, cm);
    }

    @Override
    protected Value evalAppl(OpApplNode expr, Context c, TLCState s0, TLCState s1, int control, CostModel cm) {
        if (listener != null && watched.get(expr.getUid())) {
            listener.reading(expr, c, s0, s1, control);
        }
        if (varReads != null && isVar(expr.getOperator())) {
            noteVar(expr.getOperator().getName(), s0);
        }
        return evalApplImpl(expr, c, s0, s1, control, cm);
    }

    @Override
    protected Value setSource(SemanticNode expr, Value value) {
        return value;
    }

    @Override
    public TLCState enabled(SemanticNode pred, IActionItemList acts, Context c, TLCState s0, TLCState s1,
                            CostModel cm) {
        if (varReads != null) {
            varReads.unknown();
        }
        return enabledImpl(pred, (ActionItemList) acts, c, s0, s1, cm);
    }

    @Override
    protected TLCState enabledAppl(OpApplNode pred, ActionItemList acts, Context c, TLCState s0, TLCState s1,
                                   CostModel cm) {
        return enabledApplImpl(pred, acts, c, s0, s1, cm);
    }

    @Override
    protected TLCState enabledUnchanged(SemanticNode expr, ActionItemList acts, Context c, TLCState s0,
                                        TLCState s1, CostModel cm) {
        if (varReads != null) {
            varReads.unknown();
        }
        return enabledUnchangedImpl(expr, acts, c, s0, s1, cm);
    }
}
