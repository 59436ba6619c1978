package dev.enlightened.explore;

import dev.enlightened.sim.Actor;
import dev.enlightened.sim.ChoiceKind;
import dev.enlightened.sim.Chooser;
import dev.enlightened.sim.RandomChooser;
import dev.enlightened.sim.ReplayToken;
import dev.enlightened.sim.StateDigest;
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
final class ScheduleChooser implements Chooser, StateDigest.Aware {
    /** Decides each decision of a schedule. */
    interface Policy {
        /**
         * @param decision the decision's index in the schedule
         * @param ready    the ready actors
         * @param previous index in {@code ready} of the actor that took the last step, or -1 if it is not ready
         * @return the index of the actor to step
         */
        int pickActor(int decision, List<? extends Actor> ready, int previous);

        /** @return a host (or data) choice of {@code options} */
        int pick(int decision, ChoiceKind kind, int options);
    }

    /** Called at each step boundary, before the choice of actor. */
    interface Hook {
        /**
         * @param chooser  this schedule's chooser (its decisions so far, its preemptions)
         * @param digest   the implementation state's digest (0 if the runner gives none), computed on demand
         * @throws Abort to abandon the schedule
         */
        void atStepBoundary(ScheduleChooser chooser, LongSupplier digest);
    }

    /** Thrown to abandon a schedule (its first rejected event, or a prefix already explored). */
    static final class Abort extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final boolean rejected;

        Abort(boolean rejected) {
            super(rejected ? "rejected" : "pruned", null, false, false);
            this.rejected = rejected;
        }
    }

    private final Policy policy;
    private final Hook hook;
    private final RandomChooser lengths;
    private LongSupplier digest = () -> 0L;
    private int size;
    private int[] options = new int[256];
    private int[] choices = new int[256];
    private boolean[] branches = new boolean[256];
    /** For a choice of actor: the option that continues the previous actor, or -1 (no preemption possible). */
    private int[] continuing = new int[256];
    /** Preemptions before the decision. */
    private int[] preemptionsBefore = new int[256];
    private boolean[] actor = new boolean[256];
    private int preemptions;
    private int steps;
    private String previous;

    ScheduleChooser(Policy policy, Hook hook, long seed) {
        this.policy = policy;
        this.hook = hook;
        this.lengths = new RandomChooser(seed);
    }

    @Override
    public void digestFrom(LongSupplier d) {
        this.digest = d;
    }

    @Override
    public int chooseActor(List<? extends Actor> ready) {
        hook.atStepBoundary(this, digest);
        int prev = -1;
        if (previous != null) {
            for (int i = 0; i < ready.size(); i++) {
                if (ready.get(i).name().equals(previous)) {
                    prev = i;
                    break;
                }
            }
        }
        int c = policy.pickActor(size, ready, prev);
        record(ready.size(), c, ready.size() > 1, prev, true);
        if (prev >= 0 && c != prev) {
            preemptions++;
        }
        previous = ready.get(c).name();
        steps++;
        return c;
    }

    @Override
    public int choose(ChoiceKind kind, int n) {
        int c;
        if (kind == ChoiceKind.TIMING) {
            c = 0;
        } else if (kind == ChoiceKind.PACKET_LENGTH) {
            c = lengths.choose(kind, n);
        } else {
            c = policy.pick(size, kind, n);
        }
        record(n, c, kind.branches() && n > 1, -1, false);
        return c;
    }

    private void record(int n, int c, boolean branch, int cont, boolean isActor) {
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
            actor = Arrays.copyOf(actor, len);
        }
        actor[size] = isActor;
        options[size] = n;
        choices[size] = c;
        branches[size] = branch;
        continuing[size] = cont;
        preemptionsBefore[size] = preemptions;
        size++;
    }

    /** @return decisions so far */
    int size() {
        return size;
    }

    /** @return preemptions so far */
    int preemptions() {
        return preemptions;
    }

    /** @return steps so far */
    int steps() {
        return steps;
    }

    /** @return the actor that took the last step, or null */
    String previous() {
        return previous;
    }

    int options(int i) {
        return options[i];
    }

    int choice(int i) {
        return choices[i];
    }

    boolean branches(int i) {
        return branches[i];
    }

    int continuing(int i) {
        return continuing[i];
    }

    int preemptionsBefore(int i) {
        return preemptionsBefore[i];
    }

    /** @return host choices that were not the first option (a shrink's second measure) */
    int hostDeviations() {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (branches[i] && !actor[i] && choices[i] != 0) {
                n++;
            }
        }
        return n;
    }

    /** @return whether decision {@code i} chose an actor (else a host or data choice) */
    boolean isActorChoice(int i) {
        return actor[i];
    }

    /** @return the decisions as a replay token */
    ReplayToken token() {
        ReplayToken.Builder b = new ReplayToken.Builder();
        for (int i = 0; i < size; i++) {
            b.add(options[i], choices[i]);
        }
        return b.build();
    }

    /** @return the choices so far */
    int[] choices() {
        return Arrays.copyOf(choices, size);
    }
}
