package dev.enlightened.validation.engine;

import static dev.enlightened.validation.engine.RelayProbe.check;

import com.fasterxml.jackson.databind.node.IntNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tlc2.tool.StateVec;

/**
 * SpecSession's remembered Init states and TraceView fields on Relay, run by {@link ConstantMemoTest} in its own
 * JVM. The probe's copy of Relay starts from {@code ProbeInit == Init /\ got < N - 1}: one initial state when
 * N >= 2, none when N = 1, and never a matter of Cap. After each re-binding of a sequence that revisits values, the
 * session's initial states must be TLC's own, evaluated afresh; and only a change of N may evaluate Init again. An
 * ASSUME that fails is refused whatever held before.
 */
final class ConstantMemoProbe {
    private ConstantMemoProbe() {
    }

    public static void main(String[] args) throws Exception {
        RelayProbe.prepare("DebugAtMostOneInFlightInv == Len(wire) <= 1",
                "DebugAtMostOneInFlightInv == Len(wire) <= 1\nProbeInit == Init /\\ got < N - 1");
        Path cfg = RelayProbe.modules.resolve("TraceRelay.cfg");
        Files.writeString(cfg, Files.readString(cfg).replace("INIT Init", "INIT ProbeInit"));
        SpecSession spec = RelayProbe.load();
        spec.enableRebinding(Set.of("N", "Cap"));
        int[][] bindings = {{2, 2}, {1, 2}, {2, 3}, {3, 2}, {1, 3}, {2, 2}, {3, 3}};
        for (int[] b : bindings) {
            spec.rebind(Map.of("N", IntNode.valueOf(b[0]), "Cap", IntNode.valueOf(b[1])));
            String where = "N = " + b[0] + ", Cap = " + b[1];
            List<String> remembered = states(spec.initStates());
            check(remembered.equals(states(spec.tool.initStates())), where + ": the initial states are TLC's "
                    + remembered);
            check(remembered.size() == (b[0] >= 2 ? 1 : 0), where + ": ProbeInit holds iff N >= 2: " + remembered);
            check(spec.initStates() == spec.initStates(), where + ": asked twice, evaluated once");
            if (b[0] >= 2) {
                check(spec.viewFields().equals(Set.of("next", "wireLen", "inboxLen", "got", "wantMore")),
                        where + ": TraceView's fields " + spec.viewFields());
            }
        }
        // ASSUMEs that held are remembered per the values they reach; one that fails is refused every time, also
        // between bindings under which it held (Relay: Cap \in Nat \ {0}).
        for (int round = 0; round < 2; round++) {
            try {
                spec.rebind(Map.of("N", IntNode.valueOf(2), "Cap", IntNode.valueOf(0)));
                check(false, "Cap = 0 breaks the ASSUME, round " + round);
            } catch (SpecSession.LoadError e) {
                check(e.getMessage().startsWith("the header's constants violate the ASSUME at Relay.tla:"),
                        "Cap = 0 refused naming the ASSUME, round " + round + ": " + e.getMessage());
            }
            spec.rebind(Map.of("N", IntNode.valueOf(2), "Cap", IntNode.valueOf(2)));
            check(states(spec.initStates()).equals(states(spec.tool.initStates())), "and bound again after it");
        }
        int[] init = spec.constantMemoCounts()[0];
        // Init reaches N only: three values of N, three evaluations, whatever Cap does.
        check(init[1] == 3, "Init evaluated once per value of N: " + init[1] + " (switch -Denlightened.engine."
                + "constantMemo=false: " + !ConstantMemo.ON + ")");
        check(init[0] >= 2 * bindings.length, "the other lookups answered from memory: " + init[0]);
        RelayProbe.finish();
    }

    private static List<String> states(StateVec v) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            out.add(v.elementAt(i).toString());
        }
        return out;
    }
}
