package dev.enlightened.sim;

import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The chooser of one explored schedule: a {@link Policy} decides, this records every decision (for the replay token
 * and for the DFS's backtracking: options, choice, whether it branches, which option continues the previous actor,
 * preemptions so far) and calls the explorer's {@link Hook} before each choice of actor (a step boundary), where it
 * feeds the events so far to the online session and may cut the schedule.
 *
 * <p>Not every decision is a branch: {@link ChoiceKind#TIMING} is 0 (a host event is due as soon as it is possible,
 * and the schedule picks the moment, which covers every moment), and {@link ChoiceKind#PACKET_LENGTH} comes from the
 * scenario's seed (the lengths are spec constants of the trace header, fixed for an exploration).
 */
public final class ScheduleChooser implements Chooser, StateDigest.Aware, Footprint.Aware {
    /** Decides each decision of a schedule. */
    public interface Policy {
        /**
         * @param decision the decision's index in the schedule
         * @param ready    the names of the ready actors (or movers)
         * @param preferred index in {@code ready} of the default: the actor that took the last step if it is ready
         *                  (no preemption), else the actor most recently enabled (see {@link #defaultOption})
         * @return the index of the actor to step
         */
        int pickActor(int decision, List<String> ready, int preferred);

        /** @return a host (or data) choice of {@code options} */
        int pick(int decision, ChoiceKind kind, int options);

        /** @return the actor to put to sleep once the choice at {@code decision} is taken (DFS), or null */
        default Sleeper sleeperAt(int decision) {
            return null;
        }
    }

    /** A sleeping actor and the footprint of the step it would take (explored already, in a sibling subtree). */
    public record Sleeper(String actor, Footprint.Access access) {
    }

    /** Called at each step boundary, before the choice of actor. */
    public interface Hook {
        /**
         * @param chooser  this schedule's chooser (its decisions so far, its preemptions)
         * @param digest   the implementation state's digest (0 if the runner gives none), computed on demand
         * @throws Abort to abandon the schedule
         */
        void atStepBoundary(ScheduleChooser chooser, LongSupplier digest);
    }

    /** Thrown to abandon a schedule (its first rejected event, or a prefix already explored). */
    public static final class Abort extends RuntimeException {
        private static final long serialVersionUID = 1L;
        public final boolean rejected;
        /** Cut because the next actor sleeps (else by the state table, or rejected). */
        public final boolean asleep;

        public Abort(boolean rejected) {
            this(rejected, false);
        }

        public Abort(boolean rejected, boolean asleep) {
            super(rejected ? "rejected" : "pruned", null, false, false);
            this.rejected = rejected;
            this.asleep = asleep;
        }
    }

    private final Policy policy;
    private final Hook hook;
    private final RandomChooser lengths;
    private final java.util.Map<String, Integer> actorIds;
    /** Payload lengths to branch over, per PACKET_LENGTH decision (null: take them from the seed). */
    private final List<List<Integer>> lengthOptions;
    private int lengthDecisions;
    /** Whether the policy chooses each {@link ChoiceKind#POLL_BUDGET} (else option 0, the scenario's budget). */
    private boolean varyPollBudgets;
    /** Per decision: what the replay token records (a length decision records the length, not the option). */
    private int[] tokenOptions = new int[256];
    private int[] tokenChoices = new int[256];
    private LongSupplier digest = () -> 0L;
    private Footprint footprint;
    /** Per decision: the footprint of the step it chose (actor choices of a runner that records footprints). */
    private Footprint.Access[] access = new Footprint.Access[256];
    /** Per decision: the ready actors (by index in the ready list) asleep when it was taken. */
    private long[] asleepReady = new long[256];
    /** Per decision: the sleeper the policy added after it, and the actor it chose. */
    private Sleeper[] added = new Sleeper[256];
    private String[] actorName = new String[256];
    private int lastActorDecision = -1;
    /** Whether the step in progress took a branching decision inside (a host or data choice). */
    private boolean branchedInStep;
    /** Whether a step is in progress (an actor or a single mover was chosen and has not ended). */
    private boolean inStep;
    /** The sleep set now: actors whose next step is explored elsewhere, while no dependent step intervenes. */
    private List<Sleeper> sleep = List.of();
    private int size;
    private int[] options = new int[256];
    private int[] choices = new int[256];
    private boolean[] branches = new boolean[256];
    /** For a choice of actor: the option that continues the previous actor, or -1 (no preemption possible). */
    private int[] continuing = new int[256];
    /** Preemptions before the decision. */
    private int[] preemptionsBefore = new int[256];
    /** Deviations (branching decisions that did not take the default) before the decision. */
    private int[] deviationsBefore = new int[256];
    private int deviations;
    /** Per decision: the option a DFS takes by default there. */
    private int[] defaults = new int[256];
    /** Per ready actor: the decision at which it became ready (it was not ready at the decision before). */
    private final java.util.Map<String, Integer> readySince = new java.util.HashMap<>();
    private boolean[] actor = new boolean[256];
    private int preemptions;
    private int steps;
    private String previous;

    public ScheduleChooser(Policy policy, Hook hook, long seed, java.util.Map<String, Integer> actorIds,
                    List<List<Integer>> lengthOptions) {
        this.lengthOptions = lengthOptions;
        this.policy = policy;
        this.hook = hook;
        this.lengths = new RandomChooser(seed);
        this.actorIds = actorIds;
    }

    /**
     * Lets the policy choose every {@link ChoiceKind#POLL_BUDGET} decision as a branch ({@code explore ring
     * --vary-budgets}); without it each takes option 0, the scenario's own budget.
     *
     * @return this
     */
    public ScheduleChooser varyPollBudgets(boolean on) {
        this.varyPollBudgets = on;
        return this;
    }

    @Override
    public void digestFrom(LongSupplier d) {
        this.digest = d;
    }

    @Override
    public void footprintFrom(Footprint f) {
        this.footprint = f;
    }

    /** Takes the footprint of the step that just ended and carries the sleep set across it. */
    private void endStep() {
        if (footprint == null) {
            return;
        }
        Footprint.Access a = footprint.take();
        boolean branched = branchedInStep;
        branchedInStep = false;
        if (!inStep) {
            return; // the accesses before the first step (constructors) belong to no step
        }
        if (branched) {
            // A step that chose inside (a host's completion order, a packet length) is not one transition: its other
            // options, explored as branches of its own, may touch what this one did not. It sleeps for nobody and
            // wakes every sleeper.
            a = a.withEverything();
        }
        if (lastActorDecision >= 0) {
            access[lastActorDecision] = a;
        }
        List<Sleeper> next = new java.util.ArrayList<>(2);
        for (Sleeper z : sleep) {
            if (z.access().independent(a)) {
                next.add(z);
            }
        }
        Sleeper add = lastActorDecision < 0 ? null : added[lastActorDecision];
        if (add != null && add.access().independent(a)) {
            next.add(add);
        }
        sleep = next;
    }

    /** Called by the explorer when the run has ended: the last step's footprint. */
    public void finish() {
        endStep();
        lastActorDecision = -1;
        inStep = false;
    }

    /** @return the sleep set as a mask of actor ids (for the state table: a cut needs a sleep set at least as big) */
    public long sleepMask() {
        long m = 0;
        for (Sleeper z : sleep) {
            m |= 1L << actorIds.computeIfAbsent(z.actor(), k -> actorIds.size());
        }
        return m;
    }

    private boolean asleep(String actor) {
        for (Sleeper z : sleep) {
            if (z.actor().equals(actor)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int chooseActor(List<? extends Actor> ready) {
        List<String> names = new java.util.ArrayList<>(ready.size());
        for (Actor a : ready) {
            names.add(a.name());
        }
        return chooseNamed(names);
    }

    /**
     * A mover is an actor to the explorer: preemption-bounded, a step boundary (events fed, pruning). A single mover
     * is no decision (the random and replay choosers draw nothing for it either), so it is not recorded: it only
     * becomes the actor that stepped last.
     */
    @Override
    public int chooseMover(ChoiceKind kind, List<String> movers) {
        if (movers.size() == 1) {
            endStep();
            lastActorDecision = -1;
            inStep = true; // its accesses still wake the sleepers they touch
            previous = movers.get(0);
            steps++;
            return 0;
        }
        return chooseNamed(movers);
    }

    private int chooseNamed(List<String> ready) {
        endStep();
        hook.atStepBoundary(this, digest);
        int prev = previous == null ? -1 : ready.indexOf(previous);
        readySince.keySet().retainAll(ready);
        int newest = 0;
        for (int i = 0; i < ready.size(); i++) {
            int since = readySince.computeIfAbsent(ready.get(i), k -> size);
            if (since > readySince.get(ready.get(newest))) {
                newest = i;
            }
        }
        // The default when the last actor cannot go on: the one most recently enabled (the earliest in the list among
        // those enabled at the same decision), i.e. follow what the last steps caused, as a handoff would: a woken
        // completion handler runs before a sender that has waited all along. Only the order of the search and what
        // counts as a deviation depend on it; the preemption-bounded space is the same whatever the default.
        int pref = prev >= 0 ? prev : newest;
        int c = policy.pickActor(size, ready, pref);
        long sleeping = 0;
        for (int i = 0; i < ready.size() && i < 64; i++) {
            if (!sleep.isEmpty() && asleep(ready.get(i))) {
                sleeping |= 1L << i;
            }
        }
        if ((sleeping >>> c & 1) != 0) {
            // Its step commutes with every step since it was put to sleep: this order was explored (sleep sets).
            throw new Abort(false, true);
        }
        int d = size;
        record(ready.size(), c, ready.size() > 1, prev, true, pref);
        asleepReady[d] = sleeping;
        actorName[d] = ready.get(c);
        added[d] = policy.sleeperAt(d);
        lastActorDecision = d;
        inStep = true;
        if (prev >= 0 && c != prev) {
            preemptions++;
        }
        previous = ready.get(c);
        steps++;
        return c;
    }

    @Override
    public int choose(ChoiceKind kind, int n) {
        if (kind == ChoiceKind.PACKET_LENGTH && lengthOptions != null && lengthDecisions < lengthOptions.size()) {
            // A data choice the explorer branches on: the options are lengths (the scenario's own first).
            List<Integer> opts = lengthOptions.get(lengthDecisions++);
            int k = policy.pick(size, kind, opts.size());
            int len = opts.get(k);
            if (len >= n) {
                throw new IllegalStateException("length option " + len + " outside 0.." + (n - 1));
            }
            int d = size;
            record(opts.size(), k, opts.size() > 1, -1, false, 0);
            branchedInStep |= opts.size() > 1;
            tokenOptions[d] = n;
            tokenChoices[d] = len;
            return len;
        }
        int c;
        if (kind == ChoiceKind.POLL_BUDGET) {
            // A data choice the explorer branches on only when asked: option 0 is the scenario's budget.
            boolean branch = varyPollBudgets && n > 1;
            c = branch ? policy.pick(size, kind, n) : 0;
            record(n, c, branch, -1, false, 0);
            branchedInStep |= branch;
            return c;
        }
        if (kind == ChoiceKind.TIMING) {
            c = 0;
        } else if (kind == ChoiceKind.PACKET_LENGTH) {
            c = lengths.choose(kind, n);
        } else {
            c = policy.pick(size, kind, n);
        }
        record(n, c, kind.branches() && n > 1, -1, false, 0);
        branchedInStep |= kind.branches() && n > 1;
        return c;
    }

    private void record(int n, int c, boolean branch, int cont, boolean isActor, int def) {
        if (c < 0 || c >= n) {
            throw new IllegalStateException("policy chose " + c + " of " + n);
        }
        if (size == options.length) {
            int len = size * 2;
            options = Arrays.copyOf(options, len);
            choices = Arrays.copyOf(choices, len);
            branches = Arrays.copyOf(branches, len);
            continuing = Arrays.copyOf(continuing, len);
            preemptionsBefore = Arrays.copyOf(preemptionsBefore, len);
            deviationsBefore = Arrays.copyOf(deviationsBefore, len);
            defaults = Arrays.copyOf(defaults, len);
            actor = Arrays.copyOf(actor, len);
            access = Arrays.copyOf(access, len);
            asleepReady = Arrays.copyOf(asleepReady, len);
            added = Arrays.copyOf(added, len);
            actorName = Arrays.copyOf(actorName, len);
            tokenOptions = Arrays.copyOf(tokenOptions, len);
            tokenChoices = Arrays.copyOf(tokenChoices, len);
        }
        actor[size] = isActor;
        options[size] = n;
        choices[size] = c;
        branches[size] = branch;
        continuing[size] = cont;
        preemptionsBefore[size] = preemptions;
        deviationsBefore[size] = deviations;
        defaults[size] = def;
        // A deviation: a branch that did not take what a DFS takes by default (continue the previous actor, else the
        // most recently enabled one; the first option of a host or data choice). Every preemption is one.
        if (branch && c != def) {
            deviations += isActor ? 1 : c; // the k-th option of a host or data choice: k delays
        }
        tokenOptions[size] = n;
        tokenChoices[size] = c;
        size++;
    }

    /** @return decisions so far */
    public int size() {
        return size;
    }

    /** @return preemptions so far */
    public int preemptions() {
        return preemptions;
    }

    /** @return steps so far */
    public int steps() {
        return steps;
    }

    /** @return the actor that took the last step, or null */
    public String previous() {
        return previous;
    }

    public int options(int i) {
        return options[i];
    }

    public int choice(int i) {
        return choices[i];
    }

    public boolean branches(int i) {
        return branches[i];
    }

    public int continuing(int i) {
        return continuing[i];
    }

    public int preemptionsBefore(int i) {
        return preemptionsBefore[i];
    }

    /** @return deviations from the default before decision {@code i} (the delay-bounding levels' measure) */
    public int deviationsBefore(int i) {
        return deviationsBefore[i];
    }

    /**
     * @return a hash of the order in which the ready actors became ready: with the state, it decides the defaults of
     *         the decisions to come, hence which continuations a deviation-bounded level counts as within its bound
     */
    public long readyOrderHash() {
        List<java.util.Map.Entry<String, Integer>> e = new java.util.ArrayList<>(readySince.entrySet());
        e.sort(java.util.Map.Entry.<String, Integer>comparingByValue().thenComparing(java.util.Map.Entry.comparingByKey()));
        long h = 1;
        int last = Integer.MIN_VALUE;
        for (java.util.Map.Entry<String, Integer> x : e) {
            h = h * 31 + (x.getValue() == last ? 0 : 0x5DEECE66DL) + x.getKey().hashCode();
            last = x.getValue();
        }
        return h;
    }

    /** @return the option a DFS takes by default at decision {@code i} */
    public int defaultOption(int i) {
        return defaults[i];
    }

    /** @return deviations from the default so far */
    public int deviations() {
        return deviations;
    }

    /** @return the footprint of the step decision {@code i} chose, or null (not recorded) */
    public Footprint.Access access(int i) {
        return access[i];
    }

    /** @return whether option {@code x} of actor decision {@code i} was asleep */
    public boolean asleepAt(int i, int x) {
        return x < 64 && (asleepReady[i] >>> x & 1) != 0;
    }

    /** @return the sleeper added after decision {@code i} */
    public Sleeper added(int i) {
        return added[i];
    }

    /** @return the actor decision {@code i} chose */
    public String actorName(int i) {
        return actorName[i];
    }

    /** @return host choices that were not the first option (a shrink's second measure) */
    public int hostDeviations() {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (branches[i] && !actor[i] && choices[i] != 0) {
                n++;
            }
        }
        return n;
    }

    /** @return whether decision {@code i} chose an actor (else a host or data choice) */
    public boolean isActorChoice(int i) {
        return actor[i];
    }

    /** @return the decisions as a replay token */
    public ReplayToken token() {
        ReplayToken.Builder b = new ReplayToken.Builder();
        for (int i = 0; i < size; i++) {
            b.add(tokenOptions[i], tokenChoices[i]);
        }
        return b.build();
    }

    /** @return the choices so far */
    public int[] choices() {
        return Arrays.copyOf(choices, size);
    }
}
