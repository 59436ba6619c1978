package dev.enlightened.validation.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.enlightened.validation.format.TraceFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tlc2.tool.TLCState;
import tlc2.value.impl.IntValue;
import tlc2.value.impl.RecordValue;
import tlc2.value.impl.StringValue;
import tlc2.value.impl.Value;

/**
 * EventBinder's contract on the Relay test spec, run in its own JVM by {@link EventBinderTest} (a JVM loads one spec:
 * TLC's statics). Prints one line per broken clause and exits 1 if any, else prints {@code checked N} and exits 0.
 */
final class EventBinderProbe {
    private static final List<String> FAILURES = new ArrayList<>();
    private static final Map<String, JsonNode> CONSTANTS = Map.of("N", IntNode.valueOf(2), "Cap", IntNode.valueOf(2));
    private static final String HEADER = "{\"format\":\"enlightened-trace/1\",\"spec\":\"TraceRelay\","
            + "\"constants\":{\"N\":2,\"Cap\":2}}\n";
    private static final String SEND = "{\"seq\":1,\"action\":\"ProducerSends\",\"actor\":\"producer\","
            + "\"params\":{\"m\":1},\"post\":{\"next\":2,\"wireLen\":1}}\n";
    private static int checked;
    private static SpecSession spec;
    private static Path work;

    private EventBinderProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("enlightened.root", "..")).toAbsolutePath().normalize();
        work = Files.createTempDirectory("event-binder-probe");
        spec = SpecSession.load(root.resolve("trace-validation/src/test/tla/examples/TraceRelay.tla"),
                List.of(root.resolve("trace-validation/src/main/tla")), CONSTANTS, work);
        // A bound event is the record [action, actor, params, post, seq] its matcher receives.
        try (EventBinder events = binder(HEADER + SEND)) {
            check(events.has(0) && !events.has(1) && events.size() == 1, "one event read");
            RecordValue r = (RecordValue) events.value(0);
            check(r.select(new StringValue("action")).equals(new StringValue("ProducerSends")), "action bound");
            check(r.select(new StringValue("seq")).equals(IntValue.gen(1)), "seq bound");
            Value params = r.select(new StringValue("params"));
            check(((RecordValue) params).select(new StringValue("m")).equals(IntValue.gen(1)), "params.m bound");
            check(events.params(0).equals(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                    .put("m", 1)), "params read back as JSON: " + events.params(0));
            // The matcher bound to the event has exactly the one successor of the initial state that fits it.
            TLCState init = spec.tool.initStates().elementAt(0);
            check(events.successors(0, events.matcher(0), init).size() == 1, "IsProducerSends has one successor");
        }
        // A post the spec contradicts: the matcher has no successor (a rejection, not an error).
        try (EventBinder events = binder(HEADER + SEND.replace("\"next\":2", "\"next\":3"))) {
            check(events.has(0), "the contradicted event is read");
            TLCState init = spec.tool.initStates().elementAt(0);
            check(events.successors(0, events.matcher(0), init).size() == 0, "a contradicted post has no successor");
        }
        // Every check of a read event names its line and what is wrong.
        refused(SEND.replace("ProducerSends", "ProducerShouts"), 2,
                "unknown action=ProducerShouts: TraceRelay has no matcher IsProducerShouts");
        refused(SEND.replace("\"wireLen\"", "\"wireLength\""), 2, "post field wireLength is not in TraceRelay's "
                + "TraceView");
        refused("{\"seq\":1,\"action\":\"Quiescent\",\"actor\":\"wire\",\"params\":{\"waitingFor\":\"item\"}}\n", 2,
                "Quiescent actor=wire is no party of TraceRelay's TraceParties");
        String quiet = "{\"seq\":%d,\"action\":\"Quiescent\",\"actor\":\"consumer\",\"params\":{\"waitingFor\":"
                + "\"item\"}}\n";
        refused(String.format(quiet, 1) + String.format(quiet, 2), 3, "a second Quiescent claim for actor=consumer");
        refusedHeader(HEADER.replace("TraceRelay", "TraceOther"), "header spec=TraceOther but this batch checks "
                + "TraceRelay");
        refusedHeader(HEADER.replace("\"N\":2", "\"N\":3"), "differ from this batch's");
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

    private static int traces;

    private static EventBinder binder(String text) throws IOException {
        Path file = work.resolve("t" + traces++ + ".ndjson");
        Files.writeString(file, text);
        EventBinder events = new EventBinder(spec, file, TraceChecker.viewFields(spec), CONSTANTS).start();
        events.header();
        return events;
    }

    private static void refused(String events, int line, String reason) throws IOException {
        TraceFormatException e = failure(HEADER + events);
        check(e != null && e.line() == line && e.reason().startsWith(reason),
                "line " + line + " refused with \"" + reason + "...\", got " + (e == null ? "none" : e.line() + ": "
                        + e.reason()));
    }

    private static void refusedHeader(String header, String reason) throws IOException {
        TraceFormatException e = failure(header + SEND);
        check(e != null && e.line() == 1 && e.reason().contains(reason),
                "header refused with \"" + reason + "\", got " + (e == null ? "none" : e.line() + ": " + e.reason()));
    }

    /** The format error reading the trace raised, or null. */
    private static TraceFormatException failure(String text) throws IOException {
        try (EventBinder events = binder(text)) {
            for (int i = 0; events.has(i); i++) {
                events.event(i);
            }
            events.drain();
            return null;
        } catch (EventWindow.ReadFailure f) {
            return f.getCause() instanceof TraceFormatException e ? e : null;
        }
    }

    private static void check(boolean ok, String clause) {
        checked++;
        if (!ok) {
            FAILURES.add("broken: " + clause);
        }
    }
}
