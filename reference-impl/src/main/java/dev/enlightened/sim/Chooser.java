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
