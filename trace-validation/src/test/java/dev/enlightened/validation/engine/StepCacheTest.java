package dev.enlightened.validation.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.ring.RingFault;
import dev.enlightened.ring.scenario.RingScenario;
import dev.enlightened.ring.scenario.RingScenarioRunner;
import dev.enlightened.validation.ExampleModules;
import dev.enlightened.validation.TraceValidator;
import dev.enlightened.validation.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * StepCache changes no verdict: every trace below, accepted and rejected, on the ring (the correct ring in several
 * modes, and one run per fault switch), the SynIC slot, netvsc, storvsc and Relay, is validated twice in one batch
 * each, with the step cache on and with {@code -Denlightened.engine.stepCache=false}, and each verdict must be the
 * same: the kind, the event it rejects at, the diagnosis (matched states, conjuncts, candidates), the distinct
 * states and silent steps, and the witness of every accepted trace (every matched state, silent steps included).
 * The same traces are validated a third time with the cache on and {@link PostCheck} off
 * ({@code -Denlightened.engine.postCheck=false}), and must give the same verdicts and witnesses again; and a fourth
 * time with the cache's read sets and the fast {@code UNCHANGED} off ({@code -Denlightened.engine.readSets=false},
 * {@code -Denlightened.engine.fastUnchanged=false}: every action TLC's own evaluation or the key's memory), again
 * with the same verdicts and witnesses.
 */
class StepCacheTest {
    private static final Path DIR = Path.of("target", "step-cache-traces");
    private static final List<Path> TRACES = new ArrayList<>();
    private static List<Verdict> cached;
    private static List<Verdict> uncached;
    private static String cachedWitness;
    private static String uncachedWitness;
    private static List<Verdict> tlcPost;
    private static String tlcPostWitness;
    private static List<Verdict> tlcEval;
    private static String tlcEvalWitness;

    /**
     * The traces every engine switch is tested on (CompiledEvaluationTest too): the ring in several modes and under
     * each fault switch, written to {@code dir}, then the fixtures of Relay, the SynIC slot, netvsc and storvsc.
     */
    static List<Path> corpus(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> traces = new ArrayList<>();
        List<RingScenario> scenarios = new ArrayList<>();
        scenarios.add(RingScenario.generated(RingScenario.DEFAULT_DATA_LENGTH, 60, 42, false, Set.of()));
        scenarios.add(RingScenario.generated(64, 200, 42, true, Set.of()));
        scenarios.add(RingScenario.generated(64, 100, 46, false, Set.of()));
        scenarios.add(RingScenario.generated(RingScenario.DEFAULT_DATA_LENGTH, 100, 42, false, Set.of())
                .withBatch(4).withBudget(3));
        scenarios.add(RingScenario.generated(RingScenario.DEFAULT_DATA_LENGTH, 100, 42, false, Set.of())
                .withIdlePolls(3));
        for (RingFault f : RingFault.values()) {
            if (f != RingFault.RESTORE_LOSES_SIGNALS) { // acts at a host restore only (TraceRingRestore)
                for (long seed : new long[] {1, 3, 5}) {
                    scenarios.add(RingScenario.generated(64, 30, seed, false, Set.of(f)));
                }
            }
        }
        for (int i = 0; i < scenarios.size(); i++) {
            Path trace = dir.resolve("ring-" + i + ".ndjson");
            RingScenarioRunner.run(scenarios.get(i), trace);
            traces.add(trace);
        }
        for (String fixtures : List.of("relay", "synic", "netvsc-datapath", "storvsc-io")) {
            try (Stream<Path> files = Files.list(Path.of("src/test/resources/traces", fixtures))) {
                files.filter(f -> f.toString().endsWith(".ndjson")).sorted().forEach(traces::add);
            }
        }
        return traces;
    }

