package dev.enlightened.fray;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.enlightened.ring.RingFault;
import dev.enlightened.ring.scenario.RingRun;
import dev.enlightened.ring.scenario.RingScenario;
import dev.enlightened.ring.scenario.RingScenarioRunner;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pastalab.fray.core.scheduler.PCTScheduler;
import org.pastalab.fray.core.scheduler.POSScheduler;
import org.pastalab.fray.junit.junit5.FrayTestExtension;
import org.pastalab.fray.junit.junit5.annotations.ConcurrencyTest;

/**
 * The ring's real-thread mode ({@code run ring --threads}: producer and consumer threads over one ring, each protocol
 * step logged under a lock) with Fray choosing the interleaving of the two threads and the test's main thread.
 *
 * <p>The scenario is small on purpose: a 128-byte data area and packets of 40/24/56/8/40/16 bytes fill the ring
 * twice, so the producer blocks with {@code pending_send_sz} set and the consumer masks and unmasks, which is where
 * the historical lost wake-ups live (H1-H3). Each iteration writes its trace; {@link FrayTracesTest} validates
 * every one against {@code RingBuffer.tla} afterwards.
 */
@ExtendWith(FrayTestExtension.class)
class RingFrayTest {
    static final RingScenario CORRECT = scenario(Set.of());
    /** The correct ring with the consumer's idle polls (spec ConsumerSpins, ConsumerIdlePolls 2). */
    static final RingScenario IDLE_POLLS = CORRECT.withIdlePolls(2);
    static final int ITERATIONS = 150;

    static RingScenario scenario(Set<RingFault> faults) {
        return new RingScenario(128, List.of(40, 24, 56, 8, 40, 16), 1, true, faults);
    }

    /** POS: every iteration delivers each packet once, in order, and ends with only the consumer asleep. */
    @ConcurrencyTest(iterations = ITERATIONS, scheduler = POSScheduler.class)
    void correctRingUnderPos() throws IOException {
        runCorrect("ring-pos");
    }

    /** PCT (bug depth 3 by default in Fray): the same assertions under a different schedule distribution. */
    @ConcurrencyTest(iterations = ITERATIONS, scheduler = PCTScheduler.class)
    void correctRingUnderPct() throws IOException {
        runCorrect("ring-pct");
    }

    /**
     * POS with the consumer's idle polls: it polls the drained ring twice more, still masked, before unmasking, so
     * the producer skips signals a plain consumer would get; the same assertions (no lost wake-up).
     */
    @ConcurrencyTest(iterations = ITERATIONS, scheduler = POSScheduler.class)
    void idlePollsUnderPos() throws IOException {
        runCorrect("ring-idle-pos", IDLE_POLLS);
    }

    private static void runCorrect(String family) throws IOException {
        runCorrect(family, CORRECT);
    }

    private static void runCorrect(String family, RingScenario scenario) throws IOException {
        RingRun run = RingScenarioRunner.run(scenario, FrayTraces.next(family));
        assertEquals(LongStream.rangeClosed(1, scenario.packets()).boxed().toList(), run.received(),
                "every packet once, in order");
        assertEquals(List.of("consumer: " + RingScenarioRunner.CONSUMER_WAITS_FOR), run.quiescent(),
                "at the end only the consumer waits (for data): nobody lost a wake-up");
    }

    /**
     * H1 (a stale free-space sample in the consumer's signal decision) on real threads: the run is recorded, not
     * judged here; FrayTracesTest requires the validator to reject at least one of these traces.
     */
    @ConcurrencyTest(iterations = ITERATIONS, scheduler = POSScheduler.class)
    void h1UnderPos() throws IOException {
        RingScenarioRunner.run(scenario(Set.of(RingFault.H1_STALE_FREE_SPACE)), FrayTraces.next("ring-H1"));
    }

    /** H2 (the consumer consults its own mask, wrong read order): recorded for FrayTracesTest. */
    @ConcurrencyTest(iterations = ITERATIONS, scheduler = PCTScheduler.class)
    void h2UnderPct() throws IOException {
        RingScenarioRunner.run(scenario(Set.of(RingFault.H2_CONSUMER_CHECKS_OWN_MASK)), FrayTraces.next("ring-H2"));
    }

    /** H3 (signal whenever the mask is clear): recorded for FrayTracesTest. */
    @ConcurrencyTest(iterations = ITERATIONS, scheduler = PCTScheduler.class)
    void h3UnderPct() throws IOException {
        RingScenarioRunner.run(scenario(Set.of(RingFault.H3_SIGNAL_WHENEVER_UNMASKED)), FrayTraces.next("ring-H3"));
    }
}
