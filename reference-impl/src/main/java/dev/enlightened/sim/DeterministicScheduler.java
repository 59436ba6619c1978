package dev.enlightened.sim;

import dev.enlightened.clock.VirtualClock;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs actors step by step, letting a {@link Chooser} pick among those that can step: the seeded
 * {@link RandomChooser} (uniform, so any run reproduces from its seed), a replay, or an explorer. Stops when
 * every actor finished, when none can step (quiescence: the blocked
 * actors are reported), or at the step budget.
 *
 * <p>Time: steps take no virtual time. When no actor can step but one waits with a deadline
 * ({@link Actor#wakeAtNanos()}), the scheduler tells its stall listener (the run is stalled: every context waits),
 * advances its {@link VirtualClock} to the earliest deadline and goes on, so that a wait for a host that never
 * answers ends in its timeout, and a run whose host answers never reaches one.
 */
public final class DeterministicScheduler {
    /** Told when every context waits and time must jump to a deadline, before the jump. */
    @FunctionalInterface
    public interface StallListener {
        /** @param blocked the actors not finished, in the scheduler's order */
        void stalled(List<Actor> blocked);
    }

    private final List<Actor> actors;
    private final Chooser chooser;
    private final VirtualClock clock;
    private final StallListener onStall;
    private long stalls;

    /** A scheduler choosing uniformly with a {@link RandomChooser} seeded {@code seed}. */
    public DeterministicScheduler(long seed, List<? extends Actor> actors) {
        this(new RandomChooser(seed), actors);
    }

    /** A scheduler whose every choice of actor is {@code chooser}'s; its time never jumps (no actor's deadline). */
    public DeterministicScheduler(Chooser chooser, List<? extends Actor> actors) {
        this(chooser, actors, new VirtualClock(), blocked -> { });
    }

    /**
     * @param chooser every choice of actor
     * @param actors  the run's parties
     * @param clock   the run's virtual time, advanced to the earliest deadline whenever every context waits
     * @param onStall told of each such stall, before time jumps
     */
    public DeterministicScheduler(Chooser chooser, List<? extends Actor> actors, VirtualClock clock,
                                  StallListener onStall) {
        if (actors.isEmpty()) {
            throw new IllegalArgumentException("no actors");
        }
        this.actors = List.copyOf(actors);
        this.chooser = chooser;
        this.clock = clock;
        this.onStall = onStall;
    }

    /** Runs until completion, quiescence or {@code maxSteps} steps. */
    public RunOutcome run(long maxSteps) {
        List<Actor> ready = new ArrayList<>(actors.size());
        long steps = 0;
        while (steps < maxSteps) {
            ready.clear();
            for (Actor a : actors) {
                if (!a.finished() && a.canStep()) {
                    ready.add(a);
                }
            }
            if (ready.isEmpty()) {
                long wake = earliestDeadline();
                if (wake == Long.MAX_VALUE || wake <= clock.nanos()) {
                    // No deadline, or one already due that did not make its actor ready: nothing will change.
                    return new RunOutcome(steps, blocked(), false);
                }
                stalls++;
                onStall.stalled(blocked());
                clock.advanceTo(wake);
                continue;
            }
            ready.get(chooser.chooseActor(ready)).step();
            steps++;
        }
        return new RunOutcome(steps, blocked(), true);
    }

    /** @return how often every context waited and time jumped to a deadline */
    public long stalls() {
        return stalls;
    }

    private long earliestDeadline() {
        long min = Long.MAX_VALUE;
        for (Actor a : actors) {
            if (!a.finished()) {
                min = Math.min(min, a.wakeAtNanos());
            }
        }
        return min;
    }

    private List<Actor> blocked() {
        List<Actor> b = new ArrayList<>();
        for (Actor a : actors) {
            if (!a.finished()) {
                b.add(a);
            }
        }
        return b;
    }
}
