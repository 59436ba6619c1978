package dev.enlightened.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine on the Relay test spec: hand-written traces, each accepted or rejected at a known event with the
 * named failing conjunct. All traces go through one engine JVM (one spec parse), as a batch does.
 */
class TraceValidatorTest {
    private static final Path RELAY = Path.of("src/test/resources/traces/relay");
    private static final Map<String, Verdict> VERDICTS = new LinkedHashMap<>();
    private static Path witness;

    @BeforeAll
    static void validateAllRelayTraces(@TempDir Path tmp) throws IOException {
        List<Path> traces = new ArrayList<>();
        try (var files = Files.list(RELAY)) {
            files.filter(f -> f.toString().endsWith(".ndjson")).sorted().forEach(traces::add);
        }
        witness = tmp.resolve("witness.json");
        List<Verdict> verdicts = ExampleModules.validator().witness(witness).validate(traces);
        for (int i = 0; i < traces.size(); i++) {
            VERDICTS.put(traces.get(i).getFileName().toString(), verdicts.get(i));
        }
    }

    private static Verdict.Accepted accepted(String name) {
        Verdict v = VERDICTS.get(name);
        return assertInstanceOf(Verdict.Accepted.class, v, () -> v.render());
    }

    private static Verdict.Rejected rejected(String name) {
        Verdict v = VERDICTS.get(name);
        return assertInstanceOf(Verdict.Rejected.class, v, () -> v.render());
    }

    private static Verdict.Conjunct failingConjunct(Verdict.Rejected r) {
        List<Verdict.Conjunct> cs = r.matched().get(0).conjuncts();
        Verdict.Conjunct last = cs.get(cs.size() - 1);
        assertTrue(last.failed(), r::render);
        return last;
    }

    @Test
    void theEngineMainClassItForksExistsWithAMain() throws Exception {
        Class<?> main = Class.forName(TraceValidator.ENGINE_MAIN);
        assertEquals(void.class, main.getMethod("main", String[].class).getReturnType());
    }

    @Test
    void theEngineJvmsCollectorCompilerAndPagesFollowTheBatchsSizeUnlessSwitchedOff() {
        long small = TraceValidator.C1_ONLY_BELOW_BYTES - 1;
        long large = TraceValidator.C1_ONLY_BELOW_BYTES;
        assertEquals(List.of("-XX:+UseParallelGC", "-XX:TieredStopAtLevel=1", "-XX:+UseTransparentHugePages"),
                TraceValidator.tuning(small, true, true, false, false));
        // -Denlightened.engine.shortParallelGc=false: G1, as before session 13.
        assertEquals(List.of("-XX:+UseG1GC", "-XX:TieredStopAtLevel=1", "-XX:+UseTransparentHugePages"),
                TraceValidator.tuning(small, true, true, false, false, false));
        assertEquals(List.of("-XX:+UseParallelGC", "-XX:TieredStopAtLevel=1"),
                TraceValidator.tuning(small, true, false, false, false));
        assertEquals(List.of("-XX:+UseParallelGC", "-XX:TieredStopAtLevel=1"),
                TraceValidator.tuning(small, false, false, false, false));
        // The fixed young generation and C1's smaller inlining: on by default, for batches below their bounds only.
        long batch = Math.min(TraceValidator.FIXED_YOUNG_BELOW_BYTES, TraceValidator.SMALL_INLINING_BELOW_BYTES) - 1;
        assertEquals(List.of("-XX:+UseParallelGC", "-XX:TieredStopAtLevel=1", "-XX:+UseTransparentHugePages",
                        "-Xmn16m", "-XX:C1MaxInlineSize=25"),
                TraceValidator.tuning(batch, true, true));
        assertEquals(List.of("-XX:+UseParallelGC", "-XX:TieredStopAtLevel=1", "-Xmn16m"),
                TraceValidator.tuning(batch, false, false, true, false));
        assertEquals(List.of("-XX:+UseParallelGC", "-XX:TieredStopAtLevel=1", "-XX:C1MaxInlineSize=25"),
                TraceValidator.tuning(batch, false, false, false, true));
        assertEquals(List.of("-XX:+UseParallelGC", "-XX:TieredStopAtLevel=1", "-XX:+UseTransparentHugePages"),
                TraceValidator.tuning(TraceValidator.FIXED_YOUNG_BELOW_BYTES, true, true, true, false));
        assertEquals(List.of("-XX:+UseParallelGC", "-XX:TieredStopAtLevel=1", "-XX:+UseTransparentHugePages"),
                TraceValidator.tuning(TraceValidator.SMALL_INLINING_BELOW_BYTES, true, true, false, true));
        assertEquals(TraceValidator.tuning(large, true, true, false, false),
                TraceValidator.tuning(large, true, true, true, true));
        assertEquals(List.of("-XX:+UseParallelGC", "-XX:-TieredCompilation", "-XX:+UseTransparentHugePages"),
                TraceValidator.tuning(large, true, true));
        assertEquals(List.of("-XX:+UseParallelGC", "-XX:-TieredCompilation"), TraceValidator.tuning(large, true, false));
        assertEquals(List.of("-XX:+UseG1GC"), TraceValidator.tuning(large, false, true));
        // A small --heap keeps the collector's own young sizing: the fixed 16 MB would leave too little old generation.
        assertTrue(TraceValidator.youngFits(TraceValidator.DEFAULT_HEAP));
        assertTrue(TraceValidator.youngFits("256m"));
        assertFalse(TraceValidator.youngFits("255m"));
        assertFalse(TraceValidator.youngFits("6m"));
        assertFalse(TraceValidator.youngFits("262143k"));
        assertTrue(TraceValidator.youngFits("268435456"));
    }

