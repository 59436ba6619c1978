package dev.enlightened.modelcheck.catalog;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How expensive a model is, which decides who runs it. */
public enum Tier {
    /** Each under a minute; run by {@code mvn verify} and by {@code enlightened check}. */
    QUICK,
    /** Minutes to hours; opt-in ({@code -Pdeep}, {@code check --tier deep}). */
    DEEP,
    /** Random walks for constants too large to exhaust. */
    SIMULATION;

    /** The catalog spelling, e.g. {@code quick}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The tier spelled {@code id} in the catalog, if any. */
    public static Optional<Tier> of(String id) {
        return Arrays.stream(values()).filter(t -> t.id().equals(id)).findFirst();
    }
}
