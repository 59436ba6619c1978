package tlc2.tool.impl;

import java.util.BitSet;
import tla2sany.semantic.OpApplNode;
import tla2sany.semantic.SemanticNode;
import tlc2.tool.Action;
import tlc2.tool.Defns;
import tlc2.tool.INextStateFunctor;
import tlc2.tool.IActionItemList;
import tlc2.tool.TLCState;
import tlc2.tool.coverage.CostModel;
import tlc2.util.Context;
import tlc2.value.impl.Value;
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

    private final BitSet watched = new BitSet();
    private Listener listener;

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
        return getNextStatesApplImpl(action, pred, acts, c, s0, s1, nss, cm);
    }

    @Override
    protected TLCState processUnchanged(Action action, SemanticNode expr, ActionItemList acts, Context c,
                                        TLCState s0, TLCState s1, INextStateFunctor nss, CostModel cm) {
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
        return evalApplImpl(expr, c, s0, s1, control, cm);
    }

    @Override
    protected Value setSource(SemanticNode expr, Value value) {
        return value;
    }

    @Override
    public TLCState enabled(SemanticNode pred, IActionItemList acts, Context c, TLCState s0, TLCState s1,
                            CostModel cm) {
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
        return enabledUnchangedImpl(expr, acts, c, s0, s1, cm);
    }
}
