package dev.enlightened.validation.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/**
 * Traces with different header constants share one engine JVM and one parse of TraceRingBuffer.tla: the engine
 * binds each trace's constants in turn (issue 15). A trace's verdict must not depend on the traces checked before
 * it in the batch: each is checked in a batch of mixed constants and again alone, and the verdicts must agree. The
 * tampered traces would pass under a neighbour's constants, so a stale binding would show as a wrong acceptance.
 */
class ConstantRebindingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DIR = Path.of("target", "rebinding-traces");
    private static Path small;
    private static Path large;
    private static Path batched;
    private static Path batchDropped;
    private static Path relabelled;
    private static TraceValidator.Report mixed;

    @BeforeAll
    static void runAndValidate() throws IOException {
        Files.createDirectories(DIR);
        small = run("small", RingScenario.generated(64, 30, 5, false, Set.of()));
        large = run("large", RingScenario.generated(512, 30, 7, false, Set.of()));
        batched = run("batched", RingScenario.generated(RingScenario.DEFAULT_DATA_LENGTH, 60, 42, false, Set.of())
                .withBatch(4).withBudget(3));
        // The batched run without its MaxBatch: the config's MaxBatch = 1 must apply again, not the batched
        // trace's 4 bound just before it in the batch.
        batchDropped = withHeader(batched, "batch-dropped", h -> h.remove("MaxBatch"));
        // The large ring's events under a 256-byte ring's DataSize: the indices wrap elsewhere.
        relabelled = withHeader(large, "relabelled", h -> h.put("DataSize", 32).put("PendingSendSzThreshold", 16));
        mixed = TraceValidator.forRepository().run(List.of(batched, batchDropped, large, relabelled, small, large));
    }

    private static Path run(String name, RingScenario scenario) throws IOException {
        Path trace = DIR.resolve(name + ".ndjson");
        RingScenarioRunner.run(scenario, trace);
        return trace;
    }

    private interface Edit {
        void apply(ObjectNode constants);
    }

    private static Path withHeader(Path from, String name, Edit edit) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(from));
        ObjectNode header = (ObjectNode) JSON.readTree(lines.get(0));
        edit.apply((ObjectNode) header.get("constants"));
        lines.set(0, JSON.writeValueAsString(header));
        Path out = DIR.resolve(name + ".ndjson");
        Files.write(out, lines);
        return out;
    }

    private static Verdict alone(Path trace) {
        return TraceValidator.forRepository().validate(trace);
    }

    @Test
    void oneEngineJvmChecksTracesOfEveryConstantSet() {
        assertEquals(1, mixed.jvms(), "one engine JVM for six traces of four constant sets");
        for (int i : new int[] {0, 2, 4, 5}) {
            Verdict v = mixed.verdicts().get(i);
            assertInstanceOf(Verdict.Accepted.class, v, v::render);
        }
        Verdict.Accepted first = (Verdict.Accepted) mixed.verdicts().get(2);
        Verdict.Accepted again = (Verdict.Accepted) mixed.verdicts().get(5);
        assertEquals(first.events(), again.events());
        assertEquals(first.distinctStates(), again.distinctStates(), "the same trace, the same search");
    }

    @Test
    void aConstantTheTraceLeavesOutGetsTheConfigValueBackNotTheLastTracesValue() {
        Verdict inBatch = mixed.verdicts().get(1);
        Verdict.Rejected r = assertInstanceOf(Verdict.Rejected.class, inBatch, inBatch::render);
        sameRejection(r, alone(batchDropped));
    }

    @Test
    void aRelabelledRingIsRejectedAsItIsAlone() {
        Verdict inBatch = mixed.verdicts().get(3);
        assertInstanceOf(Verdict.Rejected.class, inBatch, inBatch::render);
        sameVerdict(inBatch, alone(relabelled));
    }

    private static void sameVerdict(Verdict inBatch, Verdict alone) {
        assertEquals(alone.getClass(), inBatch.getClass(), () -> inBatch.render() + "\nalone: " + alone.render());
        if (alone instanceof Verdict.Rejected a) {
            sameRejection((Verdict.Rejected) inBatch, a);
        } else if (alone instanceof Verdict.BadInput a) {
            assertEquals(a.render(), inBatch.render());
        }
    }

    private static void sameRejection(Verdict.Rejected inBatch, Verdict alone) {
        Verdict.Rejected a = assertInstanceOf(Verdict.Rejected.class, alone, alone::render);
        assertEquals(a.seq(), inBatch.seq(), () -> inBatch.render() + "\nalone: " + a.render());
        assertEquals(a.kind(), inBatch.kind());
        assertEquals(a.summary(), inBatch.summary());
        assertEquals(a.distinctStates(), inBatch.distinctStates());
    }
}
