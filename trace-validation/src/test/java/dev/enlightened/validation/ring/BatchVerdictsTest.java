package dev.enlightened.validation.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.enlightened.ring.RingFault;
import dev.enlightened.ring.scenario.RingScenario;
import dev.enlightened.ring.scenario.RingScenarioRunner;
import dev.enlightened.validation.TraceValidator;
import dev.enlightened.validation.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch decides every trace as the trace alone would be decided (issue 15: the engine keeps per batch what it can,
 * the analyses of what actions and invariants read, the invariants' memory of values in which they held, and checks
 * the traces of one constant set one after the other). Ring traces of four ring sizes, in several modes, with fault
 * switches that are rejected, one tampered header, and two constant sets that recur apart from each other, are
 * validated in one batch and each alone; the verdict, the event and line it rejects at, the summary, the diagnosis
 * (matched states with their conjuncts and candidates), the distinct states, the silent steps, the warnings and the
 * witness of every accepted trace must be the same, and so must the order of the verdicts.
 */
class BatchVerdictsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DIR = Path.of("target", "batch-verdict-traces");
    private static final List<Path> TRACES = new ArrayList<>();
    private static List<Verdict> batch;
    private static final List<Verdict> ALONE = new ArrayList<>();
    private static JsonNode batchWitness;
    private static final List<JsonNode> ALONE_WITNESSES = new ArrayList<>();

    @BeforeAll
    static void validateInOneBatchAndEachAlone(@TempDir Path tmp) throws IOException {
        Files.createDirectories(DIR);
        List<RingScenario> scenarios = List.of(
                RingScenario.generated(64, 20, 1, false, Set.of()),
                RingScenario.generated(128, 20, 2, false, Set.of()),
                RingScenario.generated(64, 30, 3, false, Set.of(RingFault.H1_STALE_FREE_SPACE)),
                RingScenario.generated(512, 20, 4, false, Set.of()),
                RingScenario.generated(64, 20, 1, false, Set.of()).withIdlePolls(3),
                RingScenario.generated(RingScenario.DEFAULT_DATA_LENGTH, 40, 42, false, Set.of())
                        .withBatch(4).withBudget(3),
                RingScenario.generated(128, 30, 5, false, Set.of(RingFault.NO_RECHECK_AFTER_UNMASK)),
                RingScenario.generated(256, 20, 6, false, Set.of()));
        for (int i = 0; i < scenarios.size(); i++) {
            Path trace = DIR.resolve("ring-" + i + ".ndjson");
            RingScenarioRunner.run(scenarios.get(i), trace);
            TRACES.add(trace);
        }
        // The 512-byte ring's events under a 256-byte ring's constants: rejected where the indices wrap elsewhere.
        TRACES.add(relabelled(TRACES.get(3), DIR.resolve("relabelled.ndjson")));
        // Constant sets that recur apart: the first trace again (a set checked before, then left), and the 128-byte
        // one again at the end (after the relabelled trace bound other values).
        TRACES.add(TRACES.get(0));
        TRACES.add(TRACES.get(1));
        Path witness = tmp.resolve("batch.json");
        batch = TraceValidator.forRepository().witness(witness).validate(TRACES);
        batchWitness = JSON.readTree(witness.toFile());
        for (int i = 0; i < TRACES.size(); i++) {
            Path w = tmp.resolve("alone-" + i + ".json");
            Verdict v = TraceValidator.forRepository().witness(w).validate(TRACES.get(i));
            ALONE.add(v);
            // A rejected trace has no witness (the validator writes an empty array for it).
            ALONE_WITNESSES.add(v instanceof Verdict.Accepted ? JSON.readTree(w.toFile()) : null);
        }
    }

    private static Path relabelled(Path from, Path to) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(from));
        ObjectNode header = (ObjectNode) JSON.readTree(lines.get(0));
        ((ObjectNode) header.get("constants")).put("DataSize", 32).put("PendingSendSzThreshold", 16);
        lines.set(0, JSON.writeValueAsString(header));
        Files.write(to, lines);
        return to;
    }

    /** A verdict without its timings: what must not depend on the batch. */
    private static String decided(Verdict v) {
        if (v instanceof Verdict.Accepted a) {
            return a.file() + " accepted " + a.events() + " events, " + a.distinctStates() + " states, "
                    + a.silentSteps() + " silent, warnings " + a.warnings();
        }
        if (v instanceof Verdict.Rejected r) {
            return r.file() + " rejected " + r.kind() + " at " + r.seq() + " line " + r.line() + " " + r.action()
                    + ": " + r.summary() + ", " + r.distinctStates() + " states, matched " + r.matched()
                    + ", warnings " + r.warnings();
        }
        return v.toString();
    }

    @Test
    void everyTraceGetsInTheBatchTheVerdictItGetsAlone() {
        assertEquals(TRACES.size(), batch.size());
        for (int i = 0; i < TRACES.size(); i++) {
            assertEquals(decided(ALONE.get(i)), decided(batch.get(i)), "trace " + i + ": " + TRACES.get(i));
        }
    }

    @Test
    void theBatchHoldsAcceptedAndRejectedTraces() {
        long accepted = batch.stream().filter(Verdict.Accepted.class::isInstance).count();
        long rejected = batch.stream().filter(Verdict.Rejected.class::isInstance).count();
        assertTrue(accepted >= 6, "the correct ring's traces are accepted: " + accepted);
        assertTrue(rejected >= 2, "the faults and the relabelled ring are rejected: " + rejected);
        assertInstanceOf(Verdict.Rejected.class, batch.get(8), () -> batch.get(8).render());
    }

    @Test
    void everyAcceptedTraceMatchesInTheBatchTheStatesItMatchesAlone() {
        List<JsonNode> alone = ALONE_WITNESSES.stream().filter(w -> w != null).toList();
        assertEquals(alone.size(), batchWitness.size(), "one witness per accepted trace");
        for (int i = 0; i < alone.size(); i++) {
            assertEquals(alone.get(i), batchWitness.get(i), "witness " + i);
        }
    }
}
