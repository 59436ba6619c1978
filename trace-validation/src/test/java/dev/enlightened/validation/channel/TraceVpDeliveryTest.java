package dev.enlightened.validation.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.validation.TraceAssertions;
import dev.enlightened.validation.TraceValidator;
import dev.enlightened.validation.TracedRun;
import dev.enlightened.validation.Verdict;
import dev.enlightened.vp.VpFault;
import dev.enlightened.vp.VpResult;
import dev.enlightened.vp.VpRunner;
import dev.enlightened.vp.VpScenario;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traces of the Java per-VP run (guest VPs with their own SynIC slots and event pages, MODIFYCHANNEL, CPU hotplug)
 * against TraceVpDelivery (the correct protocol): the correct runs, half of them ending in the panic path's unload wait, are ACCEPTED and take every spec step;
 * the EARLY_TARGET guest (Linux before 870ced0548c8 on a 5.3 host) is REJECTED where it updates target_cpu, the
 * LATE_SWITCH host where it answers without switching.
 */
class TraceVpDeliveryTest {

    @TempDir
    Path dir;

    private TracedRun<VpResult> run(VpScenario s, String name) throws Exception {
        return TracedRun.write(dir.resolve(name + ".ndjson"), VpRunner.header(s), w -> VpRunner.run(s, w));
    }

    @Test
    void runsWithRetargetsAndHotplugOnEveryVpCountAreAccepted() throws Exception {
        List<Path> traces = new ArrayList<>();
        List<TracedRun<VpResult>> runs = new ArrayList<>();
        for (long seed = 1; seed <= 10; seed++) {
            VpScenario s = VpScenario.basic(2 + (int) (seed % 3), 3, seed).withPanic(seed % 2 == 0);
            TracedRun<VpResult> r = run(s, "vp-" + seed);
            assertTrue(r.result().completed(), r.result().toString());
            assertTrue(r.result().guestErrors().isEmpty() && r.result().hostErrors().isEmpty(), r.result().toString());
            if (!s.panic()) {
                // (A panic may stop target_cpu_store before the response it waits for: then they differ.)
                assertEquals(r.result().targetCpu(), r.result().hostTarget(), "guest and host agree at the end");
            }
            traces.add(r.file());
            runs.add(r);
        }
        for (Verdict v : TraceValidator.forRepository().validate(traces)) {
            assertTrue(v instanceof Verdict.Accepted, v.render());
        }
        // The runs together take every step of VpDelivery: retargets answered, CPUs offline and online, the
        // panic path's polls, and a flag on a VP the channel has left, handled there.
        for (String action : List.of("GuestSendsModifyChannel", "HostAppliesModifyChannel",
                "GuestReceivesModifyResponse", "GuestOfflinesVp", "GuestOnlinesVp", "GuestHandlesEvent",
                "GuestHandlesMessage", "HostDeliversMessage", "HostQueuesControlMessage", "GuestPanics",
                "HostSendsUnloadResponse", "GuestPollsSlot", "GuestClearsSlots")) {
            assertTrue(runs.stream().anyMatch(r -> r.firstSeq("\"" + action + "\"") > 0), action);
        }
        assertTrue(runs.stream().anyMatch(r -> r.firstSeq("\"GuestHandlesEvent\"", "\"vp\":1") > 0),
                "an event handled on a VP other than the connect CPU");
        // The panic comes at a moment the chooser picks: in some run before the host's traffic is done (6 packets).
        assertTrue(runs.stream().anyMatch(r -> r.events().stream().anyMatch(
                e -> e.contains("\"GuestPanics\"") && !e.contains("\"sent\":6"))), "a panic amid the traffic");
    }

    @Test
    void earlyTargetIsRejectedWhereTheGuestUpdatesTargetCpuBeforeTheResponse() throws Exception {
        VpScenario s = VpScenario.basic(2, 2, 1).withFaults(Set.of(VpFault.EARLY_TARGET));
        TracedRun<VpResult> r = run(s, "early-target");
        int seq = r.firstSeq("\"GuestSendsModifyChannel\"");
        assertTrue(seq > 0, "the run retargets");
        Verdict.Rejected v = TraceAssertions.assertRejectedAt(r.file(), seq);
        assertEquals("GuestSendsModifyChannel", v.action());
    }

    @Test
    void lateSwitchIsRejectedWhereTheHostAnswersWithoutSwitching() throws Exception {
        VpScenario s = VpScenario.basic(2, 2, 1).withFaults(Set.of(VpFault.LATE_SWITCH));
        TracedRun<VpResult> r = run(s, "late-switch");
        int seq = r.firstSeq("\"HostAppliesModifyChannel\"");
        assertTrue(seq > 0, "the host applies a retarget");
        Verdict.Rejected v = TraceAssertions.assertRejectedAt(r.file(), seq);
        assertEquals("HostAppliesModifyChannel", v.action());
    }
}
