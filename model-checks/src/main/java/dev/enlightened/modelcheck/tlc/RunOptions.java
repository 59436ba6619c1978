package dev.enlightened.modelcheck.tlc;

import dev.enlightened.modelcheck.catalog.SimulationSettings;
import dev.enlightened.workspace.Workspace;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How to run TLC, beyond what the catalog entry says.
 *
 * @param workers  TLC worker threads; 0 means {@code -workers auto}. The machine is shared: default 1.
 * @param simulate run in simulation mode with these bounds; empty means exhaustive, except for simulation-tier
 *                 entries, which always simulate (with their own bounds)
 * @param budget   overrides the entry's {@code timeBudgetSeconds}
 * @param workRoot where each run gets its own metadir ({@code <workRoot>/<id>-<timestamp>}), e.g. target/tlc
 */
public record RunOptions(int workers, Optional<SimulationSettings> simulate, Optional<Duration> budget,
                         Path workRoot) {
    /** Rejects a negative worker count. */
    public RunOptions {
        if (workers < 0) {
            throw new IllegalArgumentException("workers must be >= 0 (0 = auto), got workers=" + workers);
        }
    }

    /** One worker, exhaustive, the entry's budget, metadirs under the workspace's {@code target/tlc}. */
    public static RunOptions defaults(Workspace workspace) {
        return new RunOptions(1, Optional.empty(), Optional.empty(), workspace.work().resolve("tlc"));
    }

    /** A copy with another worker count. */
    public RunOptions withWorkers(int count) {
        return new RunOptions(count, simulate, budget, workRoot);
    }

    /** A copy that simulates with these bounds. */
    public RunOptions withSimulation(SimulationSettings settings) {
        return new RunOptions(workers, Optional.of(settings), budget, workRoot);
    }

    /** A copy with another time budget. */
    public RunOptions withBudget(Duration limit) {
        return new RunOptions(workers, simulate, Optional.of(limit), workRoot);
    }
}
