package dev.enlightened.channel.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.trace.NdjsonTraceWriter;
import dev.enlightened.trace.TraceSink;
import dev.enlightened.wire.ProtocolVersion;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Scenario runs end with every context done, no rejected message on either side, and a gapless trace. */
class ScenarioRunnerTest {

    private static void assertClean(ScenarioResult r, String what) {
        assertTrue(r.completed(), what + ": " + r);
        assertTrue(r.guestErrors().isEmpty(), what + ": guest rejected " + r.guestErrors());
        assertTrue(r.hostErrors().isEmpty(), what + ": host rejected " + r.hostErrors());
    }

    @Test
    void bootOpenCloseOfTwoDevicesCompletes() {
        StringWriter w = new StringWriter();
        Scenario s = Scenario.basic(2, 1);
        try (NdjsonTraceWriter t = NdjsonTraceWriter.to(w, ScenarioRunner.header(s, false))) {
            assertClean(ScenarioRunner.runDeterministic(s, t), "basic");
        }
        String[] lines = w.toString().split("\n");
        assertTrue(lines[0].contains("\"spec\":\"TraceVMBusChannels\""));
        for (int i = 1; i < lines.length; i++) {
            assertTrue(lines[i].startsWith("{\"seq\":" + i + ","), "gap at line " + i);
        }
        long opens = List.of(lines).stream().filter(l -> l.contains("\"GuestWakesFromOpenChannelResult\"")).count();
        assertEquals(2, opens);
    }

    @Test
    void rescindsHotAddsUnloadsAndSubChannelsOverManySeedsComplete() {
        for (long seed = 1; seed <= 200; seed++) {
            Scenario s = Scenario.basic(2, seed).withDevices(1, 2).withEvents(3, 2, 1).withOpens(2, 20, 20, 16);
            assertClean(ScenarioRunner.runDeterministic(s, TraceSink.OFF), "seed " + seed);
        }
    }

    /**
     * Rule: a host save/restore keeps the pending outgoing messages (openvmm saved_state.rs), and after a reconnect
     * without UNLOAD the previous kernel's messages are stale, not host errors. So host restarts and kexec reconnects
     * at random points, over many seeds, leave no rejected message on either side and no stuck waiter.
     */
    @Test
    void restoresAndReconnectsWithoutUnloadOverManySeedsRejectNothing() {
        for (int restores = 0; restores <= 2; restores++) {
            for (int reconnects = 0; reconnects <= 1; reconnects++) {
                for (long seed = 1; seed <= 50; seed++) {
                    Scenario s = Scenario.basic(2, seed).withDevices(1, 0).withEvents(1, 1, 0)
                            .withEnvironment(restores, reconnects);
                    ScenarioResult r = ScenarioRunner.runDeterministic(s, TraceSink.OFF);
                    assertClean(r, "restores " + restores + " reconnects " + reconnects + " seed " + seed);
                }
            }
        }
    }

    @Test
    void versionFallbackReachesTheOldestCommonVersion() {
        Scenario s = Scenario.basic(1, 3).withVersions(List.of(ProtocolVersion.WIN10_V5_3, ProtocolVersion.WIN10,
                ProtocolVersion.WIN8), Set.of(ProtocolVersion.WIN8));
        StringWriter w = new StringWriter();
        try (NdjsonTraceWriter t = NdjsonTraceWriter.to(w, ScenarioRunner.header(s, false))) {
            assertClean(ScenarioRunner.runDeterministic(s, t), "fallback");
        }
        assertEquals(3, w.toString().split("GuestSendsInitiateContact", -1).length - 1);
    }

    @Test
    void noCommonVersionEndsFailedWithoutWaiters() {
        Scenario s = Scenario.basic(1, 3).withVersions(List.of(ProtocolVersion.WIN10_V5_3),
                Set.of(ProtocolVersion.WIN8));
        ScenarioResult r = ScenarioRunner.runDeterministic(s, TraceSink.OFF);
        assertClean(r, "no common version");
    }

    @Test
    void realThreadsRunTheSameScenarioToCompletion() throws InterruptedException {
        for (long seed = 1; seed <= 5; seed++) {
            Scenario s = Scenario.basic(3, seed).withDevices(1, 1).withEvents(2, 1, 1);
            StringWriter w = new StringWriter();
            try (NdjsonTraceWriter t = NdjsonTraceWriter.to(w, ScenarioRunner.header(s, true))) {
                assertClean(ScenarioRunner.runThreaded(s, t), "threads seed " + seed);
            }
            assertTrue(w.toString().contains("GuestReceivesUnloadResponse"), "threads seed " + seed);
        }
    }

    /**
     * The header's constants are the run's own bounds (explore's spec coverage counts every state the spec has at
     * them): a hot-add device only when the host may hot-add, a rescinded primary re-offered only by a hot-add,
     * one open attempt per key unless H5's probe adds one, and relids no more than the offers (lowest free).
     */
    @Test
    void headerConstantsAreTheRunsOwnBounds() {
        java.util.Map<String, Object> c = ScenarioRunner.header(Scenario.basic(1, 1).withDevices(1, 0)
                .withEvents(1, 0, 0), false).constants();
        assertEquals(1, ((List<?>) c.get("Devices")).size());
        assertEquals(1, c.get("MaxOffers"));
        assertEquals(1, c.get("MaxOpens"));
        assertEquals(List.of(1), c.get("Relids"));
        c = ScenarioRunner.header(Scenario.basic(1, 1).withDevices(1, 0).withEvents(1, 1, 0), false).constants();
        assertEquals(2, ((List<?>) c.get("Devices")).size());
        // An upper bound, not exact: the hot-add device's key counts per connection as a boot key does.
        assertEquals(3, c.get("MaxOffers"));
        assertEquals(List.of(1, 2, 3), c.get("Relids"));
        c = ScenarioRunner.header(Scenario.basic(1, 1).withDevices(1, 1).withEvents(2, 0, 0), false).constants();
        assertEquals(4, c.get("MaxOffers"), "two keys, and a rescinded sub-channel comes back by itself");
        c = ScenarioRunner.header(FaultScenarios.withFaults(Scenario.basic(1, 1).withDevices(1, 0),
                Set.of(dev.enlightened.channel.Fault.H5)), false).constants();
        assertEquals(2, c.get("MaxOpens"), "H5's probe opens besides the driver's cycle");
    }

    @Test
    void relidsStopAtTheOffersOfTheRun() {
        assertEquals(1, ScenarioRunner.relidBound(16, 1));
        assertEquals(16, ScenarioRunner.relidBound(16, 40));
        assertEquals(1, ScenarioRunner.relidBound(16, 0));
    }
}
