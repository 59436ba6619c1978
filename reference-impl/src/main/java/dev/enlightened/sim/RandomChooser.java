package dev.enlightened.sim;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The seeded chooser of {@code enlightened run}: each {@link ChoiceKind} draws from a random stream of its own,
 * seeded from the run's seed (so adding a choice of one kind does not shift another kind's draws).
 */
public final class RandomChooser implements Chooser {
    private final long seed;
    private final Map<ChoiceKind, SplittableRandom> streams = new EnumMap<>(ChoiceKind.class);

    public RandomChooser(long seed) {
        this.seed = seed;
    }

    /** @return the run's seed */
    public long seed() {
        return seed;
    }

    private SplittableRandom stream(ChoiceKind kind) {
        ChoiceKind owner = kind.streamOwner();
        return streams.computeIfAbsent(owner, k -> new SplittableRandom(k.streamSeed(seed)));
    }

    @Override
    public int choose(ChoiceKind kind, int options) {
        if (options < 1) {
            throw new IllegalArgumentException("a choice needs at least one option: options=" + options);
        }
        if (kind == ChoiceKind.POLL_BUDGET) {
            return 0; // a seeded run polls with its scenario's budget (run ring --budget); only an explorer varies it
        }
        return stream(kind).nextInt(options);
    }

    @Override
    public boolean chance(ChoiceKind kind, int percent) {
        return stream(kind).nextInt(100) < percent;
    }
}
