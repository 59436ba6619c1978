package dev.enlightened.sim;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A bounded schedule search that runs in the caller's JVM, without TLC: each schedule's run is judged by the
 * implementation-level check the caller gives ({@link Schedule}: every packet delivered once and in order, no side
 * left waiting, every request answered, ...), not by a spec. It is what a unit test, and so PIT's minion, can run
 * against mutated code; {@code enlightened explore} is the spec-validated search over the same decisions.
 *
 * <p>Design: the search is {@code explore}'s own, not a second one. {@link ScheduleChooser} records the decisions and
 * {@link ScheduleTree} gives the DFS's policy, its backtracking and PCT; both moved here from the explore module,
 * which keeps using them. What explore adds on top needs the spec (the online session, pruning by matched spec
 * state, the verdict of a shrunk schedule), so this search has none of it: no pruning (a key without the spec state
 * would have to hold the checker's history to be sound, and the budgets here are a few hundred schedules), no sleep
 * sets (they cut schedules the state table then needs), no shrinking (a failing test names the schedule by its replay
 * token, which {@code enlightened run ... --replay} reproduces). Two strategies:
 * <ul>
 *   <li>{@link Strategy#DFS}: every schedule within the preemption bound, deepest decision first, until the budget;
 *       on a small scenario the bounded tree is exhausted and the result says so ({@link Result#exhausted()}), which
 *       is a guarantee over that space, not a sample.</li>
 *   <li>{@link Strategy#PCT}: schedules of probabilistic concurrency testing with bug depth d, seeded, so a test
 *       gives the same schedules every time; it reaches races deep in a long run that a small DFS budget, which
 *       varies the last decisions first, does not.</li>
 * </ul>
 */
public final class ScheduleSearch {
    /** The strategies. */
    public enum Strategy { DFS, PCT }

    /** One schedule: runs the scenario from scratch with every decision taken by the chooser. */
    @FunctionalInterface
    public interface Schedule {
        /** @return null if every implementation-level invariant held, else the first one broken, as one line */
        String run(Chooser chooser);
    }

    /**
     * What a search did.
     *
     * @param schedules  schedules run
     * @param exhausted  true iff a DFS ran every schedule within the preemption bound
     * @param violation  the first broken invariant, or null
     * @param token      that schedule's replay token (encoded), or null
     * @param maxSteps   the longest schedule, in steps
     * @param preemptions that schedule's preemptions (0 if none)
     */
    public record Result(long schedules, boolean exhausted, String violation, String token, long maxSteps,
                         int preemptions) {
        /** @return true iff no schedule broke an invariant */
        public boolean clean() {
            return violation == null;
        }
    }

    private final Strategy strategy;
    private final int bound;
    private final long budget;
    private final long seed;

    /**
     * @param strategy DFS or PCT
     * @param bound    DFS: the preemption bound; PCT: the bug depth d
     * @param budget   the most schedules to run, at least 1
     * @param seed     the seed of the packet lengths (every schedule's own, as explore's) and of PCT
     */
    public ScheduleSearch(Strategy strategy, int bound, long budget, long seed) {
        if (budget < 1 || bound < 0) {
            throw new IllegalArgumentException("budget=" + budget + " bound=" + bound + ": need budget >= 1, "
                    + "bound >= 0");
        }
        this.strategy = strategy;
        this.bound = bound;
        this.budget = budget;
        this.seed = seed;
    }

    /** Runs schedules until one breaks an invariant, the budget is spent, or (DFS) the bounded tree is exhausted. */
    public Result search(Schedule schedule) {
        Map<String, Integer> actorIds = new HashMap<>();
        ScheduleChooser.Hook none = (ch, digest) -> { };
        int[] prefix = new int[0];
        ScheduleChooser.Sleeper[] noSleepers = new ScheduleChooser.Sleeper[0];
        long maxSteps = 1;
        long[] skips = new long[1];
        for (long n = 0; n < budget; n++) {
            ScheduleChooser.Policy policy = strategy == Strategy.DFS ? new ScheduleTree.Dfs(prefix, noSleepers)
                    : new ScheduleTree.Pct(new SplittableRandom(seed * 0x9E3779B97F4A7C15L + n), bound, maxSteps);
            ScheduleChooser ch = new ScheduleChooser(policy, none, seed, actorIds, null);
            String violation = schedule.run(ch);
            ch.finish();
            maxSteps = Math.max(maxSteps, ch.steps());
            if (violation != null) {
                return new Result(n + 1, false, violation, ch.token().encode(), maxSteps, ch.preemptions());
            }
            if (strategy == Strategy.DFS) {
                ScheduleTree.Branch b = ScheduleTree.backtrack(ch, bound, false, skips);
                if (b == null) {
                    return new Result(n + 1, true, null, null, maxSteps, 0);
                }
                prefix = b.prefix();
            }
        }
        return new Result(budget, false, null, null, maxSteps, 0);
    }
}
