package dev.enlightened.sim;

import java.util.List;

/**
 * Records the decisions of the chooser it wraps, so that the run can be replayed from a {@link ReplayToken}
 * whatever chose them (a seed, an explorer). A certain {@link #chance} outcome is not recorded: no replay needs it.
 */
public final class RecordingChooser implements Chooser {
    private final Chooser inner;
    private final ReplayToken.Builder record = new ReplayToken.Builder();

    public RecordingChooser(Chooser inner) {
        this.inner = inner;
    }

    @Override
    public int choose(ChoiceKind kind, int options) {
        int c = inner.choose(kind, options);
        record.add(options, c);
        return c;
    }

    @Override
    public int chooseActor(List<? extends Actor> ready) {
        int c = inner.chooseActor(ready);
        record.add(ready.size(), c);
        return c;
    }

    @Override
    public boolean chance(ChoiceKind kind, int percent) {
        boolean yes = inner.chance(kind, percent);
        if (percent > 0 && percent < 100) {
            record.add(2, yes ? 1 : 0);
        }
        return yes;
    }

    /** @return the decisions so far */
    public ReplayToken token() {
        return record.build();
    }
}
