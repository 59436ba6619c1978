package dev.enlightened.validation.engine;

import static dev.enlightened.validation.engine.RelayProbe.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.enlightened.validation.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** OnlineSession's contract on Relay, run by {@link OnlineSessionTest} in its own JVM (one session per JVM). */
final class OnlineSessionProbe {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OnlineSessionProbe() {
    }

    public static void main(String[] args) throws Exception {
        RelayProbe.prepare();
        Path module = RelayProbe.modules.resolve("TraceRelay.tla");
        Path relay = RelayProbe.root.resolve("trace-validation/src/test/resources/traces/relay");
        // The module's header declaration bounds a run's constants, before the spec is parsed.
        try {
            OnlineSession.open(module, RelayProbe.library, Map.of("N", IntNode.valueOf(2), "Cap",
                    IntNode.valueOf(65)), RelayProbe.work);
            check(false, "Cap = 65 is outside the declaration and refused");
        } catch (OnlineSession.LoadException e) {
            check(e.getMessage().contains("outside TraceRelay.tla's header declaration"), "refused naming the "
                    + "declaration: " + e.getMessage());
        }
        OnlineSession session = OnlineSession.open(module, RelayProbe.library, RelayProbe.CONSTANTS,
                RelayProbe.work);
        check(session.moduleName().equals("TraceRelay"), "the module's name");

        // Feeding a trace's events one at a time decides as validating the file offline.
        for (String name : new String[] {"accepted-full", "accepted-silent-transit", "ambiguous-unlogged-wantmore",
                "rejected-wrong-param", "rejected-wrong-post", "rejected-quiescence", "rejected-impossible-order"}) {
            Path file = relay.resolve(name + ".ndjson");
            OnlineSession.Run run = session.begin();
            int firstRejected = feedAll(run, file);
            Verdict offline = session.check(file);
            if (offline instanceof Verdict.Accepted a) {
                check(firstRejected == 0 && run.events() == a.events(), name + ": accepted online as offline, all "
                        + a.events() + " events fed; online rejected at " + firstRejected + " " + run.rejection());
            } else if (offline instanceof Verdict.Rejected r) {
                check(firstRejected == r.seq() && run.rejected() && run.rejection().startsWith("event " + r.seq()),
                        name + ": rejected online at the event offline rejects (" + r.seq() + "), online at "
                                + firstRejected + ": " + run.rejection());
            } else {
                check(false, name + ": offline gave " + offline);
            }
        }

        // The first bad event rejects the run for good: later events are refused without being counted.
        OnlineSession.Run bad = session.begin();
        check(!bad.feed("producer", "ProducerSends", params(2), JSON.createObjectNode()),
                "item 2 before item 1 fits no state");
        check(bad.rejected() && bad.events() == 1 && bad.frontierSize() == 0, "rejected at event 1, empty frontier");
        check(!bad.feed("producer", "ProducerSends", params(1), JSON.createObjectNode()) && bad.events() == 1,
                "a rejected run takes no more events");

        // Each begin() is a fresh run in the initial state: a rejected schedule leaves nothing behind.
        OnlineSession.Run a = session.begin();
        OnlineSession.Run b = session.begin();
        check(!a.rejected() && a.events() == 0 && a.frontierSize() == 1 && a.stateKey() == b.stateKey(),
                "a new run starts in the initial state, the same key every time");
        check(a.feed("producer", "ProducerSends", params(1), null), "item 1 is sent in the fresh run");
        check(a.stateKey() != b.stateKey(), "the state key follows the matched state");

        // The same events from the same frontier come from the memo the second time.
        long hits = session.memoHits();
        long misses = session.memoMisses();
        OnlineSession.Run again = session.begin();
        int rej = feedAll(again, relay.resolve("accepted-full.ndjson"));
        check(rej == 0 && session.memoHits() - hits == 8 && session.memoMisses() == misses,
                "a schedule fed again is matched from the memo: hits +" + (session.memoHits() - hits)
                        + ", misses +" + (session.memoMisses() - misses));

        // A position can be marked and restored in a later run (an explorer's re-executed prefix).
        OnlineSession.Run first = session.begin();
        first.feed("producer", "ProducerSends", params(1), null);
        first.feed("wire", "WireDelivers", JSON.createObjectNode(), null);
        OnlineSession.Mark mark = first.mark();
        OnlineSession.Run later = session.begin();
        later.restore(mark);
        check(later.events() == 2 && later.stateKey() == first.stateKey() && mark.events() == 2,
                "a restored run is at the marked position");
        check(later.feed("consumer", "ConsumerTakes", params(1), null) && later.frontierSize() == 2,
                "it continues from there: the take leaves wantMore open (two states)");

        // An action the module has no matcher for, and a quiescence claim by no party, reject the run.
        OnlineSession.Run unknown = session.begin();
        check(!unknown.feed("producer", "ProducerFlies", params(1), null)
                && unknown.rejection().equals("event 1: TraceRelay has no matcher IsProducerFlies"),
                "an unknown action: " + unknown.rejection());
        OnlineSession.Run nobody = session.begin();
        check(!nobody.feed("nobody", "Quiescent", JSON.createObjectNode(), null)
                && nobody.rejection().contains("cannot be evaluated") && nobody.rejection().contains("no party"),
                "a quiescence claim by no party: " + nobody.rejection());
        // What validate calls bad input rejects the run too: the wrong actor, a reason to wait the party does not
        // have, a logged field no conjunct reads (EventBinder's checks, issue 9 item 2).
        OnlineSession.Run wrongActor = session.begin();
        check(!wrongActor.feed("consumer", "ProducerSends", params(1), null) && wrongActor.rejection()
                .contains("actor=consumer but ProducerSends is a step of producer"), "the wrong actor: "
                + wrongActor.rejection());
        OnlineSession.Run wrongWait = session.begin();
        check(!wrongWait.feed("consumer", "Quiescent", JSON.createObjectNode().put("waitingFor", "nothing left to "
                + "send"), null) && wrongWait.rejection().contains("TraceWaitingFor"), "a reason to wait the party "
                + "does not have: " + wrongWait.rejection());
        OnlineSession.Run misspelt = session.begin();
        check(!misspelt.feed("producer", "ProducerSends", params(1).put("mm", 1), null) && misspelt.rejection()
                .contains("logged field params.mm of ProducerSends is read by no conjunct"), "a field nothing "
                + "reads: " + misspelt.rejection());
        Path misspeltFile = RelayProbe.root.resolve("trace-validation/src/test/resources/traces/relay/"
                + "bad-misspelt-param.ndjson");
        OnlineSession.Run fromFile = session.begin();
        check(feedAll(fromFile, misspeltFile) == 1 && session.check(misspeltFile) instanceof Verdict.BadInput,
                "the misspelt-param fixture: bad input offline, rejected at event 1 online");
        OnlineSession.Run blocked = session.begin();
        check(blocked.feed("consumer", "Quiescent", JSON.createObjectNode().put("waitingFor", "item"), null),
                "the consumer is blocked in the initial state");

        check(session.distinctStates() > 8, "distinct states over the session: " + session.distinctStates());
        check(session.coverage().get("WireDelivers") > 0 && session.coverage().get("ConsumerResumes") >= 0,
                "coverage is kept per action, silent ones too: " + session.coverage());
        RelayProbe.finish();
    }

    /** Feeds every event of {@code file}; @return the seq of the first rejected event, 0 if none */
    private static int feedAll(OnlineSession.Run run, Path file) throws Exception {
        List<String> lines = Files.readAllLines(file);
        for (int i = 1; i < lines.size(); i++) {
            JsonNode e = JSON.readTree(lines.get(i));
            ObjectNode params = e.has("params") ? (ObjectNode) e.get("params") : JSON.createObjectNode();
            ObjectNode post = e.has("post") ? (ObjectNode) e.get("post") : JSON.createObjectNode();
            if (!run.feed(e.path("actor").asText(null), e.path("action").asText(), params, post)) {
                return i;
            }
        }
        return 0;
    }

    private static ObjectNode params(int m) {
        return JSON.createObjectNode().put("m", m);
    }
}
