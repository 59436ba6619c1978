package dev.enlightened.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Mixin: the options every {@code run FAMILY} shares: where the trace goes, the seed, the fault switches, and the
 * isolated-guest mode.
 */
final class TraceRunOptions {

    @Option(names = "--trace", paramLabel = "FILE", required = true, description = "Where to write the trace.")
    Path trace;

    @Option(names = "--seed", paramLabel = "N",
            description = "Scheduler and host seed: a run replays from it (default: 5 for ring, 1 for the others).")
    Long seed;

    @Option(names = "--fault", paramLabel = "NAME",
            description = "Switch on a fault that re-creates a historical bug (repeatable; listed below and by "
                    + "'enlightened list').")
    List<String> faults = new ArrayList<>();

    @Option(names = "--isolated",
            description = "Run the guest as an isolated (confidential) VM: every packet it reads is copied out of the "
                    + "shared ring before it is parsed and a bad len8/offset8 is clamped (Linux hv_pkt_iter_first in a "
                    + "CoCo VM); run channels: the guest refuses a protocol below 5.2 (ISOLATED_GUESTS).")
    boolean isolated;

    /** @return the seed given, or this family's default */
    long seed(long familyDefault) {
        return seed == null ? familyDefault : seed;
    }
}