    @BeforeAll
    static void validateEveryTraceWithAndWithoutTheCache(@TempDir Path tmp) throws IOException {
        TRACES.addAll(corpus(DIR));
        Path on = tmp.resolve("on.json");
        Path off = tmp.resolve("off.json");
        cached = ExampleModules.validator().witness(on).validate(TRACES);
        uncached = ExampleModules.validator().witness(off).stepCache(false).validate(TRACES);
        cachedWitness = Files.readString(on);
        uncachedWitness = Files.readString(off);
        Path noPost = tmp.resolve("no-post-check.json");
        System.setProperty("enlightened.engine.postCheck", "false");
        try {
            tlcPost = ExampleModules.validator().witness(noPost).validate(TRACES);
        } finally {
            System.clearProperty("enlightened.engine.postCheck");
        }
        tlcPostWitness = Files.readString(noPost);
        Path noReadSets = tmp.resolve("no-read-sets.json");
        System.setProperty("enlightened.engine.readSets", "false");
        System.setProperty("enlightened.engine.fastUnchanged", "false");
        try {
            tlcEval = ExampleModules.validator().witness(noReadSets).validate(TRACES);
        } finally {
            System.clearProperty("enlightened.engine.readSets");
            System.clearProperty("enlightened.engine.fastUnchanged");
        }
        tlcEvalWitness = Files.readString(noReadSets);
    }

    /** A verdict without its timings: what must not depend on the cache or the post check (PostCheckTest too). */
    /** Asserts that each trace got the same decision (verdict, counts, warnings) both ways, the trace named. */
    static void assertSameDecisions(List<Path> traces, List<Verdict> expected, List<Verdict> actual) {
        assertEquals(traces.size(), expected.size());
        assertEquals(traces.size(), actual.size());
        for (int i = 0; i < traces.size(); i++) {
            assertEquals(decided(expected.get(i)), decided(actual.get(i)),
                    traces.get(i).toString());
        }
    }

    static String decided(Verdict v) {
        if (v instanceof Verdict.Accepted a) {
            return "accepted " + a.events() + " events, " + a.distinctStates() + " states, " + a.silentSteps()
                    + " silent, warnings " + a.warnings();
        }
        if (v instanceof Verdict.Rejected r) {
            return "rejected " + r.kind() + " at " + r.seq() + " line " + r.line() + " " + r.action() + ": "
                    + r.summary() + ", " + r.distinctStates() + " states, matched " + r.matched() + ", warnings "
                    + r.warnings();
        }
        return v.toString();
    }

    @Test
    void everyTraceGetsTheSameVerdictWithAndWithoutTheCache() {
        assertEquals(TRACES.size(), cached.size());
        assertEquals(TRACES.size(), uncached.size());
        for (int i = 0; i < TRACES.size(); i++) {
            assertEquals(decided(uncached.get(i)), decided(cached.get(i)), TRACES.get(i).toString());
        }
    }

    @Test
    void everyTraceGetsTheSameVerdictWithAndWithoutThePostCheck() {
        assertEquals(TRACES.size(), tlcPost.size());
        for (int i = 0; i < TRACES.size(); i++) {
            assertEquals(decided(tlcPost.get(i)), decided(cached.get(i)), TRACES.get(i).toString());
        }
    }

    @Test
    void everyAcceptedTraceMatchesTheSameStatesWithAndWithoutThePostCheck() {
        assertEquals(tlcPostWitness, cachedWitness);
    }

    @Test
    void everyTraceGetsTheSameVerdictWithAndWithoutTheReadSetsAndFastUnchanged() {
        assertEquals(TRACES.size(), tlcEval.size());
        for (int i = 0; i < TRACES.size(); i++) {
            assertEquals(decided(tlcEval.get(i)), decided(cached.get(i)), TRACES.get(i).toString());
        }
    }

    @Test
    void everyAcceptedTraceMatchesTheSameStatesWithAndWithoutTheReadSetsAndFastUnchanged() {
        assertEquals(tlcEvalWitness, cachedWitness);
    }

    @Test
    void theTracesHoldAcceptedAndRejectedOnesOnTheRing() {
        int accepted = 0;
        int rejected = 0;
        for (int i = 0; i < TRACES.size(); i++) {
            if (TRACES.get(i).getFileName().toString().startsWith("ring-")) {
                accepted += cached.get(i) instanceof Verdict.Accepted ? 1 : 0;
                rejected += cached.get(i) instanceof Verdict.Rejected ? 1 : 0;
            }
        }
        assertTrue(accepted >= 5, "the correct ring's traces are accepted: " + accepted);
        assertTrue(rejected >= RingFault.values().length - 1, "a fault is rejected on some seed: " + rejected);
    }

    @Test
    void everyAcceptedTraceMatchesTheSameStatesWithAndWithoutTheCache() {
        assertTrue(cachedWitness.contains("\"steps\""), "witnesses were written");
        assertEquals(uncachedWitness, cachedWitness);
    }
}
