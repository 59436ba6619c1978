package dev.enlightened.validation.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.ring.RingFault;
import dev.enlightened.ring.scenario.RingRun;
import dev.enlightened.ring.scenario.RingScenario;
import dev.enlightened.ring.scenario.RingScenarioRunner;
import dev.enlightened.validation.TraceValidator;
import dev.enlightened.validation.Verdict;
import dev.enlightened.validation.format.TraceSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Java ring with host save/restore points ({@code run ring --restores N}) through TraceRingRestore.tla: the
 * correct host (openvmm's unstick_channels re-signal) is accepted, the lost-synic host is rejected at the restore that
 * drops a needed signal, and the restore count is the validator's bound, not the trace's: a header that claims fewer
 * restores than the trace makes is rejected at the one too many, and one that claims more than the declaration allows,
 * or picks the re-signal policy, is bad input. One batch, one engine JVM.
 */
class RingRestoreTraceTest {
    private static final Path DIR = Path.of("target", "ring-restore-traces");
    /** The CLI's defaults: 64-byte ring, 100 packets; seed 1 and three restores (the README's command). */
    private static final int DATA = 64;
    private static final int PACKETS = 100;
    private static final int RESTORES = 3;
    private static final Map<String, RingRun> RUNS = new LinkedHashMap<>();
    private static final Map<String, Verdict> VERDICTS = new LinkedHashMap<>();

    @BeforeAll
    static void runAndValidate() throws IOException {
        Map<String, RingScenario> scenarios = new LinkedHashMap<>();
        scenarios.put("restores", RingScenario.generated(DATA, PACKETS, 1, false, Set.of()).withRestores(RESTORES));
        scenarios.put("restores-seed-2", RingScenario.generated(DATA, PACKETS, 2, false, Set.of())
                .withRestores(RESTORES));
        scenarios.put("batched", RingScenario.generated(RingScenario.DEFAULT_DATA_LENGTH, PACKETS, 7, false, Set.of())
                .withBatch(4).withBudget(3).withRestores(5));
        scenarios.put("lost-synic", RingScenario.generated(DATA, PACKETS, 1, false,
                Set.of(RingFault.RESTORE_LOSES_SIGNALS)).withRestores(RESTORES));
        Files.createDirectories(DIR);
        List<Path> traces = new ArrayList<>();
        for (Map.Entry<String, RingScenario> e : scenarios.entrySet()) {
            Path trace = DIR.resolve(e.getKey() + ".ndjson");
            RUNS.put(e.getKey(), RingScenarioRunner.run(e.getValue(), trace));
            TraceSchema.assertValid(trace);
            traces.add(trace);
        }
        List<String> lines = Files.readAllLines(DIR.resolve("restores.ndjson"));
        traces.add(withHeader(lines, "\"MaxRestores\":3", "\"MaxRestores\":2", "fewer-claimed"));
        traces.add(withHeader(lines, "\"MaxRestores\":3", "\"MaxRestores\":65", "too-many-claimed"));
        traces.add(withHeader(lines, "\"MaxRestores\":3", "\"MaxRestores\":3,\"RestoreResignals\":\"None\"",
                "policy-chosen"));
        List<Verdict> verdicts = TraceValidator.forRepository().validate(traces);
        int i = 0;
        for (String name : scenarios.keySet()) {
            VERDICTS.put(name, verdicts.get(i++));
        }
        VERDICTS.put("fewer-claimed", verdicts.get(i++));
        VERDICTS.put("too-many-claimed", verdicts.get(i++));
        VERDICTS.put("policy-chosen", verdicts.get(i));
    }

    /** The trace {@code lines} with one header text replaced, written as {@code name}.ndjson. */
    private static Path withHeader(List<String> lines, String from, String to, String name) throws IOException {
        assertTrue(lines.get(0).contains(from), lines.get(0));
        List<String> edited = new ArrayList<>(lines);
        edited.set(0, lines.get(0).replace(from, to));
        Path out = DIR.resolve(name + ".ndjson");
        Files.write(out, edited);
        return out;
    }

    private static Verdict.Accepted accepted(String name) {
        Verdict v = VERDICTS.get(name);
        return assertInstanceOf(Verdict.Accepted.class, v, v::render);
    }

    private static Verdict.Rejected rejected(String name) {
        Verdict v = VERDICTS.get(name);
        return assertInstanceOf(Verdict.Rejected.class, v, v::render);
    }

    private static long restoreEvents(String name) throws IOException {
        return Files.readAllLines(DIR.resolve(name + ".ndjson")).stream()
                .filter(l -> l.contains("\"action\":\"HostRestores\"")).count();
    }

    @Test
    void correctHostRestoresAreAcceptedAndEveryPacketArrives() throws IOException {
        for (String name : List.of("restores", "restores-seed-2", "batched")) {
            RingRun run = RUNS.get(name);
            assertEquals(LongStream.rangeClosed(1, PACKETS).boxed().toList(), run.received(), name);
            assertEquals(List.of("consumer: data"), run.quiescent(), name + ": only the idle consumer at the end");
            Verdict.Accepted a = accepted(name);
            assertEquals(run.events(), a.events(), name);
        }
        assertEquals(RESTORES, restoreEvents("restores"));
        assertEquals(5, restoreEvents("batched"));
        String header = Files.readAllLines(DIR.resolve("restores.ndjson")).get(0);
        assertTrue(header.contains("\"spec\":\"TraceRingRestore\"") && header.contains("\"MaxRestores\":3"), header);
    }

    /** Every restore of the seed-1 run meets a needed signal, which the correct host re-signals. */
    @Test
    void someRestoreReSignals() throws IOException {
        assertTrue(Files.readAllLines(DIR.resolve("restores.ndjson")).stream()
                .filter(l -> l.contains("\"action\":\"HostRestores\""))
                .allMatch(l -> l.contains("Doorbell\":true")), "each restore rang a doorbell");
    }

    @Test
    void lostSynicIsRejectedAtTheRestoreThatDropsANeededSignal() {
        Verdict.Rejected r = rejected("lost-synic");
        assertEquals(Verdict.Kind.NO_MATCH, r.kind());
        assertEquals("HostRestores", r.action());
        assertEquals(107, r.seq(), "the FaultRegistry row's event (run ring --restores 3 --seed 1 --fault lost-synic)");
        List<Verdict.Conjunct> cs = r.matched().get(0).conjuncts();
        Verdict.Conjunct c = cs.get(cs.size() - 1);
        assertTrue(c.failed() && c.text().startsWith("PostMatches"), r::render);
        assertTrue(r.render().contains("post.producerDoorbell: trace FALSE, spec TRUE"), r::render);
    }

    /** MaxRestores is the validator's bound on HostRestores: a trace making more restores than it claims fails. */
    @Test
    void aRestoreBeyondTheHeadersBoundIsRejected() throws IOException {
        Verdict.Rejected r = rejected("fewer-claimed");
        assertEquals("HostRestores", r.action());
        List<String> lines = Files.readAllLines(DIR.resolve("fewer-claimed.ndjson"));
        assertTrue(lines.get(r.line() - 1).contains("\"restores\":3"), "rejected at the third restore: "
                + lines.get(r.line() - 1));
        assertTrue(r.render().contains("restores < MaxRestores"), r::render);
    }

    @Test
    void aHeaderCannotLiftTheBoundOrChooseThePolicy() {
        Verdict.BadInput tooMany = assertInstanceOf(Verdict.BadInput.class, VERDICTS.get("too-many-claimed"));
        assertTrue(tooMany.reason().contains("MaxRestores=65"), tooMany::reason);
        Verdict.BadInput policy = assertInstanceOf(Verdict.BadInput.class, VERDICTS.get("policy-chosen"));
        assertTrue(policy.reason().contains("RestoreResignals"), policy::reason);
    }
}
