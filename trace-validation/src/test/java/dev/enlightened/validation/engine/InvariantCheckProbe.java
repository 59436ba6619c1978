package dev.enlightened.validation.engine;

import static dev.enlightened.validation.engine.RelayProbe.check;
import static dev.enlightened.validation.engine.RelayProbe.one;

import java.util.List;
import tlc2.tool.Action;
import tlc2.tool.TLCState;

/**
 * InvariantCheck's contract on Relay, run by {@link InvariantCheckTest} in its own JVM. The probe adds to its copy
 * of TraceRelay {@code DebugNothingTakenInv == got = 0}, a predicate on one variable that steps can leave untouched.
 */
final class InvariantCheckProbe {
    private InvariantCheckProbe() {
    }

    public static void main(String[] args) throws Exception {
        RelayProbe.prepare("DebugAtMostOneInFlightInv == Len(wire) <= 1",
                "DebugAtMostOneInFlightInv == Len(wire) <= 1\nDebugNothingTakenInv == got = 0");
        SpecSession spec = RelayProbe.load();
        TLCState init = RelayProbe.init(spec);
        TLCState sent = one(spec, init, "ProducerSends");
        TLCState two = one(spec, sent, "ProducerSends");
        TLCState delivered = one(spec, sent, "WireDelivers");
        TLCState paused = RelayProbe.after(spec, delivered, "ConsumerTakes").stream()
                .filter(t -> RelayProbe.var(spec, t, "wantMore").equals("FALSE")).findFirst().orElseThrow();
        TLCState resumed = one(spec, paused, "ConsumerResumes");

        InvariantCheck config = new InvariantCheck(spec, spec.invariants);
        String described = config.describe();
        List<String> lines = described.lines().toList();
        // TypeOK's six conjuncts (line 2 holds two), ConservationInv, InOrderInv: split through the definitions.
        check(lines.size() == 8, "the config's invariants split into 8 conjuncts: " + described);
        // The order of a conjunct's variables follows TLC's interned names, which differs between JVMs: compare sets.
        check(lines.stream().anyMatch(l -> readsExactly(l, "inbox", "got", "next", "wire")), "ConservationInv reads "
                + "the four variables it names: " + described);
        check(lines.stream().anyMatch(l -> l.startsWith("[wantMore] <- ")), "wantMore \\in BOOLEAN reads wantMore "
                + "only: " + described);
        check(lines.stream().noneMatch(l -> l.startsWith("always")), "every Relay conjunct is a function of the "
                + "state: " + described);
        check(config.holds(init) && config.holds(two) && config.holds(resumed), "the config's invariants hold in "
                + "reachable states");
        check(config.holdsAfter(init, sent) && config.holdsAfter(delivered, paused),
                "and after each step from a state where they hold");

        Action inFlight = spec.namedPredicate("DebugAtMostOneInFlightInv");
        InvariantCheck debug = new InvariantCheck(spec, List.of(inFlight));
        check(debug.holds(sent) && !debug.holds(two), "a violated invariant is found in full");
        check(!debug.holdsAfter(sent, two), "and after a step that changes what it reads");

        // A conjunct that reads only variables the step left untouched is not evaluated again: its value is the
        // source state's, which the caller guarantees held. Shown with a source that breaks the guarantee.
        InvariantCheck taken = new InvariantCheck(spec, List.of(spec.namedPredicate("DebugNothingTakenInv")));
        check(taken.describe().startsWith("[got] <- "), "got = 0 reads got: " + taken.describe());
        check(!taken.holds(paused) && !taken.holds(resumed), "got = 1 after a take: the invariant fails in full");
        check(taken.holdsAfter(paused, resumed), "ConsumerResumes leaves got untouched: not evaluated again");
        check(!taken.holdsAfter(delivered, paused), "ConsumerTakes changes got: evaluated, and false");
        RelayProbe.finish();
    }

    /** @return whether a {@code describe()} line is a conjunct reading exactly {@code vars}, in any order */
    private static boolean readsExactly(String line, String... vars) {
        int end = line.indexOf("] <- ");
        if (!line.startsWith("[") || end < 0) {
            return false;
        }
        return java.util.Set.of(line.substring(1, end).split(", ")).equals(java.util.Set.of(vars));
    }
}
