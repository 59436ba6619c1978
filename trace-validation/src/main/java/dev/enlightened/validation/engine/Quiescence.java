package dev.enlightened.validation.engine;

import java.util.ArrayList;
import java.util.List;
import tlc2.tool.Action;
import tlc2.tool.StateVec;
import tlc2.tool.TLCState;

/**
 * Decides a Quiescent event: the party is blocked for good only if none of its actions (per {@code TraceParties})
 * can take a real step, neither now nor after the silent steps a gap allows. A lost wakeup or a deadlock seen in a
 * run is thus rejected when the spec says the party could go on.
 */
final class Quiescence {
    private Quiescence() {
    }

    /**
     * @param party a key of {@code TraceParties}
     * @param s     the matched state the claim follows
     * @return a description of a step the party can take, or null when it is indeed blocked
     */
    static String enabledStep(SpecSession spec, String party, TLCState s) {
        Action[] actions = spec.partyActions(party);
        List<Step> frontier = new ArrayList<>();
        LongSet seen = new LongSet();
        long fp = spec.fingerprints.of(s);
        frontier.add(new Step(s, "", false, null, fp));
        seen.add(fp);
        while (!frontier.isEmpty()) {
            for (Step u : frontier) {
                for (Action a : actions) {
                    StateVec succ = spec.successors(a, u.state());
                    for (int i = 0; i < succ.size(); i++) {
                        if (spec.fingerprints.of(succ.elementAt(i), u.state(), u.fp()) != u.fp()) {
                            return describe(a, u);
                        }
                    }
                }
            }
            frontier = Gaps.expand(spec, frontier, seen, (u, t) -> true);
        }
        return null;
    }

    private static String describe(Action a, Step u) {
        int silent = u.silentCount();
        String where = silent == 0 ? "in the matched state"
                : "after " + silent + " silent step(s) (" + silentActions(u) + ")";
        return a.getName() + Diagnoser.bindings(a) + " is enabled " + where;
    }

    private static String silentActions(Step u) {
        List<String> names = new ArrayList<>();
        for (Step s = u; s != null; s = s.before()) {
            if (s.silent()) {
                names.add(0, s.action());
            }
        }
        return String.join(", ", names);
    }
}
