package dev.enlightened.ring.scenario;

/** Unwinds a party's thread once its run has ended (the party was blocked forever, or the run failed). */
final class RunStopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RunStopped() {
        super("ring run stopped", null, false, false);
    }
}