    @Test
    void acceptsFullyLoggedTraceWithOneStatePerEvent() {
        Verdict.Accepted a = accepted("accepted-full.ndjson");
        assertEquals(8, a.events());
        assertEquals(9, a.distinctStates(), "fully logged and deterministic: one state per event plus Init");
        assertEquals(0, a.silentSteps());
        assertTrue(a.warnings().isEmpty(), a::render);
    }

    @Test
    void fillsUnloggedWireTransitWithFewestSilentSteps() {
        Verdict.Accepted a = accepted("accepted-silent-transit.ndjson");
        assertEquals(2, a.silentSteps(), "each item crossed the wire unlogged, exactly once");
    }

    @Test
    void rejectsWrongParameterAtItsEventNamingTheGuard() {
        Verdict.Rejected r = rejected("rejected-wrong-param.ndjson");
        assertEquals(Verdict.Kind.NO_MATCH, r.kind());
        assertEquals(5, r.seq());
        Verdict.Conjunct c = failingConjunct(r);
        assertEquals("Head(inbox) = m", c.text());
        assertEquals("Relay.tla:73:8", c.location());
        assertEquals("left side = 1, right side = 2", c.detail());
        Verdict.FieldDiff param = r.matched().get(0).candidates().get(0).fields().get(0);
        assertEquals(new Verdict.FieldDiff("params.m", "2", "1", false), param);
    }

    @Test
    void rejectsWrongPostStateAtItsEventWithFieldDiff() {
        Verdict.Rejected r = rejected("rejected-wrong-post.ndjson");
        assertEquals(5, r.seq());
        assertEquals("PostMatches(e, TraceView')", failingConjunct(r).text());
        assertTrue(r.matched().get(0).candidates().stream().flatMap(c -> c.fields().stream())
                .anyMatch(d -> d.field().equals("post.got") && d.trace().equals("2") && d.spec().equals("1")
                        && !d.equal()), r::render);
    }

    @Test
    void rejectsImpossibleOrderAtFirstEvent() {
        Verdict.Rejected r = rejected("rejected-impossible-order.ndjson");
        assertEquals(1, r.seq());
        assertEquals("inbox /= <<>>", failingConjunct(r).text());
        assertEquals("ProducerSends(m = 1)", r.matched().get(0).candidates().get(0).action());
    }

    @Test
    void rejectsQuiescenceWhenWireCouldStillDeliver() {
        Verdict.Rejected r = rejected("rejected-quiescence.ndjson");
        assertEquals(Verdict.Kind.QUIESCENCE, r.kind());
        assertEquals(2, r.seq());
        assertTrue(r.summary().contains("ConsumerTakes(m = 1) is enabled after 1 silent step(s) (WireDelivers)"),
                r::render);
    }

    @Test
    void rejectsStateViolatingInvariantNamedInHeader() {
        Verdict.Rejected r = rejected("rejected-header-invariant.ndjson");
        assertEquals(Verdict.Kind.INVARIANT, r.kind());
        assertEquals(2, r.seq());
        assertTrue(r.summary().startsWith("invariant DebugAtMostOneInFlightInv is violated"), r::render);
    }

