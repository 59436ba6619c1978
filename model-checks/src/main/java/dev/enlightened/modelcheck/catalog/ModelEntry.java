package dev.enlightened.modelcheck.catalog;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One validated catalog entry. Paths are resolved against the catalog's directory and known to exist.
 *
 * @param id                the model's id, e.g. {@code synic-slot}
 * @param module            the root module (.tla) to check
 * @param cfg               its TLC configuration: generated from the catalog, or a hand-written file
 * @param tier              who runs it
 * @param expect            the outcome it must produce
 * @param minDistinctStates the floor on distinct states (on states generated, in simulation) so a vacuous ok fails
 * @param timeBudgetSeconds the wall-time budget, after which the run is killed
 * @param description       one line on what the model checks
 * @param simulate          simulation bounds, for simulation entries
 * @param moduleText        the module path as written in the catalog (relative to specs/)
 */
public record ModelEntry(String id, Path module, CfgSource cfg, Tier tier, Expectation expect,
                         long minDistinctStates, int timeBudgetSeconds, String description,
                         Optional<SimulationSettings> simulate, String moduleText) {

    /** How reports name the configuration: {@code models.json#<id>}, or the cfg file's path. */
    public String cfgText() {
        return cfg.label();
    }
}
