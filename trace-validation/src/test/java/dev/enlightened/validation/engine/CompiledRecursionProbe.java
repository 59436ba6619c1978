package dev.enlightened.validation.engine;

import static dev.enlightened.validation.engine.RelayProbe.check;
import static dev.enlightened.validation.engine.RelayProbe.one;

import tlc2.tool.Action;
import tlc2.tool.TLCState;
import tlc2.value.impl.Value;

/**
 * A RECURSIVE definition in an invariant, compiled ({@code ExprCompiler.recursiveCall}) and by TLC, on Relay in its
 * own JVM ({@link CompiledRecursionTest}). The probe adds {@code DebugSum}, the sum of a sequence by recursion, and
 * invariants comparing the sum over the wire with each value it takes: the compiled value must be TLC's in states
 * whose wire holds 0, 1 and 2 items. The body reads its parameter after its own application returns, so a nested
 * application that did not give back the slots it overwrote would be seen.
 */
final class CompiledRecursionProbe {
    private CompiledRecursionProbe() {
    }

    public static void main(String[] args) throws Exception {
        RelayProbe.prepare("DebugAtMostOneInFlightInv == Len(wire) <= 1",
                "DebugAtMostOneInFlightInv == Len(wire) <= 1\n"
                + "RECURSIVE DebugSum(_)\n"
                + "DebugSum(s) == IF s = <<>> THEN 0 ELSE DebugSum(Tail(s)) + Head(s)\n"
                + "DebugSumIs0Inv == DebugSum(wire) = 0\n"
                + "DebugSumIs1Inv == DebugSum(wire) = 1\n"
                + "DebugSumIs3Inv == DebugSum(wire) = 3\n"
                + "DebugSumWithHeadInv == DebugSum(wire) - (IF wire = <<>> THEN 0 ELSE Head(wire)) < 2\n");
        SpecSession spec = RelayProbe.load();
        check(spec.compiled != null, "compiled evaluation is on");
        TLCState init = RelayProbe.init(spec);
        TLCState sent = one(spec, init, "ProducerSends");
        TLCState two = one(spec, sent, "ProducerSends");
        for (String name : new String[] {"DebugSumIs0Inv", "DebugSumIs1Inv", "DebugSumIs3Inv", "DebugSumWithHeadInv"}) {
            Action inv = spec.namedPredicate(name);
            for (TLCState s : new TLCState[] {init, sent, two}) {
                Value compiled = spec.compiled.evalInvariant(inv.pred, inv.con, s);
                Value tlc = spec.tool.eval(inv.pred, inv.con, s);
                check(compiled != null && compiled.equals(tlc), name + " compiled " + compiled + ", TLC " + tlc
                        + " with wire " + RelayProbe.var(spec, s, "wire"));
            }
        }
        RelayProbe.finish();
    }
}
