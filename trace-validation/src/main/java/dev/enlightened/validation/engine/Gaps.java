package dev.enlightened.validation.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
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
     * @param invariants given a frontier state and its silent successor: false drops the successor (an invariant
     *                   fails in it). Every frontier state holds the invariants (the gap's first state is a matched
     *                   state, the others passed this test), so {@link InvariantCheck#holdsAfter} may answer it
     * @return the next level of the gap, empty when no silent step is possible
     */
    static List<Step> expand(SpecSession spec, List<Step> frontier, LongSet seen,
                             BiPredicate<TLCState, TLCState> invariants) {
        return expand(spec, frontier, seen, invariants, u -> true);
    }

    /**
     * As {@link #expand(SpecSession, List, LongSet, BiPredicate)}, where a state of {@code frontier} is expanded only
     * if {@code source} holds for it, asked only when some silent step is still within its bound from it (the
     * online search checks a gap state's invariants there, lazily: the same states are expanded as when each is
     * checked on arrival, and a gap's last states, which are never expanded, are checked only if a match uses them).
     */
    static List<Step> expand(SpecSession spec, List<Step> frontier, LongSet seen,
                             BiPredicate<TLCState, TLCState> invariants, Predicate<Step> source) {
        List<Step> next = new ArrayList<>();
        for (Step u : frontier) {
            boolean asked = false;
            for (SpecSession.Silent silent : spec.silent) {
                if (u.count(silent.name()) >= silent.bound()) {
                    continue;
                }
                if (!asked) {
                    asked = true;
                    if (!source.test(u)) {
                        break;
                    }
                }
                for (Action a : silent.actions()) {
                    StateVec succ = spec.successors(a, u.state());
                    for (int i = 0; i < succ.size(); i++) {
                        TLCState t = succ.elementAt(i);
                        long fp = spec.fingerprints.of(t, u.state(), u.fp());
                        if (seen.add(fp) && invariants.test(u.state(), t)) {
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
