package dev.enlightened.validation.engine;

import dev.enlightened.validation.engine.tlc.TlcAdapter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import tla2sany.semantic.ExprNode;
import tla2sany.semantic.OpDefNode;
import tla2sany.semantic.SemanticNode;
import tlc2.tool.StateVec;
import tlc2.value.impl.Value;

/**
 * What a {@link SpecSession} computes from the constants alone, remembered per the values of the re-bindable
 * constants each computation reaches ({@link ConstantMemo}): Init's states, TraceView's field names (which also read
 * Init's first state) and, per ASSUME, that it held. Issue 15: a batch's re-bindings evaluated Init twice per trace
 * and every ASSUME again, though Init reaches only the ring's size. Without re-binding the constants never change,
 * and every key is empty.
 */
final class ConstantResults {
    private final ConstantBinder binder;
    private final ConstantMemo<StateVec> init = new ConstantMemo<>();
    private final ConstantMemo<Set<String>> view = new ConstantMemo<>();
    private final List<ConstantMemo<Boolean>> assumptions = new ArrayList<>();
    /** The names each computation reaches, sorted: the order of its key's values. */
    private final String[] initReach;
    private final String[] viewReach;
    private final String[][] assumeReach;

    /**
     * @param tool      the loaded module's evaluator
     * @param binder    the session's re-binder, or null when the session keeps its load's constants
     * @param traceView the module's TraceView, or null
     */
    ConstantResults(TlcAdapter tool, ConstantBinder binder, OpDefNode traceView) {
        this.binder = binder;
        Set<String> initNames = new TreeSet<>();
        Set<String> viewNames = new TreeSet<>();
        ExprNode[] assumes = tool.assumptions();
        assumeReach = new String[assumes.length][];
        for (int i = 0; i < assumes.length; i++) {
            assumptions.add(new ConstantMemo<>());
            assumeReach[i] = binder == null ? new String[0] : sorted(binder.reached(assumes[i]));
        }
        if (binder != null) {
            for (SemanticNode p : tool.initPredicates()) {
                initNames.addAll(binder.reached(p));
            }
            viewNames.addAll(initNames);
            if (traceView != null) {
                viewNames.addAll(binder.reached(traceView.getBody()));
            }
        }
        initReach = initNames.toArray(new String[0]);
        viewReach = viewNames.toArray(new String[0]);
    }

    private static String[] sorted(Set<String> names) {
        return new TreeSet<>(names).toArray(new String[0]);
    }

    private Value[] key(String[] reach) {
        return binder == null ? new Value[0] : binder.values(reach);
    }

    /** @return Init's states under the constants bound now, from memory or from {@code compute} */
    StateVec initStates(Supplier<StateVec> compute) {
        return init.get(key(initReach), compute);
    }

    /** @return TraceView's field names under the constants bound now, from memory or from {@code compute} */
    Set<String> viewFields(Supplier<Set<String>> compute) {
        return view.get(key(viewReach), compute);
    }

    /**
     * @param i     the ASSUME's index in {@code TlcAdapter.assumptions}
     * @param holds evaluates it under the constants bound now
     * @return whether it holds; a failure is never remembered, so the caller can evaluate it again for its message
     */
    boolean assumptionHolds(int i, BooleanSupplier holds) {
        return assumptions.get(i).get(key(assumeReach[i]), () -> holds.getAsBoolean() ? Boolean.TRUE : null) != null;
    }

    /** Forgets Init's states and TraceView's fields (a re-binding made the session's analyses stale). */
    void clearInit() {
        init.clear();
        view.clear();
    }

    /** @return Init's and TraceView's memories' look-ups answered from memory and evaluated (tests) */
    int[][] counts() {
        return new int[][] {init.counts(), view.counts()};
    }
}