    @Test
    void warnsWhenUnloggedChoiceLeavesTwoStates() {
        Verdict.Accepted a = accepted("ambiguous-unlogged-wantmore.ndjson");
        assertEquals(List.of(new Verdict.Ambiguity(3, 4, "ConsumerTakes", 2, List.of("wantMore"))), a.warnings());
    }

    @Test
    void strictModeRejectsTheAmbiguousEvent() {
        Verdict v = ExampleModules.validator().strict(true)
                .validate(RELAY.resolve("ambiguous-unlogged-wantmore.ndjson"));
        Verdict.Rejected r = assertInstanceOf(Verdict.Rejected.class, v, v::render);
        assertEquals(Verdict.Kind.AMBIGUOUS, r.kind());
        assertEquals(3, r.seq());
        assertTrue(r.summary().contains("wantMore"), r::render);
    }

    @Test
    void unknownActionIsBadInputAtItsColumn() {
        Verdict v = VERDICTS.get("bad-unknown-action.ndjson");
        Verdict.BadInput b = assertInstanceOf(Verdict.BadInput.class, v, v::render);
        assertEquals(2, b.line());
        assertEquals(19, b.column(), "the column where the action value starts");
        assertTrue(b.reason().startsWith("unknown action=ProducerFlies"), b::reason);
    }

    @Test
    void headerConstantsOutsideTheModulesDeclarationOrItsAssumptionsAreBadInput() {
        // TraceRelay.header.json declares N in 0..1000000: the type and the sign are refused before TLC sees them.
        Verdict.BadInput type = assertInstanceOf(Verdict.BadInput.class, VERDICTS.get("bad-constant-type.ndjson"));
        assertEquals("header constant N=\"two\" is outside what TraceRelay accepts: an integer in 0..1000000 is"
                + " expected (TraceRelay.header.json)", type.reason());
        Verdict.BadInput negative = assertInstanceOf(Verdict.BadInput.class,
                VERDICTS.get("bad-negative-constant.ndjson"));
        assertTrue(negative.reason().startsWith("header constant N=-1 is outside what TraceRelay accepts: not in"
                + " 0..1000000"), negative::reason);
        // Cap = 0 is within the declared 0..64 but breaks Relay's ASSUME, which names itself.
        Verdict.BadInput range = assertInstanceOf(Verdict.BadInput.class,
                VERDICTS.get("bad-assume-violated.ndjson"));
        assertEquals("the header's constants violate the ASSUME at Relay.tla:19:8", range.reason());
    }

    @Test
    void aParamItsMatcherDoesNotReadIsBadInputNamingIt() {
        Verdict.BadInput b = assertInstanceOf(Verdict.BadInput.class, VERDICTS.get("bad-misspelt-param.ndjson"));
        assertEquals(2, b.line());
        assertTrue(b.reason().startsWith("logged field params.mm of ProducerSends is read by no conjunct of"
                + " IsProducerSends on the step it matched, and TraceRelay's TraceInformational does not declare it"),
                b::reason);
    }

    @Test
    void parameterTheMatcherNeedsButTheEventLacksIsBadInput() {
        Verdict v = VERDICTS.get("bad-missing-param.ndjson");
        Verdict.BadInput b = assertInstanceOf(Verdict.BadInput.class, v, v::render);
        assertEquals(2, b.line());
        assertTrue(b.reason().contains("IsProducerSends"), b::reason);
    }

    @Test
    void witnessHoldsEveryEventWithFullState() throws IOException {
        JsonNode all = new ObjectMapper().readTree(witness.toFile());
        JsonNode full = null;
        for (JsonNode w : all) {
            if (w.get("trace").asText().endsWith("accepted-full.ndjson")) {
                full = w;
            }
        }
        assertTrue(full != null, "witness of accepted-full.ndjson");
        assertEquals(9, full.get("steps").size());
        JsonNode last = full.get("steps").get(6);
        assertEquals("ConsumerTakes", last.get("action").asText());
        assertEquals(2, last.get("params").get("m").asInt());
        assertEquals(2, last.get("state").get("got").asInt());
    }

    @Test
    void rendersRejectionWithEventStateAndConjunct() {
        String text = rejected("rejected-wrong-param.ndjson").render();
        assertTrue(text.contains("REJECTED") && text.contains("at event 5") && text.contains("/\\ inbox = <<1, 2>>")
                && text.contains("Head(inbox) = m") && text.contains("≠ params.m: trace 2, spec 1"), text);
    }
}
