package dev.enlightened.validation.engine;

import static dev.enlightened.validation.engine.RelayProbe.check;

import com.fasterxml.jackson.databind.node.IntNode;
import java.util.Map;
import java.util.Set;
import tlc2.tool.Action;
import tlc2.tool.TLCState;

/**
 * ConstantBinder's contract on Relay, run by {@link ConstantBinderTest} in its own JVM. The probe adds to its copy
 * of TraceRelay {@code LastItem == N}, a definition TLC pre-evaluates from a constant, and
 * {@code DebugFourItemsInv == LastItem = 4}, a predicate that reads it.
 */
final class ConstantBinderProbe {
    private ConstantBinderProbe() {
    }

    public static void main(String[] args) throws Exception {
        RelayProbe.prepare("DebugAtMostOneInFlightInv == Len(wire) <= 1",
                "DebugAtMostOneInFlightInv == Len(wire) <= 1\nLastItem == N\nDebugFourItemsInv == LastItem = 4");
        SpecSession spec = RelayProbe.load();
        ConstantBinder direct = new ConstantBinder(spec.tool, Set.of("N", "Cap", "Zap"));
        check(direct.names().equals(Set.of("N", "Cap")), "only names the config binds can be re-bound: "
                + direct.names());
        check(direct.derivedCount() >= 1, "LastItem depends on N: a derived definition, got " + direct.derivedCount());
        check(new ConstantBinder(spec.tool, Set.of("Cap")).derivedCount() < direct.derivedCount(),
                "LastItem does not depend on Cap: fewer derived definitions for Cap alone");

        TLCState init = RelayProbe.init(spec);
        Action four = spec.namedPredicate("DebugFourItemsInv");
        check(!spec.tool.isValid(four, init) && spec.actionsNamed("ProducerSends").length == 2,
                "loaded with N = 2: LastItem is 2, Next splits into 2 sends");
        spec.enableRebinding(Set.of("N", "Cap"));
        spec.rebind(Map.of("N", IntNode.valueOf(4), "Cap", IntNode.valueOf(2)));
        check(spec.tool.isValid(four, init), "re-bound to N = 4: the pre-evaluated LastItem is evaluated again");
        check(spec.actionsNamed("ProducerSends").length == 4, "and Next splits into 4 sends: "
                + spec.actionsNamed("ProducerSends").length);
        // What the engine remembers about an expression outlives a re-binding that changes none of the constants
        // the expression reaches (StepCache, InvariantCheck): DebugFourItemsInv reaches N through LastItem, Cap never.
        check(direct.reached(four.pred).equals(Set.of("N")), "DebugFourItemsInv reaches N only: "
                + direct.reached(four.pred));
        Action inFlight = spec.namedPredicate("DebugAtMostOneInFlightInv");
        check(direct.reached(inFlight.pred).isEmpty(), "Len(wire) <= 1 reaches no constant: "
                + direct.reached(inFlight.pred));
        int at = spec.bindings;
        spec.rebind(Map.of("N", IntNode.valueOf(4), "Cap", IntNode.valueOf(2)));
        check(spec.constantsUnchanged(four.pred, at), "the same values again: nothing it reaches changed");
        spec.rebind(Map.of("N", IntNode.valueOf(4), "Cap", IntNode.valueOf(3)));
        check(spec.constantsUnchanged(four.pred, at), "only Cap changed, which DebugFourItemsInv does not reach");
        spec.rebind(Map.of());
        check(!spec.constantsUnchanged(four.pred, at), "N went back to 2: what was remembered under N = 4 is stale");
        check(spec.constantsUnchanged(inFlight.pred, at), "Len(wire) <= 1 is remembered across every binding");
        // The session's config is the one it was loaded with (SpecSession wrote the load's N = 2 into it).
        check(!spec.tool.isValid(four, init) && spec.actionsNamed("ProducerSends").length == 2,
                "a constant the trace does not set returns to the config's value (N = 2), not the previous trace's");
        try {
            spec.rebind(Map.of("Zap", IntNode.valueOf(1)));
            check(false, "a constant the config does not bind is refused");
        } catch (SpecSession.LoadError e) {
            check(e.getMessage().equals("header constant Zap is not bound by the module's config, so the engine "
                    + "cannot set it"), "refused naming it: " + e.getMessage());
        }
        RelayProbe.finish();
    }
}
