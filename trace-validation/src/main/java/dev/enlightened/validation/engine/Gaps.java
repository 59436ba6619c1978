package dev.enlightened.validation.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import tla2sany.semantic.OpDeclNode;
import tlc2.tool.Action;
import tlc2.tool.StateVec;
import tlc2.tool.TLCState;
import tlc2.value.impl.Value;

/** Silent steps between two events, and what distinguishes states that equally fit an event. */
final class Gaps {
    private Gaps() {
    }

    /**
     * One more silent step from each state of {@code frontier}, within each silent action's bound per gap.
     *
     * @param seen       states already reached in this gap (with fewer silent steps): skipped
     * @param invariants states where an invariant fails are dropped
     * @return the next level of the gap, empty when no silent step is possible
     */
    static List<Step> expand(SpecSession spec, List<Step> frontier, LongSet seen, Predicate<TLCState> invariants) {
        List<Step> next = new ArrayList<>();
        for (Step u : frontier) {
            for (SpecSession.Silent silent : spec.silent) {
                if (u.count(silent.name()) >= silent.bound()) {
                    continue;
                }
                for (Action a : silent.actions()) {
                    StateVec succ = spec.successors(a, u.state());
                    for (int i = 0; i < succ.size(); i++) {
                        TLCState t = succ.elementAt(i);
                        long fp = t.fingerPrint();
                        if (seen.add(fp) && invariants.test(t)) {
                            next.add(new Step(t, silent.name(), true, u.action().isEmpty() ? null : u, fp));
                        }
                    }
                }
            }
        }
        return next;
    }

    /** @return the spec variables whose values are not the same in all of {@code states} */
    static List<String> differingVariables(SpecSession spec, List<TLCState> states) {
        List<String> names = new ArrayList<>();
        for (OpDeclNode var : spec.vars) {
            Value first = SpecSession.var(states.get(0), var);
            for (TLCState s : states) {
                if (!SpecSession.var(s, var).equals(first)) {
                    names.add(var.getName().toString());
                    break;
                }
            }
        }
        return names;
    }
}
