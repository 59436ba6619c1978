package dev.enlightened.sim;

import java.util.List;

/**
 * Every nondeterministic decision of a simulated run goes through one chooser: which actor steps, and the host's
 * choices (offers, rescinds, refusals, unloads, packet lengths, I/O mix). {@link RandomChooser} is what
 * {@code enlightened run} uses (reproducible from a seed); {@link RecordingChooser} records the choices as a
 * {@link ReplayToken}, which {@link ReplayChooser} plays back; an explorer chooses systematically.
 */
public interface Chooser {
    /**
     * @param kind    what the decision is about
     * @param options how many alternatives, at least 1
     * @return the alternative taken, in {@code [0, options)}
     */
    int choose(ChoiceKind kind, int options);

    /**
     * Which ready actor steps next.
     *
     * @param ready the actors that can step, in the scheduler's stable order (at least one)
     * @return an index into {@code ready}
     */
    default int chooseActor(List<? extends Actor> ready) {
        return choose(ChoiceKind.SCHEDULE, ready.size());
    }

    /**
     * Which of several movers takes the next step, in a run that is a loop of moves rather than of {@link Actor}s
     * (storvsc {@code --io}: the guest submits, a channel's host receives or completes, the guest polls). A random
     * run draws from {@code kind}'s stream, and a single mover is no decision at all (no draw); an explorer treats it
     * as a choice of actor, so that its preemption bound and pruning apply.
     *
     * @param kind   what the decision is about
     * @param movers the names of the moves that can step, in a stable order (at least one)
     * @return an index into {@code movers}
     */
    default int chooseMover(ChoiceKind kind, List<String> movers) {
        return movers.size() == 1 ? 0 : choose(kind, movers.size());
    }

    /**
     * A yes/no decision that a random run takes with the given chance. Certain outcomes (0 or 100 percent) are no
     * choice at all for a replay or an explorer; a random run still draws, as it always did.
     *
     * @param kind    what the decision is about
     * @param percent chance of yes, 0..100
     * @return yes or no
     */
    default boolean chance(ChoiceKind kind, int percent) {
        if (percent <= 0) {
            return false;
        }
        if (percent >= 100) {
            return true;
        }
        return choose(kind, 2) == 1;
    }
}
