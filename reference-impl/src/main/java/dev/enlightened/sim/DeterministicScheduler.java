package dev.enlightened.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Runs actors step by step, choosing uniformly among those that can step with a seeded RNG, so any run
 * reproduces from its seed. Stops when every actor finished, when none can step (quiescence: the blocked
 * actors are reported), or at the step budget.
 */
public final class DeterministicScheduler {
    private final List<Actor> actors;
    private final SplittableRandom random;
    private final long seed;

    public DeterministicScheduler(long seed, List<? extends Actor> actors) {
        if (actors.isEmpty()) {
            throw new IllegalArgumentException("no actors");
        }
        this.actors = List.copyOf(actors);
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    public long seed() {
        return seed;
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
            ready.get(random.nextInt(ready.size())).step();
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
