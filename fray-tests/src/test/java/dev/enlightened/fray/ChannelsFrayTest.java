package dev.enlightened.fray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.channel.Fault;
import dev.enlightened.channel.scenario.FaultScenarios;
import dev.enlightened.channel.scenario.Scenario;
import dev.enlightened.channel.scenario.ScenarioResult;
import dev.enlightened.channel.scenario.ScenarioRunner;
import dev.enlightened.trace.NdjsonTraceWriter;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pastalab.fray.core.scheduler.POSScheduler;
import org.pastalab.fray.junit.junit5.FrayTestExtension;
import org.pastalab.fray.junit.junit5.annotations.ConcurrencyTest;

/**
 * The channel manager's real-thread mode ({@code run channels --threads}: one thread per guest context and one for
 * the host, each step under a lock) with Fray choosing the interleaving. The host's own choices stay seeded, so the
 * iterations differ only in thread order: exactly what Fray searches.
 */
@ExtendWith(FrayTestExtension.class)
class ChannelsFrayTest {
    static final int ITERATIONS = 100;

    static Scenario scenario(Set<Fault> faults) {
        // Two boot devices, one rescind and one hot-add: offer, GPADL, open, rescind and relid release all race.
        return FaultScenarios.withFaults(Scenario.basic(2, 1).withDevices(1, 0).withEvents(2, 1, 0),
                faults.isEmpty() ? EnumSet.noneOf(Fault.class) : EnumSet.copyOf(faults));
    }

    private static ScenarioResult run(Scenario s, String family) throws IOException, InterruptedException {
        try (NdjsonTraceWriter w = NdjsonTraceWriter.create(FrayTraces.next(family), ScenarioRunner.header(s, true))) {
            return ScenarioRunner.runThreaded(s, w);
        }
    }

    /** Every interleaving completes: no guest wait blocks forever, and neither side rejects a message. */
    @ConcurrencyTest(iterations = ITERATIONS, scheduler = POSScheduler.class)
    void correctChannelsUnderPos() throws Exception {
        ScenarioResult r = run(scenario(Set.of()), "channels-pos");
        assertEquals(List.of(), r.stuckWaiters(), "no guest context blocked forever");
        assertTrue(r.completed(), "the run completed within its step budget");
        assertEquals(List.of(), r.guestErrors(), "the guest rejected no host message");
        assertEquals(List.of(), r.hostErrors(), "the host rejected no guest message");
    }

    /** H8 (RELID_RELEASED before the channel is unmapped): recorded for FrayTracesTest. */
    @ConcurrencyTest(iterations = ITERATIONS, scheduler = POSScheduler.class)
    void h8UnderPos() throws Exception {
        run(scenario(Set.of(Fault.H8)), "channels-H8");
    }
}
