package dev.enlightened.channel.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.channel.Fault;
import dev.enlightened.host.GuestMessageError;
import dev.enlightened.wire.MessageType;
import dev.enlightened.trace.NdjsonTraceWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Each fault switch re-creates its historical bug in the Java guest or host: the run shows the bug's symptom
 * (deadlock with named waiters, a second removal, a release before the unmap, an unanswered GPADL) for some seed,
 * while the correct code never does for the same seeds. Rejection of these traces by TraceVMBusChannels is tested
 * in trace-validation.
 */
class FaultScenariosTest {
    private static final int SEEDS = 60;

    /** A run and its trace text. */
    record Run(Scenario scenario, ScenarioResult result, String trace) {
        List<String> events() {
            return List.of(trace.split("\n")).subList(1, trace.split("\n").length);
        }
    }

    static Run run(Scenario s) {
        StringWriter w = new StringWriter();
        ScenarioResult r;
        try (NdjsonTraceWriter t = NdjsonTraceWriter.to(w, ScenarioRunner.header(s, false))) {
            r = ScenarioRunner.runDeterministic(s, t);
        }
        return new Run(s, r, w.toString());
    }

    /** The first seed in 1..SEEDS whose run shows the symptom. */
    static Run firstShowing(Scenario base, Set<Fault> faults, Predicate<Run> symptom) {
        for (long seed = 1; seed <= SEEDS; seed++) {
            Run r = run(FaultScenarios.withFaults(base.withSeed(seed), faults));
            if (symptom.test(r)) {
                return r;
            }
        }
        throw new AssertionError("no seed in 1.." + SEEDS + " shows the symptom of " + faults);
    }

    static boolean noSeedShows(Scenario base, Predicate<Run> symptom) {
        for (long seed = 1; seed <= SEEDS; seed++) {
            // The same host, duplicating rescinds, against the correct guest.
            if (symptom.test(run(base.withSeed(seed).withFaults(Set.of(), 1)))) {
                return false;
            }
        }
        return true;
    }

    private static boolean stuckIn(Run r, String op) {
        return r.result().stuckWaiters().stream().anyMatch(w -> w.contains("op=" + op));
    }

    @Test
    void h5RescindBehindTheProbeDeadlocksAndNamesTheWaiters() {
        Run r = firstShowing(Scenario.basic(1, 1), Set.of(Fault.H5), x -> x.result().deadlocked());
        assertTrue(stuckIn(r, "WaitOpen"), r.result().stuckWaiters().toString());
        assertTrue(r.result().stuckWaiters().stream().anyMatch(w -> w.startsWith("guest-worker")));
        // The trace ends at the stall with its Quiescent claim; the timeouts that end the stall go untraced.
        String last = r.events().get(r.events().size() - 1);
        assertTrue(last.contains("\"action\":\"Quiescent\"") && last.contains("\"waitingFor\":\"message\""), last);
        assertTrue(r.result().guestTimeouts() > 0, "the stall did not end in a timeout");
    }

    @Test
    void h6RescindThatDoesNotWakeTheOpenerDeadlocks() {
        Run r = firstShowing(Scenario.basic(3, 1).withEvents(3, 0, 0), Set.of(Fault.H6),
                x -> stuckIn(x, "WaitOpen"));
        assertTrue(r.events().stream().anyMatch(e -> e.contains("\"GuestReceivesRescind\"")
                && e.contains("\"op\":\"WaitOpen\"") && e.contains("\"woken\":\"No\"")));
    }

    @Test
    void correctGuestNeverDeadlocksOnTheSameScenarios() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            assertFalse(run(Scenario.basic(3, seed).withEvents(3, 0, 0)).result().deadlocked(), "seed " + seed);
            assertFalse(run(Scenario.basic(1, seed).withEvents(1, 1, 0)).result().deadlocked(), "seed " + seed);
        }
    }

    @Test
    void h7DuplicateRescindQueuesASecondRemoval() {
        Run r = firstShowing(Scenario.basic(2, 1).withEvents(2, 0, 0), Set.of(Fault.H7),
                x -> x.trace().contains("\"remove\":2"));
        assertTrue(r.events().stream().anyMatch(e -> e.contains("\"HostSendsDuplicateRescind\"")));
        assertTrue(noSeedShows(Scenario.basic(2, 1).withEvents(2, 0, 0), x -> x.trace().contains("\"remove\":2")),
                "the correct guest (rescind_ref) queued a second removal");
    }

    @Test
    void h8ReleasesTheRelidBeforeUnmappingIt() {
        Run r = firstShowing(Scenario.basic(1, 1), Set.of(Fault.H8),
                x -> x.trace().contains("GuestSendsRelidReleased"));
        List<String> ev = r.events();
        int release = indexOf(ev, "GuestSendsRelidReleased");
        int unmap = indexOf(ev, "GuestUnmapsChannel");
        assertTrue(release >= 0 && unmap > release, "release at " + release + ", unmap at " + unmap);
        assertTrue(ev.get(release).contains("\"mapped\":true"), ev.get(release));
    }

    @Test
    void h9HostDropsAGpadlHeaderCrossingTheRescind() {
        Run r = firstShowing(Scenario.basic(1, 1), Set.of(Fault.H9), x -> stuckIn(x, "WaitGpadl"));
        assertTrue(r.events().stream().anyMatch(e -> e.contains("\"HostReceivesGpadlHeader\"")
                && e.contains("\"hGpadl\":\"None\"")));
        assertEquals(new GuestMessageError.BadRelid(MessageType.GPADL_HEADER, 1, "Revoked"),
                r.result().hostErrors().get(0));
    }

    /**
     * A host that never answers a GPADL_HEADER (H9) stalls the run; virtual time then jumps to the guest's GPADL
     * timeout, which ends the wait (issue 12: the run ended deadlocked in WaitGpadl).
     */
    @Test
    void anUnansweredGpadlHeaderEndsInItsTimeoutInVirtualTime() {
        Run r = firstShowing(Scenario.basic(1, 1), Set.of(Fault.H9), x -> stuckIn(x, "WaitGpadl"));
        assertTrue(r.events().get(r.events().size() - 1).contains("\"action\":\"Quiescent\""),
                "the trace ends at the stall");
        assertEquals(1, r.result().guestTimeouts(), "the GPADL wait did not end in its timeout");
        assertTrue(r.result().guestTimeoutRecords().get(0).startsWith("wait timed out: what=GPADL_CREATED relid=1"
                + " waitedNanos=5000000000"), r.result().guestTimeoutRecords().toString());
    }

    static int indexOf(List<String> events, String action) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).contains("\"action\":\"" + action + "\"")) {
                return i;
            }
        }
        return -1;
    }
}
