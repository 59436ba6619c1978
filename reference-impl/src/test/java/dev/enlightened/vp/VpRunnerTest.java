package dev.enlightened.vp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.trace.TraceEvent;
import dev.enlightened.trace.TraceSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The per-VP run: MODIFYCHANNEL and hotplug end with guest and host agreeing; hv_synic_cleanup's rule holds. */
class VpRunnerTest {

    /** Keeps the events of a run. */
    private static final class Events implements TraceSink {
        final List<TraceEvent> all = new ArrayList<>();

        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public long emit(String actor, String action, Map<String, Object> params, Map<String, Object> post) {
            all.add(new TraceEvent(all.size() + 1, actor, action, params, post));
            return all.size();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void retargetsAndHotplugEndWithGuestAndHostOnTheSameVpAndTheRingRead() {
        int refused = 0;
        for (long seed = 1; seed <= 40; seed++) {
            Events e = new Events();
            VpResult r = VpRunner.run(VpScenario.basic(2 + (int) (seed % 3), 3, seed), e);
            assertTrue(r.completed(), r.toString());
            assertTrue(r.guestErrors().isEmpty() && r.hostErrors().isEmpty(), r.toString());
            assertEquals(r.targetCpu(), r.hostTarget(), "seed " + seed);
            assertEquals(0, e.all.get(e.all.size() - 1).post().get("ring"), "seed " + seed + ": ring left unread");
            refused += r.refused();
        }
        assertTrue(refused > 0, "hv_synic_cleanup never refused an offline in 40 runs");
    }

    @Test
    void aCpuIsTakenOfflineOnlyWhenNoChannelTargetsItAndNoFlagIsPendingThere() {
        for (long seed = 1; seed <= 40; seed++) {
            Events e = new Events();
            VpRunner.run(VpScenario.basic(2, 3, seed), e);
            for (TraceEvent ev : e.all) {
                if (ev.action().equals("GuestOfflinesVp")) {
                    int v = (Integer) ev.params().get("vp");
                    assertTrue(v != VpScenario.CONNECT_VP && v != (Integer) ev.post().get("gTarget"), ev.toString());
                }
            }
        }
    }

    @Test
    void theFiveThreeGuestChangesTargetCpuOnlyAfterTheResponseAndEarlyTargetAtOnce() {
        Events ok = new Events();
        VpRunner.run(VpScenario.basic(2, 2, 1), ok);
        Events early = new Events();
        VpRunner.run(VpScenario.basic(2, 2, 1).withFaults(Set.of(VpFault.EARLY_TARGET)), early);
        TraceEvent okSend = first(ok, "GuestSendsModifyChannel");
        TraceEvent earlySend = first(early, "GuestSendsModifyChannel");
        assertEquals("Sent", okSend.post().get("modState"));
        assertTrue(!okSend.post().get("gTarget").equals(okSend.params().get("vp")), okSend.toString());
        assertEquals(earlySend.params().get("vp"), earlySend.post().get("gTarget"), earlySend.toString());
    }

    @Test
    void thePanicPathPollsEverySlotUntilTheUnloadResponseAndLeavesThemClear() {
        for (long seed = 1; seed <= 20; seed++) {
            Events e = new Events();
            VpResult r = VpRunner.run(VpScenario.basic(3, 2, seed).withPanic(true), e);
            assertTrue(r.completed() && r.guestErrors().isEmpty() && r.hostErrors().isEmpty(), r.toString());
            List<String> actions = e.all.stream().map(TraceEvent::action).toList();
            int panic = actions.indexOf("GuestPanics");
            int answer = actions.indexOf("HostSendsUnloadResponse");
            assertTrue(panic >= 0 && answer > panic, actions.toString());
            assertEquals("GuestClearsSlots", actions.get(actions.size() - 1), actions.toString());
            assertEquals("Cleared", e.all.get(e.all.size() - 1).post().get("unload"));
        }
    }

    @Test
    void thePanicComesAtMomentsAndOnVpsTheChooserPicks() {
        java.util.Set<Object> sentAtPanic = new java.util.HashSet<>();
        java.util.Set<Object> panicVps = new java.util.HashSet<>();
        for (long seed = 1; seed <= 20; seed++) {
            Events e = new Events();
            VpResult r = VpRunner.run(VpScenario.basic(2, 2, seed).withPanic(true), e);
            assertTrue(r.completed() && r.guestErrors().isEmpty() && r.hostErrors().isEmpty(), r.toString());
            TraceEvent p = first(e, "GuestPanics");
            sentAtPanic.add(p.post().get("sent"));
            panicVps.add(p.params().get("vp"));
            List<String> after = e.all.subList((int) p.seq(), e.all.size()).stream().map(TraceEvent::action).toList();
            assertTrue(!after.contains("HostSendsPacket") && !after.contains("HostQueuesControlMessage"), after
                    .toString());
        }
        assertTrue(sentAtPanic.size() >= 3, "panics after different numbers of packets: " + sentAtPanic);
        assertEquals(Set.of(0, 1), panicVps, "panics on the connect CPU and on the other VP");
    }

    private static TraceEvent first(Events e, String action) {
        return e.all.stream().filter(x -> x.action().equals(action)).findFirst().orElseThrow();
    }
}
