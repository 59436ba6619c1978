package dev.enlightened.validation.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.enlightened.validation.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tlc2.tool.TLCState;

/**
 * Diagnoser's contract on the Relay test spec, run in its own JVM by {@link DiagnoserTest} (a JVM loads one spec:
 * TLC's statics). Prints one line per broken clause and exits 1 if any, else prints {@code checked N} and exits 0.
 */
final class DiagnoserProbe {
    private static final List<String> FAILURES = new ArrayList<>();
    private static final Map<String, JsonNode> CONSTANTS = Map.of("N", IntNode.valueOf(2), "Cap", IntNode.valueOf(2));
    private static final String HEADER = "{\"format\":\"enlightened-trace/1\",\"spec\":\"TraceRelay\","
            + "\"constants\":{\"N\":2,\"Cap\":2}}\n";
    private static final String SEND = "{\"seq\":%d,\"action\":\"ProducerSends\",\"actor\":\"producer\","
            + "\"params\":{\"m\":%d},\"post\":{\"next\":%d,\"wireLen\":%d}}\n";
    private static int checked;
    private static SpecSession spec;
    private static Path work;

    private DiagnoserProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("enlightened.root", "..")).toAbsolutePath().normalize();
        work = Files.createTempDirectory("diagnoser-probe");
        spec = SpecSession.load(root.resolve("trace-validation/src/test/tla/examples/TraceRelay.tla"),
                List.of(root.resolve("trace-validation/src/main/tla")), CONSTANTS, work);
        TLCState init = spec.tool.initStates().elementAt(0);
        // A post the spec contradicts: the matcher's conjuncts up to the FALSE one, and the spec's step diffed.
        try (EventBinder events = binder(String.format(SEND, 1, 1, 3, 1))) {
            Diagnoser.Finding f = diagnoser(events, List.of()).diagnose(0, init);
            check(f.kind() == Verdict.Kind.NO_MATCH, "a contradicted post is NO_MATCH: " + f.kind());
            List<Verdict.Conjunct> conjuncts = f.matched().conjuncts();
            check(conjuncts.stream().filter(Verdict.Conjunct::failed).count() == 1, "exactly one conjunct is FALSE");
            Verdict.Conjunct last = conjuncts.get(conjuncts.size() - 1);
            check(last.failed() && last.text().contains("PostMatches"), "evaluation stops at the FALSE conjunct, "
                    + "the post check: " + last);
            check(last.location().contains("TraceRelay"), "the conjunct's source location: " + last.location());
            check(conjuncts.subList(0, conjuncts.size() - 1).stream().noneMatch(Verdict.Conjunct::failed),
                    "the conjuncts before it held");
            List<Verdict.Candidate> candidates = f.matched().candidates();
            check(candidates.size() == 1 && candidates.get(0).action().startsWith("ProducerSends"),
                    "the one step the spec allows: " + candidates);
            Verdict.FieldDiff next = field(candidates.get(0), "post.next");
            check(next != null && !next.equal() && next.trace().equals("3") && next.spec().equals("2"),
                    "post.next differs: trace 3, spec 2: " + next);
            Verdict.FieldDiff wire = field(candidates.get(0), "post.wireLen");
            check(wire != null && wire.equal(), "post.wireLen agrees: " + wire);
            check(f.matched().reason() != null && f.matched().reason().contains("WireDelivers <= 2"),
                    "the silent bounds tried are named: " + f.matched().reason());
        }
        // A step that fits but breaks an invariant the header names: INVARIANT, naming it.
        try (EventBinder events = binder(String.format(SEND, 1, 1, 2, 1) + String.format(SEND, 2, 2, 3, 2))) {
            TLCState one = events.successors(0, events.matcher(0), init).elementAt(0);
            Diagnoser d = diagnoser(events, List.of("DebugAtMostOneInFlightInv"));
            Diagnoser.Finding f = d.diagnose(1, one);
            check(f.kind() == Verdict.Kind.INVARIANT, "a fitting step into a bad state is INVARIANT: " + f.kind());
            check(f.matched().reason().startsWith("invariant DebugAtMostOneInFlightInv is violated after the step"),
                    "the invariant is named: " + f.matched().reason());
        }
        // A Quiescent claim for a party the spec lets step: QUIESCENCE, naming the enabled step.
        try (EventBinder events = binder("{\"seq\":1,\"action\":\"Quiescent\",\"actor\":\"producer\","
                + "\"params\":{\"waitingFor\":\"nothing left to send\"}}\n")) {
            Diagnoser.Finding f = diagnoser(events, List.of()).diagnose(0, init);
            check(f.kind() == Verdict.Kind.QUIESCENCE, "a party that can step is not quiescent: " + f.kind());
            check(f.matched().reason().startsWith("party producer is not blocked: ")
                    && f.matched().reason().contains("ProducerSends"), "the enabled step is named: "
                    + f.matched().reason());
        }
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        if (!FAILURES.isEmpty()) {
            FAILURES.forEach(System.out::println);
            System.exit(1);
        }
        System.out.println("checked " + checked);
        System.exit(0);
    }

    private static Verdict.FieldDiff field(Verdict.Candidate c, String name) {
        return c.fields().stream().filter(d -> d.field().equals(name)).findFirst().orElse(null);
    }

    private static Diagnoser diagnoser(EventBinder events, List<String> invariants) throws Exception {
        List<tlc2.tool.Action> actions = new ArrayList<>();
        for (String name : invariants) {
            actions.add(spec.namedPredicate(name));
        }
        return new Diagnoser(spec, events, null, actions, invariants, false);
    }

    private static int traces;

    private static EventBinder binder(String events) throws IOException {
        Path file = work.resolve("t" + traces++ + ".ndjson");
        Files.writeString(file, HEADER + events);
        EventBinder binder = new EventBinder(spec, file, TraceChecker.viewFields(spec), CONSTANTS).start();
        binder.header();
        return binder;
    }

    private static void check(boolean ok, String clause) {
        checked++;
        if (!ok) {
            FAILURES.add("broken: " + clause);
        }
    }
}
