package dev.enlightened.sim;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The TLC-free core of a systematic schedule search, shared by {@code enlightened explore} (which adds the online
 * spec session, the state table and shrinking) and the in-process {@link ScheduleSearch} that unit tests run: the
 * preemption-bounded DFS's policy ({@link Dfs}) and its backtracking ({@link #backtrack}), and PCT ({@link Pct}).
 * A schedule is the sequence of decisions a {@link ScheduleChooser} recorded; the next DFS schedule is a prefix of
 * it with one decision changed, then the defaults.
 */
public final class ScheduleTree {
    private ScheduleTree() {
    }

    /** A DFS prefix and the sleepers its decisions add. */
    public record Branch(int[] prefix, ScheduleChooser.Sleeper[] sleepers) {
    }

    /**
     * The next DFS prefix: the deepest decision with an untried alternative within the preemption bound that does
     * not sleep. With sleep sets on, the alternative's sibling explored just before it goes to sleep when that sibling
     * was the free choice (the actor that stepped last, continuing): docs/exploring.md gives the argument, and why
     * only then (the preemption bound).
     *
     * @param ch          the schedule just run
     * @param preemptions the preemption bound
     * @param sleep       whether sleep sets are on
     * @param sleepSkips  counts alternatives skipped because they sleep (index 0)
     * @return the next prefix, or null when the bounded tree is exhausted
     */
    public static Branch backtrack(ScheduleChooser ch, int preemptions, boolean sleep, long[] sleepSkips) {
        for (int i = ch.size() - 1; i >= 0; i--) {
            if (!ch.branches(i)) {
                continue;
            }
            int alt = nextAlternative(ch, i, preemptions, sleepSkips);
            if (alt >= 0) {
                int[] p = java.util.Arrays.copyOf(ch.choices(), i + 1);
                p[i] = alt;
                ScheduleChooser.Sleeper[] z = new ScheduleChooser.Sleeper[i + 1];
                for (int j = 0; j < i; j++) {
                    z[j] = ch.added(j);
                }
                if (sleep) {
                    z[i] = freeSibling(ch, i);
                }
                return new Branch(p, z);
            }
        }
        return null;
    }

    /**
     * The sleeper an alternative at actor decision {@code i} runs with: the free sibling (the actor that stepped last,
     * continuing, tried first), with the footprint of its step there, when schedule {@code ch} took it; the same
     * sleeper again when {@code ch} took another alternative with it asleep (a node of three or more ready actors);
     * else none. A step that chose inside (its footprint says everything) sleeps for nobody.
     */
    private static ScheduleChooser.Sleeper freeSibling(ScheduleChooser ch, int i) {
        if (!ch.isActorChoice(i) || ch.continuing(i) < 0) {
            return null;
        }
        if (ch.choice(i) == ch.continuing(i)) {
            return ch.access(i) == null || ch.access(i).everything() ? null
                    : new ScheduleChooser.Sleeper(ch.actorName(i), ch.access(i));
        }
        return ch.added(i);
    }

    /** Options in the order a DFS node tries them: the default (no preemption) first, then the others in order. */
    private static int nextAlternative(ScheduleChooser ch, int i, int preemptions, long[] sleepSkips) {
        int n = ch.options(i);
        int def = ch.defaultOption(i);
        int c = ch.choice(i);
        boolean after = false;
        for (int k = -1; k < n; k++) {
            int x = k < 0 ? def : k;
            if (k >= 0 && x == def) {
                continue;
            }
            if (after && ch.isActorChoice(i) && ch.asleepAt(i, x)) {
                sleepSkips[0]++; // its step from here was explored in the subtree that put it to sleep
                continue;
            }
            if (after) {
                int cost = ch.isActorChoice(i) && ch.continuing(i) >= 0 && x != ch.continuing(i) ? 1 : 0;
                if (ch.preemptionsBefore(i) + cost <= preemptions) {
                    return x;
                }
            }
            if (x == c) {
                after = true;
            }
        }
        return -1;
    }

    /** DFS: the prefix, then the default at every new decision (continue the previous actor; first option). */
    public static final class Dfs implements ScheduleChooser.Policy {
        private final int[] prefix;
        private final ScheduleChooser.Sleeper[] sleepers;

        /**
         * @param prefix   the decisions to replay
         * @param sleepers per prefix decision, the actor it puts to sleep (or null)
         */
        public Dfs(int[] prefix, ScheduleChooser.Sleeper[] sleepers) {
            this.prefix = prefix;
            this.sleepers = sleepers;
        }

        @Override
        public ScheduleChooser.Sleeper sleeperAt(int decision) {
            return decision < sleepers.length ? sleepers[decision] : null;
        }

        @Override
        public int pickActor(int decision, List<String> ready, int preferred) {
            return decision < prefix.length ? prefix[decision] : preferred;
        }

        @Override
        public int pick(int decision, ChoiceKind kind, int options) {
            return decision < prefix.length ? prefix[decision] : 0;
        }
    }

    /**
     * PCT (Burckhardt et al., ASPLOS 2010): random distinct initial priorities of at least d, d-1 change points
     * uniform over the run's steps, always step the ready actor of highest priority; at the i-th change point the
     * actor about to step drops to priority i. A bug of depth d is found with probability at least 1/(n k^(d-1)) per
     * schedule (n actors, k steps). Host choices are uniform.
     */
    public static final class Pct implements ScheduleChooser.Policy {
        private final SplittableRandom random;
        private final Map<String, Long> priority = new HashMap<>();
        private final long[] changeAt;
        private final int depth;
        private int step;

        /**
         * @param random this schedule's randomness
         * @param depth  the bug depth d
         * @param steps  the longest run seen so far (the change points fall below it)
         */
        public Pct(SplittableRandom random, int depth, long steps) {
            this.random = random;
            this.depth = depth;
            this.changeAt = new long[Math.max(0, depth - 1)];
            for (int i = 0; i < changeAt.length; i++) {
                changeAt[i] = 1 + random.nextLong(Math.max(1, steps));
            }
        }

        @Override
        public int pickActor(int decision, List<String> ready, int previous) {
            step++;
            int best = highest(ready);
            for (int i = 0; i < changeAt.length; i++) {
                if (changeAt[i] == step) {
                    priority.put(ready.get(best), (long) (i + 1));
                    best = highest(ready);
                }
            }
            return best;
        }

        private int highest(List<String> ready) {
            int best = 0;
            long top = Long.MIN_VALUE;
            for (int i = 0; i < ready.size(); i++) {
                long p = priority.computeIfAbsent(ready.get(i),
                        n -> depth + (random.nextLong() >>> 1) % (Long.MAX_VALUE / 2));
                if (p > top) {
                    top = p;
                    best = i;
                }
            }
            return best;
        }

        @Override
        public int pick(int decision, ChoiceKind kind, int options) {
            return random.nextInt(options);
        }
    }
}
