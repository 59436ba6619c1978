package dev.enlightened.site.model;

import dev.enlightened.validation.Verdict;
import java.nio.file.Path;
import java.util.List;

/**
 * A Java fault switch, run and validated: what the fault pages show.
 *
 * @param run         the run family ({@code ring}, {@code channels}, ...)
 * @param fault       the switch's command-line name
 * @param description one line on what the switch does (from the switch's own registry)
 * @param command     the command that reproduces the trace, as a user types it
 * @param trace       the trace written
 * @param verdict     the validator's verdict on it
 */
public record FaultRun(String run, String fault, String description, List<String> command, Path trace,
                       Verdict verdict) {
    /** Copies the command. */
    public FaultRun {
        command = List.copyOf(command);
    }
}
