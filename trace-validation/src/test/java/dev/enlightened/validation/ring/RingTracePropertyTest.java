package dev.enlightened.validation.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.enlightened.validation.format.TraceSchema;
import dev.enlightened.ring.RingFault;
import dev.enlightened.ring.scenario.RingRun;
import dev.enlightened.ring.scenario.RingScenario;
import dev.enlightened.ring.scenario.RingScenarioRunner;
import dev.enlightened.ring.trace.RingTraceEmitter;
import dev.enlightened.trace.NdjsonTraceWriter;
import dev.enlightened.trace.TraceHeader;
import dev.enlightened.validation.TraceValidator;
import dev.enlightened.validation.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Property: every run of the correct ring, stepped or threaded, with random ring sizes, packet sizes, counts and seeds,
 * yields a trace that TraceRingBuffer.tla accepts. The traces of one generation are validated in one batch (one engine
 * JVM per ring size: the headers declare every packet length that fits and a common packet bound, so the constants
 * differ only by ring size); only if one is rejected does QuickTheories re-run the examples one validation at a time,
 * shrinking to the smallest failing scenario.
 */
class RingTracePropertyTest {
    private static final long SEED = 20261123L;
    private static final int EXAMPLES = 16;
    private static final int MAX_PACKETS = 10;
    private static final int[] RING_SIZES = {32, 48, 64, 128};
    private static final Path DIR = Path.of("target", "ring-property-traces");

    /** A generated run: payload sizes are thousandths of the largest payload, so any list fits any ring. */
    record Example(int dataLength, List<Integer> permille, long seed, boolean threaded, Set<RingFault> faults) {
        RingScenario scenario() {
            int max = RingScenario.maxPayload(dataLength);
            return new RingScenario(dataLength, permille.stream().map(p -> p * max / 1000).toList(), seed, threaded,
                    faults);
        }
    }

    static Gen<Example> examples(Set<RingFault> faults) {
        return integers().between(0, RING_SIZES.length - 1).zip(
                lists().of(integers().between(0, 1000)).ofSizeBetween(1, MAX_PACKETS),
                longs().between(0, 1L << 20), booleans().all(),
                (size, permille, seed, threaded) -> new Example(RING_SIZES[size], permille, seed, threaded, faults));
    }

    /** Runs the example, writing a trace whose constants depend only on the ring size. */
    static Path trace(Example ex, String name) {
        RingScenario s = ex.scenario();
        Path file = DIR.resolve(name + ".ndjson");
        TraceHeader exact = RingTraceEmitter.header(s.dataLength(), s.payloadLengths(), ex.seed(), "property test");
        Map<String, Object> constants = new LinkedHashMap<>(exact.constants());
        constants.put("PacketLens", IntStream.rangeClosed(2, s.dataLength() / 8 - 2).boxed().toList());
        constants.put("MaxPackets", MAX_PACKETS); // the producer stops earlier: the trace is a prefix
        try {
            Files.createDirectories(DIR);
            try (NdjsonTraceWriter sink = NdjsonTraceWriter.create(file, new TraceHeader(exact.spec(), constants,
                    ex.seed(), ex + ""))) {
                RingRun run = RingScenarioRunner.run(s, sink);
                if (ex.faults().isEmpty()) {
                    assertEquals(LongStream.rangeClosed(1, s.packets()).boxed().toList(), run.received(),
                            "the correct ring delivers every packet in order: " + ex);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TraceSchema.assertValid(file);
        return file;
    }

    static Verdict validateOne(Example ex) {
        return TraceValidator.forRepository().validate(trace(ex, "shrinking"));
    }

    @Test
    void everyRunOfTheCorrectRingIsAccepted() {
        List<Example> generated = new ArrayList<>();
        List<Path> traces = new ArrayList<>();
        qt().withFixedSeed(SEED).withExamples(EXAMPLES).forAll(examples(Set.of())).checkAssert(ex -> {
            generated.add(ex);
            traces.add(trace(ex, "example-" + generated.size()));
        });
        assertTrue(traces.size() >= EXAMPLES - 2, "QuickTheories ran " + traces.size() + " examples");
        assertTrue(generated.stream().anyMatch(Example::threaded) && generated.stream().anyMatch(e -> !e.threaded()),
                "both modes are exercised");
        List<Verdict> verdicts = TraceValidator.forRepository().validate(traces);
        if (verdicts.stream().allMatch(Verdict.Accepted.class::isInstance)) {
            return;
        }
        // Shrink: one validation per example, QuickTheories reports the smallest failing one.
        qt().withFixedSeed(SEED).withExamples(EXAMPLES).withShrinkCycles(40).forAll(examples(Set.of()))
                .checkAssert(ex -> {
                    Verdict v = validateOne(ex);
                    assertInstanceOf(Verdict.Accepted.class, v, v::render);
                });
        fail("a batch trace was rejected but no single re-run was: "
                + verdicts.stream().filter(v -> !(v instanceof Verdict.Accepted)).findFirst().orElseThrow().render());
    }

    /**
     * A failing property shrinks: H1's stale sample loses a wakeup only when a batch starts with room and the producer
     * fills the ring meanwhile, so the first examples pass and a failing one has several packets; QuickTheories must
     * shrink it. Expensive (one engine JVM per example and per shrink step).
     */
    @Test
    @Tag("deep")
    void aFailingCaseIsFoundAndShrunk() {
        AssertionError e = assertThrows(AssertionError.class, () -> qt().withFixedSeed(SEED).withExamples(30)
                .withShrinkCycles(20).forAll(examples(Set.of(RingFault.H1_STALE_FREE_SPACE)))
                .checkAssert(ex -> {
                    Verdict v = validateOne(ex);
                    assertInstanceOf(Verdict.Accepted.class, v, v::render);
                }));
        assertTrue(!e.getMessage().contains("after 1 example(s)"), "the first example already failed: " + e);
        assertTrue(e.getMessage().contains("Smallest found falsifying value"), e::getMessage);
    }
}
