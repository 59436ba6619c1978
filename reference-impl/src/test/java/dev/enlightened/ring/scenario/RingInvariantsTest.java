package dev.enlightened.ring.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.ring.RingFault;
import dev.enlightened.sim.ScheduleSearch;
import dev.enlightened.sim.ScheduleSearch.Strategy;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The ring's implementation-level invariants over searched schedules, in this JVM (so PIT's mutants meet them):
 * the correct ring keeps them on every schedule of a bounded space, and every ring fault switch of
 * {@code run ring --fault} breaks one. The scenario is {@code explore ring}'s default: 4 packets, 64 data bytes,
 * seed 5.
 */
class RingInvariantsTest {
    private static ScheduleSearch.Schedule ring(int packets, int restores, Set<RingFault> faults) {
        return chooser -> RingInvariants.check(RingScenario.generated(64, packets, chooser, 5, false, faults)
                .withRestores(restores), chooser);
    }

    @Test
    void theCorrectRingKeepsEveryInvariantOnEveryScheduleWithinOnePreemption() {
        ScheduleSearch.Result r = new ScheduleSearch(Strategy.DFS, 1, 400, 5).search(ring(4, 0, Set.of()));
        assertNull(r.violation(), () -> r.violation() + " token=" + r.token());
        assertTrue(r.exhausted(), "the bounded space is exhausted: " + r);
        assertEquals(70, r.schedules(), "schedules within one preemption");
    }

    @Test
    void theCorrectRingKeepsEveryInvariantOnThreeHundredPctSchedules() {
        ScheduleSearch.Result r = new ScheduleSearch(Strategy.PCT, 3, 300, 5).search(ring(6, 0, Set.of()));
        assertNull(r.violation(), () -> r.violation() + " token=" + r.token());
        assertEquals(300, r.schedules());
    }

    @Test
    void theCorrectRingKeepsEveryInvariantAcrossAHostRestore() {
        ScheduleSearch.Result r = new ScheduleSearch(Strategy.DFS, 1, 300, 5).search(ring(4, 1, Set.of()));
        assertNull(r.violation(), () -> r.violation() + " token=" + r.token());
        assertTrue(r.schedules() >= 100, "schedules: " + r.schedules());
    }

    @ParameterizedTest(name = "{0} by {1}")
    @CsvSource({
        "H1_STALE_FREE_SPACE, DFS, 'delivery: ', 'producer: space'",
        "H1_STALE_FREE_SPACE, PCT, 'delivery: ', 'producer: space'",
        "H2_CONSUMER_CHECKS_OWN_MASK, DFS, 'delivery: ', 'producer: space'",
        "H2_CONSUMER_CHECKS_OWN_MASK, PCT, 'delivery: ', 'producer: space'",
        "H3_SIGNAL_WHENEVER_UNMASKED, DFS, 'producer signal rule: ', 'read_index loaded=-1'",
        "H3_SIGNAL_WHENEVER_UNMASKED, PCT, 'producer signal rule: ', 'read_index loaded=-1'",
        "NO_BEFORE_CHECK, DFS, 'consumer signal rule: ', 'free='",
        "NO_BEFORE_CHECK, PCT, 'consumer signal rule: ', 'free='",
        "NO_RECHECK_AFTER_UNMASK, DFS, 'delivery: ', 'consumer: data'",
        "NO_RECHECK_AFTER_UNMASK, PCT, 'delivery: ', 'consumer: data'",
        "RESTORE_LOSES_SIGNALS, DFS, 'delivery: ', 'consumer: data'",
        "RESTORE_LOSES_SIGNALS, PCT, 'delivery: ', 'consumer: data'",
    })
    void everyRingFaultBreaksAnInvariantWithoutTheSpec(RingFault fault, Strategy strategy, String invariant,
                                                      String detail) {
        int restores = fault == RingFault.RESTORE_LOSES_SIGNALS ? 1 : 0; // it acts at a restore only
        ScheduleSearch.Result r = new ScheduleSearch(strategy, strategy == Strategy.DFS ? 2 : 3, 300, 5)
                .search(ring(4, restores, EnumSet.of(fault)));
        assertNotNull(r.violation(), fault + " kept every invariant on " + r.schedules() + " schedules");
        assertTrue(r.violation().startsWith(invariant) && r.violation().contains(detail), r.violation());
        assertNotNull(r.token(), "a broken schedule comes with its replay token");
    }
}
