package dev.enlightened.sim;

/**
 * Plays back the decisions of a {@link ReplayToken}. A decision whose number of options differs from the recorded
 * one, or a run that asks for more decisions than recorded, means the token belongs to another scenario: that is a
 * {@link ReplayToken.Diverged}, naming the decision.
 */
public final class ReplayChooser implements Chooser {
    private final ReplayToken token;
    private int next;

    public ReplayChooser(ReplayToken token) {
        this.token = token;
    }

    @Override
    public int choose(ChoiceKind kind, int options) {
        if (next >= token.size()) {
            throw new ReplayToken.Diverged("the run asks for decision " + (next + 1) + " (" + kind + ", options="
                    + options + ") but the token holds " + token.size() + ": replay with the scenario options the "
                    + "token was recorded with");
        }
        int recorded = token.options(next);
        if (recorded != options) {
            throw new ReplayToken.Diverged("decision " + (next + 1) + " (" + kind + ") has options=" + options
                    + " but the token recorded options=" + recorded + ": replay with the scenario options the token "
                    + "was recorded with");
        }
        return token.choice(next++);
    }

    /** @return true once every recorded decision was used */
    public boolean exhausted() {
        return next == token.size();
    }

    /** @return decisions used so far */
    public int used() {
        return next;
    }
}
