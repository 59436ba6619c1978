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

    /** Waits for a reply that never comes, with a deadline; at the deadline it can step once (its timeout). */
    private static final class Waiter implements Actor {
        private final dev.enlightened.clock.Clock clock;
        private final long deadline;
        private long timedOutAt = -1;

        Waiter(dev.enlightened.clock.Clock clock, long deadline) {
            this.clock = clock;
            this.deadline = deadline;
        }

        public String name() {
            return "waiter";
        }

        public boolean canStep() {
            return timedOutAt < 0 && clock.nanos() >= deadline;
        }

        public void step() {
            timedOutAt = clock.nanos();
        }

        public boolean finished() {
            return timedOutAt >= 0;
        }

        public String waitingFor() {
            return "reply";
        }

        @Override
        public long wakeAtNanos() {
            return timedOutAt < 0 ? deadline : Long.MAX_VALUE;
        }
    }

    @Test
    void virtualTimeJumpsToTheEarliestDeadlineOnlyWhenEveryActorWaits() {
        dev.enlightened.clock.VirtualClock clock = new dev.enlightened.clock.VirtualClock();
        List<String> log = new ArrayList<>();
        List<Long> stalledAt = new ArrayList<>();
        Waiter waiter = new Waiter(clock, 5_000_000_000L);
        DeterministicScheduler s = new DeterministicScheduler(new RandomChooser(1),
                List.of(new Counter("a", 30, 30, log), waiter), clock, blocked -> stalledAt.add(clock.nanos()));
        RunOutcome out = s.run(1000);
        assertTrue(out.completed(), "the timeout ended the wait: " + out);
        assertEquals(30, log.size(), "the other actor ran to its end before time moved");
        assertEquals(List.of(0L), stalledAt, "one stall, told before the jump");
        assertEquals(5_000_000_000L, waiter.timedOutAt);
        assertEquals(1, s.stalls());
    }

    @Test
    void withoutADeadlineAStallIsQuiescenceAndTimeStays() {
        dev.enlightened.clock.VirtualClock clock = new dev.enlightened.clock.VirtualClock();
        List<String> log = new ArrayList<>();
        Counter stuck = new Counter("stuck", 10, 3, log);
        RunOutcome out = new DeterministicScheduler(new RandomChooser(3), List.of(stuck), clock, b -> { }).run(100);
        assertEquals(List.of(stuck), out.blocked());
        assertEquals(0, clock.nanos());
    }
}
