package dev.enlightened.channel.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.channel.Fault;
import dev.enlightened.sim.ScheduleSearch;
import dev.enlightened.sim.ScheduleSearch.Strategy;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The channel run's implementation-level invariants over searched schedules, in this JVM (so PIT's mutants meet
 * them): the correct guest and host keep them on every schedule of a bounded space, and each channel fault switch
 * of {@code run channels --fault} that is observable without the spec breaks one. The scenario is
 * {@code explore channels}'s default: one boot device, one rescind, openvmm's host, seed 1.
 */
class ChannelInvariantsTest {
    private static ScheduleSearch.Schedule channels(Set<Fault> faults) {
        Scenario s = FaultScenarios.withFaults(Scenario.basic(1, 1).withDevices(1, 0).withEvents(1, 0, 0), faults);
        return chooser -> ChannelInvariants.check(s, chooser);
    }

    @Test
    void theCorrectGuestAndHostKeepEveryInvariantOnEveryScheduleWithinOnePreemption() {
        ScheduleSearch.Result r = new ScheduleSearch(Strategy.DFS, 1, 400, 1).search(channels(Set.of()));
        assertNull(r.violation(), () -> r.violation() + " token=" + r.token());
        assertTrue(r.exhausted(), "the bounded space is exhausted: " + r);
        assertEquals(85, r.schedules(), "schedules within one preemption");
    }

    @Test
    void theCorrectGuestAndHostKeepEveryInvariantOnThreeHundredPctSchedules() {
        ScheduleSearch.Result r = new ScheduleSearch(Strategy.PCT, 3, 300, 1).search(channels(Set.of()));
        assertNull(r.violation(), () -> r.violation() + " token=" + r.token());
        assertEquals(300, r.schedules());
    }

    @ParameterizedTest(name = "{0} by {1}")
    @CsvSource({
        "H5, DFS, 'request unanswered: ', 'worker blocked in probe'",
        "H5, PCT, 'request unanswered: ', 'worker blocked in probe'",
        "H6, DFS, 'request unanswered: ', 'op=WaitOpen'",
        "H6, PCT, 'request unanswered: ', 'op=WaitOpen'",
        "H7, DFS, 'rejected message: ', 'UnknownRelid'",
        "H7, PCT, 'rejected message: ', 'UnknownRelid'",
        "H8, DFS, 'relid reuse: ', 'while it still maps it'",
        "H8, PCT, 'relid reuse: ', 'while it still maps it'",
        "H9, DFS, 'request unanswered: ', 'op=WaitGpadl'",
        "H9, PCT, 'request unanswered: ', 'op=WaitGpadl'",
        "RESTORE_OFFERS, PCT, 'offers answer a request: ', 'before the guest''s REQUESTOFFERS'",
    })
    void everyObservableChannelFaultBreaksAnInvariantWithoutTheSpec(Fault fault, Strategy strategy,
                                                                   String invariant, String detail) {
        ScheduleSearch.Result r = new ScheduleSearch(strategy, strategy == Strategy.DFS ? 2 : 3, 300, 1)
                .search(channels(EnumSet.of(fault)));
        assertNotNull(r.violation(), fault + " kept every invariant on " + r.schedules() + " schedules");
        assertTrue(r.violation().startsWith(invariant) && r.violation().contains(detail), r.violation());
        assertNotNull(r.token(), "a broken schedule comes with its replay token");
    }

    /**
     * TIMEOUT_FREES changes only what a guest wait does when it times out; the correct host answers every request,
     * so no wait times out and the fault's code never runs. Only the spec, whose host may leave a request
     * unanswered, tells it apart: it is spec-visible only.
     */
    @Test
    void aTimeoutFaultNeverActsWhenTheHostAnswersEveryRequest() {
        ScheduleSearch.Result r = new ScheduleSearch(Strategy.DFS, 1, 400, 1)
                .search(channels(EnumSet.of(Fault.TIMEOUT_FREES)));
        assertNull(r.violation(), r::violation);
        assertTrue(r.exhausted());
    }
}
