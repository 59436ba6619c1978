package dev.enlightened.cli;

import dev.enlightened.sim.ReplayChooser;
import dev.enlightened.sim.ReplayToken;

/** {@code --replay TOKEN} of the run commands: the token's decisions instead of the seed's. */
final class Replay {
    private Replay() {
    }

    /** @return a chooser playing back {@code token} @throws UserError if it is malformed */
    static ReplayChooser chooser(String token) {
        try {
            return new ReplayChooser(ReplayToken.decode(token));
        } catch (ReplayToken.Malformed e) {
            throw new UserError("malformed --replay token: " + e.getMessage());
        }
    }

    /** Runs {@code body}; a token that does not fit the scenario is bad input, named. */
    static <T> T run(java.util.function.Supplier<T> body) {
        try {
            return body.get();
        } catch (ReplayToken.Diverged e) {
            throw new UserError("the --replay token does not fit this scenario: " + e.getMessage());
        }
    }

    /** The option's description, shared by the run commands. */
    static final String DESCRIPTION = "Replay a recorded schedule (a token printed by 'enlightened explore') "
            + "instead of the seed's choices; give the scenario options it was recorded with.";
}
