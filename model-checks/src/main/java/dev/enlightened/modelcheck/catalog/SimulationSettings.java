package dev.enlightened.modelcheck.catalog;

/**
 * TLC simulation bounds: {@code -simulate num=traces -depth depth}. TLC 2.18 accepts {@code num=}, so the number
 * of traces is exact, not a time bound.
 *
 * @param depth  the length of each random behaviour
 * @param traces how many behaviours to generate
 */
public record SimulationSettings(int depth, int traces) {
    /** Used for a simulation-tier entry without a {@code simulate} object. */
    public static final SimulationSettings DEFAULT = new SimulationSettings(100, 1000);

    /** Rejects non-positive bounds. */
    public SimulationSettings {
        if (depth < 1 || traces < 1) {
            throw new IllegalArgumentException("simulate needs depth >= 1 and traces >= 1, got depth=" + depth
                    + " traces=" + traces);
        }
    }
}
