package dev.enlightened.validation.engine;

import static dev.enlightened.validation.engine.RelayProbe.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enlightened.validation.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Witness' contract on Relay, run by {@link WitnessTest} in its own JVM. */
final class WitnessProbe {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WitnessProbe() {
    }

    public static void main(String[] args) throws Exception {
        RelayProbe.prepare();
        SpecSession spec = RelayProbe.load();
        TraceChecker checker = new TraceChecker(spec, false, RelayProbe.CONSTANTS);
        Path relay = RelayProbe.root.resolve("trace-validation/src/test/resources/traces/relay");

        Path full = relay.resolve("accepted-full.ndjson");
        Path out = RelayProbe.work.resolve("full.witness.json");
        Verdict v = checker.check(full, out);
        check(v instanceof Verdict.Accepted, "the full trace is accepted: " + v);
        JsonNode w = JSON.readTree(out.toFile());
        check(Witness.FORMAT.equals(w.path("format").asText()) && "TraceRelay".equals(w.path("spec").asText())
                && w.path("trace").asText().endsWith("accepted-full.ndjson"), "format, spec and trace named: " + w);
        JsonNode steps = w.path("steps");
        List<String> lines = Files.readAllLines(full);
        check(steps.size() == lines.size(), "one step per event plus Init: " + steps.size() + " for "
                + (lines.size() - 1) + " events");
        check(steps.get(0).path("seq").asInt(-1) == 0 && steps.get(0).path("action").asText().equals("Init")
                && !steps.get(0).has("params"), "step 0 is the initial state, without params: " + steps.get(0));
        boolean inOrder = true;
        for (int i = 1; i < steps.size(); i++) {
            JsonNode e = JSON.readTree(lines.get(i));
            JsonNode s = steps.get(i);
            inOrder &= s.path("seq").asInt() == i && s.path("action").asText().equals(e.path("action").asText())
                    && s.path("actor").asText().equals(e.path("actor").asText())
                    && s.path("params").equals(e.has("params") ? e.get("params") : JSON.createObjectNode());
        }
        check(inOrder, "each step is its event's action, actor and params, in order");
        Set<String> vars = new TreeSet<>();
        steps.get(3).path("state").fieldNames().forEachRemaining(vars::add);
        check(vars.equals(Set.of("next", "wire", "inbox", "got", "wantMore")), "each state holds every variable: "
                + vars);
        JsonNode afterSecondSend = steps.get(3).path("state");
        check(afterSecondSend.path("next").asInt() == 3 && afterSecondSend.path("wire").size() == 1
                && afterSecondSend.path("inbox").size() == 1, "the state after event 3 is the spec's: "
                + afterSecondSend);
        boolean noSilent = true;
        for (JsonNode s : steps) {
            noSilent &= !s.has("silentBefore");
        }
        check(noSilent, "a fully logged trace needs no silent step");

        // Transit left unlogged: the silent deliveries before an event are kept with their states.
        Path gap = RelayProbe.trace("gap", "{\"seq\":1,\"action\":\"ProducerSends\",\"actor\":\"producer\","
                + "\"params\":{\"m\":1},\"post\":{\"next\":2,\"wireLen\":1}}\n"
                + "{\"seq\":2,\"action\":\"ProducerSends\",\"actor\":\"producer\",\"params\":{\"m\":2},"
                + "\"post\":{\"next\":3,\"wireLen\":2}}\n"
                + "{\"seq\":3,\"action\":\"ConsumerTakes\",\"actor\":\"consumer\",\"params\":{\"m\":1},"
                + "\"post\":{\"got\":1,\"inboxLen\":1,\"wantMore\":true}}\n");
        Path gw = RelayProbe.work.resolve("gap.witness.json");
        Verdict g = checker.check(gap, gw);
        check(g instanceof Verdict.Accepted a && a.silentSteps() == 2, "the gap trace is accepted with 2 silent "
                + "steps: " + g);
        JsonNode take = JSON.readTree(gw.toFile()).path("steps").get(3);
        JsonNode silent = take.path("silentBefore");
        check(silent.size() == 2 && silent.get(0).path("action").asText().equals("WireDelivers")
                && silent.get(1).path("action").asText().equals("WireDelivers"), "two silent WireDelivers "
                + "before the take: " + silent);
        check(silent.get(0).path("state").path("inbox").size() == 1 && silent.get(1).path("state").path("inbox")
                .size() == 2, "the silent steps' states, oldest first: " + silent);

        // A rejected trace writes no witness.
        Path rw = RelayProbe.work.resolve("rejected.witness.json");
        Verdict r = checker.check(relay.resolve("rejected-wrong-param.ndjson"), rw);
        check(r instanceof Verdict.Rejected && !Files.exists(rw), "no witness for a rejection: " + r);
        RelayProbe.finish();
    }
}
