package dev.enlightened.validation.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.enlightened.channel.scenario.Scenario;
import dev.enlightened.channel.scenario.ScenarioRunner;
import dev.enlightened.ring.RingFault;
import dev.enlightened.ring.scenario.RingScenario;
import dev.enlightened.ring.scenario.RingScenarioRunner;
import dev.enlightened.validation.TraceValidator;
import dev.enlightened.validation.TracedRun;
import dev.enlightened.validation.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every logged field is constrained per event (issue 9, item 2): the fields the issue found unchecked, changed,
 * are refused; a field logged on an event whose matcher does not read it is BAD INPUT; the actor must take the
 * action; a Quiescent event's waitingFor is enumerated.
 */
class FieldTrustTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;

    /** A copy of {@code trace} with the first event of {@code action} edited. */
    private Path edit(Path trace, String name, String action, Consumer<ObjectNode> change) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(trace));
        for (int i = 1; i < lines.size(); i++) {
            ObjectNode e = (ObjectNode) JSON.readTree(lines.get(i));
            if (action.equals(e.path("action").asText())) {
                change.accept(e);
                lines.set(i, JSON.writeValueAsString(e));
                Path out = dir.resolve(name + ".ndjson");
                Files.write(out, lines);
                return out;
            }
        }
        throw new AssertionError("no " + action + " event in " + trace);
    }

    private static Consumer<ObjectNode> bump(String field) {
        return e -> {
            ObjectNode p = (ObjectNode) e.get("params");
            assertTrue(p.has(field), field + " not logged in " + e);
            p.put(field, p.get(field).asInt() + 1);
        };
    }

    @Test
    void channelFieldsTheIssueFoundUncheckedAreRefusedWhenChanged() throws Exception {
        Scenario s = Scenario.basic(2, 1).withEvents(2, 0, 0);
        Path base = TracedRun.write(dir.resolve("channels.ndjson"), ScenarioRunner.header(s, false),
                w -> ScenarioRunner.runDeterministic(s, w)).file();
        String[][] cases = {
            {"GuestSendsOpenChannel", "relid"}, {"GuestSendsCloseChannel", "relid"},
            {"GuestSendsRelidReleased", "relid"}, {"GuestUnmapsChannel", "relid"},
            {"GuestReceivesGpadlCreated", "relid"}, {"GuestSendsGpadlTeardown", "relid"},
            {"GuestSendsGpadlTeardown", "gpadl"}, {"GuestSendsGpadlBody", "gpadl"}};
        List<Path> traces = new ArrayList<>(List.of(base));
        for (String[] c : cases) {
            traces.add(edit(base, c[0] + "-" + c[1], c[0], bump(c[1])));
        }
        traces.add(edit(base, "unread-param", "GuestSendsRequestOffers",
                e -> ((ObjectNode) e.get("params")).put("relid", 1)));
        List<Verdict> v = TraceValidator.forRepository().validate(traces);
        assertInstanceOf(Verdict.Accepted.class, v.get(0), v.get(0)::render);
        for (int i = 0; i < cases.length; i++) {
            Verdict m = v.get(i + 1);
            assertTrue(!(m instanceof Verdict.Accepted), cases[i][0] + " " + cases[i][1] + " changed: " + m.render());
        }
        Verdict.BadInput unread = assertInstanceOf(Verdict.BadInput.class, v.get(cases.length + 1),
                v.get(cases.length + 1)::render);
        assertTrue(unread.reason().startsWith("logged field params.relid of GuestSendsRequestOffers is read by no"
                + " conjunct"), unread::reason);
    }

    @Test
    void ringActorMustTakeTheActionAndWaitingForIsEnumerated() throws Exception {
        Path base = dir.resolve("ring.ndjson");
        RingScenarioRunner.run(RingScenario.generated(64, 5, 5, false, EnumSet.noneOf(RingFault.class)), base);
        Path actor = edit(base, "actor", "ConsumerMasks", e -> e.put("actor", "producer"));
        Path waiting = edit(base, "waiting", "Quiescent", e -> ((ObjectNode) e.get("params")).put("waitingFor",
                "nothing"));
        List<Verdict> v = TraceValidator.forRepository().validate(List.of(base, actor, waiting));
        assertInstanceOf(Verdict.Accepted.class, v.get(0), v.get(0)::render);
        Verdict.BadInput a = assertInstanceOf(Verdict.BadInput.class, v.get(1), v.get(1)::render);
        assertEquals("actor=producer but ConsumerMasks is a step of consumer in TraceRingBuffer", a.reason());
        Verdict.BadInput w = assertInstanceOf(Verdict.BadInput.class, v.get(2), v.get(2)::render);
        assertTrue(w.reason().startsWith("Quiescent waitingFor=nothing is not one TraceRingBuffer's TraceWaitingFor"
                + " enumerates for consumer"), w::reason);
    }
}
