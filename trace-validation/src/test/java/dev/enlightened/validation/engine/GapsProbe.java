package dev.enlightened.validation.engine;

import static dev.enlightened.validation.engine.RelayProbe.check;
import static dev.enlightened.validation.engine.RelayProbe.one;
import static dev.enlightened.validation.engine.RelayProbe.var;

import java.util.ArrayList;
import java.util.List;
import tlc2.tool.TLCState;

/**
 * Gaps' contract on Relay with {@code TraceSilent == [WireDelivers |-> 1]}, run by {@link GapsTest} in its own JVM.
 */
final class GapsProbe {
    private GapsProbe() {
    }

    public static void main(String[] args) throws Exception {
        RelayProbe.prepare("TraceSilent == [WireDelivers |-> Cap]", "TraceSilent == [WireDelivers |-> 1]");
        SpecSession spec = RelayProbe.load();
        check(spec.silent.size() == 1 && spec.silent.get(0).bound() == 1, "the probe's bound is 1");
        TLCState init = RelayProbe.init(spec);
        // Nothing in transit: no silent step is possible, the gap ends at once.
        check(Gaps.expand(spec, List.of(start(spec, init)), seen(spec, init), (s, t) -> true).isEmpty(),
                "an empty wire allows no silent step");

        TLCState two = one(spec, one(spec, init, "ProducerSends"), "ProducerSends");
        LongSet seen = seen(spec, two);
        List<Step> level1 = Gaps.expand(spec, List.of(start(spec, two)), seen, (s, t) -> true);
        check(level1.size() == 1, "two items in transit: one WireDelivers successor, got " + level1.size());
        Step d = level1.get(0);
        check(d.silent() && d.action().equals("WireDelivers") && d.silentCount() == 1,
                "the step is silent, by WireDelivers, the gap's first: " + d);
        check(d.before() == null, "a step from the gap's start links to nothing (the start is the matched state)");
        check(var(spec, d.state(), "inbox").equals("<<1>>") && var(spec, d.state(), "wire").equals("<<2>>"),
                "the oldest item was delivered: inbox " + var(spec, d.state(), "inbox"));
        check(d.fp() == spec.fingerprints.of(d.state()), "the step carries its state's fingerprint, the same as"
                + " computed afresh from every variable");
        check(d.fp() != spec.fingerprints.of(two), "the delivered state's fingerprint differs from its source's");
        check(seen.contains(d.fp()), "the reached state is recorded as seen");
        // The bound is per gap: one silent WireDelivers was taken, so none more, though an item is still in transit.
        int[] asked = {0};
        List<Step> level2 = Gaps.expand(spec, level1, seen, (s, t) -> true, u -> {
            asked[0]++;
            return true;
        });
        check(level2.isEmpty(), "the gap's bound of 1 stops a second delivery, got " + level2.size());
        check(asked[0] == 0, "source is asked only when a silent step is within its bound, asked " + asked[0]);

        // A state already seen in this gap is not reached again.
        check(Gaps.expand(spec, List.of(start(spec, two)), seen, (s, t) -> true).isEmpty(),
                "a state already seen is skipped");
        // A state whose invariants fail is dropped.
        check(Gaps.expand(spec, List.of(start(spec, two)), seen(spec, two), (s, t) -> false).isEmpty(),
                "a state failing the invariants is dropped");
        // A source the caller refuses (an online gap state whose invariants fail) is not expanded.
        int[] asked2 = {0};
        check(Gaps.expand(spec, List.of(start(spec, two)), seen(spec, two), (s, t) -> true, u -> {
            asked2[0]++;
            return false;
        }).isEmpty() && asked2[0] == 1, "a refused source is not expanded, asked once: " + asked2[0]);
        // A step reached by an event's action links back to it: the gap's path is kept.
        Step matched = new Step(two, "ProducerSends", false, null, spec.fingerprints.of(two));
        List<Step> linked = Gaps.expand(spec, List.of(matched), seen(spec, two), (s, t) -> true);
        check(linked.size() == 1 && linked.get(0).before() == matched, "a gap step links to the step it came from");

        // What distinguishes states that equally fit: ConsumerTakes chooses wantMore.
        TLCState ready = one(spec, one(spec, init, "ProducerSends"), "WireDelivers");
        List<TLCState> taken = RelayProbe.after(spec, ready, "ConsumerTakes");
        check(taken.size() == 2, "ConsumerTakes leaves two states (wantMore TRUE or FALSE), got " + taken.size());
        check(Gaps.differingVariables(spec, taken).equals(List.of("wantMore")),
                "they differ in wantMore only: " + Gaps.differingVariables(spec, taken));
        List<TLCState> same = new ArrayList<>(List.of(ready, ready));
        check(Gaps.differingVariables(spec, same).isEmpty(), "equal states differ in nothing");
        List<String> sent = Gaps.differingVariables(spec, List.of(init, two));
        check(sent.size() == 2 && sent.containsAll(List.of("next", "wire")), "two sends change next and wire: "
                + sent);
        RelayProbe.finish();
    }

    private static Step start(SpecSession spec, TLCState s) {
        return new Step(s, "", false, null, spec.fingerprints.of(s));
    }

    private static LongSet seen(SpecSession spec, TLCState s) {
        LongSet seen = new LongSet();
        seen.add(spec.fingerprints.of(s));
        return seen;
    }
}
