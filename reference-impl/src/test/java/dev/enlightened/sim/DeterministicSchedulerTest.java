package dev.enlightened.sim;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeterministicSchedulerTest {

    /** Takes {@code quota} steps, recording its name in a shared log; optionally blocks after {@code blockAt}. */
    private static final class Counter implements Actor {
        private final String name;
        private final int quota;
        private final int blockAt;
        private final List<String> log;
        private int done;

        Counter(String name, int quota, int blockAt, List<String> log) {
            this.name = name;
            this.quota = quota;
            this.blockAt = blockAt;
            this.log = log;
        }

        public String name() {
            return name;
        }

        public boolean canStep() {
            return done < blockAt;
        }

        public void step() {
            log.add(name);
            done++;
        }

        public boolean finished() {
            return done >= quota;
        }

        public String waitingFor() {
            return "never";
        }
    }

    private static List<String> run(long seed) {
        List<String> log = new ArrayList<>();
        new DeterministicScheduler(seed, List.of(new Counter("a", 20, 20, log), new Counter("b", 20, 20, log)))
                .run(1000);
        return log;
    }

    @Test
    void sameSeedGivesSameInterleaving() {
        assertEquals(run(42), run(42));
    }

    @Test
    void differentSeedsGiveDifferentInterleavings() {
        assertNotEquals(run(1), run(2));
    }

    @Test
    void completesWhenEveryActorFinishes() {
        List<String> log = new ArrayList<>();
        RunOutcome out = new DeterministicScheduler(3, List.of(new Counter("a", 5, 5, log))).run(100);
        assertTrue(out.completed());
        assertEquals(5, out.steps());
    }

    @Test
    void reportsBlockedActorsOnQuiescence() {
        List<String> log = new ArrayList<>();
        Counter stuck = new Counter("stuck", 10, 3, log);
        RunOutcome out = new DeterministicScheduler(3, List.of(new Counter("a", 4, 4, log), stuck)).run(100);
        assertFalse(out.completed());
        assertFalse(out.budgetExhausted());
        assertEquals(List.of(stuck), out.blocked());
        assertEquals(7, out.steps());
    }

    @Test
    void stopsAtTheStepBudget() {
        List<String> log = new ArrayList<>();
        RunOutcome out = new DeterministicScheduler(3, List.of(new Counter("a", 50, 50, log))).run(10);
        assertTrue(out.budgetExhausted());
        assertEquals(10, out.steps());
    }
}
