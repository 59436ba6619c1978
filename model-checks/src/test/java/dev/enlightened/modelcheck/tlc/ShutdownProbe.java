package dev.enlightened.modelcheck.tlc;

import dev.enlightened.modelcheck.Fixtures;

import java.time.Duration;

/** A JVM that runs a long TLC model, so that a test can terminate it and look for orphans. */
public final class ShutdownProbe {
    private ShutdownProbe() {
    }

    /** Runs the huge grid fixture with a 5-minute budget. */
    public static void main(String[] args) {
        TlcRunner.run(Fixtures.entry("Grid", "GridHuge"), Fixtures.options().withBudget(Duration.ofMinutes(5)),
                TlcListener.NONE);
    }
}
