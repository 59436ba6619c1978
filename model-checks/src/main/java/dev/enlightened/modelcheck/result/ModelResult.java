package dev.enlightened.modelcheck.result;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The typed result of one TLC run.
 *
 * @param modelId        the catalog id
 * @param outcome        what TLC concluded
 * @param stats          states, depth, wall time
 * @param counterexample the behaviour TLC printed, if any
 * @param command        the exact command line that was run, for reproducing it by hand
 * @param log            the raw {@code -tool} output, kept next to TLC's states directory
 */
public record ModelResult(String modelId, Outcome outcome, RunStats stats, Optional<Counterexample> counterexample,
                          List<String> command, Path log) {
    /** Copies the command. */
    public ModelResult {
        command = List.copyOf(command);
    }
}
