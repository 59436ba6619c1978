package dev.enlightened.validation.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.ring.scenario.RingScenario;
import dev.enlightened.ring.scenario.RingScenarioRunner;
import dev.enlightened.validation.ExampleModules;
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
 * Compiled evaluation ({@code engine.compile}) changes no verdict: StepCacheTest's traces (the ring in every mode and
 * under every fault, Relay, the SynIC slot, netvsc, storvsc) and a short batch like the issue-15 row's (20 seeds,
 * rings of 64 to 512 bytes) are validated with it on (the default), with
 * {@code -Denlightened.engine.compiled=false}, with {@code -Denlightened.engine.compiledIndex=false} (integer
 * arguments found by TLC's scan, not by position), with {@code -Denlightened.engine.compiledArgs=false} (an
 * inlined operator's arguments evaluated at each use), with {@code -Denlightened.engine.compiledRecursion=false}
 * (RECURSIVE definitions in invariants left to TLC), and with {@code -Denlightened.engine.compiledCheck=true}, where the
 * engine also evaluates every compiled call with TLC and fails on any difference (successors as fingerprints and
 * values, predicate values): a failure there is an engine error, so a verdict that differs. Kinds, events, states,
 * diagnoses and witnesses must be the same in the three runs.
 */
class CompiledEvaluationTest {
    private static final List<Path> TRACES = new ArrayList<>();
    private static List<Verdict> compiled;
    private static List<Verdict> tlc;
    private static List<Verdict> checked;
    private static List<Verdict> unindexed;
    private static List<Verdict> byName;
    private static List<Verdict> unrecursive;
    private static String compiledWitness;
    private static String tlcWitness;
    private static String checkedWitness;
    private static String unindexedWitness;
    private static String byNameWitness;
    private static String unrecursiveWitness;

    @BeforeAll
    static void validateEveryTraceCompiledAndNot(@TempDir Path tmp) throws IOException {
        TRACES.addAll(StepCacheTest.corpus(Path.of("target", "compiled-traces")));
        int[] sizes = {64, 128, 256, 512};
        for (int seed = 1; seed <= 20; seed++) {
            Path trace = Path.of("target", "compiled-traces", "batch-" + seed + ".ndjson");
            RingScenarioRunner.run(RingScenario.generated(sizes[(seed - 1) % 4], 20, seed, false, Set.of()), trace);
            TRACES.add(trace);
        }
        compiled = run(tmp.resolve("compiled.json"), null);
        compiledWitness = Files.readString(tmp.resolve("compiled.json"));
        tlc = run(tmp.resolve("tlc.json"), "enlightened.engine.compiled=false");
        tlcWitness = Files.readString(tmp.resolve("tlc.json"));
        checked = run(tmp.resolve("checked.json"), "enlightened.engine.compiledCheck=true");
        checkedWitness = Files.readString(tmp.resolve("checked.json"));
        unindexed = run(tmp.resolve("unindexed.json"), "enlightened.engine.compiledIndex=false");
        unindexedWitness = Files.readString(tmp.resolve("unindexed.json"));
        byName = run(tmp.resolve("by-name.json"), "enlightened.engine.compiledArgs=false");
        byNameWitness = Files.readString(tmp.resolve("by-name.json"));
        unrecursive = run(tmp.resolve("unrecursive.json"), "enlightened.engine.compiledRecursion=false");
        unrecursiveWitness = Files.readString(tmp.resolve("unrecursive.json"));
    }

    private static List<Verdict> run(Path witness, String property) {
        String[] kv = property == null ? null : property.split("=");
        if (kv != null) {
            System.setProperty(kv[0], kv[1]);
        }
        try {
            return ExampleModules.validator().witness(witness).validate(TRACES);
        } finally {
            if (kv != null) {
                System.clearProperty(kv[0]);
            }
        }
    }

    @Test
    void everyTraceGetsTheSameVerdictCompiledAndByTlc() {
        StepCacheTest.assertSameDecisions(TRACES, tlc, compiled);
    }

    @Test
    void everyCompiledCallGivesTlcsAnswer() {
        StepCacheTest.assertSameDecisions(TRACES, tlc, checked);
    }

    @Test
    void integersLookedUpByPositionGiveTheScansAnswer() {
        StepCacheTest.assertSameDecisions(TRACES, unindexed, compiled);
        assertEquals(unindexedWitness, compiledWitness);
    }

    @Test
    void argumentsEvaluatedOncePerApplicationGiveCallByNamesAnswer() {
        StepCacheTest.assertSameDecisions(TRACES, byName, compiled);
        assertEquals(byNameWitness, compiledWitness);
    }

    @Test
    void recursiveDefinitionsInInvariantsGiveTlcsAnswer() {
        StepCacheTest.assertSameDecisions(TRACES, unrecursive, compiled);
        assertEquals(unrecursiveWitness, compiledWitness);
    }

    @Test
    void everyAcceptedTraceMatchesTheSameStates() {
        assertTrue(compiledWitness.contains("\"steps\""), "witnesses were written");
        assertEquals(tlcWitness, compiledWitness);
        assertEquals(tlcWitness, checkedWitness);
    }

    @Test
    void theBatchIsAcceptedAndTheFaultsRejected() {
        long accepted = compiled.stream().filter(Verdict.Accepted.class::isInstance).count();
        long rejected = compiled.stream().filter(Verdict.Rejected.class::isInstance).count();
        assertTrue(accepted >= 25, "accepted: " + accepted);
        assertTrue(rejected >= 5, "rejected: " + rejected);
    }
}
