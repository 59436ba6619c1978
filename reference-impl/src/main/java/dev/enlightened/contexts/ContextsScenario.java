package dev.enlightened.contexts;

import java.util.EnumSet;
import java.util.Set;

/**
 * One execution-context run: the seed of every choice, how many channels the host rescinds (the sub-channel before
 * the primary, openvmm 61e8208ca), and the faults switched on.
 *
 * @param seed     scheduler and host seed
 * @param rescinds channels the host rescinds at random points, 0 to 2
 * @param faults   fault switches
 */
public record ContextsScenario(long seed, int rescinds, Set<ContextsFault> faults) {
    public ContextsScenario {
        if (rescinds < 0 || rescinds > 2) {
            throw new IllegalArgumentException("rescinds must be in 0..2: rescinds=" + rescinds);
        }
        faults = faults.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(faults));
    }

    /** @return true if {@code f} is switched on */
    public boolean has(ContextsFault f) {
        return faults.contains(f);
    }
}
