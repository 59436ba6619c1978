package dev.enlightened.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs actors step by step, letting a {@link Chooser} pick among those that can step: the seeded
 * {@link RandomChooser} (uniform, so any run reproduces from its seed), a replay, or an explorer. Stops when
 * every actor finished, when none can step (quiescence: the blocked
 * actors are reported), or at the step budget.
 */
public final class DeterministicScheduler {
    private final List<Actor> actors;
    private final Chooser chooser;

    /** A scheduler choosing uniformly with a {@link RandomChooser} seeded {@code seed}. */
    public DeterministicScheduler(long seed, List<? extends Actor> actors) {
        this(new RandomChooser(seed), actors);
    }

    /** A scheduler whose every choice of actor is {@code chooser}'s. */
    public DeterministicScheduler(Chooser chooser, List<? extends Actor> actors) {
        if (actors.isEmpty()) {
            throw new IllegalArgumentException("no actors");
        }
        this.actors = List.copyOf(actors);
        this.chooser = chooser;
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
                return new RunOutcome(steps, blocked(), false);
            }
            ready.get(chooser.chooseActor(ready)).step();
            steps++;
        }
        return new RunOutcome(steps, blocked(), true);
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
