package dev.enlightened.ring;

/**
 * Outcome of a consumer step: {@link Read}, or a {@link ReadError}. Success and {@code Empty} are shared instances,
 * so the hot path allocates nothing.
 */
public sealed interface ReadResult permits ReadResult.Read, ReadError {

    /** A packet was read into the view. */
    record Read() implements ReadResult {
        /** The one instance. */
        public static final Read INSTANCE = new Read();
    }
}
