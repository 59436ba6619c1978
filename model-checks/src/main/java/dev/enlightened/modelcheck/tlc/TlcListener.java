package dev.enlightened.modelcheck.tlc;

/** Receives progress of a running TLC. Called from the runner's threads; implementations must be thread-safe. */
@FunctionalInterface
public interface TlcListener {
    /** A listener that ignores everything. */
    TlcListener NONE = progress -> { };

    /** Figures changed or a second went by. */
    void progress(Progress progress);
}
