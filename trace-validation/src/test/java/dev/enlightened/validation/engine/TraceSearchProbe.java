package dev.enlightened.validation.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * TraceSearch's contract on the Relay test spec, run in its own JVM by {@link TraceSearchTest} (a JVM loads one
 * spec: TLC's statics). Argument {@code bound} is the silent-step bound per gap the probe writes into a copy of
 * TraceRelay ({@code TraceSilent == [WireDelivers |-> bound]}: 0 must be refused, 1 cannot cross a gap of two);
 * {@code cap} keeps the module's own ({@code Cap}, 2) and runs the other clauses.
 * Prints one line per broken clause and exits 1 if any, else prints {@code checked N} and exits 0.
 */
final class TraceSearchProbe {
    private static final List<String> FAILURES = new ArrayList<>();
    private static final Map<String, JsonNode> CONSTANTS = Map.of("N", IntNode.valueOf(2), "Cap", IntNode.valueOf(2));
    private static final String HEADER = "{\"format\":\"enlightened-trace/1\",\"spec\":\"TraceRelay\","
            + "\"constants\":{\"N\":2,\"Cap\":2}}\n";
    private static int checked;
    private static SpecSession spec;
    private static Path work;

    private TraceSearchProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("enlightened.root", "..")).toAbsolutePath().normalize();
        Path examples = root.resolve("trace-validation/src/test/tla/examples");
        Path relay = root.resolve("trace-validation/src/test/resources/traces/relay");
        work = Files.createTempDirectory("trace-search-probe");
        Path modules = Files.createDirectories(work.resolve("modules"));
        try (Stream<Path> files = Files.list(examples)) {
            for (Path f : files.toList()) {
                Files.copy(f, modules.resolve(f.getFileName()));
            }
        }
        String bound = args[0];
        if (!bound.equals("cap")) {
            Path module = modules.resolve("TraceRelay.tla");
            String text = Files.readString(module);
            check(text.contains("TraceSilent == [WireDelivers |-> Cap]"), "TraceRelay declares its silent bound");
            Files.writeString(module, text.replace("TraceSilent == [WireDelivers |-> Cap]",
                    "TraceSilent == [WireDelivers |-> " + bound + "]"));
        }
        List<Path> library = List.of(root.resolve("trace-validation/src/main/tla"));
        if (bound.equals("0")) {
            // A gap bound must be positive: a silent action that may never happen is no silent action.
            try {
                SpecSession.load(modules.resolve("TraceRelay.tla"), library, CONSTANTS, work);
                check(false, "bound 0 is refused when the module loads");
            } catch (SpecSession.LoadError e) {
                check(e.getMessage().contains("TraceSilent.WireDelivers must be a positive bound, got 0"),
                        "bound 0 is refused naming the action: " + e.getMessage());
            }
            finish();
        }
        spec = SpecSession.load(modules.resolve("TraceRelay.tla"), library, CONSTANTS, work);
        // Two sends, then a take after which one item is still in the inbox: both transits were left unlogged,
        // a gap of two silent WireDelivers.
        TraceSearch.Outcome gap = search(trace("gap", "{\"seq\":1,\"action\":\"ProducerSends\",\"actor\":\"producer\","
                + "\"params\":{\"m\":1},\"post\":{\"next\":2,\"wireLen\":1}}\n"
                + "{\"seq\":2,\"action\":\"ProducerSends\",\"actor\":\"producer\",\"params\":{\"m\":2},"
                + "\"post\":{\"next\":3,\"wireLen\":2}}\n"
                + "{\"seq\":3,\"action\":\"ConsumerTakes\",\"actor\":\"consumer\",\"params\":{\"m\":1},"
                + "\"post\":{\"got\":1,\"inboxLen\":1}}\n"));
        if (bound.equals("1")) {
            check(!gap.accepted(), "bound 1: a gap that needs two silent steps is not crossed");
            check(gap.deepestIndex() == 2, "bound 1: the deepest match is the second send, got "
                    + gap.deepestIndex());
        } else {
            check(gap.accepted(), "bound Cap = 2: the gap is crossed by two silent steps");
            check(gap.deepestIndex() == 3, "every event matched, got " + gap.deepestIndex());
        }
        if (bound.equals("cap")) {
            cap(relay);
        }
        finish();
    }

    private static void finish() throws IOException {
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

    /** The clauses on the module's own bound. */
    private static void cap(Path relay) throws Exception {
        // A fully logged deterministic trace: one (index, state) pair per event, plus the initial state.
        Path full = relay.resolve("accepted-full.ndjson");
        int events = Files.readAllLines(full).size() - 1;
        TraceSearch.Outcome o = search(full);
        check(o.accepted(), "the fully logged trace is accepted");
        check(o.deepestIndex() == events, "deepest index " + o.deepestIndex() + " = events " + events);
        check(o.distinct() == events + 1L, "memoised pairs " + o.distinct() + " = events + 1 = " + (events + 1));
        check(o.ambiguities().isEmpty(), "a fully logged trace leaves no ambiguity: " + o.ambiguities());
        // A choice the trace does not log (wantMore) leaves two spec states for one event: reported, still accepted.
        TraceSearch.Outcome amb = search(relay.resolve("ambiguous-unlogged-wantmore.ndjson"));
        check(amb.accepted(), "an under-logged trace is accepted");
        check(!amb.ambiguities().isEmpty(), "its ambiguity is reported");
        check(amb.distinct() > Files.readAllLines(relay.resolve("ambiguous-unlogged-wantmore.ndjson")).size(),
                "more pairs than events where the state is ambiguous: " + amb.distinct());
        // A wrong parameter: rejected, the deepest match the event before it, kept for the diagnosis.
        TraceSearch.Outcome wrong = search(trace("wrong", "{\"seq\":1,\"action\":\"ProducerSends\","
                + "\"actor\":\"producer\",\"params\":{\"m\":1},\"post\":{\"next\":2,\"wireLen\":1}}\n"
                + "{\"seq\":2,\"action\":\"ProducerSends\",\"actor\":\"producer\",\"params\":{\"m\":1},"
                + "\"post\":{\"next\":3}}\n"));
        check(!wrong.accepted(), "a repeated item number is rejected");
        check(wrong.deepestIndex() == 1, "the deepest match is event 1, got " + wrong.deepestIndex());
        check(!wrong.deepest().isEmpty() && wrong.deepest().size() <= TraceSearch.DEEPEST_KEPT,
                "at most " + TraceSearch.DEEPEST_KEPT + " deepest states kept: " + wrong.deepest().size());
        // The same trace through a stack of one-frame chunks (thinned and replayed) decides alike.
        TraceSearch.Outcome thin = search(full, 1);
        check(thin.accepted() && thin.distinct() == o.distinct(), "one-frame chunks decide as the default");
    }

    private static Path trace(String name, String events) throws IOException {
        Path file = work.resolve(name + ".ndjson");
        Files.writeString(file, HEADER + events);
        return file;
    }

    private static TraceSearch.Outcome search(Path file) throws Exception {
        return search(file, TraceSearch.CHUNK);
    }

    private static TraceSearch.Outcome search(Path file, int chunk) throws Exception {
        try (EventBinder events = new EventBinder(spec, file, TraceChecker.viewFields(spec), CONSTANTS).start()) {
            events.header();
            return new TraceSearch(spec, events, spec.invariants, chunk).run();
        }
    }

    private static void check(boolean ok, String clause) {
        checked++;
        if (!ok) {
            FAILURES.add("broken: " + clause);
        }
    }
}
