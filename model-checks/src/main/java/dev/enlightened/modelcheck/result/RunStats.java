package dev.enlightened.modelcheck.result;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Figures of one run. TLC reports no distinct-state count or depth in simulation mode, and none at all when it
 * stops before exploring; those are then empty.
 *
 * @param statesGenerated states TLC generated (including duplicates), 0 if unknown
 * @param distinctStates  distinct states found
 * @param depth           the depth of the state graph search (the longest shortest path, plus one)
 * @param wallTime        measured by the harness around the forked JVM
 * @param cpuTime         the CPU time (user + system) of the forked JVMs, summed over every TLC run the result took;
 *                        sampled from the OS while each ran, so empty where the OS does not report it. On a shared
 *                        machine this, not the wall time, is the figure that compares runs.
 */
public record RunStats(long statesGenerated, OptionalLong distinctStates, OptionalLong depth, Duration wallTime,
                       Optional<Duration> cpuTime) {
    /** Figures without a CPU time. */
    public RunStats(long statesGenerated, OptionalLong distinctStates, OptionalLong depth, Duration wallTime) {
        this(statesGenerated, distinctStates, depth, wallTime, Optional.empty());
    }
}
