package dev.enlightened.validation.engine;

import static dev.enlightened.validation.engine.RelayProbe.check;

import dev.enlightened.validation.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** TraceChecker's contract on Relay, run by {@link TraceCheckerTest} in its own JVM. */
final class TraceCheckerProbe {
    private TraceCheckerProbe() {
    }

    public static void main(String[] args) throws Exception {
        RelayProbe.prepare();
        SpecSession spec = RelayProbe.load();
        Path relay = RelayProbe.root.resolve("trace-validation/src/test/resources/traces/relay");
        check(TraceChecker.viewFields(spec).equals(Set.of("next", "wireLen", "inboxLen", "got", "wantMore")),
                "the view's fields are TraceView's: " + TraceChecker.viewFields(spec));
        TraceChecker checker = new TraceChecker(spec, false, RelayProbe.CONSTANTS);

        Verdict full = checker.check(relay.resolve("accepted-full.ndjson"), null);
        check(full instanceof Verdict.Accepted a && a.events() == 8 && a.silentSteps() == 0
                && a.warnings().isEmpty() && a.spec().equals("TraceRelay"), "the full trace: 8 events: " + full);
        Map<String, Long> covered = Map.copyOf(checker.coverage());
        check(covered.get("ProducerSends") == 2 && covered.get("ConsumerTakes") == 2, "coverage counts the "
                + "accepted behaviour's steps: " + covered);
        Verdict silent = checker.check(relay.resolve("accepted-silent-transit.ndjson"), null);
        check(silent instanceof Verdict.Accepted a && a.silentSteps() > 0, "unlogged transit is accepted with its "
                + "silent steps: " + silent);
        Verdict amb = checker.check(relay.resolve("ambiguous-unlogged-wantmore.ndjson"), null);
        check(amb instanceof Verdict.Accepted a && !a.warnings().isEmpty()
                && a.warnings().get(0).variables().contains("wantMore"), "under-logging is accepted with a warning "
                + "naming wantMore: " + amb);
        Verdict strict = new TraceChecker(spec, true, RelayProbe.CONSTANTS)
                .check(relay.resolve("ambiguous-unlogged-wantmore.ndjson"), null);
        check(strict instanceof Verdict.Rejected r && r.kind() == Verdict.Kind.AMBIGUOUS, "--strict rejects it as "
                + "AMBIGUOUS: " + strict);

        Map<String, Long> before = Map.copyOf(checker.coverage());
        Verdict wrong = checker.check(relay.resolve("rejected-wrong-param.ndjson"), null);
        check(wrong instanceof Verdict.Rejected r && r.kind() == Verdict.Kind.NO_MATCH && r.seq() == 5
                && r.line() == 6 && r.action().equals("ConsumerTakes") && !r.matched().isEmpty()
                && r.rawEvent().contains("\"m\":2"), "a wrong item is rejected at event 5, line 6: " + wrong);
        check(checker.coverage().equals(before), "a rejected trace adds no coverage");
        Verdict quiet = checker.check(relay.resolve("rejected-quiescence.ndjson"), null);
        check(quiet instanceof Verdict.Rejected r && r.kind() == Verdict.Kind.QUIESCENCE && r.seq() == 2,
                "a false quiescence claim is rejected as QUIESCENCE at event 2: " + quiet);
        Verdict inv = checker.check(relay.resolve("rejected-header-invariant.ndjson"), null);
        check(inv instanceof Verdict.Rejected r && r.kind() == Verdict.Kind.INVARIANT, "the header's invariant is "
                + "checked in every matched state: " + inv);
        for (String bad : new String[] {"bad-missing-param", "bad-misspelt-param", "bad-unknown-action"}) {
            Verdict b = checker.check(relay.resolve(bad + ".ndjson"), null);
            check(b instanceof Verdict.BadInput x && x.line() == 2, bad + " is bad input at line 2: " + b);
        }
        Verdict other = checker.check(relay.resolve("bad-assume-violated.ndjson"), null);
        check(other instanceof Verdict.BadInput b && b.line() == 1 && b.reason().contains("differ"),
                "another batch's constants are bad input at line 1: " + other);

        // A value of the wrong type is bad input at its line, not an engine crash.
        Verdict typed = checker.check(RelayProbe.trace("typed", "{\"seq\":1,\"action\":\"ProducerSends\","
                + "\"actor\":\"producer\",\"params\":{\"m\":\"one\"},\"post\":{\"next\":2}}\n"), null);
        check(typed instanceof Verdict.BadInput b && b.line() == 2, "a string item number is bad input at line 2: "
                + typed);
        // A defect after the rejected event is still reported: the reader drains the file.
        Path tail = RelayProbe.trace("tail", "{\"seq\":1,\"action\":\"ProducerSends\",\"actor\":\"producer\","
                + "\"params\":{\"m\":2}}\n{\"seq\":2,\"action\":\"ProducerSends\",\"actor\":\"producer\","
                + "\"params\":{\"m\":1}}\n{not json\n");
        Verdict drained = checker.check(tail, null);
        check(drained instanceof Verdict.BadInput b && b.line() == 4, "a malformed line past a rejection is bad "
                + "input at its line: " + drained);
        // A missing file is bad input, not an exception.
        Verdict missing = checker.check(RelayProbe.work.resolve("missing.ndjson"), null);
        check(missing instanceof Verdict.BadInput, "a missing trace is bad input: " + missing);
        check(Files.exists(relay.resolve("accepted-full.ndjson")), "the fixtures stay in place");
        RelayProbe.finish();
    }
}
