package dev.enlightened.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScheduleSearchTest {
    /** Two actors of two steps each; records the order of the steps. */
    private static String twoByTwo(Chooser chooser) {
        StringBuilder order = new StringBuilder();
        int[] left = {2, 2};
        List<Actor> actors = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            int a = i;
            actors.add(new StepActor(a == 0 ? "a" : "b", () -> left[a] > 0, () -> {
                left[a]--;
                order.append(a == 0 ? 'a' : 'b');
            }, () -> "nothing"));
        }
        new DeterministicScheduler(chooser, actors).run(100);
        return order.toString();
    }

    private static Set<String> orders(int bound) {
        Set<String> seen = new HashSet<>();
        ScheduleSearch.Result r = new ScheduleSearch(ScheduleSearch.Strategy.DFS, bound, 100, 1).search(ch -> {
            assertTrue(seen.add(twoByTwo(ch)), "each schedule once");
            return null;
        });
        assertTrue(r.exhausted() && r.clean());
        assertEquals(seen.size(), r.schedules());
        return seen;
    }

    @Test
    void theDfsRunsEveryInterleavingWithinThePreemptionBoundOnce() {
        assertEquals(Set.of("aabb", "bbaa"), orders(0));
        assertEquals(Set.of("aabb", "bbaa", "abba", "baab"), orders(1));
        assertEquals(6, orders(2).size()); // abab and baba preempt twice (the last switch is to a finished actor)
    }

    @Test
    void theFirstBrokenScheduleStopsTheSearchWithItsToken() {
        ScheduleSearch.Result r = new ScheduleSearch(ScheduleSearch.Strategy.DFS, 2, 100, 1)
                .search(ch -> twoByTwo(ch).equals("abba") ? "abba" : null);
        assertEquals("abba", r.violation());
        assertFalse(r.exhausted());
        assertEquals("abba", twoByTwo(new ReplayChooser(ReplayToken.decode(r.token()))));
    }

    @Test
    void pctRunsItsBudgetAndABadBudgetIsRefused() {
        ScheduleSearch.Result r = new ScheduleSearch(ScheduleSearch.Strategy.PCT, 2, 25, 1)
                .search(ch -> twoByTwo(ch).length() == 4 ? null : "lost a step");
        assertEquals(25, r.schedules());
        assertTrue(r.clean() && !r.exhausted());
        assertThrows(IllegalArgumentException.class, () -> new ScheduleSearch(ScheduleSearch.Strategy.DFS, 1, 0, 1));
    }
}
